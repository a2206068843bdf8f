package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.testing.RedisFixture;
import org.markauth.verify.cache.RedisTier;

/**
 * The shared scan counters against a real Redis, two instances sharing one key prefix. Sync
 * timers are set to an hour and {@link ScanCounters#flush} is called explicitly, so what each
 * instance sees before and after a sync is deterministic.
 */
class ScanCountersIT {

    static RedisFixture redis;
    static String prefix;

    @BeforeAll
    static void up() {
        redis = RedisFixture.open();
        prefix = "it:counters:" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ":";
    }

    @AfterAll
    static void down() {
        redis.close();
    }

    static ScanCounters instance(Duration fresh) {
        ScanCounters c = new ScanCounters(new RedisTier(redis.api, prefix, Clock.systemUTC(), Duration.ofSeconds(2)),
                Duration.ofDays(1), Duration.ofHours(1), fresh, 1000, Clock.systemUTC());
        deployed.put(c, redis.vertx.deployVerticle(c).await());
        return c;
    }

    static final java.util.Map<ScanCounters, String> deployed = new java.util.concurrent.ConcurrentHashMap<>();

    static PriorScans scan(ScanCounters c, long serial, String cell) {
        return c.record(7, serial, Instant.now(), cell, "CN-44").await();
    }

    @Test
    void a_code_held_by_an_instance_counts_its_own_scans_at_once_and_others_after_a_sync() {
        ScanCounters a = instance(Duration.ofMinutes(5));
        ScanCounters b = instance(Duration.ofMinutes(5));
        long serial = 0x1234_5678_9abc_def0L;

        assertThat(scan(a, serial, "ws0e9").count()).isZero();            // first ever: from Redis
        PriorScans second = scan(a, serial, "ws0e8");                      // held: no Redis call
        assertThat(second.count()).isEqualTo(1);
        assertThat(second.firstPlace()).isEqualTo("ws0e9");
        assertThat(second.lastCell()).isEqualTo("ws0e9");
        assertThat(scan(a, serial, "ws0e8").count()).isEqualTo(2);
        assertThat(redisCount(a, serial)).isEqualTo(1);                     // the held scans are not in Redis yet

        a.flush().await();
        assertThat(redisCount(a, serial)).isEqualTo(3);

        PriorScans atB = scan(b, serial, "wx4g0");                          // B's first: sees all of A's
        assertThat(atB.count()).isEqualTo(3);
        assertThat(atB.firstPlace()).isEqualTo("ws0e9");
        assertThat(atB.lastCell()).isEqualTo("ws0e8");

        assertThat(scan(a, serial, "ws0e8").count()).isEqualTo(3);         // A does not see B's scan yet
        a.flush().await();                                                  // the sync brings it back
        PriorScans after = scan(a, serial, "ws0e8");
        assertThat(after.count()).isEqualTo(5);
        assertThat(after.firstPlace()).isEqualTo("ws0e9");
        a.flush().await();
        assertThat(redisCount(a, serial)).isEqualTo(6);
    }

    @Test
    void with_no_freshness_every_scan_asks_redis_and_instances_agree() {
        ScanCounters a = instance(Duration.ZERO);
        ScanCounters b = instance(Duration.ZERO);
        long serial = 0x0fed_cba9_8765_4321L;
        for (int i = 0; i < 6; i++) {
            assertThat(scan(i % 2 == 0 ? a : b, serial, "ws0e9").count()).isEqualTo(i);
        }
        assertThat(redisCount(a, serial)).isEqualTo(6);
    }

    @Test
    void scans_held_when_the_instance_stops_reach_redis() {
        ScanCounters a = instance(Duration.ofMinutes(5));
        long serial = 0x1111_2222_3333_4444L;
        for (int i = 0; i < 4; i++) {
            scan(a, serial, null);
        }
        assertThat(redisCount(a, serial)).isEqualTo(1);
        redis.vertx.undeploy(deployed.get(a)).await();
        assertThat(redisCount(a, serial)).isEqualTo(4);
    }

    @Test
    void distinct_clients_are_counted_and_a_repeating_client_is_not() {
        for (Duration fresh : List.of(Duration.ofMinutes(5), Duration.ZERO)) {
            ScanCounters a = instance(fresh);
            ScanCounters b = instance(fresh);
            long serial = ThreadLocalRandom.current().nextLong();
            PriorScans first = a.record(7, serial, Instant.now(), null, "CN-44", "alice").await();
            assertThat(first.clientsWithThis()).as(fresh + " first").isEqualTo(1);
            for (int i = 0; i < 10; i++) {
                PriorScans again = a.record(7, serial, Instant.now(), null, "CN-44", "alice").await();
                assertThat(again.repeatClient()).as(fresh + " alice again").isTrue();
                assertThat(again.clientsWithThis()).as(fresh + " alice again").isEqualTo(1);
            }
            assertThat(a.record(7, serial, Instant.now(), null, "CN-44", "bob").await().clientsWithThis()).isEqualTo(2);
            assertThat(a.record(7, serial, Instant.now(), null, "CN-44", "carol").await().clientsWithThis()).isEqualTo(3);
            a.flush().await();
            PriorScans atB = b.record(7, serial, Instant.now(), null, "CN-44", "alice").await();   // B's first: Redis knows alice
            assertThat(atB.count()).as(fresh + " count at B").isEqualTo(13);
            assertThat(atB.repeatClient()).isTrue();
            assertThat(atB.clientsWithThis()).as(fresh + " clients at B").isEqualTo(3);
            assertThat(b.record(7, serial, Instant.now(), null, "CN-44", "dave").await().clientsWithThis()).isEqualTo(4);
        }
    }

