package org.markauth.verify.web;

import com.github.benmanes.caffeine.cache.Cache;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.markauth.http.ApiError;
import org.markauth.verify.cache.LocalCaches;
import org.markauth.verify.cache.LuaScript;
import org.markauth.verify.cache.RedisTier;

/**
 * Per-client rate limit (requests per minute) over a sliding minute, shared across instances
 * through Redis. A client's count is this clock minute's requests plus the last minute's weighted
 * by the share of it still inside the last 60 seconds, the usual two-counter approximation of a
 * sliding log: unlike a fixed window, a client cannot send the limit at the end of one minute and
 * again at the start of the next. Only admitted requests are counted, so a client that keeps
 * sending above the limit still gets the limit's worth (less one) through each minute, and the
 * refusal says when the next one will be admitted (Retry-After). One script call per request; both
 * keys carry the client in a hash tag, so they share a Redis Cluster slot. The client is the keyed
 * hash of its address, never the address. With Redis down, each instance counts locally the same
 * way against the same limit, so protection degrades to per-instance instead of vanishing.
 */
public final class RateLimiter {

    // KEYS[1] this minute's counter, KEYS[2] the last minute's; ARGV[1] expiry (ms) of a new counter,
    // ARGV[2] milliseconds elapsed in this minute, ARGV[3] the limit. Counts the request only if it
    // is admitted (the rule of admits(), in whole numbers so both sides decide alike). Returns
    // {1 admitted or 0 refused, this minute's count, the last minute's count}.
    static final String SCRIPT = "local n = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
            + "local last = tonumber(redis.call('GET', KEYS[2]) or '0')\n"
            + "if (n + 1) * 60000 + last * (60000 - tonumber(ARGV[2])) > tonumber(ARGV[3]) * 60000 then return {0, n, last} end\n"
            + "n = redis.call('INCR', KEYS[1])\n"
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\n"
            + "return {1, n, last}\n";

    private static final LuaScript LIMIT = new LuaScript(SCRIPT);
    private static final long MINUTE_MS = 60_000;
    /** A counter is read as "the last minute" during the next one: keep it two minutes and a second. */
    private static final String EXPIRY_MS = Long.toString(2 * MINUTE_MS + 1_000);

    private final RedisTier redis;
    private final String bucket;
    private final Origins origins;
    private final int perMinute;
    private final String perMinuteArg;
    private final Clock clock;
    private final Cache<String, AtomicInteger> local = LocalCaches.builder()
            .expireAfterWrite(Duration.ofMinutes(3)).maximumSize(200_000).build();

    public RateLimiter(RedisTier redis, Origins origins, int perMinute, Clock clock) {
        this(redis, "", origins, perMinute, clock);
    }

    /**
     * A limit of its own, counted apart from the others: {@code bucket} (e.g. "report") names its
     * counters, so a route with a stricter limit does not use up, nor is used up by, the general one.
     */
    public RateLimiter(RedisTier redis, String bucket, Origins origins, int perMinute, Clock clock) {
        this.redis = redis;
        this.bucket = bucket.isEmpty() ? "" : bucket + ":";
        this.origins = origins;
        this.perMinute = perMinute;
        this.perMinuteArg = Integer.toString(perMinute);
        this.clock = clock;
    }

    /** Admits the request, or fails it with RATE_LIMITED and the seconds until one is admitted again. */
    public void handle(RoutingContext ctx) {
        if (perMinute <= 0) {
            ctx.next();
            return;
        }
        take(HexFormat.of().formatHex(origins.clientHash(ctx), 0, 8)).onComplete(ar -> {
            long wait = ar.result();
            if (wait > 0) {
                ctx.fail(new ApiError(ErrorCode.RATE_LIMITED, Long.toString(wait)));
            } else {
                ctx.next();
            }
        });
    }

    /**
     * Admits and counts one request of {@code client}: 0 when admitted, else the whole seconds (at
     * least 1) until a request would be admitted if the client sends nothing meanwhile.
     */
    Future<Long> take(String client) {
        long now = clock.millis();
        long minute = now / MINUTE_MS;
        long elapsed = now % MINUTE_MS;
        String key = redis.key("rl:" + bucket + "{" + client + "}:" + minute);
        String lastKey = redis.key("rl:" + bucket + "{" + client + "}:" + (minute - 1));
        return LIMIT.run(redis, "rate limit", List.of(key, lastKey), EXPIRY_MS, Long.toString(elapsed), perMinuteArg)
                .map(r -> r.get(0).toInteger() == 1 ? 0L : retryAfterSeconds(r.get(1).toLong(), r.get(2).toLong(), elapsed, perMinute))
                .otherwise(e -> takeLocally(key, lastKey, elapsed));
    }

    private long takeLocally(String key, String lastKey, long elapsed) {
        AtomicInteger last = local.getIfPresent(lastKey);
        long lastCount = last == null ? 0 : last.get();
        AtomicInteger current = local.get(key, k -> new AtomicInteger());
        while (true) {
            int n = current.get();
            if (!admits(n, lastCount, elapsed, perMinute)) {
                return retryAfterSeconds(n, lastCount, elapsed, perMinute);
            }
            if (current.compareAndSet(n, n + 1)) {
                return 0;
            }
        }
    }

    /**
     * Whether one more request fits: {@code n + 1 + last × (60 s − elapsed) / 60 s ≤ limit}, in whole
     * numbers (the same rule as the script).
     */
    static boolean admits(long n, long last, long elapsedMs, int limit) {
        return (n + 1) * MINUTE_MS + last * (MINUTE_MS - elapsedMs) <= limit * MINUTE_MS;
    }

    /**
     * Whole seconds (at least 1) until {@link #admits} holds, no further request being counted:
     * later in this minute when this minute's own count leaves room, else some way into the next,
     * where this minute's count becomes "last". The least number of seconds that is enough.
     */
    static long retryAfterSeconds(long n, long last, long elapsedMs, int limit) {
        long waitMs;
        if (n + 1 <= limit && last > 0) {
            // last × (60 s − t) ≤ (limit − n − 1) × 60 s
            waitMs = ceilDiv(MINUTE_MS * (last - (limit - n - 1)), last) - elapsedMs;
        } else {
            // next minute at t: 1 + n × (60 s − t) / 60 s ≤ limit
            waitMs = (MINUTE_MS - elapsedMs) + ceilDiv(MINUTE_MS * Math.max(0, n - limit + 1), Math.max(1, n));
        }
        return Math.max(1, ceilDiv(waitMs, 1_000));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
