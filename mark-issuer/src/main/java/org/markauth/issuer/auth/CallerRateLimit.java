package org.markauth.issuer.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.markauth.access.Caller;
import org.markauth.http.SlidingMinute;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.http.Requests;

/**
 * The per-credential rate limit of {@code /api/v1/*}: at most {@code perMinute} requests per API key
 * over a sliding minute (the kit's {@link SlidingMinute}, the rule verify-api counts its clients
 * with), counted in Redis so that every issuer instance shares one count per key
 * ({@code <prefix>rl:{<credential id>}:<minute>}). It runs after authentication, so only a live key
 * is counted, and a refusal is a 429 {@code RATE_LIMITED} whose Retry-After says when the next
 * request is admitted. With Redis down each instance counts locally against the same limit:
 * protection degrades to per instance, it does not vanish, and no request fails for it.
 */
public final class CallerRateLimit {

    private final Redis redis;
    private final String prefix;
    private final int perMinute;
    private final Clock clock;
    /** Local counts while Redis fails: this minute's and the last one's keys only. */
    private final Map<String, AtomicInteger> local = new ConcurrentHashMap<>();
    private volatile long localMinute;

    /** @param perMinute requests per key per minute; 0 turns the limit off */
    public CallerRateLimit(Redis redis, String keyPrefix, int perMinute, Clock clock) {
        this.redis = redis;
        this.prefix = keyPrefix + "rl:";
        this.perMinute = perMinute;
        this.clock = clock;
    }

    public void handle(RoutingContext ctx) {
        Caller caller = ctx.get(Requests.CALLER);
        if (perMinute <= 0 || caller == null) {
            ctx.next();
            return;
        }
        // the body waits (paused) while Redis answers, as vertx-web's authentication handler does: the
        // body handler after this one must find all of it
        var req = ctx.request();
        if (!req.isEnded()) {
            req.pause();
        }
        take(caller.credentialId()).onComplete(ar -> {
            if (!req.isEnded()) {
                req.resume();
            }
            long wait = ar.result();
            if (wait > 0) {
                ctx.fail(new IssuerException.Limited("RATE_LIMITED", "this API key sent more than " + perMinute
                        + " requests in the last minute; send the next one in " + wait + " s (Retry-After)", wait));
            } else {
                ctx.next();
            }
        });
    }

    /** 0 when a request of {@code credential} is admitted (and counted), else the whole seconds to wait. */
    Future<Long> take(String credential) {
        long now = clock.millis();
        long minute = now / SlidingMinute.MINUTE_MS;
        long elapsed = now % SlidingMinute.MINUTE_MS;
        String key = prefix + "{" + credential + "}:" + minute;
        String lastKey = prefix + "{" + credential + "}:" + (minute - 1);
        Request eval = Request.cmd(Command.EVAL).arg(SlidingMinute.SCRIPT).arg(2).arg(key).arg(lastKey)
                .arg(SlidingMinute.EXPIRY_MS).arg(elapsed).arg(perMinute);
        return redis.send(eval)
                .map(r -> r.get(0).toInteger() == 1 ? 0L
                        : SlidingMinute.retryAfterSeconds(r.get(1).toLong(), r.get(2).toLong(), elapsed, perMinute))
                .otherwise(e -> takeLocally(minute, key, lastKey, elapsed));
    }

    private long takeLocally(long minute, String key, String lastKey, long elapsed) {
        if (minute != localMinute) {
            localMinute = minute;
            local.keySet().removeIf(k -> !k.endsWith("}:" + minute) && !k.endsWith("}:" + (minute - 1)));
        }
        AtomicInteger last = local.get(lastKey);
        long lastCount = last == null ? 0 : last.get();
        AtomicInteger current = local.computeIfAbsent(key, k -> new AtomicInteger());
        while (true) {
            int n = current.get();
            if (!SlidingMinute.admits(n, lastCount, elapsed, perMinute)) {
                return SlidingMinute.retryAfterSeconds(n, lastCount, elapsed, perMinute);
            }
            if (current.compareAndSet(n, n + 1)) {
                return 0;
            }
        }
    }
}
