package org.markauth.issuer.supervision;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.JsonCodec.integer;
import static org.markauth.issuer.http.JsonCodec.requiredString;
import static org.markauth.issuer.http.JsonCodec.string;
import static org.markauth.issuer.http.JsonCodec.stringList;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;
import org.markauth.issuer.standards.Indicator;

/**
 * Supervision over HTTP (docs/supervision.md, docs/api-issuer.md): the inspector pool, draws (announce,
 * witness, reveal, void) with their re-draw check, the tasks of every draw, lab results and consequences. The regulator writes; the regulator and officers read.
 */
public final class SupervisionRoutes {

    private final Supervision supervision;

    public SupervisionRoutes(Supervision supervision) {
        this.supervision = supervision;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/supervision/inspectors"), "supervision").handler(this::inspectors);
        named(r.post("/api/v1/supervision/inspectors"), "supervision").handler(this::putInspector);
        named(r.get("/api/v1/supervision/draws"), "supervision").handler(this::draws);
        named(r.post("/api/v1/supervision/draws"), "supervision").handler(this::draw);
        named(r.get("/api/v1/supervision/draws/:drawId"), "supervision").handler(this::getDraw);
        named(r.post("/api/v1/supervision/draws/:drawId/witness"), "supervision").handler(this::witness);
        named(r.post("/api/v1/supervision/draws/:drawId/reveal"), "supervision").handler(this::reveal);
        named(r.post("/api/v1/supervision/draws/:drawId/void"), "supervision").handler(this::voidDraw);
        named(r.get("/api/v1/supervision/tasks"), "supervision").handler(this::tasks);
        named(r.get("/api/v1/supervision/tasks/:taskId"), "supervision").handler(this::task);
        named(r.post("/api/v1/supervision/tasks/:taskId/results"), "supervision").handler(this::result);
        named(r.post("/api/v1/supervision/tasks/:taskId/consequences"), "supervision").handler(this::consequence);
    }

    private void inspectors(RoutingContext ctx) {
        Principal p = principal(ctx);
        reply(ctx, 200, () -> JsonCodec.array(supervision.inspectors(p), SupervisionRoutes::inspector));
    }

    private void putInspector(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String id = requiredString(b, "inspectorId");
        boolean active = JsonCodec.bool(b, "active", true);
        var conflicts = new HashSet<>(stringList(b, "conflicts"));
        reply(ctx, 200, () -> inspector(supervision.putInspector(p, id, string(b, "name"), string(b, "districtCode"),
                string(b, "organisation"), conflicts, active)));
    }

    private void draws(RoutingContext ctx) {
        Principal p = principal(ctx);
        reply(ctx, 200, () -> JsonCodec.array(supervision.draws(p), d -> draw(d, null)));
    }

    /** Announces the year's draw: the commitment as sent, or the hash of officeSecret (which is not kept). */
    private void draw(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        if (b.containsKey("seed")) {
            throw Supervision.refusal("DRAW_NOT_ANNOUNCED", 422, "supervision.seed-given");
        }
        int year = integer(b, "year", 0);
        int enterprises = integer(b, "enterprises", 0);
        int perTask = integer(b, "inspectorsPerTask", 2);
        LocalDate dueOn = JsonCodec.date(b, "dueOn");
        String commitment = string(b, "commitment");
        String secret = string(b, "officeSecret");
        if ((commitment == null) == (secret == null)) {
            throw new IllegalArgumentException("send either commitment (SHA-256 of the office's secret part, 64 lowercase hex digits) "
                    + "or officeSecret (hashed here, not kept), not " + (commitment == null ? "neither" : "both"));
        }
        String source = string(b, "publicSource");
        LocalDate publicDate = JsonCodec.date(b, "publicDate");
        Supervision.Announcement a = secret != null
                ? Supervision.Announcement.ofSecret(year, enterprises, perTask, dueOn, source, publicDate, secret)
                : new Supervision.Announcement(year, enterprises, perTask, dueOn, source, publicDate, commitment);
        reply(ctx, 201, () -> draw(supervision.announce(p, a), null));
    }

