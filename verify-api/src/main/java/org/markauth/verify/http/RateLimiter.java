package org.markauth.verify.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.markauth.verify.cache.LuaScript;
import org.markauth.verify.cache.RedisTier;

/**
 * Per-client fixed-window rate limit (requests per minute), shared across instances through Redis
 * (one INCR per request, the key expiring with its window). The client is the keyed hash of its
 * address, never the address. With Redis down, each instance counts locally against the same
 * limit, so protection degrades to per-instance instead of vanishing.
 */
public final class RateLimiter {

    static final String SCRIPT = "local n = redis.call('INCR', KEYS[1])\n"
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\nreturn n\n";

    private static final LuaScript LIMIT = new LuaScript(SCRIPT);

    private final RedisTier redis;
    private final Origins origins;
    private final int perMinute;
    private final Clock clock;
    private final Cache<String, AtomicInteger> local = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(2)).maximumSize(200_000).build();

    public RateLimiter(RedisTier redis, Origins origins, int perMinute, Clock clock) {
        this.redis = redis;
        this.origins = origins;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts {@code weight} requests (a batch counts its codes) and fails with RATE_LIMITED over the limit. */
    public void handle(RoutingContext ctx) {
        if (perMinute <= 0) {
            ctx.next();
            return;
        }
        long window = clock.millis() / 60_000;
        String key = redis.key("rl:" + HexFormat.of().formatHex(origins.clientHash(ctx), 0, 8) + ":" + window);
        LIMIT.run(redis, "rate limit", key, "61000")
                .map(r -> r.toLong())
                .otherwise(e -> (long) local.get(key, k -> new AtomicInteger()).incrementAndGet())
                .onComplete(ar -> {
                    if (ar.result() > perMinute) {
                        ctx.fail(new ApiError(ErrorCode.RATE_LIMITED, null));
                    } else {
                        ctx.next();
                    }
                });
    }
}
