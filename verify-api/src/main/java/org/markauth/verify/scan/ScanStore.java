package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.markauth.verify.registry.Cql;
import org.markauth.verify.registry.RegistryReader;

/**
 * Writes groups of scan records: scans_by_mark rows in unlogged batches of {@code rowsPerBatch}
 * (one round trip for many rows; unlogged because each row is idempotent, keyed by its time UUID)
 * and the day's hot-spot counters aggregated per (day, place, verdict) so a flood of fakes from one
 * place costs one counter update per flush, not per scan.
 */
final class ScanStore {

    private final CqlSession session;
    private final PreparedStatement insertScan;
    private final PreparedStatement bumpHotspot;
    private final int rowsPerBatch;

    ScanStore(CqlSession session, int rowsPerBatch) {
        this.session = session;
        this.rowsPerBatch = rowsPerBatch;
        this.insertScan = session.prepare("INSERT INTO scans_by_mark (batch_id, serial, at, verdict, cell, region, "
                + "ip_hash, device, lang, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.bumpHotspot = session.prepare("UPDATE scan_hotspots SET scans = scans + ? WHERE day = ? AND place = ? AND verdict = ?");
    }

    Future<Void> write(List<ScanRecord> records) {
        List<Future<?>> parts = new ArrayList<>();
        BatchStatementBuilder b = BatchStatement.builder(BatchType.UNLOGGED);
        int n = 0;
        Map<List<Object>, Long> hot = new HashMap<>();
        for (ScanRecord r : records) {
            LocalDate day = LocalDate.ofInstant(r.time(), ZoneOffset.UTC);
            hot.merge(List.of(day, r.place(), r.verdict()), 1L, Long::sum);
            if (r.batchId() == null) {
                continue;
            }
            b.addStatement(insertScan.bind(r.batchId(), RegistryReader.serialBytes(r.serial()), r.at(), r.verdict(),
                    r.cell(), r.region(), r.ipHash() == null ? null : ByteBuffer.wrap(r.ipHash()), r.device(),
                    r.lang(), r.channel()));
            if (++n == rowsPerBatch) {
                parts.add(Cql.future(session.executeAsync(b.build())));
                b = BatchStatement.builder(BatchType.UNLOGGED);
                n = 0;
            }
        }
        if (n > 0) {
            parts.add(Cql.future(session.executeAsync(b.build())));
        }
        if (!hot.isEmpty()) {
            BatchStatementBuilder c = BatchStatement.builder(BatchType.COUNTER);
            hot.forEach((k, v) -> c.addStatement(bumpHotspot.bind(v, k.get(0), k.get(1), k.get(2))));
            parts.add(Cql.future(session.executeAsync(c.build())));
        }
        return Future.all(parts).mapEmpty();
    }
}
