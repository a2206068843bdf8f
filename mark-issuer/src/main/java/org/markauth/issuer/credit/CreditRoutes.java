package org.markauth.issuer.credit;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.JsonCodec.date;
import static org.markauth.issuer.http.JsonCodec.requiredString;
import static org.markauth.issuer.http.JsonCodec.text;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.markauth.access.Principal;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Refusal;
import org.markauth.issuer.http.Requests;

/**
 * Quality-credit files over HTTP (docs/api-issuer.md, "Quality credit"; docs/credit.md): the graded
 * licensees (REGULATOR), one licensee's file (REGULATOR, the owner MANUFACTURER), and recording an
 * event the office decided (REGULATOR).
 */
public final class CreditRoutes {

    private final CreditFile credit;

    public CreditRoutes(CreditFile credit) {
        this.credit = credit;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/credit"), "credit").handler(this::list);
        named(r.get("/api/v1/credit/:licenseeId"), "credit").handler(this::file);
        named(r.post("/api/v1/credit/:licenseeId/events"), "credit").handler(this::record);
    }

    private void list(RoutingContext ctx) {
        Principal p = principal(ctx);
        Grade grade = Grade.parse(ctx.request().getParam("grade"));
        reply(ctx, 200, () -> new JsonObject().put("licensees", JsonCodec.array(credit.list(p, grade), CreditRoutes::listed)));
    }

    private void file(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("licenseeId");
        reply(ctx, 200, () -> {
            CreditFile.File f = credit.file(p, id);
            return new JsonObject().put("licenseeId", f.licensee().licenseeId()).put("name", f.licensee().name())
                    .put("blacklisted", f.licensee().blacklisted()).put("grading", grading(f.grading()))
                    .put("events", JsonCodec.array(f.events(), CreditRoutes::entry));
        });
    }

    private void record(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String id = ctx.pathParam("licenseeId");
        CreditKind kind = Requests.enumValue(CreditKind.class, requiredString(b, "kind"), "kind");
        if (b.getValue("date") == null) {
            throw Refusal.badRequest(Refusal.MISSING_FIELD, "field.required", "date").failure();
        }
        CreditEvent e = new CreditEvent(id, kind, date(b, "date"), requiredString(b, "reference"), requiredString(b, "summary"));
        Blocking.run(ctx, () -> credit.record(p, e)).onSuccess(r -> ctx.response().setStatusCode(r.created() ? 201 : 200)
                .putHeader("content-type", "application/json")
                .end(entry(r.entry()).put("created", r.created()).put("grading", grading(r.grading())).encode())).onFailure(ctx::fail);
    }

    static JsonObject entry(CreditFile.Entry e) {
        CreditEvent v = e.event();
        return new JsonObject().put("kind", v.kind().name()).put("date", v.date().toString()).put("reference", v.reference())
                .put("summary", v.summary()).put("points", v.kind().points()).put("recordedBy", e.recordedBy())
                .put("recordedAt", text(e.recordedAt())).put("source", e.source());
    }

    static JsonObject grading(GradingRule.Grading g) {
        return new JsonObject().put("grade", g.grade().name()).put("points", g.points()).put("reason", g.reason().name())
                .put("detail", g.detail()).put("since", g.since() == null ? null : g.since().toString())
                .put("reviewOn", g.reviewOn() == null ? null : g.reviewOn().toString());
    }

    static JsonObject listed(CreditFile.Listed l) {
        JsonArray products = new JsonArray();
        l.products().forEach(s -> products.add(new JsonObject(s)));
        return new JsonObject().put("licenseeId", l.licenseeId()).put("name", l.name()).put("nameEn", l.nameEn()).put("uscc", l.uscc())
                .put("grade", l.grade().name()).put("points", l.points()).put("reason", l.reason().name()).put("detail", l.detail())
                .put("since", l.since() == null ? null : l.since().toString()).put("products", products)
                .put("gradedAt", text(l.gradedAt()));
    }
}
