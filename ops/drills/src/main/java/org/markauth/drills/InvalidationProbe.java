package org.markauth.drills;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.markauth.testing.Worlds;

/**
 * Whether a registry change reaches every verify-api instance through the invalidation channel alone:
 * a product of its own (one activated unit, outside the load) whose licence is suspended the way the
 * issuer suspends it, but with no change_log row, so the instances' change_log polling cannot see it.
 * Each instance must first keep answering the cached GENUINE (the message is what changes the
 * verdict), then answer LICENCE_SUSPENDED within seconds of the message; the licence is then
 * restored the same way.
 */
final class InvalidationProbe {

    /** What one round trip measured. */
    record Result(boolean heldUntilMessage, long worstMillis, boolean allSaw) {
    }

    private static final long WAIT_MS = 10_000;

    private final DrillWorld world;
    private final int product;
    private final String uri;

    InvalidationProbe(DrillWorld world) throws InterruptedException {
        this.world = world;
        Worlds.GenuineBatch g = Worlds.genuineBatch(world.rows, Worlds.LICENSEE, 1, Set.of());
        long serial = world.rows.marks(g.batchId(), 1, 1, ConsistencyLevel.LOCAL_QUORUM, null)[0];
        this.product = g.productId();
        this.uri = "/api/v1/verify?code=" + URLEncoder.encode(world.programme.url(product, g.batchId(), serial), StandardCharsets.UTF_8);
    }

    /** Suspends the licence, publishes {@code licence:<product>} with {@code publish}, waits for every port; then restores it. */
    Result roundTrip(List<Integer> ports, Consumer<String> publish) throws Exception {
        for (int p : ports) {
            String v = verdict(p);
            if (!"GENUINE".equals(v)) {
                throw new IllegalStateException("the probe's unit answers " + v + " on port " + p + " before the change");
            }
        }
        Result suspended = change(ports, "SUSPENDED", "LICENCE_SUSPENDED", publish);
        Result restored = change(ports, "ACTIVE", "GENUINE", publish);
        return new Result(suspended.heldUntilMessage() && restored.heldUntilMessage(),
                Math.max(suspended.worstMillis(), restored.worstMillis()), suspended.allSaw() && restored.allSaw());
    }

    private Result change(List<Integer> ports, String status, String expected, Consumer<String> publish) throws Exception {
        // the listener applies a message twice, the second time verify.invalidation.poll later: let the previous
        // one's second drop pass, or it would read this change before its own message
        Thread.sleep(3_000);
        // and read the unit on every instance: the second drop left the local tier empty, and a read after the
        // update below would load the new row without any message
        String before = verdict(ports.get(0));
        for (int p : ports.subList(1, ports.size())) {
            verdict(p);
        }
        world.session.execute(world.session.prepare("UPDATE licences SET status = ?, status_since = ? WHERE product_id = ?")
                .bind(status, Instant.now(), product).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
        Thread.sleep(1_000);
        boolean held = true;
        for (int p : ports) {
            held &= before.equals(verdict(p));   // still cached: only the message can change it now
        }
        long t0 = System.nanoTime();
        publish.accept("licence:" + product);
        long worst = 0;
        boolean all = true;
        for (int p : ports) {
            long seen = -1;
            while (System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(WAIT_MS)) {
                if (expected.equals(verdict(p))) {
                    seen = (System.nanoTime() - t0) / 1_000_000;
                    break;
                }
                Thread.sleep(20);
            }
            DrillReport.say("invalidation probe: port " + p + (seen < 0 ? " never answered " + expected
                    : " answers " + expected + " " + seen + " ms after the message"));
            all &= seen >= 0;
            worst = Math.max(worst, seen < 0 ? WAIT_MS : seen);
        }
        return new Result(held, worst, all);
    }

    private String verdict(int port) throws Exception {
        DrillWorld.Reply r = world.send(port, HttpMethod.GET, uri, null, null).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        return r.status() == 200 ? new JsonObject(r.body()).getString("code") : "HTTP " + r.status();
    }
}
