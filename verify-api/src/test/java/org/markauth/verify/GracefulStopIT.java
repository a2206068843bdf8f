package org.markauth.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.testing.Worlds;
import org.markauth.verify.app.VerifyServer;

/**
 * What a balancer sees of a stopping instance (the rolling-upgrade drill, docs/operations.md): readiness
 * answers 503 DRAINING at once while verification is still answered for {@code verify.shutdown.unready-delay},
 * and only then does the listener close. Without the delay the listener closed in the same instant
 * readiness turned, so a balancer that watches readiness never saw the 503 and sent requests to a closed port.
 */
class GracefulStopIT {

    static Fixture f;
    static Worlds.GenuineBatch world;

    @BeforeAll
    static void up() {
        f = new Fixture("graceful_stop_it");
        world = f.genuineBatch(10);
    }

    @AfterAll
    static void down() {
        f.close();
    }

    @Test
    void readinessSaysDrainingWhileVerificationIsStillAnsweredThenTheListenerCloses() throws Exception {
        VerifyServer s = f.start("unready", Map.of("verify.shutdown.unready-delay", "8s"));
        Http h = new Http(s.port());
        String code = f.url(world.productId(), world.batchId(), f.mark(world.batchId(), 1, null));
        assertThat(h.get("/health/ready").statusCode()).isEqualTo(200);

        long t0 = System.nanoTime();
        Future<Void> stopped = s.stop();
        var ready = h.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("DRAINING");
        assertThat(h.verdict(code)).isEqualTo("GENUINE");   // still served: the balancer has not noticed yet
        assertThat(stopped.isComplete()).isFalse();

        stopped.await(30, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(8000);
        assertThatThrownBy(() -> h.get("/health/ready")).isInstanceOf(UncheckedIOException.class);   // refused now
    }

    @Test
    void withoutTheDelayTheListenerClosesRightAway() throws Exception {
        VerifyServer s = f.start("prompt", Map.of());
        long t0 = System.nanoTime();
        s.stop().await(30, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(8000);
    }
}
