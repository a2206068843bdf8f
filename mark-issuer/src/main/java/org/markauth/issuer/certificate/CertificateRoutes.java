package org.markauth.issuer.certificate;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.Requests.intParam;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.markauth.access.Caller;
import org.markauth.access.Principal;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;

/**
 * Licence certificates over HTTP (docs/certificates.md, docs/api-issuer.md): issue (the regulator),
 * read, a product's list and the PDF (the regulator and the licensee's manufacturer; the PDF needs
 * a key with scope print, like print files).
 */
public final class CertificateRoutes {

    private final Certificates certificates;

    public CertificateRoutes(Certificates certificates) {
        this.certificates = certificates;
    }

    public void mount(Router r) {
        named(r.post("/api/v1/certificates"), "certificates").handler(this::issue);
        named(r.get("/api/v1/certificates/:certificateNo"), "certificates").handler(this::get);
        named(r.get("/api/v1/certificates/:certificateNo/pdf"), "certificates").handler(this::pdf);
        named(r.get("/api/v1/products/:productId/certificates"), "certificates").handler(this::ofProduct);
    }

    private void issue(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        int productId = JsonCodec.integer(b, "productId", 0);
        if (productId <= 0) {
            throw new IllegalArgumentException("productId is required: the licensed product's number (a positive integer)");
        }
        reply(ctx, 201, () -> {
            Certificate c = certificates.issue(p, productId);
            return c.toJson(certificates.get(p, c.certificateNo()).status());
        });
    }

    private void get(RoutingContext ctx) {
        Principal p = principal(ctx);
        String no = ctx.pathParam("certificateNo");
        reply(ctx, 200, () -> json(certificates.get(p, no)));
    }

    private void ofProduct(RoutingContext ctx) {
        Principal p = principal(ctx);
        int productId = intParam(ctx, "productId");
        reply(ctx, 200, () -> array(certificates.ofProduct(p, productId)));
    }

    private void pdf(RoutingContext ctx) {
        Caller c = Requests.caller(ctx);
        String no = ctx.pathParam("certificateNo");
        Blocking.run(ctx, () -> certificates.pdf(c.principal(), no, c.credentialId()))
                .onSuccess(bytes -> ctx.response().putHeader("content-type", "application/pdf")
                        .putHeader("content-disposition", "attachment; filename=\"" + no + ".pdf\"")
                        .putHeader("cache-control", "no-store").end(Buffer.buffer(bytes)))
                .onFailure(ctx::fail);
    }

    static JsonObject json(Certificates.Entry e) {
        return e.certificate().toJson(e.status());
    }

    static JsonArray array(List<Certificates.Entry> es) {
        JsonArray a = new JsonArray();
        es.forEach(e -> a.add(json(e)));
        return a;
    }
}
