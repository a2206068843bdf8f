package org.markauth.verify.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.testing.MutableClock;
import org.markauth.testing.RedisFixture;
import org.markauth.verify.cache.RedisTier;

/**
 * The rate limiter's sliding minute against a real Redis, on a clock the test moves: a client that
 * used its limit at the end of one minute is not given a fresh one at the start of the next, and
 * its allowance comes back as that minute slides out. Two limiters sharing a key prefix stand for
 * two instances.
 */
class RateLimiterIT {

    static final int LIMIT = 40;

    static RedisFixture redis;

    @BeforeAll
    static void up() {
        redis = RedisFixture.open();
        // the connection made before the first test: on a loaded machine its set-up can outlast a
        // limiter's 2 s timeout, which would open that limiter's breaker (counting locally, as designed)
        redis.api.ping(java.util.List.of()).await();
    }

    @AfterAll
    static void down() {
        redis.close();
    }

    /** A clock starting at a whole minute a week ago, so keys never meet real traffic. */
    static MutableClock clock() {
        return new MutableClock(Instant.ofEpochMilli((System.currentTimeMillis() / 60_000 - 7 * 24 * 60) * 60_000));
    }

    static RateLimiter limiter(String prefix, Clock clock) {
        return new RateLimiter(new RedisTier(redis.api, prefix, clock, Duration.ofSeconds(2)), null, LIMIT, clock);
    }

    static String prefix() {
        return "it:rl:" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ":";
    }

