package org.markauth.issuer.clones;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.markauth.access.Principal;
import org.markauth.issuer.http.JsonBody;

/**
 * HTTP routes of blocked (cloned) codes and per-product clone rules, mounted on the issuer's API
 * router behind its bearer authentication (docs/api-issuer.md, "Clones"). The regulator blocks,
 * unblocks (always with a reason, audited) and sets a product's rule overrides; officers may read.
 */
public final class ClonesApi {

    private final Vertx vertx;
    private final Blocks blocks;
    private final CloneRuleOverrides rules;

    public ClonesApi(Vertx vertx, Blocks blocks, CloneRuleOverrides rules) {
        this.vertx = vertx;
        this.blocks = blocks;
        this.rules = rules;
    }

    /** Adds the routes; call after the router's {@code /api/v1/*} authentication handler. */
    public void mount(Router r) {
        // the blocks' routes have no name: their requests count as "other", as they always have
        // (ops/observability/README.md lists the issuer's groups)
        r.post("/api/v1/blocks").handler(this::block);
        r.get("/api/v1/blocks/:batchId/:serial").handler(this::get);
        r.post("/api/v1/blocks/:batchId/:serial/unblock").handler(this::unblock);
        named(r.get("/api/v1/products/:productId/clone-rules"), "registry").handler(this::getRules);
        named(r.put("/api/v1/products/:productId/clone-rules"), "registry").handler(this::putRules);
    }

    private void block(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        int batch = integer(b.getValue("batchId"), "batchId");
        long serial = Blocks.serial(string(b, "serial"));
        String alert = string(b, "alertId");
        UUID alertId = alert == null ? null : uuid(alert);
        blocking(() -> blocks.block(p, batch, serial, string(b, "reason"), alertId))
                .onSuccess(x -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end(json(x).encode()))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        Principal p = principal(ctx);
        int batch = integer(ctx.pathParam("batchId"), "batchId");
        long serial = Blocks.serial(ctx.pathParam("serial"));
        blocking(() -> {
            JsonArray h = new JsonArray();
            blocks.history(p, batch, serial).forEach(c -> h.add(new JsonObject().put("at", c.at().toString())
                    .put("action", c.action()).put("actor", c.actor()).put("reason", c.reason())
                    .put("alertId", c.alertId() == null ? null : c.alertId().toString())));
            return new JsonObject().put("block", blocks.find(p, batch, serial).map(ClonesApi::json).orElse(null)).put("history", h);
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void unblock(RoutingContext ctx) {
        Principal p = principal(ctx);
        int batch = integer(ctx.pathParam("batchId"), "batchId");
        long serial = Blocks.serial(ctx.pathParam("serial"));
        JsonObject b = body(ctx);
        blocking(() -> blocks.unblock(p, batch, serial, string(b, "reason"))).onSuccess(x -> ctx.json(json(x)))
                .onFailure(ctx::fail);
    }

    private void getRules(RoutingContext ctx) {
        Principal p = principal(ctx);
        int product = integer(ctx.pathParam("productId"), "productId");
        blocking(() -> rules.find(p, product).map(ClonesApi::json)
                .orElse(new JsonObject().put("productId", product)))
                .onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void putRules(RoutingContext ctx) {
        Principal p = principal(ctx);
        int product = integer(ctx.pathParam("productId"), "productId");
        JsonObject b = body(ctx);
        Object off = b.getValue("offMarket");
        if (off != null && !(off instanceof Boolean)) {
            throw new IllegalArgumentException("offMarket must be true, false or null (the service default)");
        }
        CloneRuleOverrides.Overrides o = new CloneRuleOverrides.Overrides(product, optional(b, "maxScans"),
                optional(b, "scanWindowSeconds"), optional(b, "maxSpeedKmh"), optional(b, "minTravelKm"),
                optional(b, "blockThreshold"), (Boolean) off, null, null);
        blocking(() -> rules.set(p, o)).onSuccess(x -> ctx.json(json(x))).onFailure(ctx::fail);
    }

    static JsonObject json(Blocks.Block b) {
        return new JsonObject().put("batchId", b.batchId()).put("serial", b.serialHex()).put("blocked", b.blocked())
                .put("since", b.since() == null ? null : b.since().toString()).put("actor", b.actor()).put("reason", b.reason())
                .put("alertId", b.alertId() == null ? null : b.alertId().toString()).put("productId", b.productId());
    }

    static JsonObject json(CloneRuleOverrides.Overrides o) {
        return new JsonObject().put("productId", o.productId()).put("maxScans", o.maxScans())
                .put("scanWindowSeconds", o.scanWindowSeconds()).put("maxSpeedKmh", o.maxSpeedKmh())
                .put("minTravelKm", o.minTravelKm()).put("blockThreshold", o.blockThreshold()).put("offMarket", o.offMarket())
                .put("updatedAt", o.updatedAt() == null ? null : o.updatedAt().toString()).put("updatedBy", o.updatedBy());
    }

    private static JsonObject body(RoutingContext ctx) {
        return JsonBody.object(ctx);    // an array, a scalar or non-JSON is a 400, not a 500
    }

    private static String string(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException(field + " must be a string");
    }

    private static Integer optional(JsonObject j, String field) {
        Object v = j.getValue(field);
        return v == null ? null : integer(v, field);
    }

    private static int integer(Object v, String field) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException(field + " must be a whole number, got " + (v == null ? "nothing" : "'" + v + "'"));
    }

    private static UUID uuid(String v) {
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alertId must be an alert's id (a UUID), got '" + v + "'");
        }
    }

    private <T> Future<T> blocking(Callable<T> call) {
        return vertx.executeBlocking(call, false);
    }
}
