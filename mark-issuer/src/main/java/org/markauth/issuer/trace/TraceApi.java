package org.markauth.issuer.trace;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.markauth.access.Principal;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.recall.Recall;
import org.markauth.issuer.recall.RecallReport;
import org.markauth.issuer.recall.Recalls;

/**
 * HTTP routes of traceability and recalls, mounted on the issuer's API router behind its bearer
 * authentication (docs/api-trace.md). Handlers run the blocking services on worker threads and
 * leave failures to the router's error renderer.
 */
public final class TraceApi {

    private final Vertx vertx;
    private final Partners partners;
    private final Capture capture;
    private final TraceQuery query;
    private final Recalls recalls;

    public TraceApi(Vertx vertx, Partners partners, Capture capture, TraceQuery query, Recalls recalls) {
        this.vertx = vertx;
        this.partners = partners;
        this.capture = capture;
        this.query = query;
        this.recalls = recalls;
    }

    /** Adds the routes; call after the router's {@code /api/v1/*} authentication handler. */
    public void mount(Router r) {
        named(r.post("/api/v1/epcis/capture"), "trace").handler(this::capture);
        named(r.get("/api/v1/trace"), "trace").handler(this::trace);
        named(r.post("/api/v1/licensees/:licenseeId/partners"), "registry").handler(this::declarePartner);
        named(r.get("/api/v1/licensees/:licenseeId/partners"), "registry").handler(this::partners);
        named(r.post("/api/v1/licensees/:licenseeId/partners/:partnerId/withdraw"), "registry").handler(this::withdrawPartner);
        named(r.post("/api/v1/recalls"), "recalls").handler(this::recall);
        named(r.get("/api/v1/recalls"), "recalls").handler(this::recalls);
        named(r.get("/api/v1/recalls/:recallId"), "recalls").handler(this::recallReport);
    }

    private void capture(RoutingContext ctx) {
        Principal p = principal(ctx);
        String m = ctx.request().getParam("mode", "atomic").toUpperCase(Locale.ROOT);
        Capture.Mode mode;
        try {
            mode = Capture.Mode.valueOf(m);
        } catch (IllegalArgumentException e) {
            ctx.fail(new IllegalArgumentException("mode must be atomic (refuse the document if any event is bad) or partial "
                    + "(keep the good events), got '" + m.toLowerCase(Locale.ROOT) + "'"));
            return;
        }
        JsonObject doc = JsonBody.object(ctx);   // NOT_JSON or NOT_A_JSON_OBJECT: an EPCIS 2.0 document is a JSON object
        blocking(() -> capture.capture(p, doc, mode)).onSuccess(res -> ctx.response()
                .setStatusCode(!res.committed() ? 422 : res.rejected().isEmpty() ? 201 : 207)
                .putHeader("Content-Type", "application/json").end(result(res).encode())).onFailure(ctx::fail);
    }

    private void trace(RoutingContext ctx) {
        Principal p = principal(ctx);
        String epc = ctx.request().getParam("epc");
        if (epc == null) {
            ctx.fail(new IllegalArgumentException("epc (the mark's code or urn:markauth:mark:<batch>:<serial>) is required"));
            return;
        }
        blocking(() -> query.trace(p, epc)).onSuccess(tr -> ctx.json(trace(tr))).onFailure(ctx::fail);
    }

    private void declarePartner(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        String owner = ctx.pathParam("licenseeId");
        Instant from = instant(b, "validFrom");
        Instant until = instant(b, "validUntil");
        blocking(() -> partners.declare(p, owner, text(b, "partnerId"), text(b, "role"), from, until))
                .onSuccess(x -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end(partner(x).encode()))
                .onFailure(ctx::fail);
    }

    private void withdrawPartner(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        blocking(() -> partners.withdraw(p, ctx.pathParam("licenseeId"), ctx.pathParam("partnerId"), text(b, "reason")))
                .onSuccess(x -> ctx.json(partner(x))).onFailure(ctx::fail);
    }

