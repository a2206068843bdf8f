package org.markauth.verify.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.registry.MarkKey;
import org.markauth.testing.RedisFixture;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;
import org.markauth.verify.cache.RedisTier;

/**
 * One alert per rule and code per window, on the real Cassandra node and Redis: a cloned code's
 * repeated hits are answered by the claim this instance holds (Redis is not asked again), another
 * instance finds the Redis claim, and a window's end lets the rule raise again.
 */
class AlertWriterIT {

    static TestStack stack;
    static TestKeyspace ks;
    static RedisFixture redis;

    @BeforeAll
    static void up() {
        stack = TestStack.connect();
        ks = stack.freshKeyspace("alerts");
        redis = RedisFixture.open();
    }

    @AfterAll
    static void down() {
        redis.close();
        ks.close();
        stack.close();
    }

    static AlertWriter writer(String prefix, Duration window) {
        RuleSettings s = new RuleSettings(20, 900, 50, true, Set.of(), window);
        return new AlertWriter(ks.session(), new RedisTier(redis.api, prefix, Clock.systemUTC(), Duration.ofSeconds(2)), s);
    }

    static String prefix() {
        return "it:alerts:" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ":";
    }

    static long alerts(int batchId, long serial) {
        return ks.session().execute("SELECT count(*) FROM alerts_by_mark WHERE batch_id = ? AND serial = ?", batchId,
                MarkKey.serialBytes(serial)).one().getLong(0);
    }

    static RuleHit hit() {
        return new RuleHit(Rule.TOO_MANY_SCANS, true, "scanned 30 times by 30 distinct clients (limit 20)",
                new JsonObject().put("count", 30).put("clients", 30).put("limit", 20));
    }

    @Test
    void repeatedHitsOfACodeWithinTheWindowAreOneAlert_answeredHereWithoutRedis() {
        String prefix = prefix();
        AlertWriter a = writer(prefix, Duration.ofHours(1));
        int batch = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        long serial = ThreadLocalRandom.current().nextLong();
        a.raise(7, batch, serial, "TEST-NET-1", List.of(hit())).await();
        assertThat(alerts(batch, serial)).isEqualTo(1);
        String claim = prefix + "alert:TOO_MANY_SCANS:" + batch + ":" + Long.toHexString(serial);
        assertThat(redis.api.get(claim).await()).as("claimed for every instance").isNotNull();

        redis.api.del(List.of(claim)).await();   // were Redis asked, the next hit would raise again
        for (int i = 0; i < 20; i++) {
            a.raise(7, batch, serial, "TEST-NET-1", List.of(hit())).await();
        }
        assertThat(alerts(batch, serial)).as("held here: Redis not asked per hit").isEqualTo(1);
        assertThat(redis.api.get(claim).await()).isNull();
    }

    @Test
    void anotherInstanceFindsTheClaimInRedis() {
        String prefix = prefix();
        AlertWriter a = writer(prefix, Duration.ofHours(1));
        AlertWriter b = writer(prefix, Duration.ofHours(1));
        int batch = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        long serial = ThreadLocalRandom.current().nextLong();
        a.raise(7, batch, serial, "TEST-NET-1", List.of(hit())).await();
        b.raise(7, batch, serial, "TEST-NET-1", List.of(hit())).await();
        b.raise(7, batch, serial, "TEST-NET-1", List.of(hit())).await();
        assertThat(alerts(batch, serial)).isEqualTo(1);
    }

    @Test
    void afterTheWindowTheRuleRaisesAgain() throws InterruptedException {
        AlertWriter a = writer(prefix(), Duration.ofSeconds(1));
        int batch = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        long serial = ThreadLocalRandom.current().nextLong();
        a.raise(7, batch, serial, "TEST-NET-1", List.of(hit())).await();
        a.raise(7, batch, serial, "TEST-NET-1", List.of(hit())).await();
        assertThat(alerts(batch, serial)).isEqualTo(1);
        Thread.sleep(1_200);   // the window is a second: both claims are gone
        a.raise(7, batch, serial, "TEST-NET-1", List.of(hit())).await();
        assertThat(alerts(batch, serial)).isEqualTo(2);
    }
}
