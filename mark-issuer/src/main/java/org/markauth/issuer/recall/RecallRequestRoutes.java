package org.markauth.issuer.recall;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;

/**
 * Recall requests over HTTP (docs/api-issuer.md, "Recall requests"): a manufacturer asks
 * ({@code POST /api/v1/recall-requests}), both list ({@code GET}), the regulator approves or
 * rejects ({@code POST /api/v1/recall-requests/:id/approve|reject}).
 */
public final class RecallRequestRoutes {

    private final RecallRequests requests;

    public RecallRequestRoutes(RecallRequests requests) {
        this.requests = requests;
    }

    public void mount(Router r) {
        named(r.post("/api/v1/recall-requests"), "recall-requests").handler(this::request);
        named(r.get("/api/v1/recall-requests"), "recall-requests").handler(this::list);
        named(r.post("/api/v1/recall-requests/:id/approve"), "recall-requests").handler(ctx -> decide(ctx, true));
        named(r.post("/api/v1/recall-requests/:id/reject"), "recall-requests").handler(ctx -> decide(ctx, false));
    }

    private void request(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        Integer batch = JsonCodec.optionalInteger(b, "batchId");
        Integer product = JsonCodec.optionalInteger(b, "productId");
        String lot = JsonCodec.string(b, "lot");
        String reason = JsonCodec.string(b, "reason");
        String notice = JsonCodec.string(b, "notice");
        reply(ctx, 201, () -> json(requests.request(p, batch, product, lot, reason, notice)));
    }

    private void list(RoutingContext ctx) {
        Principal p = principal(ctx);
        String st = ctx.queryParams().get("status");
        RecallRequest.Status status = st == null ? null : Requests.enumValue(RecallRequest.Status.class, st, "status");
        int limit = Requests.limit(ctx);
        reply(ctx, 200, () -> {
            JsonArray a = new JsonArray();
            requests.list(p, status, limit).forEach(r -> a.add(json(r)));
            return a;
        });
    }

    private void decide(RoutingContext ctx, boolean approve) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);   // the body is judged first, as on every JSON write
        UUID id = id(ctx.pathParam("id"));
        String note = JsonCodec.string(b, "note");
        reply(ctx, 200, () -> json(approve ? requests.approve(p, id, note) : requests.reject(p, id, note)));
    }

    private static UUID id(String v) {
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("id must be a recall request's id (a UUID), got '" + (v.length() > 40 ? v.substring(0, 40) : v) + "'");
        }
    }

    static JsonObject json(RecallRequest r) {
        return new JsonObject().put("requestId", r.requestId().toString()).put("licenseeId", r.licenseeId())
                .put("productId", r.productId()).put("lot", r.lot()).put("batchId", r.batchId()).put("reason", r.reason())
                .put("notice", r.notice()).put("status", r.status().name()).put("requestedAt", JsonCodec.text(r.requestedAt()))
                .put("requestedBy", r.requestedBy()).put("decidedBy", r.decidedBy()).put("decidedAt", JsonCodec.text(r.decidedAt()))
                .put("note", r.note()).put("recallId", r.recallId() == null ? null : r.recallId().toString());
    }
}
