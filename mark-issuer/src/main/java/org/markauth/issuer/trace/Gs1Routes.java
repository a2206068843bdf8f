package org.markauth.issuer.trace;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.JsonCodec.requiredString;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.markauth.access.Principal;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.JsonBody;

/**
 * GS1 keys of marks over HTTP (docs/api-trace.md, "GS1 EPC forms"): {@code POST /api/v1/marks/sscc}
 * allocates (or returns) a container mark's SSCC: 201 when allocated now, 200 when it had one.
 */
public final class Gs1Routes {

    private final Gs1Marks gs1;
    private final Epcs epcs;

    public Gs1Routes(Gs1Marks gs1, Epcs epcs) {
        this.gs1 = gs1;
        this.epcs = epcs;
    }

    public void mount(Router r) {
        named(r.post("/api/v1/marks/sscc"), "gs1").handler(this::sscc);
    }

    private void sscc(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String epc = requiredString(b, "epc");
        Blocking.run(ctx, () -> gs1.allocate(p, epc, epcs)).onSuccess(a -> ctx.response()
                .setStatusCode(a.created() ? 201 : 200).putHeader("content-type", "application/json")
                .end(json(a).encode())).onFailure(ctx::fail);
    }

    static JsonObject json(Gs1Marks.Allocation a) {
        return new JsonObject().put("epc", a.mark().urn()).put("sscc", a.sscc()).put("urn", a.urn())
                .put("digitalLink", a.digitalLink()).put("created", a.created());
    }

    /** The GS1 forms of a mark as the trace shows them (null members left out); null when it has none. */
    static JsonObject json(Gs1Marks.Forms f) {
        if (f == null) {
            return null;
        }
        JsonObject j = new JsonObject();
        put(j, "gtin", f.gtin());
        put(j, "serial", f.serial());
        put(j, "sgtin", f.sgtinUrn());
        put(j, "digitalLink", f.digitalLink());
        put(j, "sscc", f.sscc());
        put(j, "ssccUrn", f.ssccUrn());
        put(j, "ssccDigitalLink", f.ssccDigitalLink());
        return j;
    }

    private static void put(JsonObject j, String k, String v) {
        if (v != null) {
            j.put(k, v);
        }
    }
}
