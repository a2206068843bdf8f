package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.http.CqlFutures;
import org.markauth.verify.registry.RegistryReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes groups of scan records: {@code scans_by_mark} rows, then the day's hot-spot counters
 * aggregated per (day, place, verdict) so a flood of fakes from one place costs one counter update
 * per flush, not per scan. Counters go only after all rows succeeded; a counter batch that timed out
 * after Cassandra applied it is counted again by the replay (statistics, not scan records).
 *
 * <p>Rows are grouped the way Cassandra applies them. The rows of one code (one partition) go
 * together: a popular code's scans of one flush are one mutation, in single-partition batches that
 * Cassandra applies atomically and does not size-check. Codes with fewer rows are packed into
 * unlogged batches of at most {@code rowsPerBatch} rows, and only with codes whose partitions have
 * the same replicas (from the driver's token map), so whichever replica the driver sends a batch to
 * owns every row of it: no coordinator fan-out on a cluster, one round trip for several rows. The
 * default size (10) is Cassandra's own limit for such batches ({@code
 * unlogged_batch_across_partitions_warn_threshold}) and keeps them far under its 5 KiB {@code
 * batch_size_warn_threshold}; a warning Cassandra still returns is counted ({@link #serverWarnings()})
 * and logged by the driver.
 */
final class ScanStore {

    private static final Logger LOG = LoggerFactory.getLogger(ScanStore.class);

    /** Rows of one code per single-partition batch: ~25 KiB, half Cassandra's fail threshold. */
    static final int PARTITION_ROWS = 100;

    private final CqlSession session;
    private final PreparedStatement insertScan;
    private final PreparedStatement bumpHotspot;
    private final PreparedStatement bumpCounts;
    private final int rowsPerBatch;
    private final CqlIdentifier keyspace;
    private final LongAdder statements = new LongAdder();
    private final LongAdder warnings = new LongAdder();

    ScanStore(CqlSession session, int rowsPerBatch) {
        this.session = session;
        this.rowsPerBatch = rowsPerBatch;
        this.insertScan = session.prepare("INSERT INTO scans_by_mark (batch_id, serial, at, verdict, cell, region, "
                + "ip_hash, device, lang, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.bumpHotspot = session.prepare("UPDATE scan_hotspots SET scans = scans + ? WHERE day = ? AND place = ? AND verdict = ?");
        this.bumpCounts = session.prepare("UPDATE scan_counts SET clients = clients + ? WHERE batch_id = ? AND serial = ?");
        this.keyspace = session.getKeyspace().orElseThrow(() -> new IllegalStateException("the session needs a keyspace"));
    }

    /** Statements (batches or single rows) sent to Cassandra so far. */
    long statements() {
        return statements.sum();
    }

    /** Responses that carried a server warning (a batch above the size threshold, say): 0 when the grouping holds. */
    long serverWarnings() {
        return warnings.sum();
    }

    Future<Void> write(List<ScanRecord> records) {
        Map<List<Object>, Long> hot = new HashMap<>();
        Map<Partition, List<BatchableStatement<?>>> byCode = new LinkedHashMap<>();
        Map<Partition, Long> newClients = new HashMap<>();   // per code: its new distinct clients in this flush
        for (ScanRecord r : records) {
            LocalDate day = LocalDate.ofInstant(r.time(), ZoneOffset.UTC);
            hot.merge(List.of(day, r.place(), r.verdict()), 1L, Long::sum);
            if (r.batchId() != null) {
                byCode.computeIfAbsent(new Partition(r.batchId(), r.serial()), k -> new ArrayList<>()).add(row(r));
            }
            if (r.counted() && r.newClient()) {
                newClients.merge(new Partition(r.batchId(), r.serial()), 1L, Long::sum);
            }
        }
        List<Future<?>> parts = new ArrayList<>();
        Optional<TokenMap> tokens = session.getMetadata().getTokenMap();
        Map<Set<Node>, List<BatchableStatement<?>>> packing = new HashMap<>();
        for (List<BatchableStatement<?>> rows : byCode.values()) {
            if (rows.size() >= rowsPerBatch) {
                for (int from = 0; from < rows.size(); from += PARTITION_ROWS) {
                    parts.add(send(rows.subList(from, Math.min(rows.size(), from + PARTITION_ROWS))));
                }
                continue;
            }
            List<BatchableStatement<?>> open = packing.computeIfAbsent(replicas(tokens, rows.get(0)), k -> new ArrayList<>());
            if (open.size() + rows.size() > rowsPerBatch) {
                parts.add(send(List.copyOf(open)));
                open.clear();
            }
            open.addAll(rows);
        }
        packing.values().stream().filter(open -> !open.isEmpty()).forEach(open -> parts.add(send(open)));
        if (hot.isEmpty()) {
            return Future.all(parts).mapEmpty();
        }
        // Counters last, once every row is in: a failed write is replayed whole (rows are idempotent,
        // counter updates are not), so counting before the rows landed would count a replay twice.
        BatchStatement counters = BatchStatement.newInstance(BatchType.COUNTER, hot.entrySet().stream()
                .<BatchableStatement<?>>map(e -> bumpHotspot.bind(e.getValue(), e.getKey().get(0), e.getKey().get(1), e.getKey().get(2)))
                .toList());
        // the clone evidence (what Redis's counters come back from), by exception: only codes that had a
        // new distinct client, one update per code and flush, packed into counter batches of codes that
        // share their replicas as the rows are (a counter update per scanned code and flush halved the
        // warm rate: docs/performance.md, 2026-12-06)
        return Future.all(parts).compose(x -> Future.all(counterBatches(tokens, newClients)))
                .compose(x -> execute(counters)).mapEmpty();
    }

    private List<Future<AsyncResultSet>> counterBatches(Optional<TokenMap> tokens, Map<Partition, Long> newClients) {
        Map<Set<Node>, List<BatchableStatement<?>>> packing = new HashMap<>();
        List<Future<AsyncResultSet>> sent = new ArrayList<>();
        for (Map.Entry<Partition, Long> e : newClients.entrySet()) {
            BatchableStatement<?> bump = bumpCounts.bind(e.getValue(), e.getKey().batchId(),
                    RegistryReader.serialBytes(e.getKey().serial()));
            List<BatchableStatement<?>> open = packing.computeIfAbsent(replicas(tokens, bump), k -> new ArrayList<>());
            open.add(bump);
            if (open.size() == rowsPerBatch) {
                sent.add(execute(BatchStatement.newInstance(BatchType.COUNTER, List.copyOf(open))));
                open.clear();
            }
        }
        packing.values().stream().filter(open -> !open.isEmpty())
                .forEach(open -> sent.add(execute(open.size() == 1 ? open.get(0) : BatchStatement.newInstance(BatchType.COUNTER, open))));
        return sent;
    }

    private BatchableStatement<?> row(ScanRecord r) {
        return insertScan.bind(r.batchId(), RegistryReader.serialBytes(r.serial()), r.at(), r.verdict(), r.cell(),
                r.region(), r.ipHash() == null ? null : ByteBuffer.wrap(r.ipHash()), r.device(), r.lang(), r.channel());
    }

    /** One row alone, several in one unlogged batch. */
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

    /** The nodes that own this row's partition (the driver sends it to one of them); one group when unknown. */
    private Set<Node> replicas(Optional<TokenMap> tokens, BatchableStatement<?> row) {
        return tokens.map(t -> t.getReplicas(keyspace, row.getRoutingKey())).orElse(Set.of());
    }

    private record Partition(int batchId, long serial) {
    }
}
