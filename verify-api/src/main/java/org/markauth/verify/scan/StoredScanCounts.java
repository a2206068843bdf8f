package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import java.time.Instant;
import org.markauth.verify.registry.Cql;
import org.markauth.verify.registry.RegistryReader;

/**
 * The durable clone evidence of a code in Cassandra: the counts from {@code scan_counts} (V008)
 * and, for a code that has any, the first and last scan from {@code scans_by_mark} (its oldest and
 * newest row). Read only when Redis has no counters for the code; a code never scanned before (the
 * common case) costs one single-partition read, a restored one three.
 */
public final class StoredScanCounts implements ScanHistory {

    private final CqlSession session;
    private final PreparedStatement counts;
    private final PreparedStatement first;
    private final PreparedStatement last;

    /** Prepares its statements: call off the event loop. */
    public StoredScanCounts(CqlSession session) {
        this.session = session;
        this.counts = session.prepare("SELECT scans, clients FROM scan_counts WHERE batch_id = ? AND serial = ?");
        this.first = session.prepare("SELECT at, cell, region FROM scans_by_mark WHERE batch_id = ? AND serial = ? "
                + "ORDER BY at ASC LIMIT 1");
        this.last = session.prepare("SELECT at, cell, region FROM scans_by_mark WHERE batch_id = ? AND serial = ? LIMIT 1");
    }

    @Override
    public Future<PriorScans> load(int batchId, long serial) {
        var s = RegistryReader.serialBytes(serial);
        return Cql.future(session.executeAsync(counts.bind(batchId, s))).compose(c -> {
            Row counted = c.one();
            long scans = counted == null ? 0 : counted.getLong("scans");
            if (scans <= 0) {
                return Future.succeededFuture(PriorScans.NONE);
            }
            Future<AsyncResultSet> f = Cql.future(session.executeAsync(first.bind(batchId, s)));
            Future<AsyncResultSet> l = Cql.future(session.executeAsync(last.bind(batchId, s)));
            return Future.all(f, l).map(x -> {
                Row a = f.result().one();
                Row b = l.result().one();
                return new PriorScans(true, scans, at(a),
                        a == null ? null : CodeScans.place(a.getString("cell"), a.getString("region")), at(b),
                        b == null ? null : b.getString("cell"), b == null ? null : b.getString("region"),
                        counted.getLong("clients"), false);
            });
        });
    }

    private static Instant at(Row r) {
        return r == null ? null : RegistryReader.instantOf(r.getUuid("at"));
    }
}
