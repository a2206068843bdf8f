package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestMetricsTest {

    @Test
    void groupsPathsByRouteWithoutIdsAndTheSpecificBatchRoutesFirst() {
        assertThat(RequestMetrics.group("/api/v1/batches/123/print/batch.pdf")).isEqualTo("print");
        assertThat(RequestMetrics.group("/api/v1/batches/123/activations")).isEqualTo("activation");
        assertThat(RequestMetrics.group("/api/v1/batches/123/voids")).isEqualTo("activation");
        assertThat(RequestMetrics.group("/api/v1/batches/123/job")).isEqualTo("batches");
        assertThat(RequestMetrics.group("/api/v1/batches")).isEqualTo("batches");
        assertThat(RequestMetrics.group("/api/v1/licensees/L1/partners")).isEqualTo("registry");
        assertThat(RequestMetrics.group("/api/v1/products/5/licence")).isEqualTo("registry");
        assertThat(RequestMetrics.group("/api/v1/epcis/capture")).isEqualTo("trace");
        assertThat(RequestMetrics.group("/api/v1/trace")).isEqualTo("trace");
        assertThat(RequestMetrics.group("/api/v1/recalls/9")).isEqualTo("recalls");
        assertThat(RequestMetrics.group("/api/v1/keys/rotate")).isEqualTo("keys");
        assertThat(RequestMetrics.group("/api/v1/trust-root")).isEqualTo("trust-list");
        assertThat(RequestMetrics.group("/console/alerts")).isEqualTo("console");
        assertThat(RequestMetrics.group("/metrics")).isEqualTo("metrics");
        assertThat(RequestMetrics.group("/health")).isEqualTo("health");
        assertThat(RequestMetrics.group("/api/v1/nothing")).isEqualTo("other");
        assertThat(RequestMetrics.group("/healthz")).isEqualTo("other");
        assertThat(RequestMetrics.group(null)).isEqualTo("other");
    }
}
