package org.markauth.issuer.invalidation;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.markauth.registry.Invalidation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes invalidations with the Vert.x Redis client; a failure is logged, never thrown (see {@link Invalidations}). */
public final class RedisInvalidations implements Invalidations {

    private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidations.class);

    private final Redis redis;
    private final AtomicInteger pending = new AtomicInteger();

    public RedisInvalidations(Redis redis) {
        this.redis = redis;
    }

    @Override
    public void publish(Invalidation change) {
        String message = change.encode();
        pending.incrementAndGet();
        redis.send(Request.cmd(Command.PUBLISH).arg(Invalidation.CHANNEL).arg(message))
                .onComplete(r -> pending.decrementAndGet())
                .onFailure(e -> LOG.warn("invalidation {} not published on Redis ({}); verify-api will see it through change_log",
                        message, e.getMessage()));
    }

    /** For short-lived tools: waits (bounded) until the messages sent so far have been answered. */
    public void awaitPending(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
