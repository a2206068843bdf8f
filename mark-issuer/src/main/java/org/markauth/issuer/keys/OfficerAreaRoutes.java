package org.markauth.issuer.keys;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.markauth.access.Principal;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;

/** {@link OfficerAreas} over HTTP (docs/api-issuer.md, "Officer areas"); the store calls run on a worker thread. */
public final class OfficerAreaRoutes {

    private final OfficerAreas areas;

    public OfficerAreaRoutes(OfficerAreas areas) {
        this.areas = areas;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/officers/:userId/area"), "officers").handler(this::get);
        named(r.put("/api/v1/officers/:userId/area"), "officers").handler(this::put);
    }

    private void get(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        String officer = ctx.pathParam("userId");
        Blocking.reply(ctx, 200, () -> areas.area(p, officer).json());
    }

    private void put(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        if (!(b.getValue("regions") instanceof io.vertx.core.json.JsonArray)) {
            throw new IllegalArgumentException("send {\"regions\": [\"CN-44\", ...]} (an empty list clears the area)");
        }
        Set<String> regions = OfficerAreas.regions(JsonCodec.stringList(b, "regions"));
        String officer = ctx.pathParam("userId");
        Blocking.reply(ctx, 200, () -> areas.set(p, officer, regions).json());
    }
}
