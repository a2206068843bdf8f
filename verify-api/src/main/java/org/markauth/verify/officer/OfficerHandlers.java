package org.markauth.verify.officer;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.markauth.access.Principal;
import org.markauth.http.ApiError;
import org.markauth.http.BearerAuth;
import org.markauth.http.Lang;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.verify.api.VerdictJson;
import org.markauth.verify.api.VerifyHandlers;
import org.markauth.verify.cache.RegistryCache;
import org.markauth.verify.check.Verification;
import org.markauth.verify.check.VerificationService;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.MarkRow;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.trace.Aggregations;
import org.markauth.verify.trace.Contents;
import org.markauth.verify.trace.ContentsJson;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Guards;
import org.markauth.verify.web.Origins;

/**
 * Officer endpoints (behind the officer key check, service-http's {@code BearerAuth}): the full record of a unit by its ids or by a
 * scanned code (which is also verified and recorded as an OFFICER scan), and recording an
 * inspection or seizure. The record includes what holds the item now (its case or pallet) and,
 * for a case or pallet, what it holds now, each with its state.
 */
public final class OfficerHandlers {

    private final RegistryCache cache;
    private final OfficerStore store;
    private final Aggregations aggregations;
    private final VerificationService service;
    private final Origins origins;
    private final BearerAuth<Principal> officers;

    public OfficerHandlers(RegistryCache cache, OfficerStore store, Aggregations aggregations, VerificationService service,
                           Origins origins, BearerAuth<Principal> officers) {
        this.officers = officers;
        this.cache = cache;
        this.store = store;
        this.aggregations = aggregations;
        this.service = service;
        this.origins = origins;
    }

    /** The officer routes, every one behind the officer authentication. */
    public void mount(Router r, Guards g) {
        named(r.post("/api/v1/officer/*"), "officer").handler(g.json());
        named(r.route("/api/v1/officer/*"), "officer").handler(g.authenticate()).handler(g.officer());
        named(r.get("/api/v1/officer/record"), "officer").handler(this::byCode);
        named(r.get("/api/v1/officer/units/:batchId/:serial"), "officer").handler(this::unit);
        named(r.post("/api/v1/officer/units/:batchId/:serial/inspections"), "officer").handler(this::inspect);
    }

    public void unit(RoutingContext ctx) {
        int batchId = batchId(ctx);
        long serial = serial(ctx);
        record(batchId, serial).onSuccess(r -> json(ctx, 200, r)).onFailure(ctx::fail);
    }

    public void byCode(RoutingContext ctx) {
        String code = VerifyHandlers.code(ctx.request().getParam("code"));
        Lang lang = Lang.of(ctx);
        service.verify(code, origins.of(ctx, ctx.request().getParam("geo"), "OFFICER")).compose(v -> {
            JsonObject verdict = VerdictJson.of(v, lang);
            // the record of the unit the signature vouches for; a rejected code's ids are a claim, not looked up
            SignedMark mark = v instanceof Verification.SignatureOnly s ? s.mark()
                    : v instanceof Verification.Checked c ? c.mark() : null;
            if (mark == null) {
                return Future.succeededFuture(new JsonObject().put("verdict", verdict));
            }
            return record((int) mark.content().batchId(), mark.content().serial().value())
                    .map(r -> r.put("verdict", verdict));
        }).onSuccess(r -> json(ctx, 200, r)).onFailure(ctx::fail);
    }

