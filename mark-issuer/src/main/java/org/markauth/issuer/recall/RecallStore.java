package org.markauth.issuer.recall;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.markauth.registry.NotificationEvent;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** CQL of recalls (V004) and the batch columns of the V002 contract a recall sets. */
final class RecallStore {

    private final CqlSession session;
    private final PreparedStatement markBatch;
    private final PreparedStatement insertRecall;
    private final PreparedStatement byBatch;
    private final PreparedStatement byYear;
    private final PreparedStatement selectRecall;
    private final PreparedStatement selectByBatch;
    private final PreparedStatement listYear;
    private final PreparedStatement lotBatches;
    private final PreparedStatement scanCount;
    private final PreparedStatement scanPlaces;
    private final PreparedStatement locations;
    private final PreparedStatement event;

    RecallStore(CqlSession s) {
        this.session = s;
        markBatch = s.prepare("UPDATE batches SET state = 'RECALLED', recalled_at = ?, recall_reason = ?, recall_notice = ? "
                + "WHERE batch_id = ?");
        insertRecall = s.prepare("INSERT INTO recalls (recall_id, product_id, lot, batch_ids, licensee_id, reason, notice, "
                + "recalled_at, recalled_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        byBatch = s.prepare("INSERT INTO recalls_by_batch (batch_id, recall_id, recalled_at) VALUES (?, ?, ?)");
        byYear = s.prepare("INSERT INTO recalls_by_year (year, recalled_at, recall_id, product_id, lot, licensee_id, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)");
        selectRecall = s.prepare("SELECT recall_id, product_id, lot, batch_ids, licensee_id, reason, notice, recalled_at, "
                + "recalled_by FROM recalls WHERE recall_id = ?");
        selectByBatch = s.prepare("SELECT recall_id FROM recalls_by_batch WHERE batch_id = ?");
        listYear = s.prepare("SELECT recall_id FROM recalls_by_year WHERE year = ? LIMIT ?");
        lotBatches = s.prepare("SELECT batch_id, product_id, lot FROM batches_by_licensee WHERE licensee_id = ?");
        scanCount = s.prepare("SELECT scans FROM batch_scan_counts WHERE batch_id = ? AND verdict = 'RECALLED'");
        scanPlaces = s.prepare("SELECT place, last_at FROM batch_scan_places WHERE batch_id = ?");
        event = s.prepare(NotificationEvent.INSERT);
        locations = s.prepare("SELECT location, last_at, biz_step FROM batch_locations WHERE batch_id = ?");
    }

    void markRecalled(int batchId, Recall r) {
        session.execute(markBatch.bind(r.recalledAt(), r.reason(), r.notice(), batchId));
    }

    /** The recall's rows and its {@code recall.issued} event (V019) in one logged batch: the event exists exactly when the recall does. */
    void insert(Recall r) {
        BatchStatement b = BatchStatement.newInstance(DefaultBatchType.LOGGED,
                insertRecall.bind(r.recallId(), r.productId(), r.lot(), new HashSet<>(r.batchIds()), r.licenseeId(),
                        r.reason(), r.notice(), r.recalledAt(), r.recalledBy()));
        for (int id : r.batchIds()) {
            b = b.add(byBatch.bind(id, r.recallId(), r.recalledAt()));
        }
        b = b.add(byYear.bind(r.recalledAt().atZone(ZoneOffset.UTC).getYear(), r.recalledAt(), r.recallId(),
                r.productId(), r.lot(), r.licenseeId(), r.reason()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("recallId", r.recallId().toString());
        data.put("lot", r.lot());
        data.put("batchIds", List.copyOf(r.batchIds()));
        data.put("reason", r.reason());
        data.put("notice", r.notice());
        NotificationEvent e = NotificationEvent.of(NotificationEvent.Type.RECALL_ISSUED, r.recalledAt(), r.licenseeId(),
                r.productId(), r.batchIds().size() == 1 ? r.batchIds().get(0) : null, data);
        session.execute(b.add(event.bind(e.insertValues())));
    }

    Optional<Recall> recall(UUID id) {
        Row r = session.execute(selectRecall.bind(id)).one();
        if (r == null) {
            return Optional.empty();
        }
        List<Integer> batches = new ArrayList<>(r.getSet("batch_ids", Integer.class));
        batches.sort(Comparator.naturalOrder());
        return Optional.of(new Recall(r.getUuid("recall_id"), r.getInt("product_id"), r.getString("lot"), batches,
                r.getString("licensee_id"), r.getString("reason"), r.getString("notice"), r.getInstant("recalled_at"),
                r.getString("recalled_by")));
    }

    Optional<UUID> recallOfBatch(int batchId) {
        return Optional.ofNullable(session.execute(selectByBatch.bind(batchId)).one()).map(r -> r.getUuid(0));
    }

    List<UUID> ids(int year, int limit) {
        List<UUID> out = new ArrayList<>();
        session.execute(listYear.bind(year, limit)).forEach(r -> out.add(r.getUuid(0)));
        return out;
    }

    /** Batches of a licensee's product with the given lot (the licensee's batch listing is one partition). */
    List<Integer> batchesOfLot(String licenseeId, int productId, String lot) {
        List<Integer> out = new ArrayList<>();
        for (Row r : session.execute(lotBatches.bind(licenseeId))) {
            if (r.getInt("product_id") == productId && lot.equals(r.getString("lot"))) {
                out.add(r.getInt("batch_id"));
            }
        }
        return out;
    }

    long scansRecalled(int batchId) {
        Row r = session.execute(scanCount.bind(batchId)).one();
        return r == null ? 0 : r.getLong(0);
    }

    List<RecallReport.Place> scanPlaces(int batchId, int limit) {
        List<RecallReport.Place> out = new ArrayList<>();
        session.execute(scanPlaces.bind(batchId)).forEach(r ->
                out.add(new RecallReport.Place(r.getString("place"), r.getInstant("last_at"), null)));
        return newestFirst(out, limit);
    }

    List<RecallReport.Place> locations(int batchId, int limit) {
        List<RecallReport.Place> out = new ArrayList<>();
        session.execute(locations.bind(batchId)).forEach(r ->
                out.add(new RecallReport.Place(r.getString("location"), r.getInstant("last_at"), r.getString("biz_step"))));
        return newestFirst(out, limit);
    }

    private static List<RecallReport.Place> newestFirst(List<RecallReport.Place> places, int limit) {
        places.sort(Comparator.comparing(RecallReport.Place::lastAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return places.size() > limit ? List.copyOf(places.subList(0, limit)) : places;
    }
}
