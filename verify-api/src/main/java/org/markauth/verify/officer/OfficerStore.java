package org.markauth.verify.officer;

import org.markauth.registry.MarkKey;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.markauth.http.CqlFutures;
import org.markauth.verify.registry.RegistryReader;
import org.markauth.verify.scan.ScanLog;

/**
 * The officer's view of one unit (each list one partition read, newest first, bounded) and the
 * recording of inspections. Scans: the code's summary ({@code scan_summaries}: how many scans,
 * from how many clients, the first and the last, the places, the verdict changes: the clone
 * evidence, one read) and its individual scans in the minutes of its first and its latest
 * summarised scan, from the scan log ({@link ScanLog}: {@value ScanLog#SHARDS} partitions a minute). An inspection is also appended to the unit's life (mark_events) so
 * that the trace shows it next to shipping and sale; a seizure also to {@code seizures_by_officer}
 * (the work list's follow-up, org.markauth.verify.worklist).
 */
public final class OfficerStore {

    static final int LIMIT = 200;

    private final CqlSession session;
    private final PreparedStatement events;
    private final PreparedStatement summary;
    private final ScanLog log;
    private final PreparedStatement alerts;
    private final PreparedStatement inspections;
    private final PreparedStatement licenceHistory;
    private final PreparedStatement insertInspection;
    private final PreparedStatement insertEvent;
    private final PreparedStatement insertSeizure;

