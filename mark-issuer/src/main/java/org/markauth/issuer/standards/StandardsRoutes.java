package org.markauth.issuer.standards;

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
import java.util.ArrayList;
import java.util.List;
import org.markauth.access.Principal;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;

/**
 * The standards registry over HTTP (docs/standards.md, docs/api-issuer.md): the regulator writes, the
 * regulator and officers read; the service checks the roles, the route table refuses other writers first.
 */
public final class StandardsRoutes {

    private final Standards standards;

    public StandardsRoutes(Standards standards) {
        this.standards = standards;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/standards"), "standards").handler(this::list);
        named(r.post("/api/v1/standards"), "standards").handler(this::create);
        named(r.get("/api/v1/standards/:standardId"), "standards").handler(this::detail);
        named(r.post("/api/v1/standards/:standardId/versions"), "standards").handler(this::addVersion);
        named(r.get("/api/v1/standards/:standardId/impact"), "standards").handler(this::impact);
        named(r.post("/api/v1/standards/:standardId/status"), "standards").handler(this::status);
        named(r.post("/api/v1/standards/:standardId/products"), "standards").handler(this::link);
    }

    private void list(RoutingContext ctx) {
        Principal p = principal(ctx);
        reply(ctx, 200, () -> JsonCodec.array(standards.list(p), StandardsRoutes::standard));
    }

    private void create(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        Standards.NewStandard n = new Standards.NewStandard(requiredString(b, "standardNo"), string(b, "titleZh"), string(b, "titleEn"),
                string(b, "sector"), requiredString(b, "version"), indicators(b), stringList(b, "benchmarks"));
        reply(ctx, 201, () -> detail(standards.create(p, n)));
    }

    private void detail(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("standardId");
        reply(ctx, 200, () -> detail(standards.detail(p, id)));
    }

    private void addVersion(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String id = ctx.pathParam("standardId");
        String version = requiredString(b, "version");
        List<Indicator> indicators = indicators(b);
        List<String> benchmarks = stringList(b, "benchmarks");
        reply(ctx, 201, () -> detail(standards.addVersion(p, id, version, indicators, benchmarks)));
    }

    private void impact(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("standardId");
        String version = ctx.request().getParam("version");
        reply(ctx, 200, () -> new JsonObject().put("standardId", id).put("version", version)
                .put("licences", JsonCodec.array(standards.impact(p, id, version), StandardsRoutes::affected)));
    }

    private void status(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String id = ctx.pathParam("standardId");
        String version = requiredString(b, "version");
        StandardVersion.Status to = Requests.enumValue(StandardVersion.Status.class, requiredString(b, "status"), "status");
        String reason = requiredString(b, "reason");
        reply(ctx, 200, () -> new JsonObject().put("standardId", id).put("version", version).put("status", to.name())
                .put("licences", JsonCodec.array(standards.changeStatus(p, id, version, to, reason), StandardsRoutes::affected)));
    }

    private void link(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String id = ctx.pathParam("standardId");
        String version = requiredString(b, "version");
        int productId = integer(b, "productId", 0);
        if (productId <= 0) {
            throw new IllegalArgumentException("productId is required: the positive id of the product to link");
        }
        reply(ctx, 200, () -> affected(standards.link(p, id, version, productId)));
    }

    // ------------------------------------------------------------------ JSON

    /** {@code indicators}: an array of {name, unit, requirement, min, max}; each failure names the element. */
    static List<Indicator> indicators(JsonObject b) {
        Object v = b.getValue("indicators");
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw new IllegalArgumentException("indicators must be an array of objects {name, unit, requirement, min, max}");
        }
        List<Indicator> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!(a.getValue(i) instanceof JsonObject o)) {
                throw new IllegalArgumentException("indicators[" + i + "] must be an object {name, unit, requirement, min, max}");
            }
            out.add(new Indicator(string(o, "name"), string(o, "unit"), string(o, "requirement"), number(o, "min", i),
                    number(o, "max", i)));
        }
        return out;
    }

    private static Double number(JsonObject o, String field, int i) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("indicators[" + i + "]." + field + " must be a number (or absent)");
    }

    static JsonObject standard(Standard s) {
        return new JsonObject().put("standardId", s.standardId()).put("standardNo", s.standardNo()).put("titleZh", s.titleZh())
                .put("titleEn", s.titleEn()).put("sector", s.sector()).put("createdAt", JsonCodec.text(s.createdAt()))
                .put("updatedAt", JsonCodec.text(s.updatedAt()));
    }

    static JsonObject version(StandardVersion v) {
        JsonArray indicators = new JsonArray();
        v.indicators().forEach(i -> indicators.add(i.toJson()));
        return new JsonObject().put("version", v.version()).put("status", v.status().name())
                .put("publishedOn", text(v.publishedOn())).put("revisedOn", text(v.revisedOn())).put("withdrawnOn", text(v.withdrawnOn()))
                .put("statusReason", v.statusReason()).put("indicators", indicators)
                .put("benchmarks", new JsonArray(new ArrayList<>(v.benchmarks())));
    }

    static JsonObject affected(Standards.Affected a) {
        return new JsonObject().put("productId", a.productId()).put("productName", a.productName()).put("licenseeId", a.licenseeId())
                .put("version", a.version()).put("licenceNo", a.licenceNo())
                .put("licenceStatus", a.licenceStatus() == null ? null : a.licenceStatus().name());
    }

    static JsonObject detail(Standards.Detail d) {
        return standard(d.standard()).put("versions", JsonCodec.array(d.versions(), StandardsRoutes::version))
                .put("products", JsonCodec.array(d.products(), StandardsRoutes::affected));
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