    private void getDraw(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "drawId");
        reply(ctx, 200, () -> draw(supervision.draw(p, id), supervision.verify(p, id).orElse(null))
                .put("tasks", JsonCodec.array(supervision.tasks(p, id), SupervisionRoutes::task)));
    }

    private void witness(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "drawId");
        String part = requiredString(JsonBody.object(ctx), "witnessPart");
        reply(ctx, 200, () -> draw(supervision.witness(p, id, part), null));
    }

    private void reveal(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "drawId");
        String secret = requiredString(JsonBody.object(ctx), "officeSecret");
        reply(ctx, 200, () -> draw(supervision.reveal(p, id, secret), null));
    }

    private void voidDraw(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "drawId");
        JsonObject b = JsonBody.object(ctx);
        String reason = requiredString(b, "reason");
        String secret = string(b, "officeSecret");
        reply(ctx, 200, () -> draw(supervision.voidDraw(p, id, reason, secret), null));
    }

    /** Every draw's tasks, {@code ?year=} and {@code ?status=} (OPEN, PASSED, FAILED, VOIDED) optional. */
    private void tasks(RoutingContext ctx) {
        Principal p = principal(ctx);
        Integer year = Requests.intQuery(ctx, "year");
        String st = ctx.queryParams().get("status");
        Task.Status status = st == null ? null : Requests.enumValue(Task.Status.class, st, "status");
        reply(ctx, 200, () -> JsonCodec.array(supervision.tasks(p, year, status),
                l -> task(l.task()).put("year", l.year()).put("drawState", l.drawState().name())));
    }

    private void task(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "taskId");
        reply(ctx, 200, () -> {
            Supervision.TaskDetail d = supervision.task(p, id);
            JsonArray results = new JsonArray();
            d.results().forEach(r -> results.add(result(r)));
            JsonArray consequences = new JsonArray();
            d.consequences().forEach(c -> consequences.add(consequence(c)));
            return task(d.task()).put("licenceStatus", d.licence().map(l -> l.status().name()).orElse(null))
                    .put("indicators", new JsonArray(d.indicators().stream().map(Indicator::toJson).toList()))
                    .put("results", results).put("consequences", consequences);
        });
    }

    private void result(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "taskId");
        String indicator = requiredString(b, "indicator");
        String value = requiredString(b, "value");
        Object pass = b.getValue("pass");
        if (pass != null && !(pass instanceof Boolean)) {
            throw new IllegalArgumentException("pass must be true or false (the lab's verdict), or absent for an indicator with limits");
        }
        reply(ctx, 201, () -> result(supervision.recordResult(p, id, indicator, value, (Boolean) pass, string(b, "lab"),
                string(b, "reportNo"))));
    }

    private void consequence(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "taskId");
        Consequence.Kind kind = Requests.enumValue(Consequence.Kind.class, requiredString(b, "kind"), "kind");
        LocalDate deadline = JsonCodec.date(b, "deadline");
        String reason = requiredString(b, "reason");
        reply(ctx, 201, () -> consequence(supervision.impose(p, id, kind, deadline, reason)));
    }

    static UUID uuid(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a UUID (as the API answered it), got '"
                    + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "'");
        }
    }

    // ------------------------------------------------------------------ JSON

    static JsonObject inspector(Inspector i) {
        return new JsonObject().put("inspectorId", i.inspectorId()).put("name", i.name()).put("districtCode", i.districtCode())
                .put("organisation", i.organisation()).put("conflicts", new JsonArray(i.conflicts().stream().sorted().toList()))
                .put("active", i.active()).put("createdAt", JsonCodec.text(i.createdAt())).put("updatedAt", JsonCodec.text(i.updatedAt()));
    }

    static JsonObject draw(Draw d, Supervision.Verification v) {
        JsonObject j = new JsonObject().put("drawId", d.drawId().toString()).put("year", d.year()).put("state", d.state().name())
                .put("enterprises", d.enterprises()).put("inspectorsPerTask", d.inspectorsPerTask()).put("dueOn", d.dueOn().toString())
                .put("announcedBy", d.announcedBy()).put("announcedAt", JsonCodec.text(d.announcedAt()))
                .put("publicSource", d.publicSource()).put("publicDate", d.publicDate() == null ? null : d.publicDate().toString())
                .put("candidates", SupervisionStore.candidatesJson(d.candidates()))
                .put("standards", SupervisionStore.standardsJson(d.standards())).put("snapshotHash", d.snapshotHash())
                .put("commitment", d.commitment());
        if (d.witness() != null) {
            j.put("witness", new JsonObject().put("part", d.witness().part()).put("by", d.witness().by())
                    .put("at", JsonCodec.text(d.witness().at())));
        }
        Draw.Reveal r = d.reveal();
        j.put("officeSecret", r == null ? null : r.officePart()).put("seed", d.seed()).put("drawnBy", r == null ? null : r.by())
                .put("drawnAt", r == null ? null : JsonCodec.text(r.at())).put("result", SupervisionStore.resultJson(d.result()))
                .put("taskIds", new JsonArray(d.taskIds().stream().map(UUID::toString).toList()));
        if (d.voiding() != null) {
            Draw.Voiding v0 = d.voiding();
            j.put("voided", new JsonObject().put("reason", v0.reason()).put("by", v0.by()).put("at", JsonCodec.text(v0.at()))
                    .put("officeSecret", v0.officePart()).put("seed", v0.seed())
                    .put("wouldHaveDrawn", v0.wouldHave() == null ? null : SupervisionStore.resultJson(v0.wouldHave())));
        }
        if (v != null) {
            j.put("verification", new JsonObject().put("same", v.same()).put("redrawn", SupervisionStore.resultJson(v.redrawn())));
        }
        return j;
    }

    static JsonObject task(Task t) {
        return new JsonObject().put("taskId", t.taskId().toString()).put("drawId", t.drawId().toString()).put("licenseeId", t.licenseeId())
                .put("productId", t.productId()).put("standardId", t.standardId()).put("version", t.version())
                .put("indicators", t.indicators() == null ? null : new JsonArray(t.indicators().stream().map(Indicator::toJson).toList()))
                .put("inspectors", new JsonArray(new ArrayList<>(t.inspectors()))).put("dueOn", t.dueOn().toString())
                .put("status", t.status().name()).put("updatedAt", JsonCodec.text(t.updatedAt()));
    }

    static JsonObject result(LabResult r) {
        return new JsonObject().put("indicator", r.indicator()).put("value", r.value()).put("pass", r.pass()).put("judgedBy", r.judgedBy())
                .put("lab", r.lab()).put("reportNo", r.reportNo()).put("recordedBy", r.recordedBy())
                .put("recordedAt", JsonCodec.text(r.recordedAt()));
    }

    static JsonObject consequence(Consequence c) {
        return new JsonObject().put("taskId", c.taskId().toString()).put("at", JsonCodec.text(c.at())).put("kind", c.kind().name())
                .put("deadline", c.deadline() == null ? null : c.deadline().toString()).put("reason", c.reason())
                .put("imposedBy", c.imposedBy()).put("licenseeId", c.licenseeId()).put("productId", c.productId());
    }
}
