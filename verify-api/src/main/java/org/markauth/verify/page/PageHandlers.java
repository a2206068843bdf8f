package org.markauth.verify.page;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import org.markauth.http.ApiError;
import org.markauth.http.Lang;
import org.markauth.http.SecurityHeaders;
import org.markauth.sdk.verify.Verdict;
import org.markauth.verify.check.TrustListHolder;
import org.markauth.verify.check.VerificationService;
import org.markauth.verify.report.Report;
import org.markauth.verify.report.ReportStore;
import org.markauth.verify.scan.ScanOrigin;
import org.markauth.verify.trace.TraceSections;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.FormBody;
import org.markauth.verify.web.Guards;
import org.markauth.verify.web.Html;
import org.markauth.verify.web.Origins;

/**
 * The consumer's pages: the URL printed in the QR code answers with the verdict page, and the
 * report form posts here. The scanned text is rebuilt from the request (programme host + path, plus
 * the GS1 form's {@code M} parameter) so that the page verifies exactly what the camera read.
 */
public final class PageHandlers {

    private final VerificationService service;
    private final TrustListHolder trust;
    private final ReportStore reports;
    private final Origins origins;
    private final int maxPhotoBytes;
    private final TraceSections traces;

    public PageHandlers(VerificationService service, TrustListHolder trust, ReportStore reports, Origins origins,
                        int maxPhotoBytes, TraceSections traces) {
        this.traces = traces;
        this.service = service;
        this.trust = trust;
        this.reports = reports;
        this.origins = origins;
        this.maxPhotoBytes = maxPhotoBytes;
    }

    /** The pages the printed URLs open (both cases of the short form, and the GS1 Digital Link form), and the report form. */
    public void mount(Router r, Guards g) {
        named(r.get("/M/:payload"), "page").handler(g.rate()).handler(this::page);
        named(r.get("/m/:payload"), "page").handler(g.rate()).handler(this::page);
        named(r.get("/01/*"), "page").handler(g.rate()).handler(this::page);
        named(r.post("/report"), "report").handler(g.form()).handler(g.rate()).handler(this::report);
    }

    public void page(RoutingContext ctx) {
        String scanned = scannedText(ctx);
        Lang lang = Lang.of(ctx);
        rememberLanguage(ctx);
        ScanOrigin o = origins.of(ctx, ctx.request().getParam("geo"), "PAGE");
        String self = ctx.request().path() + (ctx.request().getParam("M") == null ? ""
                : "?M=" + ctx.request().getParam("M"));
        service.verify(scanned, o).compose(v -> traces.of(v, lang).map(t -> VerdictPage.render(v, lang, self, scanned,
                        SecurityHeaders.pageNonce(ctx), t.contents(), t.timeline())))
                .onSuccess(html -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                        .putHeader("Cache-Control", "no-store").end(html))
                .onFailure(ctx::fail);
    }

    public void report(RoutingContext ctx) {
        var req = ctx.request();
        Lang lang = Lang.parse(req.getFormAttribute("lang")) != null ? Lang.parse(req.getFormAttribute("lang")) : Lang.of(ctx);
        String code = req.getFormAttribute("code");
        if (code == null || code.isBlank() || code.length() > 512) {
            throw ErrorCode.badParameter("code (the scanned text) is required, at most 512 characters");
        }
        List<FormBody.Upload> files = FormBody.uploads(ctx).stream()
                .filter(f -> "photo".equals(f.name()) && f.data().length() > 0).toList();
        if (files.size() > 1) {
            throw ErrorCode.badParameter("at most one photo");
        }
        FormBody.Upload photo = files.isEmpty() ? null : files.get(0);
        if (photo != null && photo.data().length() > maxPhotoBytes) {
            throw new ApiError(ErrorCode.BODY_TOO_LARGE, Integer.toString(maxPhotoBytes));
        }
        Report r;
        try {
            r = new Report(code, req.getFormAttribute("where"), req.getFormAttribute("seller"),
                    req.getFormAttribute("contact"),
                    photo == null || photo.contentType() == null ? null : photo.contentType().toLowerCase(Locale.ROOT),
                    photo == null ? null : photo.data().getBytes(), lang == Lang.EN ? "en" : "zh");
        } catch (IllegalArgumentException e) {
            throw ErrorCode.badParameter(e.getMessage());
        }
        ScanOrigin o = origins.of(ctx, null, "PAGE");
        Verdict offline = trust.current().verify(code);
        boolean trusted = VerificationService.signatureVerified(offline);
        reports.save(r, offline.code().name(),
                trusted ? (int) offline.mark().content().batchId() : null,
                trusted ? offline.mark().content().serial().value() : null, o.cell(), o.region(), o.ipHash())
                .onSuccess(id -> ctx.response().setStatusCode(201).putHeader("Content-Type", "text/html; charset=utf-8")
                        .end(Html.page(lang.tag(), Texts.label(lang, "report"), "<section id=\"thanks\"><h1>"
                                + Html.esc(Texts.label(lang, "thanks")) + "<span id=\"ref\">" + id + "</span></h1></section>")))
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
