package org.markauth.issuer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.auth.ApiAuthentication;

/**
 * The issuer's requests are timed by the name of the route they reach (the groups of
 * ops/observability), ids never in a tag. Without an API key every /api/v1 request is refused
 * before its feature's route: it still counts under that route's name. The router has no services
 * (the route table needs none), so the open routes that need one answer 500: still in their group.
 */
class RouteMetricsTest {

    private static final PrometheusMeterRegistry METERS = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Vertx vertx;
    private static HttpServer server;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024, Duration.ofSeconds(5), "http://127.0.0.1");
        server = vertx.createHttpServer().requestHandler(new IssuerRouter(vertx, http, METERS, new ApiAuthentication(null))
                .mountApi(null).mount(IssuerRouter.trace(vertx, null)::mount).mount(IssuerRouter.clones(vertx, null)::mount)
                .mount(IssuerRouter.console(vertx, null, null)::mount)
                .router()).listen(0, "127.0.0.1").await();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    /** The group of the one timer {@code path}'s request added to (the timers are kept: compare counts). */
    private static String groupOf(String path) throws Exception {
        Map<Meter.Id, Long> before = counts();
        CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
                HttpResponse.BodyHandlers.discarding());
        // the end handler that records runs as the response ends: wait for it
        for (int i = 0; i < 200; i++) {
            Map<Meter.Id, Long> after = counts();
            List<Meter.Id> grown = after.keySet().stream().filter(id -> after.get(id) > before.getOrDefault(id, 0L)).toList();
            if (!grown.isEmpty()) {
                assertThat(grown).as(path).hasSize(1);
                return grown.get(0).getTag("group");
            }
            Thread.sleep(10);
        }
        throw new AssertionError(path + " was not timed");
    }

    private static Map<Meter.Id, Long> counts() {
        return METERS.find("http_requests").timers().stream().collect(Collectors.toMap(Timer::getId, Timer::count));
    }

    @Test
    void groupsPathsByRouteWithoutIdsAndTheSpecificBatchRoutesFirst() throws Exception {
        assertThat(groupOf("/api/v1/batches/123/print/batch.pdf")).isEqualTo("print");
        assertThat(groupOf("/api/v1/batches/123/activations")).isEqualTo("activation");
        assertThat(groupOf("/api/v1/batches/123/voids")).isEqualTo("activation");
        assertThat(groupOf("/api/v1/batches/123/job")).isEqualTo("batches");
        assertThat(groupOf("/api/v1/batches")).isEqualTo("batches");
        assertThat(groupOf("/api/v1/licensees/L1/partners")).isEqualTo("registry");
        assertThat(groupOf("/api/v1/products/5/licence")).isEqualTo("registry");
        assertThat(groupOf("/api/v1/epcis/capture")).isEqualTo("trace");
        assertThat(groupOf("/api/v1/trace")).isEqualTo("trace");
        assertThat(groupOf("/api/v1/recalls/9")).isEqualTo("recalls");
        assertThat(groupOf("/api/v1/keys/rotate")).isEqualTo("keys");
        assertThat(groupOf("/api/v1/trust-root")).isEqualTo("trust-list");
        assertThat(groupOf("/console/alerts")).isEqualTo("console");
        assertThat(groupOf("/metrics")).as("served on the metrics port only").isEqualTo("other");
        assertThat(groupOf("/health")).isEqualTo("health");
        assertThat(groupOf("/api/v1/nothing")).isEqualTo("other");
        assertThat(groupOf("/healthz")).isEqualTo("other");
    }
}