    public OfficerStore(CqlSession session) {
        this.session = session;
        this.events = session.prepare("SELECT at, kind, actor, detail FROM mark_events WHERE batch_id = ? AND serial = ? LIMIT " + LIMIT);
        this.summary = session.prepare("SELECT scans, clients, first_at, first_place, last_at, last_cell, last_region, "
                + "last_verdict, last_channel, prev_verdict, verdict_changed_at, places FROM scan_summaries "
                + "WHERE batch_id = ? AND serial = ?");
        this.log = new ScanLog(session);
        this.alerts = session.prepare("SELECT at, alert_id, rule, summary FROM alerts_by_mark WHERE batch_id = ? AND serial = ? LIMIT " + LIMIT);
        this.inspections = session.prepare("SELECT at, inspection_id, officer, kind, result, place, note FROM inspections "
                + "WHERE batch_id = ? AND serial = ? LIMIT " + LIMIT);
        this.licenceHistory = session.prepare("SELECT at, actor, from_status, to_status, reason FROM licence_history "
                + "WHERE product_id = ? LIMIT " + LIMIT);
        this.insertInspection = session.prepare("INSERT INTO inspections (batch_id, serial, at, inspection_id, officer, kind, "
                + "result, place, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.insertEvent = session.prepare("INSERT INTO mark_events (batch_id, serial, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?, ?)");
        this.insertSeizure = session.prepare("INSERT INTO seizures_by_officer (officer, at, inspection_id, batch_id, serial, result, "
                + "place, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Events, scan summary and scans, alerts and inspections of a unit, plus its product's licence history. */
    public Future<JsonObject> history(int batchId, long serial, Integer productId) {
        ByteBuffer s = MarkKey.serialBytes(serial);
        Future<JsonArray> ev = list(events.bind(batchId, s), r -> new JsonObject().put("at", time(r)).put("kind", r.getString("kind"))
                .put("actor", r.getString("actor")).put("detail", r.getString("detail")));
        Future<Row> sum = CqlFutures.future(session.executeAsync(summary.bind(batchId, s))).map(AsyncResultSet::one);
        Future<JsonArray> sc = sum.compose(r -> r == null ? Future.succeededFuture(List.<ScanLog.Scan>of())
                        : log.scansOf(batchId, serial, LIMIT, r.getInstant("first_at"), instant(r.getUuid("last_at"))))
                .map(list -> {
                    JsonArray a = new JsonArray();
                    list.forEach(x -> a.add(new JsonObject().put("at", x.at().toString()).put("verdict", x.verdict())
                            .put("cell", x.cell()).put("region", x.region()).put("device", x.device()).put("channel", x.channel())));
                    return a;
                });
        Future<JsonArray> al = list(alerts.bind(batchId, s), r -> new JsonObject().put("at", time(r))
                .put("id", r.getUuid("alert_id").toString()).put("rule", r.getString("rule")).put("summary", r.getString("summary")));
        Future<JsonArray> in = list(inspections.bind(batchId, s), r -> new JsonObject().put("at", time(r))
                .put("id", r.getUuid("inspection_id").toString()).put("officer", r.getString("officer"))
                .put("kind", r.getString("kind")).put("result", r.getString("result")).put("place", r.getString("place"))
                .put("note", r.getString("note")));
        Future<JsonArray> lh = productId == null ? Future.succeededFuture(new JsonArray())
                : list(licenceHistory.bind(productId), r -> new JsonObject().put("at", time(r)).put("actor", r.getString("actor"))
                .put("from", r.getString("from_status")).put("to", r.getString("to_status")).put("reason", r.getString("reason")));
        return Future.all(ev, sc, al, in, lh).map(x -> new JsonObject().put("events", ev.result())
                .put("scanSummary", summaryJson(sum.result())).put("scans", sc.result())
                .put("alerts", al.result()).put("inspections", in.result()).put("licenceHistory", lh.result()));
    }

    public Future<UUID> record(int batchId, long serial, String officer, Inspection i) {
        UUID at = Uuids.timeBased();
        UUID id = UUID.randomUUID();
        ByteBuffer s = MarkKey.serialBytes(serial);
        BatchStatement b = BatchStatement.newInstance(BatchType.LOGGED,
                insertInspection.bind(batchId, s, at, id, officer, i.kind(), i.result(), i.place(), i.note()),
                insertEvent.bind(batchId, s, at, i.kind(), officer,
                        new JsonObject().put("inspection", id.toString()).put("result", i.result()).encode()));
        if ("SEIZURE".equals(i.kind())) {   // listed per officer for the work list's follow-up (V015)
            b = b.add(insertSeizure.bind(officer, at, id, batchId, s, i.result(), i.place(), i.note()));
        }
        return CqlFutures.future(session.executeAsync(b)).map(id);
    }

    /** The summary row as the API shows it; null for a code never scanned. */
    static JsonObject summaryJson(Row r) {
        if (r == null) {
            return null;
        }
        JsonArray places = new JsonArray();
        Map<String, UUID> p = r.getMap("places", String.class, UUID.class);
        p.entrySet().stream().sorted(Map.Entry.<String, UUID>comparingByValue(
                        java.util.Comparator.comparingLong(UUID::timestamp)).reversed())
                .forEach(e -> places.add(new JsonObject().put("place", e.getKey()).put("lastAt", instant(e.getValue()).toString())));
        JsonObject j = new JsonObject();
        if (!r.isNull("scans")) {
            j.put("scans", r.getLong("scans")).put("clients", r.getLong("clients"));
        }
        Instant first = r.getInstant("first_at");
        UUID changed = r.getUuid("verdict_changed_at");
        return j.put("firstAt", first == null ? null : first.toString()).put("firstPlace", r.getString("first_place"))
                .put("lastAt", instant(r.getUuid("last_at")).toString()).put("lastCell", r.getString("last_cell"))
                .put("lastRegion", r.getString("last_region")).put("lastVerdict", r.getString("last_verdict"))
                .put("lastChannel", r.getString("last_channel")).put("previousVerdict", r.getString("prev_verdict"))
                .put("verdictChangedAt", changed == null ? null : instant(changed).toString()).put("places", places);
    }

    private static Instant instant(UUID timeUuid) {
        return timeUuid == null ? null : RegistryReader.instantOf(timeUuid);
    }

    private static String time(Row r) {
        return RegistryReader.instantOf(r.getUuid("at")).toString();
    }

    private Future<JsonArray> list(BoundStatement st, Function<Row, JsonObject> f) {
        return CqlFutures.future(session.executeAsync(st)).map((AsyncResultSet rs) -> {
            JsonArray a = new JsonArray();
            rs.currentPage().forEach(r -> a.add(f.apply(r)));
            return a;
        });
    }
}
