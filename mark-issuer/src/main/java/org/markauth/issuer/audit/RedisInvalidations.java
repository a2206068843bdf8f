package org.markauth.issuer.audit;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes invalidations with the Vert.x Redis client; a failure is logged, never thrown (see {@link Invalidations}). */
public final class RedisInvalidations implements Invalidations {

    private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidations.class);

    private final Redis redis;

    public RedisInvalidations(Redis redis) {
        this.redis = redis;
    }

    @Override
    public void publish(String message) {
        redis.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(message))
                .onFailure(e -> LOG.warn("invalidation {} not published on Redis ({}); verify-api will see it through change_log",
                        message, e.getMessage()));
    }
}
