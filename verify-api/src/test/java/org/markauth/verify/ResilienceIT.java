package org.markauth.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.markauth.testing.Worlds;
import org.junit.jupiter.api.Test;
import org.markauth.verify.app.VerifyServer;

/**
 * Invalidation reaching two instances, and verification through a Redis outage. The outage uses a
 * private redis-server on a free port started and killed by this test; the shared Redis on 6379 is
 * never touched.
 */
class ResilienceIT {

    static Fixture f;
    static int product;
    static int batch;

    @BeforeAll
    static void up() {
        f = new Fixture("resilience_it");
        Worlds.GenuineBatch world = f.genuineBatch(1000);
        product = world.productId();
        batch = world.batchId();
    }

    @AfterAll
    static void down() {
        f.close();
    }

    @Test
    void licenceSuspensionAndBatchRecallReachBothInstancesWithinSeconds() throws Exception {
        VerifyServer a = f.start("a", Map.of());
        VerifyServer b = f.start("b", Map.of());
        try {
            Http ha = new Http(a.port());
            Http hb = new Http(b.port());
            String code = f.url(product, batch, f.mark(batch, 1, null));
            assertThat(ha.verdict(code)).isEqualTo("GENUINE");
            assertThat(hb.verdict(code)).isEqualTo("GENUINE");   // both have it in their local tier now

            // pub/sub path: the issuer's update plus its message
            f.session.execute("UPDATE licences SET status = 'SUSPENDED', status_since = ? WHERE product_id = ?",
                    Instant.now(), product);
            f.changed("licence", Integer.toString(product));
            publish("licence:" + product);
            awaitVerdict(ha, code, "LICENCE_SUSPENDED");
            awaitVerdict(hb, code, "LICENCE_SUSPENDED");

            // change_log path alone (a pub/sub message lost): recall the batch without publishing
            f.session.execute("UPDATE licences SET status = 'ACTIVE', status_since = ? WHERE product_id = ?",
                    Instant.now(), product);
            f.session.execute("UPDATE batches SET state = 'RECALLED', recalled_at = ? WHERE batch_id = ?", Instant.now(), batch);
            f.changed("licence", Integer.toString(product));
            f.changed("batch", Integer.toString(batch));
            awaitVerdict(ha, code, "RECALLED");
            awaitVerdict(hb, code, "RECALLED");
            f.session.execute("UPDATE batches SET state = 'ISSUED' WHERE batch_id = ?", batch);
            f.changed("batch", Integer.toString(batch));
            publish("batch:" + batch);
            awaitVerdict(ha, code, "GENUINE");
        } finally {
            a.stop().await();
            b.stop().await();
        }
    }

    @Test
    void verificationContinuesThroughARedisOutageAndRecoversByItself() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process redis = startRedis(port);
        VerifyServer c = f.start("c", Map.of("redis.urls", "redis://127.0.0.1:" + port));
        try {
            Http h = new Http(c.port());
            String warm = f.url(product, batch, f.mark(batch, 10, null));
            assertThat(h.verdict(warm)).isIn("GENUINE", "RECALLED");   // the other test may toggle the batch
            assertThat(ready(h).getString("status")).isEqualTo("UP");

            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                String cold = f.url(product, batch, f.mark(batch, 20 + i, null));
                assertThat(h.verify(warm).getString("category")).isNotEqualTo("INVALID");
                assertThat(h.verify(cold).getString("code")).isIn("GENUINE", "RECALLED");   // from Cassandra
            }
            // readiness answers the background checks' last round (every second): it turns within a few rounds
            JsonObject degraded = ready(h);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"DEGRADED".equals(degraded.getString("status")) && System.nanoTime() < until) {
                Thread.sleep(200);
                degraded = ready(h);
            }
            assertThat(degraded.getString("status")).isEqualTo("DEGRADED");
            assertThat(degraded.getJsonObject("checks").getString("redis")).isEqualTo("DOWN");
            assertThat(degraded.getLong("checkedMsAgo")).isBetween(0L, 3_000L);

            redis = startRedis(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!"UP".equals(ready(h).getString("status")) && System.nanoTime() < deadline) {
                h.verdict(warm);
                Thread.sleep(200);
            }
            assertThat(ready(h).getString("status")).isEqualTo("UP");
            JsonObject v = h.verify(warm);
            assertThat(v.getJsonObject("scans")).isNotNull();   // shared counters answer again
        } finally {
            c.stop().await();
            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static JsonObject ready(Http h) {
        return new JsonObject(h.get("/health/ready").body());
    }

    static Process startRedis(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Process ping = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "ping").redirectErrorStream(true).start();
            if (ping.waitFor(5, TimeUnit.SECONDS) && new String(ping.getInputStream().readAllBytes()).contains("PONG")) {
                return p;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("private redis-server on port " + port + " did not start");
    }

    static void publish(String message) throws Exception {
        String url = f.stack.redisUrl();
        java.net.URI u = java.net.URI.create(url);
        Process p = new ProcessBuilder("redis-cli", "-h", u.getHost(), "-p", Integer.toString(u.getPort() < 0 ? 6379 : u.getPort()),
                "PUBLISH", "markauth:invalidate", message).redirectErrorStream(true).start();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    static void awaitVerdict(Http h, String code, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String got = h.verdict(code);
        while (!expected.equals(got) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            got = h.verdict(code);
        }
        assertThat(got).isEqualTo(expected);
    }
}
