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

/**
 * Supervision over HTTP (docs/supervision.md, docs/api-issuer.md): the inspector pool, draws with their
 * re-draw check, tasks, lab results and consequences. The regulator writes; the regulator and officers read.
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

    private void draw(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        Supervision.DrawRequest req = new Supervision.DrawRequest(integer(b, "year", 0), requiredString(b, "seed"),
                integer(b, "enterprises", 0), integer(b, "inspectorsPerTask", 2), JsonCodec.date(b, "dueOn"));
        reply(ctx, 201, () -> draw(supervision.draw(p, req), null));
    }

    private void getDraw(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "drawId");
        reply(ctx, 200, () -> draw(supervision.draw(p, id), supervision.verify(p, id))
                .put("tasks", JsonCodec.array(supervision.tasks(p, id), SupervisionRoutes::task)));
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
                    .put("indicators", new JsonArray(d.indicators().stream().map(i -> (Object) new JsonObject().put("name", i.name())
                            .put("unit", i.unit()).put("requirement", i.requirement()).put("min", i.min()).put("max", i.max())).toList()))
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
        JsonObject j = new JsonObject().put("drawId", d.drawId().toString()).put("year", d.year()).put("seed", d.seed())
                .put("enterprises", d.enterprises()).put("inspectorsPerTask", d.inspectorsPerTask()).put("dueOn", d.dueOn().toString())
                .put("drawnBy", d.drawnBy()).put("drawnAt", JsonCodec.text(d.drawnAt()))
                .put("candidates", SupervisionStore.candidatesJson(d.candidates())).put("result", SupervisionStore.resultJson(d.result()))
                .put("taskIds", new JsonArray(d.taskIds().stream().map(UUID::toString).toList()));
        if (v != null) {
            j.put("verification", new JsonObject().put("same", v.same()).put("redrawn", SupervisionStore.resultJson(v.redrawn())));
        }
        return j;
    }

    static JsonObject task(Task t) {
        return new JsonObject().put("taskId", t.taskId().toString()).put("drawId", t.drawId().toString()).put("licenseeId", t.licenseeId())
                .put("productId", t.productId()).put("standardId", t.standardId()).put("version", t.version())
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
