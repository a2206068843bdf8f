package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.markauth.http.CqlFutures;
import org.markauth.registry.MarkKey;
import org.markauth.registry.ScanLogKey;

/**
 * The scan log ({@code scan_log}, V013): every recorded scan, partitioned by (minute, shard). The
 * writer ({@link ScanStore}) puts each flush's scans of one minute into one shard; a reader of a
 * minute reads all {@value #SHARDS} shards. This class holds that contract and the one bounded
 * per-code read the officer views need: a code's scans within given minutes, filtered inside each
 * of their partitions ({@value #SHARDS} single-partition reads a minute). There is deliberately no
 * "all scans of a code" read: that is the summary's job ({@code scan_summaries}).
 */
public final class ScanLog {

    /** Shards per minute: part of the table's contract ({@link ScanLogKey}). */
    public static final int SHARDS = ScanLogKey.SHARDS;

    /** One logged scan of a code, as the officer views show it. */
    public record Scan(Instant at, String verdict, String cell, String region, String device, String channel) {
    }

    private final CqlSession session;
    private final PreparedStatement ofCode;

    /** Prepares its statement: call off the event loop. */
    public ScanLog(CqlSession session) {
        this.session = session;
        this.ofCode = session.prepare("SELECT at, verdict, cell, region, device, channel FROM scan_log "
                + "WHERE minute = ? AND shard = ? AND batch_id = ? AND serial = ? ALLOW FILTERING");
    }

    /** The partition minute of a scan made at {@code t} ({@link ScanLogKey#minute}). */
    public static Instant minute(Instant t) {
        return ScanLogKey.minute(t);
    }

    /** The shard of a scan ({@link ScanLogKey#shard}). */
    public static short shard(UUID at) {
        return ScanLogKey.shard(at);
    }

    /**
     * The code's scans in the minutes holding the given instants (nulls ignored), newest first, at
     * most {@code limit}: {@value #SHARDS} partition reads per distinct minute.
     */
    public Future<List<Scan>> scansOf(int batchId, long serial, int limit, Instant... within) {
        Set<Instant> minutes = new LinkedHashSet<>();
        for (Instant t : within) {
            if (t != null) {
                minutes.add(minute(t));
            }
        }
        var s = MarkKey.serialBytes(serial);
        List<Future<AsyncResultSet>> reads = new ArrayList<>();
        for (Instant m : minutes) {
            for (short shard = 0; shard < SHARDS; shard++) {
                reads.add(CqlFutures.future(session.executeAsync(ofCode.bind(m, shard, batchId, s.duplicate()))));
            }
        }
        return Future.all(reads).map(x -> {
            List<Scan> out = new ArrayList<>();
            for (Future<AsyncResultSet> f : reads) {
                for (Row r : f.result().currentPage()) {
                    out.add(scan(r));
                }
            }
            out.sort(Comparator.comparing(Scan::at).reversed());
            return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
        });
    }

    private static Scan scan(Row r) {
        UUID at = r.getUuid("at");
        return new Scan(org.markauth.verify.registry.RegistryReader.instantOf(at), r.getString("verdict"),
                r.getString("cell"), r.getString("region"), r.getString("device"), r.getString("channel"));
    }
}
