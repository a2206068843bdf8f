package org.markauth.issuer.supervision;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes the supervision tables of V023; no rules here, those are in {@link Supervision}. */
final class SupervisionStore {

    private final CqlSession session;
    private final PreparedStatement putInspector;
    private final PreparedStatement getInspector;
    private final PreparedStatement allInspectors;
    private final PreparedStatement putDraw;
    private final PreparedStatement getDraw;
    private final PreparedStatement allDraws;
    private final PreparedStatement putTask;
    private final PreparedStatement getTask;
    private final PreparedStatement putResult;
    private final PreparedStatement getResults;
    private final PreparedStatement putConsequence;
    private final PreparedStatement getConsequences;

    SupervisionStore(CqlSession s) {
        this.session = s;
        String icols = "inspector_id, name, district_code, organisation, conflicts, active, created_at, updated_at";
        putInspector = s.prepare("INSERT INTO supervision_inspectors (" + icols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        getInspector = s.prepare("SELECT " + icols + " FROM supervision_inspectors WHERE inspector_id = ?");
        allInspectors = s.prepare("SELECT " + icols + " FROM supervision_inspectors LIMIT ?");
        String dcols = "draw_id, year, seed, enterprises, inspectors_per_task, due_on, drawn_by, candidates, result, task_ids";
        putDraw = s.prepare("INSERT INTO supervision_draws (" + dcols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        getDraw = s.prepare("SELECT " + dcols + " FROM supervision_draws WHERE draw_id = ?");
        allDraws = s.prepare("SELECT " + dcols + " FROM supervision_draws LIMIT ?");
        String tcols = "task_id, draw_id, licensee_id, product_id, standard_id, version, inspectors, due_on, status, updated_at";
        putTask = s.prepare("INSERT INTO supervision_tasks (" + tcols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        getTask = s.prepare("SELECT " + tcols + " FROM supervision_tasks WHERE task_id = ?");
        String rcols = "task_id, indicator, value, pass, judged_by, lab, report_no, recorded_by, recorded_at";
        putResult = s.prepare("INSERT INTO supervision_results (" + rcols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        getResults = s.prepare("SELECT " + rcols + " FROM supervision_results WHERE task_id = ?");
        String ccols = "task_id, at, kind, deadline, reason, imposed_by, licensee_id, product_id";
        putConsequence = s.prepare("INSERT INTO supervision_consequences (" + ccols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        getConsequences = s.prepare("SELECT " + ccols + " FROM supervision_consequences WHERE task_id = ?");
    }

    // ------------------------------------------------------------------ inspectors

    void put(Inspector i) {
        session.execute(putInspector.bind(i.inspectorId(), i.name(), i.districtCode(), i.organisation(), i.conflicts(), i.active(),
                i.createdAt(), i.updatedAt()));
    }

    Optional<Inspector> inspector(String id) {
        return Optional.ofNullable(session.execute(getInspector.bind(id)).one()).map(SupervisionStore::inspector);
    }

    List<Inspector> inspectors(int limit) {
        List<Inspector> out = new ArrayList<>();
        session.execute(allInspectors.bind(limit)).forEach(r -> out.add(inspector(r)));
        out.sort(Comparator.comparing(Inspector::inspectorId));
        return out;
    }

    private static Inspector inspector(Row r) {
        return new Inspector(r.getString("inspector_id"), r.getString("name"), r.getString("district_code"), r.getString("organisation"),
                new HashSet<>(r.getSet("conflicts", String.class)), r.getBoolean("active"), r.getInstant("created_at"),
                r.getInstant("updated_at"));
    }

    // ------------------------------------------------------------------ draws

    void put(Draw d) {
        session.execute(putDraw.bind(d.drawId(), d.year(), d.seed(), d.enterprises(), d.inspectorsPerTask(), d.dueOn(), d.drawnBy(),
                candidatesJson(d.candidates()).encode(), resultJson(d.result()).encode(), d.taskIds()));
    }

    /** The draw of a time-based id; any other UUID names none (the column is a timeuuid: the driver would refuse to bind it). */
    Optional<Draw> draw(UUID id) {
        if (id.version() != 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.execute(getDraw.bind(id)).one()).map(SupervisionStore::draw);
    }

    /** Every draw, newest first (a handful a year). */
    List<Draw> draws(int limit) {
        List<Draw> out = new ArrayList<>();
        session.execute(allDraws.bind(limit)).forEach(r -> out.add(draw(r)));
        out.sort(Comparator.comparing(Draw::drawnAt).reversed());
        return out;
    }

    private static Draw draw(Row r) {
        UUID id = r.getUuid("draw_id");
        return new Draw(id, r.getInt("year"), r.getString("seed"), r.getInt("enterprises"), r.getInt("inspectors_per_task"),
                r.getLocalDate("due_on"), r.getString("drawn_by"), Instant.ofEpochMilli(Uuids.unixTimestamp(id)),
                candidates(new JsonObject(r.getString("candidates"))), result(new JsonArray(r.getString("result"))),
                r.getList("task_ids", UUID.class));
    }

    /** The candidate lists as published with a draw: {"enterprises": [{licenseeId, district, productIds}], "inspectors": [{inspectorId, district, conflicts}]}. */
    static JsonObject candidatesJson(RandomDraw.Candidates c) {
        JsonArray e = new JsonArray();
        c.enterprises().forEach(x -> e.add(new JsonObject().put("licenseeId", x.licenseeId()).put("district", x.district())
                .put("productIds", new JsonArray(new ArrayList<>(x.productIds())))));
        JsonArray i = new JsonArray();
        c.inspectors().forEach(x -> i.add(new JsonObject().put("inspectorId", x.inspectorId()).put("district", x.district())
                .put("conflicts", new JsonArray(x.conflicts().stream().sorted().toList()))));
        return new JsonObject().put("enterprises", e).put("inspectors", i);
    }

    static RandomDraw.Candidates candidates(JsonObject j) {
        List<RandomDraw.Enterprise> e = new ArrayList<>();
        j.getJsonArray("enterprises").forEach(o -> {
            JsonObject x = (JsonObject) o;
            List<Integer> ids = new ArrayList<>();
            x.getJsonArray("productIds").forEach(n -> ids.add(((Number) n).intValue()));
            e.add(new RandomDraw.Enterprise(x.getString("licenseeId"), x.getString("district"), ids));
        });
        List<RandomDraw.Inspector> i = new ArrayList<>();
        j.getJsonArray("inspectors").forEach(o -> {
            JsonObject x = (JsonObject) o;
            List<String> conflicts = new ArrayList<>();
            x.getJsonArray("conflicts").forEach(c -> conflicts.add((String) c));
            i.add(new RandomDraw.Inspector(x.getString("inspectorId"), x.getString("district"), new HashSet<>(conflicts)));
        });
        return new RandomDraw.Candidates(e, i);
    }

    static JsonArray resultJson(List<RandomDraw.Pick> picks) {
        JsonArray a = new JsonArray();
        picks.forEach(p -> a.add(new JsonObject().put("licenseeId", p.licenseeId()).put("productId", p.productId())
                .put("inspectorIds", new JsonArray(new ArrayList<>(p.inspectorIds())))));
        return a;
    }

    static List<RandomDraw.Pick> result(JsonArray a) {
        List<RandomDraw.Pick> out = new ArrayList<>();
        a.forEach(o -> {
            JsonObject x = (JsonObject) o;
            List<String> ids = new ArrayList<>();
            x.getJsonArray("inspectorIds").forEach(s -> ids.add((String) s));
            out.add(new RandomDraw.Pick(x.getString("licenseeId"), x.getInteger("productId"), ids));
        });
        return out;
    }

    // ------------------------------------------------------------------ tasks

    void put(Task t) {
        session.execute(putTask.bind(t.taskId(), t.drawId(), t.licenseeId(), t.productId(), t.standardId(), t.version(), t.inspectors(),
                t.dueOn(), t.status().name(), t.updatedAt()));
    }

    Optional<Task> task(UUID id) {
        if (id.version() != 1) {
            return Optional.empty();   // not a timeuuid: no task has it
        }
        return Optional.ofNullable(session.execute(getTask.bind(id)).one()).map(r -> new Task(r.getUuid("task_id"), r.getUuid("draw_id"),
                r.getString("licensee_id"), r.getInt("product_id"), r.getString("standard_id"), r.getString("version"),
                r.getList("inspectors", String.class), r.getLocalDate("due_on"), Task.Status.valueOf(r.getString("status")),
                r.getInstant("updated_at")));
    }

    void put(UUID taskId, LabResult r) {
        session.execute(putResult.bind(taskId, r.indicator(), r.value(), r.pass(), r.judgedBy(), r.lab(), r.reportNo(), r.recordedBy(),
                r.recordedAt()));
    }

    List<LabResult> results(UUID taskId) {
        List<LabResult> out = new ArrayList<>();
        session.execute(getResults.bind(taskId)).forEach(r -> out.add(new LabResult(r.getString("indicator"), r.getString("value"),
                r.getBoolean("pass"), r.getString("judged_by"), r.getString("lab"), r.getString("report_no"), r.getString("recorded_by"),
                r.getInstant("recorded_at"))));
        return out;
    }

    void put(Consequence c) {
        session.execute(putConsequence.bind(c.taskId(), Uuids.timeBased(),
                c.kind().name(), c.deadline(), c.reason(), c.imposedBy(), c.licenseeId(), c.productId()));
    }

    List<Consequence> consequences(UUID taskId) {
        List<Consequence> out = new ArrayList<>();
        session.execute(getConsequences.bind(taskId)).forEach(r -> out.add(new Consequence(r.getUuid("task_id"),
                Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), Consequence.Kind.valueOf(r.getString("kind")),
                r.getLocalDate("deadline"), r.getString("reason"), r.getString("imposed_by"), r.getString("licensee_id"),
                r.getInt("product_id"))));
        return out;
    }
}
