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
import org.markauth.issuer.standards.Indicator;

/**
 * Reads and writes the supervision tables of V023 and V029; no rules here, those are in {@link Supervision}.
 * The draw's steps are lightweight transactions on its state, so two regulators racing cannot both
 * witness, draw or void it, and the year's claim ({@code supervision_draw_years}) keeps one live draw a year.
 */
final class SupervisionStore {

    private final CqlSession session;
    private final PreparedStatement putInspector;
    private final PreparedStatement getInspector;
    private final PreparedStatement allInspectors;
    private final PreparedStatement announceDraw;
    private final PreparedStatement witnessDraw;
    private final PreparedStatement revealDraw;
    private final PreparedStatement voidDraw;
    private final PreparedStatement voidLegacyDraw;
    private final PreparedStatement voidUnwitnessed;
    private final PreparedStatement voidWitnessed;
    private final PreparedStatement claimYear;
    private final PreparedStatement releaseYear;
    private final PreparedStatement getDraw;
    private final PreparedStatement allDraws;
    private final PreparedStatement putTask;
    private final PreparedStatement moveTask;
    private final PreparedStatement taskIdsOfDraws;
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
        String dcols = "draw_id, year, seed, enterprises, inspectors_per_task, due_on, drawn_by, candidates, result, task_ids, state, "
                + "announced_by, announced_at, snapshot_hash, commitment, office_part, witness_part, witness_by, witnessed_at, drawn_at, "
                + "void_reason, voided_by, voided_at, public_source, public_date, standards, void_seed, void_result";
        announceDraw = s.prepare("INSERT INTO supervision_draws (draw_id, year, enterprises, inspectors_per_task, due_on, candidates, "
                + "state, announced_by, announced_at, snapshot_hash, commitment, public_source, public_date, standards) "
                + "VALUES (?, ?, ?, ?, ?, ?, 'ANNOUNCED', ?, ?, ?, ?, ?, ?, ?)");
        witnessDraw = s.prepare("UPDATE supervision_draws SET witness_part = ?, witness_by = ?, witnessed_at = ? WHERE draw_id = ? "
                + "IF state = 'ANNOUNCED' AND witness_by = null");
        revealDraw = s.prepare("UPDATE supervision_draws SET state = 'DRAWN', office_part = ?, seed = ?, drawn_by = ?, drawn_at = ?, "
                + "result = ?, task_ids = ? WHERE draw_id = ? IF state = 'ANNOUNCED'");
        voidDraw = s.prepare("UPDATE supervision_draws SET state = 'VOIDED', void_reason = ?, voided_by = ?, voided_at = ? "
                + "WHERE draw_id = ? IF state = ?");
        voidUnwitnessed = s.prepare("UPDATE supervision_draws SET state = 'VOIDED', void_reason = ?, voided_by = ?, voided_at = ? "
                + "WHERE draw_id = ? IF state = 'ANNOUNCED' AND witness_by = null");
        voidWitnessed = s.prepare("UPDATE supervision_draws SET state = 'VOIDED', void_reason = ?, voided_by = ?, voided_at = ?, "
                + "office_part = ?, void_seed = ?, void_result = ? WHERE draw_id = ? IF state = 'ANNOUNCED' AND witness_by = ?");
        voidLegacyDraw = s.prepare("UPDATE supervision_draws SET state = 'VOIDED', void_reason = ?, voided_by = ?, voided_at = ? "
                + "WHERE draw_id = ? IF state = null");
        claimYear = s.prepare("INSERT INTO supervision_draw_years (year, draw_id) VALUES (?, ?) IF NOT EXISTS");
        releaseYear = s.prepare("DELETE FROM supervision_draw_years WHERE year = ? IF draw_id = ?");
        getDraw = s.prepare("SELECT " + dcols + " FROM supervision_draws WHERE draw_id = ?");
        allDraws = s.prepare("SELECT " + dcols + " FROM supervision_draws LIMIT ?");
        String tcols = "task_id, draw_id, licensee_id, product_id, standard_id, version, inspectors, due_on, status, updated_at, indicators";
        putTask = s.prepare("INSERT INTO supervision_tasks (" + tcols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        moveTask = s.prepare("UPDATE supervision_tasks SET status = ?, updated_at = ? WHERE task_id = ? IF status = ?");
        taskIdsOfDraws = s.prepare("SELECT draw_id, year, state, announced_at, task_ids FROM supervision_draws");
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

    /** Stores an announced draw (its snapshot and commitment; nothing of the seed yet). */
    void announce(Draw d) {
        session.execute(announceDraw.bind(d.drawId(), d.year(), d.enterprises(), d.inspectorsPerTask(), d.dueOn(),
                candidatesJson(d.candidates()).encode(), d.announcedBy(), d.announcedAt(), d.snapshotHash(), d.commitment(),
                d.publicSource(), d.publicDate(), standardsJson(d.standards()).encode()));
    }

    /** Claims {@code year} for {@code drawId}; empty when claimed, else the draw that holds the year. */
    Optional<UUID> claimYear(int year, UUID drawId) {
        Row r = session.execute(claimYear.bind(year, drawId)).one();
        return r != null && !r.getBoolean("[applied]") ? Optional.of(r.getUuid("draw_id")) : Optional.empty();
    }

    /** Releases {@code year} if {@code drawId} still holds it; false when another draw holds it (or none). */
    boolean releaseYear(int year, UUID drawId) {
        return session.execute(releaseYear.bind(year, drawId)).wasApplied();
    }

    /** Records the witness part; false when the draw is no longer ANNOUNCED or already has one. */
    boolean witness(UUID drawId, Draw.Witness w) {
        return session.execute(witnessDraw.bind(w.part(), w.by(), w.at(), drawId)).wasApplied();
    }

    /** Records the reveal and the result; false when the draw is no longer ANNOUNCED (someone drew or voided it first). */
    boolean reveal(UUID drawId, Draw.Reveal r) {
        return session.execute(revealDraw.bind(r.officePart(), r.seed(), r.by(), r.at(), resultJson(r.result()).encode(), r.taskIds(),
                drawId)).wasApplied();
    }

    /**
     * Voids the draw if it is still as read; false when it changed meanwhile. An announced draw is voided
     * without its secret only while it has no public part (checked in the transaction: a public part
     * entered meanwhile makes the void need the secret); with one, the secret and the would-be result are stored.
     */
    boolean voidDraw(Draw d, Draw.Voiding v) {
        boolean legacy = d.snapshotHash() == null && d.commitment() == null && d.state() == Draw.State.DRAWN;
        if (legacy) {
            return session.execute(voidLegacyDraw.bind(v.reason(), v.by(), v.at(), d.drawId())).wasApplied();
        }
        if (d.state() == Draw.State.ANNOUNCED && d.witness() == null) {
            return session.execute(voidUnwitnessed.bind(v.reason(), v.by(), v.at(), d.drawId())).wasApplied();
        }
        if (d.state() == Draw.State.ANNOUNCED) {
            return session.execute(voidWitnessed.bind(v.reason(), v.by(), v.at(), v.officePart(), v.seed(),
                    resultJson(v.wouldHave()).encode(), d.drawId(), d.witness().by())).wasApplied();
        }
        return session.execute(voidDraw.bind(v.reason(), v.by(), v.at(), d.drawId(), d.state().name())).wasApplied();
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
        out.sort(Comparator.comparing(Draw::announcedAt).reversed());
        return out;
    }

    private static Draw draw(Row r) {
        UUID id = r.getUuid("draw_id");
        Instant created = Instant.ofEpochMilli(Uuids.unixTimestamp(id));
        String state = r.getString("state");
        List<RandomDraw.Pick> result = r.getString("result") == null ? List.of() : result(new JsonArray(r.getString("result")));
        List<UUID> tasks = r.getList("task_ids", UUID.class);
        RandomDraw.Candidates candidates = candidates(new JsonObject(r.getString("candidates")));
        if (state == null) {   // stored before V029: drawn at once from the seed the office gave
            return new Draw(id, r.getInt("year"), Draw.State.DRAWN, r.getInt("enterprises"), r.getInt("inspectors_per_task"),
                    r.getLocalDate("due_on"), r.getString("drawn_by"), created, null, null, candidates, List.of(), null, null, null,
                    new Draw.Reveal(null, r.getString("seed"), r.getString("drawn_by"), created, result, tasks), null);
        }
        Draw.Witness w = r.getString("witness_by") == null ? null
                : new Draw.Witness(r.getString("witness_part"), r.getString("witness_by"), r.getInstant("witnessed_at"));
        Draw.Reveal rv = r.getString("seed") == null ? null
                : new Draw.Reveal(r.getString("office_part"), r.getString("seed"), r.getString("drawn_by"), r.getInstant("drawn_at"), result, tasks);
        Draw.Voiding v = r.getString("void_reason") == null ? null
                : new Draw.Voiding(r.getString("void_reason"), r.getString("voided_by"), r.getInstant("voided_at"),
                        r.getString("void_seed") == null ? null : r.getString("office_part"), r.getString("void_seed"),
                        r.getString("void_result") == null ? null : result(new JsonArray(r.getString("void_result"))));
        List<Draw.Linked> standards = r.getString("standards") == null ? List.of() : standards(new JsonArray(r.getString("standards")));
        return new Draw(id, r.getInt("year"), Draw.State.valueOf(state), r.getInt("enterprises"), r.getInt("inspectors_per_task"),
                r.getLocalDate("due_on"), r.getString("announced_by"), r.getInstant("announced_at"), r.getString("public_source"),
                r.getLocalDate("public_date"), candidates, standards, r.getString("snapshot_hash"), r.getString("commitment"), w, rv, v);
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

    /**
     * The frozen standards as published and hashed: by product id, each {productId, standardId, standardNo,
     * version, indicators: [{name, unit, requirement, min, max}]}, the limits as plain decimal text ("0.5",
     * "3", null) so that every language re-encodes them to the same bytes (JSON numbers print differently).
     */
    static JsonArray standardsJson(List<Draw.Linked> standards) {
        JsonArray a = new JsonArray();
        standards.stream().sorted(Comparator.comparingInt(Draw.Linked::productId)).forEach(l -> a.add(new JsonObject()
                .put("productId", l.productId()).put("standardId", l.standardId()).put("standardNo", l.standardNo()).put("version", l.version())
                .put("indicators", new JsonArray(l.indicators().stream().map(i -> new JsonObject().put("name", i.name()).put("unit", i.unit())
                        .put("requirement", i.requirement()).put("min", decimal(i.min())).put("max", decimal(i.max()))).toList()))));
        return a;
    }

    static List<Draw.Linked> standards(JsonArray a) {
        List<Draw.Linked> out = new ArrayList<>();
        a.forEach(o -> {
            JsonObject x = (JsonObject) o;
            List<Indicator> ind = new ArrayList<>();
            x.getJsonArray("indicators").forEach(i -> {
                JsonObject j = (JsonObject) i;
                ind.add(new Indicator(j.getString("name"), j.getString("unit"), j.getString("requirement"), number(j.getString("min")),
                        number(j.getString("max"))));
            });
            out.add(new Draw.Linked(x.getInteger("productId"), x.getString("standardId"), x.getString("standardNo"), x.getString("version"), ind));
        });
        return out;
    }

    private static String decimal(Double d) {
        return d == null ? null : java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static Double number(String s) {
        return s == null ? null : Double.valueOf(s);
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
        String indicators = t.indicators() == null ? null : new JsonArray(t.indicators().stream().map(Indicator::toJson).toList()).encode();
        session.execute(putTask.bind(t.taskId(), t.drawId(), t.licenseeId(), t.productId(), t.standardId(), t.version(), t.inspectors(),
                t.dueOn(), t.status().name(), t.updatedAt(), indicators));
    }

    /**
     * Moves a task from status {@code from} to {@code to} as a lightweight transaction; false when its
     * status is no longer {@code from} (a result recorded or its draw voided meanwhile). Moving to the
     * same status still takes the transaction: it proves the status was unchanged at that moment.
     */
    boolean move(UUID taskId, Task.Status from, Task.Status to, Instant at) {
        return session.execute(moveTask.bind(to.name(), at, taskId, from.name())).wasApplied();
    }

    Optional<Task> task(UUID id) {
        if (id.version() != 1) {
            return Optional.empty();   // not a timeuuid: no task has it
        }
        return Optional.ofNullable(session.execute(getTask.bind(id)).one()).map(SupervisionStore::task);
    }

    /** A draw without its snapshot and result: what the task list and the one-live-draw check need. */
    record DrawHead(UUID drawId, int year, Draw.State state, List<UUID> taskIds) {
    }

    /**
     * Every draw's head, all rows (the driver pages through them; no LIMIT, which would cut the table in
     * token order, not by age). A programme has a handful of draws a year and these columns are small.
     */
    List<DrawHead> drawHeads() {
        List<DrawHead> out = new ArrayList<>();
        session.execute(taskIdsOfDraws.bind()).forEach(r -> out.add(new DrawHead(r.getUuid("draw_id"), r.getInt("year"),
                r.getString("state") == null ? Draw.State.DRAWN : Draw.State.valueOf(r.getString("state")),
                r.getList("task_ids", UUID.class))));
        return out;
    }

    /** The tasks of these ids (a draw's, at most {@link Supervision#MAX_ENTERPRISES} each), read concurrently; newest first. */
    List<Task> tasks(List<UUID> ids) {
        List<java.util.concurrent.CompletableFuture<com.datastax.oss.driver.api.core.cql.AsyncResultSet>> reads = ids.stream()
                .map(id -> session.executeAsync(getTask.bind(id)).toCompletableFuture()).toList();
        List<Task> out = new ArrayList<>();
        for (var f : reads) {
            Row r = f.join().one();
            if (r != null) {
                out.add(task(r));
            }
        }
        out.sort(Comparator.comparing((Task t) -> Uuids.unixTimestamp(t.taskId())).reversed());
        return out;
    }

    private static Task task(Row r) {
        List<Indicator> indicators = null;
        if (r.getString("indicators") != null) {
            indicators = new ArrayList<>();
            for (Object o : new JsonArray(r.getString("indicators"))) {
                indicators.add(Indicator.fromJson((JsonObject) o));
            }
        }
        return new Task(r.getUuid("task_id"), r.getUuid("draw_id"), r.getString("licensee_id"), r.getInt("product_id"),
                r.getString("standard_id"), r.getString("version"), indicators, r.getList("inspectors", String.class),
                r.getLocalDate("due_on"), Task.Status.valueOf(r.getString("status")), r.getInstant("updated_at"));
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
