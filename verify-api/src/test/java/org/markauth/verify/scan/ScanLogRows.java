package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.HashMap;
import java.util.Map;
import org.markauth.registry.MarkKey;

/**
 * What tests read back from the scan log of their own keyspace: rows counted by the code they
 * belong to. A test keyspace holds only the test's scans, so reading the whole (small) table is the
 * honest count: no window can hide a row written to an unexpected minute or shard.
 */
public final class ScanLogRows {

    private ScanLogRows() {
    }

    /** Rows of one code in the log. */
    public static long count(CqlSession session, int batchId, long serial) {
        return session.execute("SELECT count(*) FROM scan_log WHERE batch_id = ? AND serial = ? ALLOW FILTERING", batchId,
                MarkKey.serialBytes(serial)).one().getLong(0);
    }

    /** Rows per serial of one batch in the log. */
    public static Map<Long, Integer> perSerial(CqlSession session, int batchId) {
        Map<Long, Integer> found = new HashMap<>();
        for (Row r : session.execute("SELECT serial FROM scan_log WHERE batch_id = ? ALLOW FILTERING", batchId)) {
            found.merge(r.getByteBuffer("serial").getLong(0), 1, Integer::sum);
        }
        return found;
    }
}
