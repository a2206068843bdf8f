package org.markauth.issuer.activation;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.JsonCodec.text;
import static org.markauth.issuer.http.Requests.intParam;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.markauth.access.Principal;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;

/** Activation over HTTP (docs/api-issuer.md): a batch's ranges, and activating or voiding what the line printed. */
public final class ActivationRoutes {

    private final Activation activation;

    public ActivationRoutes(Activation activation) {
        this.activation = activation;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/batches/:batchId/ranges"), "batches").handler(this::getRanges);
        named(r.post("/api/v1/batches/:batchId/activations"), "activation").handler(ctx -> rangeOrList(ctx, true));
        named(r.post("/api/v1/batches/:batchId/voids"), "activation").handler(ctx -> rangeOrList(ctx, false));
    }

    private void getRanges(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "batchId");
        reply(ctx, 200, () -> JsonCodec.array(activation.ranges(p, id), ActivationRoutes::range));
    }

    /** {@code {"first": 1, "last": 5000}} for a range, {@code {"serials": ["…16 hex…"]}} for a list. */
    private void rangeOrList(RoutingContext ctx, boolean activate) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        int id = intParam(ctx, "batchId");
        if (b.containsKey("serials")) {
            var serials = JsonCodec.stringList(b, "serials");
            reply(ctx, 200, () -> new JsonObject().put("units", activate
                    ? activation.activateList(p, id, serials) : activation.voidList(p, id, serials)));
        } else {
            int first = JsonCodec.integer(b, "first", 0);
            int last = JsonCodec.integer(b, "last", 0);
            reply(ctx, 200, () -> range(activate ? activation.activateRange(p, id, first, last)
                    : activation.voidRange(p, id, first, last)));
        }
    }

    static JsonObject range(RangeAction r) {
        return new JsonObject().put("at", text(r.at())).put("first", r.firstSeq()).put("last", r.lastSeq())
                .put("action", r.action().name()).put("actor", r.actor());
    }
}
