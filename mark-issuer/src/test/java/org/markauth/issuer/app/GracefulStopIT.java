package org.markauth.issuer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;

/**
 * What a balancer sees of a stopping issuer (the rolling-upgrade drill, docs/operations.md): {@code /health}
 * answers 503 DRAINING at once while the API is still answered for the unready delay, then the listener
 * closes. Before, SIGTERM ended the JVM mid-request with {@code /health} still UP.
 */
class GracefulStopIT {

    static IssuerFixture fx;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_stop_it");
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    @Test
    void healthSaysDrainingWhileTheApiIsStillAnsweredThenTheListenerCloses() throws Exception {
        IssuerRouter router = IssuerRouter.api(fx.vertx, fx.services,
                new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1"));
        HttpServer server = router.listen().await(10, TimeUnit.SECONDS);
        int port = server.actualPort();
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);

        long t0 = System.nanoTime();
        Future<Void> stopped = router.stop(server, Duration.ofSeconds(8), Duration.ofSeconds(5));
        HttpResponse<String> health = get(port, "/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("DRAINING");
        assertThat(get(port, "/api/v1/licensees").statusCode()).isEqualTo(401);   // still answered (no token: refused, not dropped)
        assertThat(stopped.isComplete()).isFalse();

        stopped.await(30, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(8000);
        assertThatThrownBy(() -> get(port, "/health")).isInstanceOf(IOException.class);   // refused now
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
