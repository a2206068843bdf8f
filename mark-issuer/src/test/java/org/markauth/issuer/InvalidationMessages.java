package org.markauth.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.ResponseType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.markauth.registry.Invalidation;
import org.markauth.issuer.invalidation.Invalidations;

/** What the issuer publishes on the invalidation channel, as a verify-api instance receives it. */
public final class InvalidationMessages implements AutoCloseable {

    private final RedisConnection sub;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    public InvalidationMessages(Vertx vertx, String redisUrl) {
        sub = Redis.createClient(vertx, redisUrl).connect().await();
        sub.handler(r -> {
            if (r.type() == ResponseType.PUSH && "message".equals(r.get(0).toString())) {
                messages.add(r.get(2).toString());
            }
        });
        sub.send(Request.cmd(Command.SUBSCRIBE).arg(Invalidation.CHANNEL)).await();
    }

    /** Waits (at most 10 s) for {@code message}, then asserts it came. */
    public void await(String message) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!messages.contains(message) && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertThat(messages).contains(message);
    }

    @Override
    public void close() {
        sub.close();
    }
}
