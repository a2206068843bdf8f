package org.markauth.verify.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.registry.Invalidation;
import org.markauth.registry.MarkKey;
import org.markauth.registry.UnitState;
import org.markauth.testing.RedisFixture;
import org.markauth.testing.Worlds;
import org.markauth.verify.Fixture;
import org.markauth.verify.registry.RegistryReader;

/**
 * The registry's cache against the real node and Redis: the entries' names in Redis, shared by every
 * instance ({@code c:mark:<batch>:<hex>}, {@code c:batch:<id>}), and each invalidation message the
 * issuer sends drops its entry here and there; a malformed one drops nothing.
 */
class RegistryCacheIT {

    static Fixture f;
    static RedisFixture redis;

    @BeforeAll
    static void up() {
        f = new Fixture("registry_cache_it");
        redis = RedisFixture.open();
    }

    @AfterAll
    static void down() {
        redis.close();
        f.close();
    }

    static RegistryCache cache(RedisTier tier) {
        CacheSettings s = new CacheSettings(1_000, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1));
        return new RegistryCache(new RegistryReader(f.session), tier, s, s);
    }

    static RedisTier tier() {
        return new RedisTier(redis.api, f.redisPrefix + "rc:", Clock.systemUTC(), Duration.ofSeconds(2));
    }

    void write(int batchId, long serial, UnitState state) {
        f.session.execute("INSERT INTO marks (batch_id, bucket, serial, seq, state, state_at) VALUES (?, ?, ?, ?, ?, ?)",
                batchId, MarkKey.bucket(serial), MarkKey.serialBytes(serial), 1, state == null ? null : state.name(),
                state == null ? null : Instant.now());
    }

    @Test
    void aUnitsEntryKeepsItsRedisNameAndItsMessageDropsIt() {
        Worlds.GenuineBatch g = f.genuineBatch(1);
        long serial = 0x0000_00ab_cdef_0123L;   // leading zeros: the Redis name drops them, the message keeps 16 digits
        write(g.batchId(), serial, null);
        RedisTier tier = tier();
        RegistryCache cache = cache(tier);

        assertThat(cache.mark(g.batchId(), serial).await().orElseThrow().state()).isNull();
        assertThat(tier.get(tier.key("c:mark:" + g.batchId() + ":abcdef0123")).await()).as("shared, leading zeros dropped").isNotNull();
        assertThat(cache.batch(g.batchId()).await()).isPresent();
        assertThat(tier.get(tier.key("c:batch:" + g.batchId())).await()).isNotNull();

        write(g.batchId(), serial, UnitState.VOIDED);
        assertThat(cache.mark(g.batchId(), serial).await().orElseThrow().state()).as("still the cached row").isNull();

        String message = Invalidation.mark(g.batchId(), serial).encode();
        assertThat(message).isEqualTo("mark:" + g.batchId() + ":000000abcdef0123");
        assertThat(cache.invalidate(message)).isTrue();
        assertThat(tier.get(tier.key("c:mark:" + g.batchId() + ":abcdef0123")).await()).as("dropped in Redis too").isNull();
        assertThat(cache.mark(g.batchId(), serial).await().orElseThrow().state()).isEqualTo(UnitState.VOIDED);
    }

    @Test
    void anEntitysMessageDropsItsEntry() {
        Worlds.GenuineBatch g = f.genuineBatch(1);
        RedisTier tier = tier();
        RegistryCache cache = cache(tier);
        assertThat(cache.product(g.productId()).await()).isPresent();
        assertThat(tier.get(tier.key("c:product:" + g.productId())).await()).isNotNull();

        assertThat(cache.invalidate("licence:" + g.productId())).isTrue();   // a licence change drops its product's entry
        assertThat(tier.get(tier.key("c:product:" + g.productId())).await()).isNull();
    }

    @Test
    void aMalformedOrForeignMessageDropsNothing() {
        RegistryCache cache = cache(tier());
        for (String m : List.of("batch:abc", "product:", "rules:9999999999", "mark:7:xyz", "mark:7", "block:7:00000000000000ff0",
                "keys:trust", "colour:7", "nothing")) {
            assertThat(cache.invalidate(m)).as(m).isFalse();
        }
        for (String m : List.of("batch:7", "product:*", "licensee:L-1", "rules:3", "block:7:00000000000000ff", "mark:*")) {
            assertThat(cache.invalidate(m)).as(m).isTrue();
        }
    }
}
