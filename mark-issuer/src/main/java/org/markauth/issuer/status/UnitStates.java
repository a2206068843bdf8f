package org.markauth.issuer.status;

import org.markauth.registry.UnitStatus;
import org.markauth.registry.UnitState;
import org.markauth.registry.RangeKind;
import org.markauth.registry.BatchState;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.sdk.status.BatchStatus;

/**
 * Reads what the status list says about a batch from the registry (V002): the batch's recall, and
 * each unit's effective state by the shared rule — its own override (marks.state) first, else the
 * latest batch_ranges action covering its index. Also finds which batches changed since a
 * change_log position, so a build reads only those.
 */
final class UnitStates {

    /** Batches named by change_log since a position, and the position to resume from. */
    record Changes(Set<Integer> batchIds, UUID upTo) {
    }

    private final CqlSession session;
    private final BatchStore batches;
    private final PreparedStatement marksOfBucket;
    private final PreparedStatement ranges;
    private final PreparedStatement changesOfDay;

    UnitStates(CqlSession session, BatchStore batches) {
        this.session = session;
        this.batches = batches;
        marksOfBucket = session.prepare("SELECT serial, seq, state FROM marks WHERE batch_id = ? AND bucket = ?");
        ranges = session.prepare("SELECT first_seq, last_seq, action FROM batch_ranges WHERE batch_id = ?");
        changesOfDay = session.prepare("SELECT at, kind, id FROM change_log WHERE day = ? AND at > ?");
    }

    /** Every batch id in the registry (a full read of the small batches table; first build only). */
    List<Integer> allBatchIds() {
        List<Integer> out = new ArrayList<>();
        session.execute("SELECT batch_id FROM batches").forEach(r -> out.add(r.getInt(0)));
        return out;
    }

    /**
     * Batches with a batch or mark change after {@code after}, read up to {@code upTo} (changes
     * between the two positions are read again next time: a recompute is idempotent).
     */
    Changes changedSince(UUID after, Instant now) {
        Set<Integer> ids = new HashSet<>();
        UUID upTo = Uuids.startOf(now.minusSeconds(10).toEpochMilli());
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(Uuids.unixTimestamp(after)), ZoneOffset.UTC);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (; !day.isAfter(today); day = day.plusDays(1)) {
            for (Row r : session.execute(changesOfDay.bind(day, after))) {
                String kind = r.getString("kind");
                String id = r.getString("id");
                try {
                    if ("batch".equals(kind)) {
                        ids.add(Integer.parseInt(id));
                    } else if ("mark".equals(kind)) {
                        ids.add(Integer.parseInt(id.substring(0, id.indexOf(':'))));
                    }
                } catch (RuntimeException e) {
                    // another kind's id shape: not a batch or unit change
                }
            }
        }
        return new Changes(ids, upTo);
    }

    /**
     * The batch's record (empty when it is not recalled and has no listed units, or is unknown).
     * Blocked serials win over voided and decommissioned: a unit is in one list only.
     */
    Optional<BatchStatus> batch(int batchId, Set<Long> blocked) {
        Optional<Batch> b = batches.batch(batchId);
        if (b.isEmpty()) {
            return Optional.empty();
        }
        List<Range> latestFirst = new ArrayList<>();
        session.execute(ranges.bind(batchId)).forEach(r -> latestFirst.add(0, new Range(r.getInt("first_seq"), r.getInt("last_seq"),
                RangeKind.valueOf(r.getString("action")))));
        List<CompletableFuture<List<Row>>> reads = new ArrayList<>();
        for (int bucket = 0; bucket < 256; bucket++) {
            reads.add(readAll(session.executeAsync(marksOfBucket.bind(batchId, (short) bucket))).toCompletableFuture());
        }
        List<Long> voided = new ArrayList<>();
        List<Long> decommissioned = new ArrayList<>();
        for (CompletableFuture<List<Row>> f : reads) {
            for (Row r : f.join()) {
                long serial = ByteBuffer.wrap(BatchStore.bytes(r.getByteBuffer("serial"))).getLong();
                // the batch's recall is listed for the whole batch, so the unit's own status is what counts here
                switch (UnitStatus.effective(UnitState.ofColumn(r.getString("state")), latest(latestFirst, r.getInt("seq")), false)) {
                    case VOIDED -> voided.add(serial);
                    case DECOMMISSIONED -> decommissioned.add(serial);
                    default -> { }
                }
            }
        }
        // a unit is listed once: voided or decommissioned outrank a block, as online (VerdictPolicy)
        java.util.Set<Long> outOfUse = new java.util.HashSet<>(voided);
        outOfUse.addAll(decommissioned);
        BatchStatus s = new BatchStatus(b.get().keyId(), b.get().productId() & 0xFFFF_FFFFL, batchId,
                b.get().state() == BatchState.RECALLED, longs(voided), longs(decommissioned),
                blocked.stream().filter(x -> !outOfUse.contains(x)).mapToLong(Long::longValue).toArray());
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private record Range(int first, int last, RangeKind kind) {
    }

    /** The latest range covering {@code seq}, null when none does. */
    private static RangeKind latest(List<Range> latestFirst, int seq) {
        for (Range r : latestFirst) {
            if (seq >= r.first() && seq <= r.last()) {
                return r.kind();
            }
        }
        return null;
    }

    private static CompletionStage<List<Row>> readAll(CompletionStage<AsyncResultSet> first) {
        List<Row> rows = new ArrayList<>();
        return first.thenCompose(rs -> page(rs, rows));
    }

    private static CompletionStage<List<Row>> page(AsyncResultSet rs, List<Row> rows) {
        rs.currentPage().forEach(rows::add);
        return rs.hasMorePages() ? rs.fetchNextPage().thenCompose(next -> page(next, rows))
                : CompletableFuture.completedFuture(rows);
    }

    private static long[] longs(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).toArray();
    }
}
