package org.markauth.verify.cache;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.markauth.verify.registry.Codec;

/**
 * One kind of registry value behind two cache tiers: Caffeine in this process, then Redis shared by
 * all instances, then the loader (a Cassandra point read). Absent values are cached too (negative
 * caching, shorter TTL), so a repeated unknown serial costs no database read. Concurrent misses of
 * one key share one load (a popular code going cold does not stampede Cassandra).
 *
 * <p>Consistency: entries are dropped by {@link #invalidate} on every instance within seconds of a
 * change (Redis pub/sub plus change_log polling, see {@code InvalidationListener}); the local TTL
 * bounds staleness even if both invalidation paths fail. Two races would otherwise undo a drop for
 * the whole local TTL, and both were seen under load (the Redis Cluster drill, docs/reliability.md):
 * a load that began before the drop finishing after it (its old value is answered but kept in neither tier), and
 * a read of the shared tier reaching Redis before the drop's DEL, which travels on another pooled
 * connection and may time out (for {@link #REDIS_BYPASS} after a drop this instance reads the
 * registry itself and leaves the shared tier alone).
 */
public final class TieredCache<V> {

    /** Redis form of "known to be absent". */
    private static final String ABSENT = "-";
    /** How long after a drop the shared tier is skipped for that key: past Redis's 500 ms timeout and a breaker backoff. */
    static final Duration REDIS_BYPASS = Duration.ofSeconds(5);

    private final String name;
    private final Cache<String, Optional<V>> local;
    private final RedisTier redis;
    private final Codec<V> codec;
    private final long redisTtlMs;
    private final long negativeTtlMs;
    private final Function<String, Future<Optional<V>>> loader;
    private final ConcurrentHashMap<String, Future<Optional<V>>> inFlight = new ConcurrentHashMap<>();
    private final LongAdder localHits = new LongAdder();
    private final LongAdder redisHits = new LongAdder();
    private final LongAdder loads = new LongAdder();
    /** Drops so far (numbering them); wildcard drops so far: a load that began before a drop of its key is not kept. */
    private final AtomicLong drops = new AtomicLong();
    private final AtomicLong wildcardDrops = new AtomicLong();
    /** The keys dropped within {@link #REDIS_BYPASS}, with the number of their last drop. */
    private final Cache<String, Long> recentlyDropped;

    public TieredCache(String name, CacheSettings settings, RedisTier redis, Codec<V> codec,
                       Function<String, Future<Optional<V>>> loader) {
        this.name = name;
        this.redis = redis;
        this.codec = codec;
        this.redisTtlMs = settings.redisTtl().toMillis();
        this.negativeTtlMs = settings.negativeTtl().toMillis();
        this.loader = loader;
        Duration localTtl = settings.localTtl();
        this.local = LocalCaches.builder().maximumSize(settings.localMaxEntries())
                .expireAfterWrite(localTtl).build();
        this.recentlyDropped = LocalCaches.builder().maximumSize(100_000).expireAfterWrite(REDIS_BYPASS).build();
    }

    public void bindMetrics(MeterRegistry registry) {
        FunctionCounter.builder("verify_cache_lookups", localHits, LongAdder::doubleValue)
                .tags("cache", name, "tier", "local").register(registry);
        FunctionCounter.builder("verify_cache_lookups", redisHits, LongAdder::doubleValue)
                .tags("cache", name, "tier", "redis").register(registry);
        FunctionCounter.builder("verify_cache_lookups", loads, LongAdder::doubleValue)
                .tags("cache", name, "tier", "cassandra").register(registry);
    }

    public Future<Optional<V>> get(String key) {
        Optional<V> hit = local.getIfPresent(key);
        if (hit != null) {
            localHits.increment();
            return Future.succeededFuture(hit);
        }
        Future<Optional<V>> running = inFlight.get(key);
        if (running != null) {
            return running;
        }
        Promise<Optional<V>> p = Promise.promise();
        Future<Optional<V>> prior = inFlight.putIfAbsent(key, p.future());
        if (prior != null) {
            return prior;
        }
        Long droppedBefore = recentlyDropped.getIfPresent(key);
        long wildcardBefore = wildcardDrops.get();
        BooleanSupplier notDroppedSince = () -> Objects.equals(droppedBefore, recentlyDropped.getIfPresent(key))
                && wildcardDrops.get() == wildcardBefore;
        fetch(key, droppedBefore != null, notDroppedSince).onComplete(ar -> {
            inFlight.remove(key, p.future());
            if (ar.succeeded() && notDroppedSince.getAsBoolean()) {
                local.put(key, ar.result());
            }
            p.handle(ar);
        });
        return p.future();
    }

    /** @param notDroppedSince whether what the loader read may still be kept (no drop of the key since the read began) */
    private Future<Optional<V>> fetch(String key, boolean justDropped, BooleanSupplier notDroppedSince) {
        if (justDropped) {
            loads.increment();
            return loader.apply(key);
        }
        String rkey = redisKey(key);
        return redis.get(rkey).compose(text -> {
            if (text != null) {
                redisHits.increment();
                return Future.succeededFuture(ABSENT.equals(text) ? Optional.<V>empty() : Optional.of(codec.decode(text)));
            }
            loads.increment();
            return loader.apply(key).onSuccess(v -> {
                if (notDroppedSince.getAsBoolean()) {   // an old read must not go back into the shared tier either
                    redis.set(rkey, v.map(codec::encode).orElse(ABSENT), v.isPresent() ? redisTtlMs : negativeTtlMs);
                }
            });
        });
    }

    /** Drops the entry here and in Redis; the next read loads it fresh. */
    public Future<Void> invalidate(String key) {
        recentlyDropped.put(key, drops.incrementAndGet());
        local.invalidate(key);
        inFlight.remove(key);
        return redis.del(List.of(redisKey(key)));
    }

    /** Drops every local entry (used for wildcard messages such as {@code keys:*}). */
    public void invalidateLocalAll() {
        wildcardDrops.incrementAndGet();
        local.invalidateAll();
    }

    public String name() {
        return name;
    }

    private String redisKey(String key) {
        return redis.key("c:" + name + ":" + key);
    }
}
