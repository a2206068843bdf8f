package org.markauth.issuer.station;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Refusal;
import org.markauth.issuer.http.Requests;
import org.markauth.issuer.keys.CredentialRoutes;

/** Lines over HTTP (docs/api-issuer.md, "Lines"): a licensee's packing lines and their STATION keys. */
public final class LineRoutes {

    private final Lines lines;
    private final Clock clock;

    public LineRoutes(Lines lines, Clock clock) {
        this.lines = lines;
        this.clock = clock;
    }

    public void mount(Router r) {
        named(r.post("/api/v1/lines"), "lines").handler(this::create);
        named(r.get("/api/v1/lines"), "lines").handler(this::list);
        named(r.get("/api/v1/lines/:lineId"), "lines").handler(this::get);
        named(r.put("/api/v1/lines/:lineId"), "lines").handler(this::update);
        named(r.post("/api/v1/lines/:lineId/keys"), "lines").handler(this::issueKey);
    }

    private void create(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String licenseeId = JsonCodec.string(b, "licenseeId");
        String name = JsonCodec.requiredString(b, "name");
        List<Integer> batchIds = batchIds(b, true);
        int packSize = required(b, "packSize");
        int casesPerPallet = required(b, "casesPerPallet");
        reply(ctx, 201, () -> json(lines.create(p, licenseeId, name, batchIds, packSize, casesPerPallet)));
    }

    private void list(RoutingContext ctx) {
        Principal p = principal(ctx);
        reply(ctx, 200, () -> JsonCodec.array(lines.list(p), LineRoutes::json));
    }

    /** The line; with its keys for a key that may read the credential directory (scope full), as that directory. */
    private void get(RoutingContext ctx) {
        Principal p = principal(ctx);
        boolean full = Requests.caller(ctx).may(Scope.FULL);
        String id = ctx.pathParam("lineId");
        reply(ctx, 200, () -> {
            Line l = lines.get(p, id);
            if (!full) {
                return json(l);
            }
            JsonArray keys = new JsonArray();
            lines.keys(p, id).forEach(c -> keys.add(CredentialRoutes.json(c, clock.instant())));
            return json(l).put("keys", keys);
        });
    }

    /** Any of name, batchIds, packSize, casesPerPallet; what is absent stays as it is. */
    private void update(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String id = ctx.pathParam("lineId");
        String name = JsonCodec.string(b, "name");
        List<Integer> batchIds = batchIds(b, false);
        Integer packSize = JsonCodec.optionalInteger(b, "packSize");
        Integer casesPerPallet = JsonCodec.optionalInteger(b, "casesPerPallet");
        reply(ctx, 200, () -> {
            Line old = lines.get(p, id);
            return json(lines.update(p, id, name == null ? old.name() : name, batchIds == null ? old.batchIds() : batchIds,
                    packSize == null ? old.packSize() : packSize, casesPerPallet == null ? old.casesPerPallet() : casesPerPallet));
        });
    }

    private void issueKey(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("lineId");
        reply(ctx, 201, () -> {
            var issued = lines.issueKey(p, id, p.userId());
            return new JsonObject().put("token", issued.token()).put("credential", CredentialRoutes.json(issued.credential(), clock.instant()));
        });
    }

    private static int required(JsonObject b, String field) {
        Integer v = JsonCodec.optionalInteger(b, field);
        if (v == null) {
            throw Refusal.badRequest(Refusal.MISSING_FIELD, "field.required", field).failure();
        }
        return v;
    }

    private static List<Integer> batchIds(JsonObject b, boolean required) {
        Object v = b.getValue("batchIds");
        if (v == null) {
            if (required) {
                throw Refusal.badRequest(Refusal.MISSING_FIELD, "field.required", "batchIds").failure();
            }
            return null;
        }
        if (!(v instanceof JsonArray a)) {
            throw new IllegalArgumentException("batchIds must be an array of batch ids (whole numbers), e.g. [12, 13]");
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof Integer i)) {
                throw new IllegalArgumentException("batchIds must be an array of batch ids (whole numbers), e.g. [12, 13]; got " + a.encode());
            }
            out.add(i);
        }
        return out;
    }

    static JsonObject json(Line l) {
        return new JsonObject().put("lineId", l.lineId()).put("licenseeId", l.licenseeId()).put("name", l.name())
                .put("batchIds", new JsonArray(new ArrayList<>(l.batchIds()))).put("packSize", l.packSize())
                .put("casesPerPallet", l.casesPerPallet()).put("createdAt", JsonCodec.text(l.createdAt()));
    }
}