    @Test
    void counters_redis_lost_come_back_from_the_history_once() {
        Instant first = Instant.parse("2026-11-01T08:00:00Z");
        ScanHistory durable = (batch, serial) -> io.vertx.core.Future.succeededFuture(
                new PriorScans(true, 40, first, "ws0e9", first.plusSeconds(3600), "ws0e8", "CN-44", 12, false));
        ScanCounters c = new ScanCounters(new RedisTier(redis.api, prefix, Clock.systemUTC(), Duration.ofSeconds(2)), durable,
                Duration.ofDays(1), Duration.ofHours(1), Duration.ZERO, 1000, Clock.systemUTC());
        deployed.put(c, redis.vertx.deployVerticle(c).await());
        long serial = ThreadLocalRandom.current().nextLong();
        PriorScans restored = c.record(7, serial, Instant.now(), null, "CN-11", "erin").await();
        assertThat(restored.count()).isEqualTo(40);
        assertThat(restored.clients()).isEqualTo(12);
        assertThat(restored.firstAt()).isEqualTo(first);
        PriorScans next = c.record(7, serial, Instant.now(), null, "CN-11", "frank").await();
        assertThat(next.count()).isEqualTo(41);                  // restored once, not again
        assertThat(next.clients()).isEqualTo(13);
        assertThat(next.firstPlace()).isEqualTo("ws0e9");
        assertThat(redisCount(c, serial)).isEqualTo(42);
    }

    /** A durable history that answers 40 scans and counts how often it was read. */
    static final class CountingHistory implements ScanHistory {
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public io.vertx.core.Future<PriorScans> load(int batchId, long serial) {
            reads.incrementAndGet();
            Instant first = Instant.parse("2026-11-01T08:00:00Z");
            return io.vertx.core.Future.succeededFuture(
                    new PriorScans(true, 40, first, "ws0e9", first.plusSeconds(3600), "ws0e8", "CN-44", 12, false));
        }
    }

    static ScanCounters withHistory(ScanHistory history) {
        ScanCounters c = new ScanCounters(new RedisTier(redis.api, prefix, Clock.systemUTC(), Duration.ofSeconds(2)), history,
                Duration.ofDays(1), Duration.ofHours(1), Duration.ZERO, 1000, Clock.systemUTC());
        deployed.put(c, redis.vertx.deployVerticle(c).await());
        return c;
    }

    @Test
    void a_unit_of_a_batch_issued_after_the_completeness_mark_skips_the_history_read() {
        CountingHistory history = new CountingHistory();
        ScanCounters c = withHistory(history);
        long serial = ThreadLocalRandom.current().nextLong();
        // the instance set the buckets' marks when it started; a batch created after them (beyond the clock skew)
        Instant issued = Instant.now().plusMillis(ScanCounters.ISSUE_CLOCK_SKEW_MS + 60_000);
        PriorScans first = c.record(7, serial, Instant.now(), null, "CN-11", "erin", issued).await();
        assertThat(first.known()).isTrue();
        assertThat(first.count()).isZero();
        assertThat(history.reads).hasValue(0);
        assertThat(c.historyReadsSkipped()).isEqualTo(1);
        assertThat(c.record(7, serial, Instant.now(), null, "CN-11", "frank", issued).await().count()).isEqualTo(1);
        assertThat(redisCount(c, serial)).isEqualTo(2);
    }

    @Test
    void a_unit_of_a_batch_issued_before_the_mark_or_of_no_known_batch_reads_the_history() {
        CountingHistory history = new CountingHistory();
        ScanCounters c = withHistory(history);
        long older = ThreadLocalRandom.current().nextLong();
        assertThat(c.record(7, older, Instant.now(), null, "CN-11", "erin", Instant.now().minusSeconds(3600)).await().count())
                .isEqualTo(40);
        long unknown = ThreadLocalRandom.current().nextLong();
        assertThat(c.record(7, unknown, Instant.now(), null, "CN-11", "erin", null).await().count()).isEqualTo(40);
        assertThat(history.reads).hasValue(2);
    }

