package org.markauth.verify.page;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.markauth.http.Lang;
import org.markauth.http.SecurityHeaders;
import io.vertx.core.Future;
import org.markauth.verify.check.Verification;
import org.markauth.verify.check.VerificationService;
import org.markauth.verify.scan.ScanOrigin;
import org.markauth.verify.trace.TraceSections;
import org.markauth.verify.web.Guards;
import org.markauth.verify.web.Origins;

/**
 * The consumer's pages: the URL printed in the QR code answers with the verdict page (a licence
 * certificate's QR with the certificate's page, {@link CertificatePage}) (whose report
 * form posts to the report feature's {@code /report}). The scanned text is rebuilt from the request (programme host + path, plus
 * the GS1 form's {@code M} parameter) so that the page verifies exactly what the camera read.
 */
public final class PageHandlers {

    private final VerificationService service;
    private final Origins origins;
    private final TraceSections traces;
    private final VerdictPage verdictPage;
    private final CertificatePage certificatePage;

    public PageHandlers(VerificationService service, Origins origins, TraceSections traces, VerdictPage verdictPage,
                        CertificatePage certificatePage) {
        this.certificatePage = certificatePage;
        this.traces = traces;
        this.verdictPage = verdictPage;
        this.service = service;
        this.origins = origins;
    }

    /**
     * The pages the printed URLs open (both cases of the short form); the GS1 Digital Link form
     * ({@code /01/*}) is the resolver's route, which hands a signed mark asked for nothing else to
     * {@link #page} (org.markauth.verify.resolver.Resolver). The report form posts to the report feature.
     */
    public void mount(Router r, Guards g) {
        named(r.get("/M/:payload"), "page").handler(g.rate()).handler(this::page);
        named(r.get("/m/:payload"), "page").handler(g.rate()).handler(this::page);
    }

    public void page(RoutingContext ctx) {
        String scanned = scannedText(ctx);
        Lang lang = Lang.of(ctx);
        rememberLanguage(ctx);
        ScanOrigin o = origins.of(ctx, ctx.request().getParam("geo"), "PAGE");
        String self = ctx.request().path() + (ctx.request().getParam("M") == null ? ""
                : "?M=" + ctx.request().getParam("M"));
        service.verify(scanned, o).compose(v -> v instanceof Verification.Checked c && c.certificate() != null
                        ? Future.succeededFuture(certificatePage.render(c, lang, self))   // a licence certificate's QR
                        : traces.of(v, lang).map(t -> verdictPage.render(v, lang, self, scanned, SecurityHeaders.pageNonce(ctx), t)))
                .onSuccess(html -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                        .putHeader("Cache-Control", "no-store").end(html))
                .onFailure(ctx::fail);
    }

    private String scannedText(RoutingContext ctx) {
        List<String> hosts = service.hosts();
        String host = hosts.get(0);
        String h = ctx.request().authority() == null ? null : ctx.request().authority().host();
        if (h != null && hosts.contains(org.markauth.sdk.mark.ScanText.upper(h))) {   // ASCII case only (mark-format.md §8)
            host = h;
        }
        String path = ctx.request().path();
        String m = ctx.request().getParam("M");
        return "HTTPS://" + host + path + (m == null ? "" : "?M=" + m);
    }

    private static void rememberLanguage(RoutingContext ctx) {
        String asked = ctx.request().getParam("lang");
        if (asked != null && Lang.parse(asked) != null) {
            ctx.response().addCookie(Cookie.cookie("lang", Lang.parse(asked) == Lang.EN ? "en" : "zh")
                    .setPath("/").setMaxAge(365L * 24 * 3600).setSameSite(CookieSameSite.LAX).setHttpOnly(true));
        }
    }
}
