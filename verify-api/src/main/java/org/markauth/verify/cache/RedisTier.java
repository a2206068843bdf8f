package org.markauth.verify.cache;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared Redis tier behind a breaker. Redis is an accelerator, never a dependency of a
 * verdict: a failed or slow command opens the breaker, and while it is open every call fails at
 * once (callers fall back to the in-process tier and Cassandra) instead of queueing behind a dead
 * connection. After a backoff (doubling from 200 ms to 5 s) calls are let through again; the first
 * success closes it. So a Redis outage costs one timeout per backoff period, and recovery needs no
 * operator.
 */
public final class RedisTier {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTier.class);
    private static final long MIN_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final RedisAPI api;
    private final String prefix;
    private final Clock clock;
    private final long timeoutMs;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile long openUntil;

    public RedisTier(RedisAPI api, String prefix, Clock clock, Duration timeout) {
        this.api = api;
        this.prefix = prefix;
        this.clock = clock;
        this.timeoutMs = timeout.toMillis();
    }

    /** The configured key prefix, so that several deployments (or test classes) share one Redis. */
    public String key(String suffix) {
        return prefix + suffix;
    }

    /** True while the breaker is closed (the last call succeeded or no failure since backoff). */
    public boolean up() {
        return failures.get() == 0;
    }

    /** Runs one command through the breaker; fails fast with {@link RedisDownException} while open. */
    public Future<Response> call(String what, Function<RedisAPI, Future<Response>> command) {
        if (clock.millis() < openUntil) {
            return Future.failedFuture(new RedisDownException("Redis skipped (" + what + "): breaker open after "
                    + failures.get() + " failures; retrying automatically", null));
        }
        Future<Response> f;
        try {
            f = command.apply(api);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        return f.timeout(timeoutMs, TimeUnit.MILLISECONDS).transform(ar -> {
            if (ar.succeeded()) {
                if (failures.getAndSet(0) > 0) {
                    LOG.info("Redis is back; shared cache tier and counters resumed");
                }
                return Future.succeededFuture(ar.result());
            }
            int n = failures.incrementAndGet();
            long backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(n - 1, 5));
            openUntil = clock.millis() + backoff;
            if (n == 1) {
                LOG.warn("Redis failed ({}): {}; verification continues without the shared tier", what,
                        ar.cause().toString());
            }
            return Future.failedFuture(new RedisDownException("Redis " + what + " failed: " + ar.cause().getMessage(),
                    ar.cause()));
        });
    }

    /** GET, with a miss (null) when Redis is down. */
    public Future<String> get(String key) {
        return call("GET", a -> a.get(key)).map(r -> r == null ? null : r.toString()).otherwise((String) null);
    }

    /** SET with a TTL in milliseconds; failures are swallowed (the cache is best effort). */
    public Future<Void> set(String key, String value, long ttlMs) {
        return call("SET", a -> a.set(List.of(key, value, "PX", Long.toString(ttlMs)))).<Void>mapEmpty()
                .otherwiseEmpty();
    }

    public Future<Void> del(List<String> keys) {
        return call("DEL", a -> a.del(keys)).<Void>mapEmpty().otherwiseEmpty();
    }

    public Future<Void> publish(String channel, String message) {
        return call("PUBLISH", a -> a.publish(channel, message)).mapEmpty();
    }

    public Future<Void> ping() {
        return call("PING", a -> a.ping(List.of())).mapEmpty();
    }
}
