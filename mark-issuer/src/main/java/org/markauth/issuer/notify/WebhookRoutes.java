package org.markauth.issuer.notify;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.TreeSet;
import org.markauth.access.Principal;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;

/** {@code /api/v1/webhooks} (docs/api-issuer.md, "Webhooks"): create, list, delete, and a webhook's delivery log. */
public final class WebhookRoutes {

    private final Webhooks hooks;

    public WebhookRoutes(Webhooks hooks) {
        this.hooks = hooks;
    }

    public void mount(Router r) {
        named(r.post("/api/v1/webhooks"), "webhooks").handler(this::create);
        named(r.get("/api/v1/webhooks"), "webhooks").handler(this::list);
        named(r.delete("/api/v1/webhooks/:webhookId"), "webhooks").handler(this::delete);
        named(r.get("/api/v1/webhooks/:webhookId/deliveries"), "webhooks").handler(this::deliveries);
    }

    private void create(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String url = JsonCodec.requiredString(b, "url");
        var events = JsonCodec.stringList(b, "events");
        String description = JsonCodec.string(b, "description");
        reply(ctx, 201, () -> {
            Webhooks.Created c = hooks.create(p, url, events, description);
            return json(c.webhook()).put("secret", c.secret());
        });
    }

    private void list(RoutingContext ctx) {
        Principal p = principal(ctx);
        reply(ctx, 200, () -> new JsonObject().put("webhooks", JsonCodec.array(hooks.list(p), WebhookRoutes::json)));
    }

    private void delete(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("webhookId");
        Blocking.run(ctx, () -> {
            hooks.delete(p, id);
            return null;
        }).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    }

    private void deliveries(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("webhookId");
        int limit = Requests.limit(ctx);
        reply(ctx, 200, () -> new JsonObject().put("deliveries", JsonCodec.array(hooks.deliveries(p, id, limit), WebhookRoutes::json)));
    }

    static JsonObject json(Webhooks.Webhook w) {
        return new JsonObject().put("webhookId", w.webhookId().toString()).put("url", w.url())
                .put("events", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(w.events())))).put("description", w.description())
                .put("licenseeId", w.licenseeId()).put("createdAt", JsonCodec.text(w.createdAt())).put("createdBy", w.createdBy());
    }

    static JsonObject json(Webhooks.Delivery d) {
        JsonArray log = new JsonArray();
        for (Webhooks.Attempt a : d.log()) {
            log.add(new JsonObject().put("attempt", a.attempt()).put("at", JsonCodec.text(a.at())).put("status", a.status())
                    .put("error", a.error()).put("nextAt", JsonCodec.text(a.nextAt())));
        }
        return new JsonObject().put("eventId", d.eventId().toString()).put("eventType", d.eventType())
                .put("occurredAt", JsonCodec.text(d.occurredAt())).put("state", d.state()).put("attempts", d.attempts())
                .put("lastAt", JsonCodec.text(d.lastAt())).put("lastStatus", d.lastStatus()).put("lastError", d.lastError())
                .put("nextAt", JsonCodec.text(d.nextAt())).put("log", log);
    }
}
