package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.http.CqlFutures;
import org.markauth.registry.MarkKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes groups of scan records: rows of the scan log ({@code scan_log}, V013), the summary rows
 * of the codes whose scans were exceptional ({@code scan_summaries}, see {@link ScanSummaries}),
 * then the day's hot-spot counters aggregated per (day, place, verdict) so a flood of fakes from
 * one place costs one counter update per flush, not per scan.
 *
 * <p>Why the log is shaped so: what a scan costs the node is mostly the mutation of its
 * partition, not its bytes. A flush's scans go to ONE log partition per (minute, second-shard),
 * in single-partition unlogged batches of {@value #PARTITION_ROWS} rows: one mutation per
 * 100 scans, which Cassandra applies atomically and does not size-check. Measured on this machine
 * kind (ScanWriteCostBench, docs/verify-api.md) such a row costs the node a fraction of a
 * single-row insert, where the per-code rows of {@code scans_by_mark} cost about one each. The
 * shard comes from the scan's own time UUID ({@link ScanLog#shard}): it moves on every second,
 * from a start fixed by the UUID's node (so instances spread), which keeps one flush in one
 * partition and makes a replayed scan land on the very row it was written to before.
 *
 * <p>Summaries are idempotent (written {@code USING TIMESTAMP} of their latest scan: the newest
 * scan's values win, a replay rewrites the same cells) and go with the log rows, packed into
 * unlogged batches of at most {@code rowsPerBatch} codes that share their replicas (the driver's
 * token map), so a batch needs no coordinator fan-out. Counters go only after every row and
 * summary succeeded; a counter batch that timed out after Cassandra applied it is counted again by
 * the replay (statistics, not scan records). A warning Cassandra returns is counted
 * ({@link #serverWarnings()}) and logged by the driver.
 */
final class ScanStore {

    private static final Logger LOG = LoggerFactory.getLogger(ScanStore.class);

    /** Scan-log rows per single-partition batch (~15 KiB); 400 measured no cheaper per row. */
    static final int PARTITION_ROWS = 100;

    private final CqlSession session;
    private final PreparedStatement insertScan;
    private final PreparedStatement bumpHotspot;
    private final PreparedStatement summary;
    private final int rowsPerBatch;
    private final CqlIdentifier keyspace;
    private final ScanSummaries summaries;
    private final LongAdder statements = new LongAdder();
    private final LongAdder summaryRows = new LongAdder();
    private final LongAdder warnings = new LongAdder();

    ScanStore(CqlSession session, int rowsPerBatch, Duration summaryInterval) {
        this.session = session;
        this.rowsPerBatch = rowsPerBatch;
        this.summaries = new ScanSummaries(summaryInterval);
        this.insertScan = session.prepare("INSERT INTO scan_log (minute, shard, at, batch_id, serial, verdict, cell, region, "
                + "ip_hash, device, lang, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.bumpHotspot = session.prepare("UPDATE scan_hotspots SET scans = scans + ? WHERE day = ? AND place = ? AND verdict = ?");
        this.summary = session.prepare("UPDATE scan_summaries USING TIMESTAMP :ts SET scans = :scans, clients = :clients, "
                + "first_at = :first_at, first_place = :first_place, last_at = :last_at, last_cell = :last_cell, "
                + "last_region = :last_region, last_verdict = :last_verdict, last_channel = :last_channel, "
                + "prev_verdict = :prev_verdict, verdict_changed_at = :verdict_changed_at, places = places + :places "
                + "WHERE batch_id = :batch_id AND serial = :serial");
        this.keyspace = session.getKeyspace().orElseThrow(() -> new IllegalStateException("the session needs a keyspace"));
    }

    /** Statements (batches or single rows) sent to Cassandra so far. */
    long statements() {
        return statements.sum();
    }

    /** Summary rows written so far (one per code per flush at most, by exception). */
    long summaryRows() {
        return summaryRows.sum();
    }

    /** Responses that carried a server warning (a batch above the size threshold, say): 0 when the grouping holds. */
    long serverWarnings() {
        return warnings.sum();
    }

    Future<Void> write(List<ScanRecord> records) {
        Map<List<Object>, Long> hot = new HashMap<>();
        Map<List<Object>, List<BatchableStatement<?>>> byPartition = new LinkedHashMap<>();
        for (ScanRecord r : records) {
            Instant t = r.time();
            hot.merge(List.of(LocalDate.ofEpochDay(Math.floorDiv(t.getEpochSecond(), 86_400L)), r.place(), r.verdict()), 1L, Long::sum);
            if (r.batchId() != null) {   // as before: a forged code's scan is in the hot spots only
                Instant minute = ScanLog.minute(t);
                short shard = ScanLog.shard(r.at());
                byPartition.computeIfAbsent(List.of(minute, shard), k -> new ArrayList<>()).add(row(minute, shard, r));
            }
        }
        List<Future<?>> parts = new ArrayList<>();
        for (List<BatchableStatement<?>> rows : byPartition.values()) {
            for (int from = 0; from < rows.size(); from += PARTITION_ROWS) {
                parts.add(send(rows.subList(from, Math.min(rows.size(), from + PARTITION_ROWS))));
            }
        }
        List<ScanSummaries.Update> updates = summaries.decide(records, System.currentTimeMillis());
        parts.addAll(summaryBatches(updates));
        Future<Void> stored = Future.all(parts).<Void>mapEmpty()
                .onFailure(e -> summaries.forget(updates.stream().map(ScanSummaries.Update::code).toList()));
        if (hot.isEmpty()) {
            return stored;
        }
        // Counters last, once every row is in: a failed write is replayed whole (rows are idempotent,
        // counter updates are not), so counting before the rows landed would count a replay twice.
        BatchStatement counters = BatchStatement.newInstance(BatchType.COUNTER, hot.entrySet().stream()
                .<BatchableStatement<?>>map(e -> bumpHotspot.bind(e.getValue(), e.getKey().get(0), e.getKey().get(1), e.getKey().get(2)))
                .toList());
        return stored.compose(x -> execute(counters)).mapEmpty();
    }

    /**
     * Writes the summaries of held-back scans that are due (all of them when {@code all}: a stop),
     * for the flushes that have no scans to carry them.
     */
    Future<Void> writeDue(boolean all) {
        List<ScanSummaries.Update> updates = summaries.decide(List.of(), all ? Long.MAX_VALUE : System.currentTimeMillis());
        if (updates.isEmpty()) {
            return Future.succeededFuture();
        }
        return Future.all(summaryBatches(updates)).<Void>mapEmpty()
                .onFailure(e -> summaries.forget(updates.stream().map(ScanSummaries.Update::code).toList()));
    }

    /** The summary rows, packed into unlogged batches of codes that share their replicas. */
    private List<Future<AsyncResultSet>> summaryBatches(List<ScanSummaries.Update> updates) {
        Optional<TokenMap> tokens = session.getMetadata().getTokenMap();
        Map<Set<Node>, List<BatchableStatement<?>>> packing = new HashMap<>();
        List<Future<AsyncResultSet>> sent = new ArrayList<>();
        for (ScanSummaries.Update u : updates) {
            BatchableStatement<?> row = summaryRow(u);
            List<BatchableStatement<?>> open = packing.computeIfAbsent(
                    tokens.map(t -> t.getReplicas(keyspace, row.getRoutingKey())).orElse(Set.of()), k -> new ArrayList<>());
            open.add(row);
            if (open.size() == rowsPerBatch) {
                sent.add(send(List.copyOf(open)));
                open.clear();
            }
        }
        packing.values().stream().filter(open -> !open.isEmpty()).forEach(open -> sent.add(send(open)));
        summaryRows.add(updates.size());
        return sent;
    }

    private BatchableStatement<?> summaryRow(ScanSummaries.Update u) {
        ScanRecord r = u.latest();
        // unset (not null) where the flush knows nothing: a null would delete what another write put there
        BoundStatementBuilder b = summary.boundStatementBuilder()
                .setLong("ts", r.at().timestamp() / 10 - GREGORIAN_TO_UNIX_MICROS)
                .setInt("batch_id", u.code().batchId())
                .setByteBuffer("serial", MarkKey.serialBytes(u.code().serial()))
                .setUuid("last_at", r.at())
                .setString("last_verdict", r.verdict())
                .setString("last_channel", r.channel())
                .setMap("places", u.places(), String.class, java.util.UUID.class);
        setIf(b, "last_cell", r.cell());
        setIf(b, "last_region", r.region());
        if (u.scans() > 0) {
            b.setLong("scans", u.scans()).setLong("clients", u.clients());
        }
        if (u.firstAt() != null) {
            b.setInstant("first_at", u.firstAt());
            setIf(b, "first_place", u.firstPlace());
        }
        if (u.prevVerdict() != null) {
            b.setString("prev_verdict", u.prevVerdict()).setUuid("verdict_changed_at", u.verdictChangedAt());
        }
        return b.build();
    }

    /** 100-ns intervals between 1582-10-15 and 1970-01-01, in microseconds (time UUID to Unix time). */
    private static final long GREGORIAN_TO_UNIX_MICROS = 12_219_292_800_000_000L;

    private static void setIf(BoundStatementBuilder b, String name, String value) {
        if (value != null) {
            b.setString(name, value);
        }
    }

    private BatchableStatement<?> row(Instant minute, short shard, ScanRecord r) {
        // absent values unset, not null: a null is a tombstone cell the node stores and compacts
        BoundStatementBuilder b = insertScan.boundStatementBuilder().setInstant(0, minute).setShort(1, shard).setUuid(2, r.at())
                .setInt(3, r.batchId()).setByteBuffer(4, MarkKey.serialBytes(r.serial())).setString(5, r.verdict())
                .setString(11, r.channel());
        if (r.cell() != null) {
            b.setString(6, r.cell());
        }
        if (r.region() != null) {
            b.setString(7, r.region());
        }
        if (r.ipHash() != null) {
            b.setByteBuffer(8, ByteBuffer.wrap(r.ipHash()));
        }
        if (r.device() != null) {
            b.setString(9, r.device());
        }
        if (r.lang() != null) {
            b.setString(10, r.lang());
        }
        return b.build();
    }

    /** One statement alone, several in one unlogged batch. */
    private Future<AsyncResultSet> send(List<BatchableStatement<?>> rows) {
        return execute(rows.size() == 1 ? rows.get(0) : BatchStatement.newInstance(BatchType.UNLOGGED, rows));
    }

    private Future<AsyncResultSet> execute(Statement<?> statement) {
        statements.increment();
        return CqlFutures.future(session.executeAsync(statement)).onSuccess(rs -> {
            List<String> w = rs.getExecutionInfo().getWarnings();
            if (!w.isEmpty()) {
                warnings.increment();
                LOG.debug("Cassandra warned about a scan write: {}", w);
            }
        });
    }
}
