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
import org.markauth.http.SlidingMinute;
import org.markauth.verify.cache.LocalCaches;
import org.markauth.verify.cache.LuaScript;
import org.markauth.verify.cache.RedisTier;

/**
 * Per-client rate limit (requests per minute) over a sliding minute ({@link SlidingMinute}, the rule
 * mark-issuer's per-key limit shares), shared across instances through Redis. A client's count is
 * this clock minute's requests plus the last minute's weighted
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

    /** The shared rule's Redis script ({@link SlidingMinute#SCRIPT}). */
    static final String SCRIPT = SlidingMinute.SCRIPT;

    private static final LuaScript LIMIT = new LuaScript(SCRIPT);
    private static final long MINUTE_MS = SlidingMinute.MINUTE_MS;
    private static final String EXPIRY_MS = SlidingMinute.EXPIRY_MS;

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

    /** {@link SlidingMinute#admits}. */
    static boolean admits(long n, long last, long elapsedMs, int limit) {
        return SlidingMinute.admits(n, last, elapsedMs, limit);
    }

    /** {@link SlidingMinute#retryAfterSeconds}. */
    static long retryAfterSeconds(long n, long last, long elapsedMs, int limit) {
        return SlidingMinute.retryAfterSeconds(n, last, elapsedMs, limit);
    }
}
