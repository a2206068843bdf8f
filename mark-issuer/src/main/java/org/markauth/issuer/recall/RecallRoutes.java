package org.markauth.issuer.recall;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.Requests.intParam;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.markauth.access.Principal;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;

/**
 * {@code POST /api/v1/batches/:batchId/recall}, the batch API's recall (docs/api-issuer.md). The
 * recall routes of docs/api-trace.md (by lot, lists, reports) are {@code trace.TraceApi}'s.
 */
public final class RecallRoutes {

    private final Recalls recalls;

    public RecallRoutes(Recalls recalls) {
        this.recalls = recalls;
    }

    public void mount(Router r) {
        named(r.post("/api/v1/batches/:batchId/recall"), "batches").handler(this::recall);
    }

    private void recall(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        int id = intParam(ctx, "batchId");
        reply(ctx, 200, () -> {
            Recall r = recalls.recallBatch(p, id, JsonCodec.string(b, "reason"), JsonCodec.string(b, "notice"));
            return new JsonObject().put("recallId", r.recallId().toString()).put("batchIds", new JsonArray(List.copyOf(r.batchIds())))
                    .put("reason", r.reason()).put("notice", r.notice());
        });
    }
}