    @Test
    void a_mark_set_before_redis_may_have_lost_hashes_is_set_again_and_the_history_is_read() {
        CountingHistory history = new CountingHistory();
        ScanCounters c = withHistory(history);
        long serial = ThreadLocalRandom.current().nextLong();
        String mark = markOf(c, serial);
        Instant issued = Instant.now().minusSeconds(5);
        // a mark from long before the batch, but set under another evicted_keys count than Redis reports
        // now (as after an eviction): it is set again to now, before which the batch was created
        redis.api.hset(List.of(mark, "since", "0", "ev", "-1")).await();
        assertThat(c.record(7, serial, Instant.now(), null, "CN-11", "erin", issued).await().count()).isEqualTo(40);
        assertThat(history.reads).hasValue(1);
        assertThat(redis.api.hget(mark, "ev").await().toString()).isNotEqualTo("-1");
        // the same mark moved back before the batch, still valid otherwise: a unit of that batch is proven new
        redis.api.hset(List.of(mark, "since", "0")).await();
        long next = sameBucket(c, serial);
        assertThat(c.record(7, next, Instant.now(), null, "CN-11", "erin", issued).await().count()).isZero();
        assertThat(history.reads).hasValue(1);
    }

    /** The completeness mark of the bucket of a code's counters. */
    static String markOf(ScanCounters c, long serial) {
        String key = c.key(7, serial);
        return prefix + "scan:" + key.substring(key.indexOf('{'), key.indexOf('}') + 1) + ScanCounters.COMPLETE;
    }

    /** Another random serial whose counters fall in the same bucket. */
    static long sameBucket(ScanCounters c, long serial) {
        String mark = markOf(c, serial);
        long s;
        do {
            s = ThreadLocalRandom.current().nextLong();
        } while (s == serial || !markOf(c, s).equals(mark));
        return s;
    }

    @Test
    void a_codes_keys_keep_the_ttl_and_their_expiry_is_renewed_once_a_renewal_period_not_at_every_scan() {
        long ttl = Duration.ofDays(1).toSeconds();
        long renew = ScanCounters.renewal(Duration.ofDays(1)).toSeconds();
        assertThat(renew).isEqualTo(864);
        assertThat(ScanCounters.renewal(Duration.ofDays(400))).isEqualTo(Duration.ofDays(1));
        // each way a scan reaches Redis: the script of a code's first scan here (fresh 0: every scan), and the sync
        for (Duration fresh : List.of(Duration.ZERO, Duration.ofMinutes(5))) {
            ScanCounters a = instance(fresh);
            long serial = ThreadLocalRandom.current().nextLong();
            String key = a.key(7, serial);
            String hll = key + ScanCounters.CLIENTS;
            a.record(7, serial, Instant.now(), null, "CN-44", "alice").await();
            a.record(7, serial, Instant.now(), null, "CN-44", "alice").await();
            a.flush().await();
            assertThat(ttl(key)).as(fresh + ": the hash kept the TTL and the renewal").isBetween(ttl + renew - 5, ttl + renew);
            assertThat(ttl(hll)).as(fresh + ": its clients too").isBetween(ttl + renew - 5, ttl + renew);

            // renewed a moment ago: further scans leave the expiry alone (shortened here to see it)
            redis.api.expire(List.of(key, "100")).await();
            redis.api.expire(List.of(hll, "100")).await();
            a.record(7, serial, Instant.now(), null, "CN-44", "alice").await();
            a.flush().await();
            assertThat(ttl(key)).as(fresh + ": not renewed at every scan").isLessThanOrEqualTo(100);
            assertThat(ttl(hll)).isLessThanOrEqualTo(100);

            // a client HyperLogLog created by a new client's scan gets its expiry at once
            redis.api.del(List.of(hll)).await();
            a.record(7, serial, Instant.now(), null, "CN-44", "bob").await();
            a.flush().await();
            assertThat(ttl(hll)).as(fresh + ": a new HyperLogLog never lives without expiry").isBetween(ttl + renew - 5, ttl + renew);
            assertThat(ttl(key)).isLessThanOrEqualTo(100);

            // once the renewal period has run since the last renewal, the next scan renews both
            long now = Long.parseLong(redis.api.time().await().get(0).toString());
            redis.api.hset(List.of(key, "x", Long.toString(now - renew))).await();
            a.record(7, serial, Instant.now(), null, "CN-44", "alice").await();
            a.flush().await();
            assertThat(ttl(key)).as(fresh + ": renewed after the period").isBetween(ttl + renew - 5, ttl + renew);
            assertThat(ttl(hll)).isBetween(ttl + renew - 5, ttl + renew);
            assertThat(redisCount(a, serial)).isEqualTo(5);
        }
    }

    static long ttl(String key) {
        return redis.api.ttl(key).await().toLong();
    }

    static long redisCount(ScanCounters c, long serial) {
        var r = redis.api.hget(c.key(7, serial), "n").await();
        return r == null ? 0 : r.toLong();
    }
}
