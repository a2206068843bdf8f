package org.markauth.verify.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.testing.RedisFixture;
import org.markauth.verify.registry.Codec;

/**
 * A dropped entry stays dropped against the two races the Redis Cluster drill met under load: a load
 * that began before the drop and ends after it, and a read of the shared tier that reaches Redis
 * before the drop's DEL (here: an old value written back into Redis right after the drop). Real
 * Redis; the loader is the test's, so that it can hold a load open.
 */
class TieredCacheIT {

    static RedisFixture redis;
    static final Codec<JsonObject> JSON = new Codec<>(j -> j, j -> j);

    @BeforeAll
    static void up() {
        redis = RedisFixture.open();
        redis.api.ping(List.of()).await();
    }

    @AfterAll
    static void down() {
        redis.close();
    }

    /** A cache over its own key prefix whose loader answers {@code registry}'s current value, counting loads. */
    static TieredCache<JsonObject> cache(RedisTier tier, AtomicReference<Future<Optional<JsonObject>>> registry, AtomicInteger loads) {
        return new TieredCache<>("it", new CacheSettings(100, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1)),
                tier, JSON, key -> {
                    loads.incrementAndGet();
                    return registry.get();
                });
    }

    static RedisTier tier() {
        return new RedisTier(redis.api, "it:tc:" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ":",
                Clock.systemUTC(), Duration.ofSeconds(2));
    }

    static Future<Optional<JsonObject>> value(String state) {
        return Future.succeededFuture(Optional.of(new JsonObject().put("state", state)));
    }

    @Test
    void aLoadThatBeganBeforeTheDropIsAnsweredButKeptInNeitherTier() {
        AtomicInteger loads = new AtomicInteger();
        Promise<Optional<JsonObject>> slowOldRead = Promise.promise();
        AtomicReference<Future<Optional<JsonObject>>> registry = new AtomicReference<>(slowOldRead.future());
        RedisTier tier = tier();
        TieredCache<JsonObject> c = cache(tier, registry, loads);

        Future<Optional<JsonObject>> first = c.get("k");          // misses both tiers, the read still running
        while (loads.get() == 0) {
            Thread.onSpinWait();                                    // the Redis GET answered, the loader was called
        }
        registry.set(value("SUSPENDED"));                           // the registry changes ...
        c.invalidate("k").await();                                  // ... and its message is applied here
        slowOldRead.complete(Optional.of(new JsonObject().put("state", "ACTIVE")));

        assertThat(first.await().orElseThrow().getString("state")).isEqualTo("ACTIVE");
        assertThat(tier.get(tier.key("c:it:k")).await()).as("the old value was not written back to Redis").isNull();
        assertThat(c.get("k").await().orElseThrow().getString("state")).as("the old value was not kept").isEqualTo("SUSPENDED");
        assertThat(loads.get()).isEqualTo(2);
    }

    @Test
    void rightAfterADropTheSharedTierIsNotReadForThatKey() {
        AtomicInteger loads = new AtomicInteger();
        AtomicReference<Future<Optional<JsonObject>>> registry = new AtomicReference<>(value("ACTIVE"));
        RedisTier tier = tier();
        TieredCache<JsonObject> c = cache(tier, registry, loads);
        assertThat(c.get("k").await().orElseThrow().getString("state")).isEqualTo("ACTIVE");   // now in Redis too

        registry.set(value("SUSPENDED"));
        c.invalidate("k").await();
        // what a GET sent just before the DEL would have found, or another instance's old load writing back
        tier.set(tier.key("c:it:k"), new JsonObject().put("state", "ACTIVE").encode(), 60_000).await();

        assertThat(c.get("k").await().orElseThrow().getString("state")).isEqualTo("SUSPENDED");
        assertThat(c.get("k").await().orElseThrow().getString("state")).as("kept locally").isEqualTo("SUSPENDED");
        assertThat(loads.get()).isEqualTo(2);
    }

    @Test
    void anUntouchedKeyIsStillServedFromTheSharedTier() {
        AtomicInteger loads = new AtomicInteger();
        AtomicReference<Future<Optional<JsonObject>>> registry = new AtomicReference<>(value("ACTIVE"));
        RedisTier tier = tier();
        cache(tier, registry, loads).get("k").await();              // another instance loaded it into Redis
        TieredCache<JsonObject> c = cache(tier, registry, loads);
        c.invalidate("other").await();

        assertThat(c.get("k").await().orElseThrow().getString("state")).isEqualTo("ACTIVE");
        assertThat(loads.get()).as("read from Redis, not loaded again").isEqualTo(1);
    }
}
