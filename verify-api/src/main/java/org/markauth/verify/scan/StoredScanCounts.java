package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import java.time.Instant;
import org.markauth.http.CqlFutures;
import org.markauth.verify.registry.RegistryReader;

/**
 * The durable clone evidence of a code in Cassandra: its distinct clients from {@code scan_counts}
 * (V008) and, for a code that has any, its scans counted from {@code scans_by_mark} with the first
 * and last (oldest and newest row). Read only when Redis has no counters for the code; a code never
 * scanned before (the common case) costs one single-partition read, a restored one four (the count
 * reads the code's whole partition: fine for the rare restore, and why the scan count is not kept
 * as a counter updated on every scan).
 */
public final class StoredScanCounts implements ScanHistory {

    private final CqlSession session;
    private final PreparedStatement counts;
    private final PreparedStatement first;
    private final PreparedStatement last;
    private final PreparedStatement rows;

    /** Prepares its statements: call off the event loop. */
    public StoredScanCounts(CqlSession session) {
        this.session = session;
        this.counts = session.prepare("SELECT clients FROM scan_counts WHERE batch_id = ? AND serial = ?");
        this.rows = session.prepare("SELECT COUNT(*) FROM scans_by_mark WHERE batch_id = ? AND serial = ?");
        this.first = session.prepare("SELECT at, cell, region FROM scans_by_mark WHERE batch_id = ? AND serial = ? "
                + "ORDER BY at ASC LIMIT 1");
        this.last = session.prepare("SELECT at, cell, region FROM scans_by_mark WHERE batch_id = ? AND serial = ? LIMIT 1");
    }

    @Override
    public Future<PriorScans> load(int batchId, long serial) {
        var s = RegistryReader.serialBytes(serial);
        return CqlFutures.future(session.executeAsync(counts.bind(batchId, s))).compose(c -> {
            Row counted = c.one();
            long clients = counted == null ? 0 : counted.getLong("clients");
            if (clients <= 0) {   // every code's first counted scan is a new client: none means never scanned
                return Future.succeededFuture(PriorScans.NONE);
            }
            Future<AsyncResultSet> n = CqlFutures.future(session.executeAsync(rows.bind(batchId, s)));
            Future<AsyncResultSet> f = CqlFutures.future(session.executeAsync(first.bind(batchId, s)));
            Future<AsyncResultSet> l = CqlFutures.future(session.executeAsync(last.bind(batchId, s)));
            return Future.all(n, f, l).map(x -> {
                Row a = f.result().one();
                Row b = l.result().one();
                return new PriorScans(true, n.result().one().getLong(0), at(a),
                        a == null ? null : CodeScans.place(a.getString("cell"), a.getString("region")), at(b),
                        b == null ? null : b.getString("cell"), b == null ? null : b.getString("region"),
                        clients, false);
            });
        });
    }

    private static Instant at(Row r) {
        return r == null ? null : RegistryReader.instantOf(r.getUuid("at"));
    }
}
