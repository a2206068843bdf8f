package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.registry.MarkKey;
import org.markauth.verify.Fixture;

/**
 * How scans reach Cassandra (real node, the verify-api's default batch size): every scan is a row of
 * the scan log, a flush's rows go as single-partition batches of one (minute, shard) partition, the
 * codes' summary rows are written by exception and packed with codes on the same replicas, a
 * replayed flush changes nothing, and Cassandra returns no warning even with the longest values a
 * scan carries.
 */
class ScanStoreIT {

    static Fixture f;

    @BeforeAll
    static void up() {
        f = new Fixture("scan_store_it");
    }

    @AfterAll
    static void down() {
        f.close();
    }

    /** A scan with the longest values the service records: geocell, region, 16-byte address hash, device, language. */
    static ScanRecord scan(int batchId, long serial) {
        byte[] hash = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(hash);
        return new ScanRecord(Uuids.timeBased(), batchId, serial, "CLONE_SUSPECTED", "wx4g0ec1", "CN-44-GUANGZHOU", hash,
                "desktop", "zh", "OFFICER");
    }

    /** A counted scan as the verification path makes it: the shared counts with it added. */
    static ScanRecord counted(int batchId, long serial, String verdict, String cell, boolean newClient, long scans, long clients,
                              Instant firstAt) {
        return new ScanRecord(Uuids.timeBased(), batchId, serial, verdict, cell, "CN-11", new byte[] {1}, "mobile", "zh", "PAGE",
                true, newClient, scans, clients, firstAt, "ws0e9");
    }

    /** Batches the summaries of these codes need: codes are packed only with codes on the same replicas. */
    static int packedBatches(int batchId, Set<Long> serials, int rowsPerBatch) {
        var tokens = f.session.getMetadata().getTokenMap().orElseThrow();
        var keyspace = f.session.getKeyspace().orElseThrow();
        Map<Object, Integer> perReplicas = new HashMap<>();
        for (long serial : serials) {
            java.nio.ByteBuffer key = java.nio.ByteBuffer.allocate(2 + 4 + 1 + 2 + 8 + 1);   // composite (batch_id, serial)
            key.putShort((short) 4).putInt(batchId).put((byte) 0).putShort((short) 8).putLong(serial).put((byte) 0).flip();
            perReplicas.merge(tokens.getReplicas(keyspace, key), 1, Integer::sum);
        }
        return perReplicas.values().stream().mapToInt(n -> (n + rowsPerBatch - 1) / rowsPerBatch).sum();
    }

    static int defaultRows() {
        return org.markauth.verify.app.VerifyConfig.load(org.markauth.config.ConfigSource.of(f.config("store", Map.of())))
                .scan().rowsPerBatch();
    }

