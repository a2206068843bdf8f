package org.markauth.verify.officer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.Function;
import org.markauth.http.CqlFutures;
import org.markauth.verify.registry.RegistryReader;

/**
 * The officer's view of one unit (each list one partition read, newest first, bounded) and the
 * recording of inspections. An inspection is also appended to the unit's life (mark_events) so
 * that the trace shows it next to shipping and sale.
 */
public final class OfficerStore {

    static final int LIMIT = 200;

    private final CqlSession session;
    private final PreparedStatement events;
    private final PreparedStatement scans;
    private final PreparedStatement alerts;
    private final PreparedStatement inspections;
    private final PreparedStatement licenceHistory;
    private final PreparedStatement insertInspection;
    private final PreparedStatement insertEvent;

    public OfficerStore(CqlSession session) {
        this.session = session;
        this.events = session.prepare("SELECT at, kind, actor, detail FROM mark_events WHERE batch_id = ? AND serial = ? LIMIT " + LIMIT);
        this.scans = session.prepare("SELECT at, verdict, cell, region, device, channel FROM scans_by_mark "
                + "WHERE batch_id = ? AND serial = ? LIMIT " + LIMIT);
        this.alerts = session.prepare("SELECT at, alert_id, rule, summary FROM alerts_by_mark WHERE batch_id = ? AND serial = ? LIMIT " + LIMIT);
        this.inspections = session.prepare("SELECT at, inspection_id, officer, kind, result, place, note FROM inspections "
                + "WHERE batch_id = ? AND serial = ? LIMIT " + LIMIT);
        this.licenceHistory = session.prepare("SELECT at, actor, from_status, to_status, reason FROM licence_history "
                + "WHERE product_id = ? LIMIT " + LIMIT);
        this.insertInspection = session.prepare("INSERT INTO inspections (batch_id, serial, at, inspection_id, officer, kind, "
                + "result, place, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.insertEvent = session.prepare("INSERT INTO mark_events (batch_id, serial, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?, ?)");
    }

    /** Events, scans, alerts and inspections of a unit, plus its product's licence history. */
    public Future<JsonObject> history(int batchId, long serial, Integer productId) {
        ByteBuffer s = RegistryReader.serialBytes(serial);
        Future<JsonArray> ev = list(events.bind(batchId, s), r -> new JsonObject().put("at", time(r)).put("kind", r.getString("kind"))
                .put("actor", r.getString("actor")).put("detail", r.getString("detail")));
        Future<JsonArray> sc = list(scans.bind(batchId, s), r -> new JsonObject().put("at", time(r))
                .put("verdict", r.getString("verdict")).put("cell", r.getString("cell")).put("region", r.getString("region"))
                .put("device", r.getString("device")).put("channel", r.getString("channel")));
        Future<JsonArray> al = list(alerts.bind(batchId, s), r -> new JsonObject().put("at", time(r))
                .put("id", r.getUuid("alert_id").toString()).put("rule", r.getString("rule")).put("summary", r.getString("summary")));
        Future<JsonArray> in = list(inspections.bind(batchId, s), r -> new JsonObject().put("at", time(r))
                .put("id", r.getUuid("inspection_id").toString()).put("officer", r.getString("officer"))
                .put("kind", r.getString("kind")).put("result", r.getString("result")).put("place", r.getString("place"))
                .put("note", r.getString("note")));
        Future<JsonArray> lh = productId == null ? Future.succeededFuture(new JsonArray())
                : list(licenceHistory.bind(productId), r -> new JsonObject().put("at", time(r)).put("actor", r.getString("actor"))
                .put("from", r.getString("from_status")).put("to", r.getString("to_status")).put("reason", r.getString("reason")));
        return Future.all(ev, sc, al, in, lh).map(x -> new JsonObject().put("events", ev.result()).put("scans", sc.result())
                .put("alerts", al.result()).put("inspections", in.result()).put("licenceHistory", lh.result()));
    }

    public Future<UUID> record(int batchId, long serial, String officer, Inspection i) {
        UUID at = Uuids.timeBased();
        UUID id = UUID.randomUUID();
        ByteBuffer s = RegistryReader.serialBytes(serial);
        BatchStatement b = BatchStatement.newInstance(BatchType.LOGGED,
                insertInspection.bind(batchId, s, at, id, officer, i.kind(), i.result(), i.place(), i.note()),
                insertEvent.bind(batchId, s, at, i.kind(), officer,
                        new JsonObject().put("inspection", id.toString()).put("result", i.result()).encode()));
        return CqlFutures.future(session.executeAsync(b)).map(id);
    }

    private static String time(Row r) {
        return RegistryReader.instantOf(r.getUuid("at")).toString();
    }

    private Future<JsonArray> list(com.datastax.oss.driver.api.core.cql.BoundStatement st, Function<Row, JsonObject> f) {
        return CqlFutures.future(session.executeAsync(st)).map((AsyncResultSet rs) -> {
            JsonArray a = new JsonArray();
            rs.currentPage().forEach(r -> a.add(f.apply(r)));
            return a;
        });
    }
}
