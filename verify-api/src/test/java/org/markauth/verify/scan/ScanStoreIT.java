package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.verify.Fixture;
import org.markauth.verify.registry.RegistryReader;

/**
 * How scan rows reach Cassandra (real node, the verify-api's default batch size): every row lands,
 * a popular code's rows go as single-partition batches, the others packed into unlogged batches,
 * and Cassandra returns no warning for any of them even with the longest values a scan carries.
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

    /** Batches the once-scanned codes need: codes are packed only with codes on the same replicas (one group on one node). */
    static int packedBatches(int batchId, long fromSerial, long toSerial, int rowsPerBatch) {
        var tokens = f.session.getMetadata().getTokenMap().orElseThrow();
        var keyspace = f.session.getKeyspace().orElseThrow();
        Map<Object, Integer> perReplicas = new HashMap<>();
        for (long serial = fromSerial; serial < toSerial; serial++) {
            java.nio.ByteBuffer key = java.nio.ByteBuffer.allocate(2 + 4 + 1 + 2 + 8 + 1);   // composite (batch_id, serial)
            key.putShort((short) 4).putInt(batchId).put((byte) 0).putShort((short) 8).putLong(serial).put((byte) 0).flip();
            perReplicas.merge(tokens.getReplicas(keyspace, key), 1, Integer::sum);
        }
        return perReplicas.values().stream().mapToInt(n -> (n + rowsPerBatch - 1) / rowsPerBatch).sum();
    }

    @Test
    void aFlushOfPopularAndSingleScansLandsWhole_inFewStatements_withoutServerWarnings() {
        int defaultRows = org.markauth.verify.app.VerifyConfig.load(org.markauth.config.ConfigSource.of(f.config("store", Map.of())))
                .scan().rowsPerBatch();
        ScanStore store = new ScanStore(f.session, defaultRows);
        int batchId = f.newId();
        List<ScanRecord> flush = new ArrayList<>();
        Map<Long, Integer> expected = new HashMap<>();
        for (int i = 0; i < 230; i++) {   // one popular code: 230 rows, three single-partition batches
            flush.add(scan(batchId, 1L));
        }
        expected.put(1L, 230);
        for (long serial = 2; serial < 402; serial++) {   // 400 codes scanned once
            flush.add(scan(batchId, serial));
            expected.put(serial, 1);
        }
        java.util.Collections.shuffle(flush, new java.util.Random(5));

        store.write(flush).await();

        Map<Long, Integer> found = new HashMap<>();
        for (Row r : f.session.execute("SELECT serial FROM scans_by_mark WHERE batch_id = " + batchId + " ALLOW FILTERING")) {
            found.merge(r.getByteBuffer("serial").getLong(0), 1, Integer::sum);
        }
        assertThat(found).isEqualTo(expected);
        assertThat(store.serverWarnings()).as("batches Cassandra warned about").isZero();
        int packed = packedBatches(batchId, 2, 402, defaultRows);
        assertThat(store.statements()).as("3 single-code batches, %d packed batches, 1 counter batch", packed)
                .isEqualTo(3 + packed + 1);
        assertThat(f.session.execute("SELECT COUNT(*) FROM scans_by_mark WHERE batch_id = ? AND serial = ?",
                batchId, RegistryReader.serialBytes(1L)).one().getLong(0)).isEqualTo(230);
    }
}