    private void partners(RoutingContext ctx) {
        Principal p = principal(ctx);
        blocking(() -> partners.list(p, ctx.pathParam("licenseeId"))).onSuccess(list -> {
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(partner(x)));
            ctx.json(new JsonObject().put("partners", a));
        }).onFailure(ctx::fail);
    }

    private void recall(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        Integer batchId = JsonCodec.optionalInteger(b, "batchId");
        Integer productId = JsonCodec.optionalInteger(b, "productId");
        String lot = JsonCodec.string(b, "lot");
        String reason = JsonCodec.string(b, "reason");
        String notice = JsonCodec.string(b, "notice");
        Callable<Recall> call;
        if (batchId != null) {
            call = () -> recalls.recallBatch(p, batchId, reason, notice);
        } else if (productId != null && lot != null) {
            call = () -> recalls.recallLot(p, productId, lot, reason, notice);
        } else {
            ctx.fail(new IllegalArgumentException("give batchId, or productId and lot, with reason and notice"));
            return;
        }
        blocking(call).onSuccess(r -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .end(recall(r).encode())).onFailure(ctx::fail);
    }

    private void recalls(RoutingContext ctx) {
        Principal p = principal(ctx);
        String y = ctx.request().getParam("year");
        Integer year;
        try {
            year = y == null ? null : Integer.valueOf(y.strip());
        } catch (NumberFormatException e) {
            ctx.fail(new IllegalArgumentException("year must be a year such as 2026, got '" + y + "'"));
            return;
        }
        blocking(() -> year == null ? recalls.recent(p, 100) : recalls.list(p, year, 100))
                .onSuccess(list -> {
                    JsonArray a = new JsonArray();
                    list.forEach(r -> a.add(recall(r)));
                    ctx.json(new JsonObject().put("recalls", a));
                }).onFailure(ctx::fail);
    }

    private void recallReport(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("recallId"));
        } catch (IllegalArgumentException e) {
            ctx.fail(new IllegalArgumentException("recallId must be a UUID"));
            return;
        }
        blocking(() -> recalls.report(p, id)).onSuccess(r -> ctx.json(report(r))).onFailure(ctx::fail);
    }

    // ------------------------------------------------------------------ JSON

    static JsonObject result(Capture.Result r) {
        JsonArray rejected = new JsonArray();
        r.rejected().forEach(x -> rejected.add(new JsonObject().put("index", x.index()).put("eventID", x.eventId())
                .put("code", x.code()).put("message", x.message())));
        return new JsonObject().put("received", r.received()).put("committed", r.committed())
                .put("recorded", new JsonArray(r.recorded())).put("hashes", new JsonArray(r.hashes()))
                .put("duplicates", new JsonArray(r.duplicates()))
                .put("rejected", rejected);
    }

    static JsonObject trace(Trace t) {
        Trace.Origin o = t.origin();
        JsonArray path = new JsonArray();
        t.path().forEach(s -> path.add(new JsonObject().put("time", text(s.time())).put("type", s.type()).put("action", s.action())
                .put("bizStep", s.bizStep()).put("disposition", s.disposition()).put("party", s.party())
                .put("bizLocation", s.bizLocation()).put("readPoint", s.readPoint()).put("viaParent", s.viaParent())
                .put("eventID", s.eventId()).put("eventHash", s.eventHash()).put("declared", declared(s.declared()))
                .put("event", s.event())));
        JsonArray contents = new JsonArray();
        t.contents().forEach(c -> contents.add(new JsonObject().put("epc", c.epc()).put("urn", c.urn()).put("state", c.state())
                .put("gs1", Gs1Routes.json(c.gs1()))));
        JsonArray scans = new JsonArray();
        t.scans().forEach(s -> scans.add(new JsonObject().put("at", text(s.at())).put("verdict", s.verdict())
                .put("place", s.place()).put("channel", s.channel())));
        return new JsonObject()
                .put("origin", new JsonObject().put("urn", o.urn()).put("batchId", o.batchId()).put("serial", o.serialHex())
                        .put("productId", o.productId()).put("productName", o.productName()).put("licenseeId", o.licenseeId())
                        .put("licenseeName", o.licenseeName()).put("lot", o.lot()).put("lineId", o.lineId())
                        .put("productionDate", String.valueOf(o.productionDate()))
                        .put("expiryDate", o.expiryDate() == null ? null : o.expiryDate().toString())
                        .put("orderedAt", text(o.orderedAt())).put("batchState", o.batchState()).put("recallNotice", o.recallNotice())
                        .put("gs1", Gs1Routes.json(o.gs1())))
                .put("path", path).put("holder", t.holder()).put("state", t.state()).put("container", t.container())
                .put("containerGs1", Gs1Routes.json(t.containerGs1()))
                .put("contents", contents).put("scans", scans);
    }

    /** An errorDeclaration on a path step, or null. */
    private static JsonObject declared(Trace.Declared d) {
        return d == null ? null : new JsonObject().put("declarationTime", text(d.at())).put("reason", d.reason())
                .put("correctiveEventIDs", new JsonArray(d.correctiveEventIds())).put("declaredBy", d.declaredBy());
    }

    JsonObject partner(Partners.Partner p) {
        return new JsonObject().put("status", partners.status(p).name()).put("licenseeId", p.licenseeId()).put("partnerId", p.partnerId()).put("role", p.role())
                .put("declaredAt", text(p.declaredAt())).put("validFrom", text(p.validFrom())).put("validUntil", text(p.validUntil()))
                .put("withdrawnAt", text(p.withdrawnAt())).put("withdrawnBy", p.withdrawnBy())
                .put("withdrawnReason", p.withdrawnReason());
    }

    static JsonObject recall(Recall r) {
        return new JsonObject().put("recallId", r.recallId().toString()).put("productId", r.productId()).put("lot", r.lot())
                .put("batchIds", new JsonArray(r.batchIds())).put("licenseeId", r.licenseeId()).put("reason", r.reason())
                .put("notice", r.notice()).put("recalledAt", text(r.recalledAt())).put("recalledBy", r.recalledBy());
    }

    static JsonObject report(RecallReport r) {
        JsonArray batches = new JsonArray();
        for (RecallReport.BatchOutcome b : r.batches()) {
            JsonArray scans = new JsonArray();
            b.lastScanPlaces().forEach(x -> scans.add(new JsonObject().put("place", x.place()).put("lastAt", text(x.lastAt()))));
            JsonArray locs = new JsonArray();
            b.lastLocations().forEach(x -> locs.add(new JsonObject().put("location", x.place()).put("lastAt", text(x.lastAt()))
                    .put("bizStep", x.detail())));
            batches.add(new JsonObject().put("batchId", b.batchId()).put("scansAfterRecall", b.scansAfterRecall())
                    .put("lastScanPlaces", scans).put("lastLocations", locs));
        }
        return recall(r.recall()).put("scansAfterRecall", r.scansAfterRecall()).put("batches", batches);
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static JsonObject body(RoutingContext ctx) {
        return JsonBody.object(ctx);    // an array, a scalar or non-JSON is a 400, not a 500
    }

    /** A string field of a body, or null; any other JSON type is a 400 naming the field (not a ClassCastException, a 500). */
    private static String text(JsonObject b, String name) {
        Object v = b.getValue(name);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return (String) v;
    }

    private static Instant instant(JsonObject b, String name) {
        Object v = b.getValue(name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse((String) v).toInstant();
        } catch (ClassCastException | DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO 8601 date-time with offset (2026-12-01T00:00:00+08:00), got '"
                    + v + "'");
        }
    }

    private <T> Future<T> blocking(Callable<T> call) {
        return vertx.executeBlocking(call, false);
    }
}