    static int allowed(RateLimiter l, String client, int requests) {
        int ok = 0;
        for (int i = 0; i < requests; i++) {
            if (l.take(client).await() == 0) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void theLimitAtTheEndOfOneMinuteStillCountsAtTheStartOfTheNext() {
        String prefix = prefix();
        MutableClock clock = clock();
        RateLimiter a = limiter(prefix, clock);
        RateLimiter b = limiter(prefix, clock);

        clock.advance(Duration.ofMillis(59_000));   // the last second of a minute
        int fromA = allowed(a, "c1", 30);
        a.sync().await();                           // the background sync (every 500 ms) between them
        assertThat(fromA + allowed(b, "c1", 20)).as("both instances count one client").isEqualTo(LIMIT);
        assertThat(allowed(a, "c2", 5)).as("another client has its own count").isEqualTo(5);
        syncBoth(a, b);

        clock.advance(Duration.ofMillis(2_000));   // 1 s into the next minute
        // a decides the minute's first requests on what it knows (its own 30 of the last minute) until
        // Redis answers: at most its local allowance
        int early = allowed(a, "c1", 10);
        assertThat(early).as("a fixed window would allow 40 again here").isLessThanOrEqualTo(RateLimiter.allowance(LIMIT));
        syncBoth(a, b);
        assertThat(allowed(a, "c1", 10)).as("once the sync told it the last minute's 40").isZero();
        assertThat(a.take("c1").await()).isPositive();

        syncBoth(a, b);
        clock.advance(Duration.ofMillis(29_000));   // half of the last minute has slid out
        // last minute's 40 weigh 20; the refused requests above were not counted
        assertThat(allowed(b, "c1", 30)).isEqualTo(LIMIT - 20 - early);
        // 20 + 1 + 40 × (1 - t) ≤ 40 at t = 31.5 s
        assertThat(b.take("c1").await()).isEqualTo(2);

        syncBoth(a, b);
        clock.advance(Duration.ofMillis(60_000));   // a minute later, half-way through the next
        // last minute's 20 weigh 10
        assertThat(allowed(a, "c1", 60)).isEqualTo(LIMIT - 10);
    }

    static void syncBoth(RateLimiter a, RateLimiter b) {
        a.sync().await();
        b.sync().await();
    }

    /** This minute's count as Redis holds it for a client (what every instance has been told). */
    static long inRedis(String prefix, RateLimiter l, String client, MutableClock clock) {
        var r = redis.api.get(l.keyOf(client, clock.millis() / 60_000)).await();
        return r == null ? 0 : r.toLong();
    }

    @Test
    void requestsAreCountedHereAndAddedToRedisByTheBackgroundSync() {
        String prefix = prefix();
        MutableClock clock = clock();
        RateLimiter a = limiter(prefix, clock);
        clock.advance(Duration.ofMillis(10_000));
        assertThat(allowed(a, "c", 10)).isEqualTo(10);
        // decided here within the local allowance (40 / 20 = 2 unsent at most), the request after that
        // asking Redis with the unsent ones added
        long told = inRedis(prefix, a, "c", clock);
        assertThat(told).as("not one round trip per request").isLessThan(10).isGreaterThanOrEqualTo(10L - RateLimiter.allowance(LIMIT));
        a.sync().await();
        assertThat(inRedis(prefix, a, "c", clock)).as("the sync adds what was counted here").isEqualTo(10);
        a.sync().await();
        assertThat(inRedis(prefix, a, "c", clock)).as("and only once").isEqualTo(10);
    }

    @Test
    void aClientSpreadOverTwoInstancesGetsAtMostEachInstancesAllowanceMoreThanTheLimit() {
        String prefix = prefix();
        MutableClock clock = clock();
        RateLimiter a = limiter(prefix, clock);
        RateLimiter b = limiter(prefix, clock);
        clock.advance(Duration.ofMillis(1_000));
        int admitted = 0;
        for (int i = 0; i < 200; i++) {                        // alternately, faster than the sync
            admitted += (i % 2 == 0 ? a : b).take("spread").await() == 0 ? 1 : 0;
            if (i % 25 == 24) {
                syncBoth(a, b);
            }
        }
        // 40 × 59/60 of an empty last minute: the limit is 40; each instance's unseen share is at most 2
        assertThat(admitted).isBetween(LIMIT, LIMIT + 2 * RateLimiter.allowance(LIMIT));
        syncBoth(a, b);
        assertThat(inRedis(prefix, a, "spread", clock)).as("every admission reached Redis").isEqualTo(admitted);
        assertThat(a.take("spread").await()).as("both refuse once they know").isPositive();
        assertThat(b.take("spread").await()).isPositive();
    }

    @Test
    void aClientSendingAboveTheLimitStillGetsTheLimitThroughEachMinute() {
        MutableClock clock = clock();
        RateLimiter a = limiter(prefix(), clock);
        int[] perMinute = new int[4];
        for (int i = 0; i < 4 * 120; i++) {                        // 120 requests a minute, steadily
            if (a.take("steady").await() == 0) {
                perMinute[i / 120]++;
            }
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(perMinute[0]).isEqualTo(LIMIT);
        for (int m = 1; m < 4; m++) {
            assertThat(perMinute[m]).as("minute %d", m).isBetween(LIMIT - 2, LIMIT);
        }
    }

    @Test
    void retryAfterIsWhenTheNextRequestIsAdmitted() {
        MutableClock clock = clock();
        RateLimiter a = limiter(prefix(), clock);
        clock.advance(Duration.ofMillis(20_000));
        assertThat(allowed(a, "c", 60)).isEqualTo(LIMIT);
        clock.advance(Duration.ofMillis(40_000));   // the start of the next minute
        assertThat(allowed(a, "c", 10)).isZero();                  // 1 + 40 > 40
        assertThat(a.take("c").await()).as("1 + 40 × (60 - t)/60 ≤ 40 from t = 1.5 s").isEqualTo(2);
        clock.advance(Duration.ofMillis(1_000));
        assertThat(a.take("c").await()).as("a second early").isEqualTo(1);
        clock.advance(Duration.ofMillis(1_000));
        assertThat(a.take("c").await()).as("when it said").isZero();
    }

    @Test
    void withRedisUnreachableEachInstanceStillCountsItsOwnClients() {
        Redis dead = Redis.createClient(redis.vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:1"));
        try {
            MutableClock clock = clock();
            RateLimiter l = new RateLimiter(new RedisTier(RedisAPI.api(dead), prefix(), clock, Duration.ofMillis(500)),
                    null, LIMIT, clock);
            assertThat(allowed(l, "c", 50)).isEqualTo(LIMIT);
            assertThat(l.take("c").await()).isPositive();
            clock.advance(Duration.ofMillis(90_000));   // half-way through the next minute
            assertThat(allowed(l, "c", 50)).as("the last minute's 40 weigh 20").isEqualTo(LIMIT - 20);
        } finally {
            dead.close();
        }
    }
}
