package org.markauth.issuer.certificate;

import io.vertx.ext.web.Router;
import org.markauth.access.Scope;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.Site;

/**
 * The manufacturer portal's certificates ({@code /portal/certificates}): its licensee's certificates
 * with their live status, and the PDF for a key with scope print (as the API's route demands).
 * Another licensee's certificate is answered as missing ({@link Certificates#get}).
 */
public final class CertificatePortalPages implements Console.Feature {

    private final Certificates certificates;

    public CertificatePortalPages(Certificates certificates) {
        this.certificates = certificates;
    }

    @Override
    public void mount(Router r, Site site) {
        site.page(r, "/portal/certificates", "nav.certificates", ctx -> (p, t) -> {
            String licensee = p.licenseeId().orElseThrow(() -> new IssuerException.Forbidden("this key names no licensee"));
            return site.page(ctx, "certificates.jte", t.get("certificates.title"), new CertificateViews.PortalPage(
                    certificates.ofLicensee(p, licensee), site.caller(ctx).may(Scope.PRINT)));
        });
        r.get("/portal/certificates/:certificateNo/pdf").handler(ctx -> CertificatePages.download(certificates, site, ctx));
    }
}