    @Test
    void aFlushLandsWholeInTheLog_asSinglePartitionBatches_withASummaryPerCode_withoutServerWarnings() {
        int rows = defaultRows();
        ScanStore store = new ScanStore(f.session, rows, Duration.ofMinutes(5));
        int batchId = f.newId();
        List<ScanRecord> flush = new ArrayList<>();
        Map<Long, Integer> expected = new HashMap<>();
        for (int i = 0; i < 230; i++) {   // one popular code: 230 rows
            flush.add(scan(batchId, 1L));
        }
        expected.put(1L, 230);
        for (long serial = 2; serial < 402; serial++) {   // 400 codes scanned once
            flush.add(scan(batchId, serial));
            expected.put(serial, 1);
        }
        flush.add(new ScanRecord(Uuids.timeBased(), null, null, "FORGED", null, "CN-11", null, "mobile", "zh", "API"));
        java.util.Collections.shuffle(flush, new java.util.Random(5));
        // the partitions these scans belong to (a flush may straddle a second or a minute): 100 rows a batch each
        Map<List<Object>, Integer> partitions = new HashMap<>();
        flush.stream().filter(r -> r.batchId() != null)
                .forEach(r -> partitions.merge(List.of(ScanLog.minute(r.time()), ScanLog.shard(r.at())), 1, Integer::sum));
        int logBatches = partitions.values().stream().mapToInt(n -> (n + ScanStore.PARTITION_ROWS - 1) / ScanStore.PARTITION_ROWS).sum();

        store.write(flush).await();

        assertThat(ScanLogRows.perSerial(f.session, batchId)).as("every identified scan once in the log").isEqualTo(expected);
        assertThat(store.serverWarnings()).as("batches Cassandra warned about").isZero();
        int packed = packedBatches(batchId, expected.keySet(), rows);
        assertThat(store.summaryRows()).as("one summary row per code, its first flush").isEqualTo(401);
        assertThat(store.statements()).as("%d log batches, %d packed summary batches, 1 counter batch", logBatches, packed)
                .isEqualTo(logBatches + packed + 1);
        Row popular = summary(batchId, 1L);
        assertThat(popular.getString("last_verdict")).isEqualTo("CLONE_SUSPECTED");
        assertThat(popular.getMap("places", String.class, UUID.class)).containsOnlyKeys("wx4g0ec1");
        assertThat(f.session.execute("SELECT scans FROM scan_hotspots WHERE day = ? AND place = 'CN-11' AND verdict = 'FORGED'",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC)).one().getLong(0)).as("a forged code's scan: in the hot spots").isEqualTo(1);
    }

    @Test
    void summariesAreWrittenByException_aNewPlaceAClientOrAVerdict_elseOncePerInterval() {
        ScanStore store = new ScanStore(f.session, defaultRows(), Duration.ofHours(1));
        int batchId = f.newId();
        Instant first = Instant.parse("2026-12-01T08:00:00Z");

        store.write(List.of(counted(batchId, 1, "GENUINE", "ws0e9", true, 1, 1, first))).await();
        assertThat(store.summaryRows()).as("the code's first scan here").isEqualTo(1);
        store.write(List.of(counted(batchId, 1, "GENUINE", "ws0e9", false, 2, 1, first),
                counted(batchId, 1, "GENUINE", "ws0e9", false, 3, 1, first))).await();
        assertThat(store.summaryRows()).as("same place, same client, same verdict: held back").isEqualTo(1);
        assertThat(summary(batchId, 1).getLong("scans")).isEqualTo(1);

        store.write(List.of(counted(batchId, 1, "GENUINE", "wx4g0", false, 4, 1, first))).await();
        assertThat(store.summaryRows()).as("a new place").isEqualTo(2);
        Row r = summary(batchId, 1);
        assertThat(r.getLong("scans")).as("the held-back scans are in it").isEqualTo(4);
        assertThat(r.getMap("places", String.class, UUID.class)).containsOnlyKeys("ws0e9", "wx4g0");
        assertThat(r.getString("last_cell")).isEqualTo("wx4g0");
        assertThat(r.getInstant("first_at")).isEqualTo(first);

        store.write(List.of(counted(batchId, 1, "GENUINE", "wx4g0", true, 5, 2, first))).await();
        assertThat(store.summaryRows()).as("a new distinct client").isEqualTo(3);
        assertThat(summary(batchId, 1).getLong("clients")).isEqualTo(2);

        ScanRecord clone = counted(batchId, 1, "CLONE_SUSPECTED", "wx4g0", false, 6, 2, first);
        store.write(List.of(clone)).await();
        assertThat(store.summaryRows()).as("a verdict change").isEqualTo(4);
        r = summary(batchId, 1);
        assertThat(r.getString("last_verdict")).isEqualTo("CLONE_SUSPECTED");
        assertThat(r.getString("prev_verdict")).isEqualTo("GENUINE");
        assertThat(r.getUuid("verdict_changed_at")).isEqualTo(clone.at());

        store.write(List.of(counted(batchId, 1, "CLONE_SUSPECTED", "wx4g0", false, 7, 2, first))).await();
        assertThat(store.summaryRows()).as("nothing new: held back").isEqualTo(4);
        store.writeDue(false).await();
        assertThat(store.summaryRows()).as("a quiet tick: not due before the interval").isEqualTo(4);
        store.writeDue(true).await();
        assertThat(store.summaryRows()).as("a stop writes what is held back").isEqualTo(5);
        assertThat(summary(batchId, 1).getLong("scans")).isEqualTo(7);

        ScanStore eager = new ScanStore(f.session, defaultRows(), Duration.ZERO);
        eager.write(List.of(counted(batchId, 2, "GENUINE", "ws0e9", true, 1, 1, first))).await();
        eager.write(List.of(counted(batchId, 2, "GENUINE", "ws0e9", false, 2, 1, first))).await();
        assertThat(eager.summaryRows()).as("interval 0: every flush of the code").isEqualTo(2);
        assertThat(summary(batchId, 2).getLong("scans")).isEqualTo(2);
        assertThat(ScanLogRows.count(f.session, batchId, 1)).as("the log has every scan").isEqualTo(7);
    }

    @Test
    void aReplayedFlushChangesNothing_rowsAndSummaryAreIdempotent() {
        ScanStore store = new ScanStore(f.session, defaultRows(), Duration.ofMinutes(5));
        int batchId = f.newId();
        Instant first = Instant.parse("2026-12-01T08:00:00Z");
        List<ScanRecord> flush = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            flush.add(counted(batchId, 1, "GENUINE", i % 2 == 0 ? "ws0e9" : "wx4g0", i <= 3, i, Math.min(i, 3), first));
        }
        store.write(flush).await();
        Row before = summary(batchId, 1);

        new ScanStore(f.session, defaultRows(), Duration.ofMinutes(5)).write(flush).await();   // a replay after a restart

        assertThat(ScanLogRows.count(f.session, batchId, 1)).isEqualTo(50);
        Row after = summary(batchId, 1);
        Set<String> columns = new HashSet<>(List.of("scans", "clients", "last_cell", "last_verdict"));
        for (String c : columns) {
            assertThat(after.getObject(c)).as(c).isEqualTo(before.getObject(c));
        }
        assertThat(after.getLong("scans")).isEqualTo(50);
        assertThat(after.getUuid("last_at")).isEqualTo(flush.get(49).at());
    }

    static Row summary(int batchId, long serial) {
        return f.session.execute("SELECT * FROM scan_summaries WHERE batch_id = ? AND serial = ?", batchId,
                MarkKey.serialBytes(serial)).one();
    }
}
