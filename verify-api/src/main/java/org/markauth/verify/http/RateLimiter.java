package org.markauth.verify.http;

import com.github.benmanes.caffeine.cache.Cache;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.markauth.verify.cache.LocalCaches;
import org.markauth.verify.cache.LuaScript;
import org.markauth.verify.cache.RedisTier;

/**
 * Per-client rate limit (requests per minute) over a sliding minute, shared across instances
 * through Redis. A client's count is this clock minute's requests plus the last minute's weighted
 * by the share of it still inside the last 60 seconds, the usual two-counter approximation of a
 * sliding log: unlike a fixed window, a client cannot send the limit at the end of one minute and
 * again at the start of the next. One script call per request (INCR this minute's counter, read
 * the last one's); both keys carry the client in a hash tag, so they share a Redis Cluster slot.
 * The client is the keyed hash of its address, never the address. With Redis down, each instance
 * counts locally the same way against the same limit, so protection degrades to per-instance
 * instead of vanishing.
 */
public final class RateLimiter {

    // KEYS[1] this minute's counter, KEYS[2] the last minute's; ARGV[1] expiry (ms) of a new counter.
    // Returns {this minute's count including this request, the last minute's count}.
    static final String SCRIPT = "local n = redis.call('INCR', KEYS[1])\n"
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\n"
            + "return {n, tonumber(redis.call('GET', KEYS[2]) or '0')}\n";

    private static final LuaScript LIMIT = new LuaScript(SCRIPT);
    private static final long MINUTE_MS = 60_000;
    /** A counter is read as "the last minute" during the next one: keep it two minutes and a second. */
    private static final String EXPIRY_MS = Long.toString(2 * MINUTE_MS + 1_000);

    private final RedisTier redis;
    private final Origins origins;
    private final int perMinute;
    private final Clock clock;
    private final Cache<String, AtomicInteger> local = LocalCaches.builder()
            .expireAfterWrite(Duration.ofMinutes(3)).maximumSize(200_000).build();

    public RateLimiter(RedisTier redis, Origins origins, int perMinute, Clock clock) {
        this.redis = redis;
        this.origins = origins;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts the request and fails with RATE_LIMITED when the client is over the limit. */
    public void handle(RoutingContext ctx) {
        if (perMinute <= 0) {
            ctx.next();
            return;
        }
        count(HexFormat.of().formatHex(origins.clientHash(ctx), 0, 8)).onComplete(ar -> {
            if (ar.result() > perMinute) {
                ctx.fail(new ApiError(ErrorCode.RATE_LIMITED, null));
            } else {
                ctx.next();
            }
        });
    }

    /** Counts one request of {@code client} and returns its requests in the sliding minute, this one included. */
    Future<Double> count(String client) {
        long now = clock.millis();
        long minute = now / MINUTE_MS;
        double lastMinuteShare = 1.0 - (double) (now % MINUTE_MS) / MINUTE_MS;
        String key = redis.key("rl:{" + client + "}:" + minute);
        String lastKey = redis.key("rl:{" + client + "}:" + (minute - 1));
        return LIMIT.run(redis, "rate limit", List.of(key, lastKey), EXPIRY_MS)
                .map(r -> r.get(0).toLong() + lastMinuteShare * r.get(1).toLong())
                .otherwise(e -> {
                    AtomicInteger last = local.getIfPresent(lastKey);
                    return local.get(key, k -> new AtomicInteger()).incrementAndGet()
                            + lastMinuteShare * (last == null ? 0 : last.get());
                });
    }
}
