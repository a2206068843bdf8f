package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.access.Principal;
import org.markauth.config.ConnectionSettings;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.config.meters.JvmMetrics;
import org.markauth.issuer.registry.Product;

/**
 * {@code GET /metrics} on the issuer's metrics port (random here; never the API's) against the real stack: after a
 * batch is ordered and issued through the API and part of it printed, the scrape (no credentials)
 * counts exactly those marks, codes and runs, the requests per route group and status, and the
 * JVM and process meters {@code issuer serve} binds.
 */
class MetricsIT {

    static IssuerFixture fx;
    static HttpServer server;
    static HttpServer metricsServer;
    static WebClient metricsWeb;
    static WebClient web;
    static JvmMetrics process;
    static String maker;
    static Product product;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_metrics_it");
        process = JvmMetrics.bindTo(fx.services.meters);
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        metricsServer = IssuerRouter.listenMetrics(fx.vertx, fx.services.meters, "127.0.0.1", 0, ConnectionSettings.DEFAULT)
                .await(10, TimeUnit.SECONDS);
        metricsWeb = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(metricsServer.actualPort()));
        maker = fx.services.apiKeys.issue(Principal.manufacturer("line-1", "METRICS")).toCompletableFuture().get();
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("METRICS");
        product = fx.licensedProduct("METRICS");
    }

    @AfterAll
    static void down() {
        server.close().await();
        metricsServer.close().await();
        process.close();
        fx.close();
    }

    static HttpResponse<Buffer> get(String path, String token) throws Exception {
        var req = web.get(path);
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        return req.send().await(30, TimeUnit.SECONDS);
    }

    /** The value of the first sample of {@code name} carrying every one of {@code labels} ({@code key="value"}). */
    static double value(String scrape, String name, String... labels) {
        return scrape.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + name + " " + Arrays.toString(labels)
                        + " in the scrape:\n" + scrape));
    }

    /** The sum of every sample of {@code name} carrying every one of {@code labels}: one per memory pool, say. */
    static double sum(String scrape, String name, String... labels) {
        return scrape.lines()
                .filter(l -> l.startsWith(name + "{"))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void afterABatchIsIssuedAndPrintedTheScrapeCountsItsMarksCodesRunAndRequests() throws Exception {
        JsonObject order = new JsonObject().put("productId", product.productId()).put("quantity", 2500).put("lot", "L-M")
                .put("productionDate", "2026-11-01").put("lineId", "LINE-M");
        HttpResponse<Buffer> ordered = web.post("/api/v1/batches").putHeader("Authorization", "Bearer " + maker)
                .putHeader("Idempotency-Key", "metrics-1").sendJsonObject(order).await(30, TimeUnit.SECONDS);
        assertThat(ordered.statusCode()).isEqualTo(202);
        int id = ordered.bodyAsJsonObject().getInteger("batchId");
        String state = "QUEUED";
        for (int i = 0; i < 600 && (state.equals("QUEUED") || state.equals("RUNNING")); i++) {
            Thread.sleep(100);
            state = get("/api/v1/batches/" + id + "/job", maker).bodyAsJsonObject().getString("state");
        }
        assertThat(state).isEqualTo("DONE");
        assertThat(get("/api/v1/batches/" + id + "/print/batch.csv?from=1&to=120", maker).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/batches/" + id + "/job", null).statusCode()).isEqualTo(401);

        assertThat(get("/metrics", null).statusCode()).as("not on the API port").isEqualTo(404);
        HttpResponse<Buffer> metrics = metricsWeb.get("/metrics").send().await(30, TimeUnit.SECONDS);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain");
        String scrape = metrics.bodyAsString();
        assertThat(value(scrape, "issuer_marks_issued_total")).isEqualTo(2500);
        assertThat(value(scrape, "issuer_batches_ordered_total")).isEqualTo(1);
        assertThat(value(scrape, "issuer_batch_issue_seconds_count", "outcome=\"done\"")).isEqualTo(1);
        assertThat(value(scrape, "issuer_batch_issue_seconds_count", "outcome=\"failed\"")).isZero();
        assertThat(value(scrape, "issuer_batch_issue_seconds_bucket", "outcome=\"done\"", "le=\"+Inf\"")).isEqualTo(1);
        assertThat(value(scrape, "issuer_batch_issue_running")).isZero();
        assertThat(value(scrape, "issuer_codes_signed_total", "purpose=\"print\"")).isEqualTo(120);
        assertThat(value(scrape, "issuer_codes_signed_total", "purpose=\"issue\"")).isZero();

        assertThat(value(scrape, "http_requests_seconds_count", "group=\"batches\"", "status=\"2xx\"")).isGreaterThanOrEqualTo(2);
        assertThat(value(scrape, "http_requests_seconds_count", "group=\"batches\"", "status=\"4xx\"")).isEqualTo(1);
        assertThat(value(scrape, "http_requests_seconds_count", "group=\"print\"", "status=\"2xx\"")).isEqualTo(1);
        assertThat(value(scrape, "http_requests_seconds_bucket", "group=\"print\"", "le=\"+Inf\"")).isEqualTo(1);
        assertThat(scrape).doesNotContain("group=\"" + id).doesNotContain("/api/v1/batches/" + id);

        // one sample per heap pool: a pool (old generation, survivors) can be empty, the heap is not
        assertThat(sum(scrape, "jvm_memory_used_bytes", "area=\"heap\"")).isPositive();
        assertThat(value(scrape, "process_uptime_seconds")).isPositive();
        assertThat(scrape).contains("jvm_threads_live_threads", "process_cpu_usage");
    }
}
