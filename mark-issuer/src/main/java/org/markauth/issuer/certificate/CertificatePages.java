package org.markauth.issuer.certificate;

import static org.markauth.issuer.console.Site.form;
import static org.markauth.issuer.console.Site.integer;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.markauth.access.Caller;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.Site;

/**
 * The console's certificates ({@code /console/certificates}): products whose licence is ACTIVE with
 * an issue (or reissue) button, every certificate with its live status, and each one's PDF (audited
 * like a print file, {@link Certificates#pdf}).
 */
public final class CertificatePages implements Console.Feature {

    private final Certificates certificates;

    public CertificatePages(Certificates certificates) {
        this.certificates = certificates;
    }

    @Override
    public void mount(Router r, Site site) {
        site.page(r, "/console/certificates", "nav.certificates", ctx -> (p, t) -> {
            String issued = ctx.request().getParam("issued");
            return site.page(ctx, "certificates.jte", t.get("certificates.title"), new CertificateViews.ConsolePage(
                    certificates.candidates(p), certificates.all(p),
                    certificates.find(issued).map(Certificate::certificateNo).orElse(null)));
        });
        r.post("/console/certificates").handler(ctx -> site.act(ctx, p -> {
            Certificate c = certificates.issue(p, integer(form(ctx, "productId"), "productId"));
            return "/console/certificates?issued=" + c.certificateNo();
        }));
        r.get("/console/certificates/:certificateNo/pdf").handler(ctx -> download(certificates, site, ctx));
    }

    /** The PDF for a signed-in session (console or portal), with the session's API key named in the audit line. */
    static void download(Certificates certificates, Site site, RoutingContext ctx) {
        String no = ctx.pathParam("certificateNo");
        site.blocking(() -> {
            Caller c = site.caller(ctx);
            org.markauth.issuer.auth.Permissions.requireScope(c, "GET", "/api/v1/certificates/" + no + "/pdf");
            return certificates.pdf(c.principal(), no, c.credentialId());
        }).onSuccess(bytes -> ctx.response().putHeader("content-type", "application/pdf")
                .putHeader("content-disposition", "attachment; filename=\"" + no + ".pdf\"")
                .putHeader("cache-control", "no-store").end(io.vertx.core.buffer.Buffer.buffer(bytes)))
                .onFailure(e -> site.refused(ctx, e));
    }
}