    public void inspect(RoutingContext ctx) {
        int batchId = batchId(ctx);
        long serial = serial(ctx);
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            throw new ApiError(ErrorCode.BAD_BODY, "not a JSON object");
        }
        if (body == null) {
            throw new ApiError(ErrorCode.BAD_BODY, "send a JSON object {kind, result, place, note}");
        }
        Inspection i;
        try {
            i = Inspection.fromJson(body);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.badParameter(e.getMessage());
        }
        String officer = officers.principal(ctx).userId();
        cache.mark(batchId, serial).compose(m -> m.isEmpty()
                        ? Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "unit " + batchId + "/" + Long.toHexString(serial)))
                        : store.record(batchId, serial, officer, i))
                .onSuccess(id -> json(ctx, 201, new JsonObject().put("id", id.toString()).put("kind", i.kind())
                        .put("result", i.result())))
                .onFailure(ctx::fail);
    }

    private Future<JsonObject> record(int batchId, long serial) {
        Future<JsonObject> unit = unitRecord(batchId, serial);
        Future<JsonObject> packing = aggregation(batchId, serial);
        return Future.all(unit, packing).map(x -> unit.result().mergeIn(packing.result()));
    }

    /** {@code container}: the case or pallet holding the item now (or null); {@code contents}: what it holds now. */
    private Future<JsonObject> aggregation(int batchId, long serial) {
        Future<Optional<Aggregations.Container>> in = aggregations.container(batchId, serial);
        Future<Contents> holds = aggregations.contents(batchId, serial, OfficerStore.LIMIT);
        return Future.all(in, holds).map(x -> new JsonObject()
                .put("container", in.result().map(c -> ContentsJson.item(c.batchId(), c.serial(), c.epc(), c.since(), c.state()))
                        .orElse(null))
                .put("contents", ContentsJson.of(holds.result())));
    }

    private Future<JsonObject> unitRecord(int batchId, long serial) {
        Future<Optional<MarkRow>> unitF = cache.mark(batchId, serial);
        Future<Optional<BatchView>> batchF = cache.batch(batchId);
        return Future.all(unitF, batchF).compose(x -> {
            if (unitF.result().isEmpty()) {
                return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "unit " + batchId + "/" + Long.toHexString(serial)));
            }
            MarkRow unit = unitF.result().get();
            BatchView batch = batchF.result().orElse(null);
            Future<Optional<ProductView>> productF = batch == null ? Future.succeededFuture(Optional.empty())
                    : cache.product(batch.productId());
            return productF.compose(p -> p.map(pv -> cache.licensee(pv.licenseeId()))
                            .orElse(Future.succeededFuture(Optional.empty()))
                            .compose(lic -> store.history(batchId, serial, batch == null ? null : batch.productId())
                                    .map(h -> {
                                        JsonObject out = new JsonObject()
                                                .put("unit", new JsonObject().put("batchId", batchId)
                                                        .put("serial", String.format("%016x", serial)).put("seq", unit.seq())
                                                        .put("state", unit.state())
                                                        .put("rangeAction", batch == null ? null : batch.latestActionFor(unit.seq()).orElse(null)));
                                        if (batch != null) {
                                            out.put("batch", new JsonObject().put("productId", batch.productId()).put("lot", batch.lot())
                                                    .put("line", batch.lineId()).put("quantity", batch.quantity()).put("state", batch.state())
                                                    .put("productionDate", str(batch.productionDate())).put("expiryDate", str(batch.expiryDate()))
                                                    .put("recalledAt", str(batch.recalledAt())).put("recallReason", batch.recallReason())
                                                    .put("createdAt", str(batch.createdAt())));
                                        }
                                        p.ifPresent(pv -> out.put("product", new JsonObject().put("id", pv.productId())
                                                .put("name", pv.name()).put("model", pv.model()).put("standardNo", pv.standardNo())
                                                .put("marketRegions", new JsonArray(java.util.List.copyOf(pv.marketRegions())))
                                                .put("licence", new JsonObject().put("number", pv.licenceNo()).put("status", pv.licenceStatus())
                                                        .put("statusSince", str(pv.licenceStatusSince())).put("reason", pv.licenceStatusReason()))));
                                        lic.ifPresent(l -> out.put("licensee", new JsonObject().put("id", l.licenseeId())
                                                .put("name", l.name()).put("blacklisted", l.blacklisted())
                                                .put("blacklistReason", l.blacklistReason())));
                                        return out.mergeIn(h);
                                    })));
        });
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static int batchId(RoutingContext ctx) {
        String s = ctx.pathParam("batchId");
        try {
            int v = Integer.parseInt(s);
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ErrorCode.badParameter("batchId must be a positive 31-bit number, got '" + clip(s) + "'");
        }
    }

    private static long serial(RoutingContext ctx) {
        String s = ctx.pathParam("serial");
        if (s == null || !s.matches("[0-9a-fA-F]{16}")) {
            throw ErrorCode.badParameter("serial must be 16 hex digits, got '" + clip(s) + "'");
        }
        return Long.parseUnsignedLong(s, 16);
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
