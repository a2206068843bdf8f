package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.http.CqlFutures;
import org.markauth.registry.MarkKey;
import org.markauth.verify.registry.RegistryReader;

/**
 * The durable clone evidence of a code in Cassandra: its summary row ({@code scan_summaries},
 * V013) with the scans and distinct clients the shared counters held at its last write, and the
 * first and last scan. Read only when Redis has no counters for the code: one single-partition
 * read. The summary is written by exception ({@link ScanSummaries}), so it is a lower bound that
 * lags the true counts by at most {@code verify.scan.summary-interval} of unexceptional scans.
 */
public final class StoredScanCounts implements ScanHistory {

    private final CqlSession session;
    private final PreparedStatement summary;
    private final LongAdder reads = new LongAdder();

    /** Prepares its statement: call off the event loop. */
    public StoredScanCounts(CqlSession session) {
        this.session = session;
        this.summary = session.prepare("SELECT scans, clients, first_at, first_place, last_at, last_cell, last_region "
                + "FROM scan_summaries WHERE batch_id = ? AND serial = ?");
    }

    @Override
    public Future<PriorScans> load(int batchId, long serial) {
        reads.increment();
        return CqlFutures.future(session.executeAsync(summary.bind(batchId, MarkKey.serialBytes(serial)))).map(rs -> {
            Row r = rs.one();
            if (r == null || r.isNull("scans") || r.getLong("scans") <= 0) {   // never scanned, or never counted
                return PriorScans.NONE;
            }
            UUID last = r.getUuid("last_at");
            return new PriorScans(true, r.getLong("scans"), r.getInstant("first_at"), r.getString("first_place"),
                    last == null ? null : RegistryReader.instantOf(last), r.getString("last_cell"), r.getString("last_region"),
                    r.getLong("clients"), false);
        });
    }

    /** Summary reads made so far (metric {@code verify_scan_history_reads}: one per code Redis had no counters for). */
    public long reads() {
        return reads.sum();
    }
}
