package org.markauth.verify.cases;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import org.markauth.http.Lang;
import org.markauth.registry.CaseNumbers;
import org.markauth.verify.page.Pages;
import org.markauth.verify.web.Guards;

/**
 * The consumer's complaint case page (docs/complaints.md): {@code GET /cases} is the form (case
 * number and lookup code), {@code POST /cases} looks the case up and shows its timeline in plain
 * words, {@code GET /cases/report/{reportId}} shows the case a report became (the thank-you page
 * links there). Lookups are behind the report route's own per-client rate limit, the code is
 * posted (never in a URL or a log line) and compared in constant time, and an unknown number and
 * a wrong code get the same 404 page: the number alone reveals nothing, not even that the case exists.
 */
public final class CaseHandlers {

    private final CaseLookup lookup;
    private final Pages pages;
    private final Handler<RoutingContext> rate;

    /** @param rate the lookup's per-client rate limit (the report route's, stricter than the scan routes') */
    public CaseHandlers(CaseLookup lookup, Pages pages, Handler<RoutingContext> rate) {
        this.lookup = lookup;
        this.pages = pages;
        this.rate = rate;
    }

    public void mount(Router r, Guards g) {
        named(r.get("/cases"), "cases").handler(ctx -> page(ctx, 200, new CaseView(Lang.of(ctx).tag(), null, null, null, null)));
        named(r.post("/cases"), "cases").handler(g.json()).handler(rate).handler(this::lookUp);
        named(r.get("/cases/report/:reportId"), "cases").handler(rate).handler(this::ofReport);
    }

    /** What the page shows: the form (and a refusal), or a case; {@code reportId} when reached from a report. */
    public record CaseView(String langTag, String message, CaseLookup.PublicCase found, String reportId, String typedNo) {
        public String lang() {
            return langTag.startsWith("en") ? "en" : "zh";
        }
    }

    private void lookUp(RoutingContext ctx) {
        Lang lang = Lang.parse(ctx.request().getFormAttribute("lang")) != null ? Lang.parse(ctx.request().getFormAttribute("lang"))
                : Lang.of(ctx);
        String typed = ctx.request().getFormAttribute("caseNo");
        String code = ctx.request().getFormAttribute("code");
        String no = CaseNumbers.normalise(typed);
        String shown = typed == null ? null : typed.strip().length() > 20 ? typed.strip().substring(0, 20) : typed.strip();
        if (no == null || code == null || code.isBlank() || code.length() > 40) {
            page(ctx, 400, new CaseView(lang.tag(), pages.messages().get(lang, "case.bad"), null, null, shown));
            return;
        }
        lookup.find(no, code).onSuccess(found -> {
            if (found.isEmpty()) {
                page(ctx, 404, new CaseView(lang.tag(), pages.messages().get(lang, "case.none"), null, null, shown));
            } else {
                page(ctx, 200, new CaseView(lang.tag(), null, found.get(), null, no));
            }
        }).onFailure(ctx::fail);
    }

    private void ofReport(RoutingContext ctx) {
        Lang lang = Lang.of(ctx);
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("reportId"));
        } catch (IllegalArgumentException e) {
            page(ctx, 404, new CaseView(lang.tag(), pages.messages().get(lang, "case.noReport"), null, null, null));
            return;
        }
        lookup.ofReport(id).onSuccess((Optional<CaseLookup.PublicCase> found) -> page(ctx, 200, new CaseView(lang.tag(),
                found.isEmpty() ? pages.messages().get(lang, "case.notYet", id.toString()) : null, found.orElse(null), id.toString(),
                null))).onFailure(ctx::fail);
    }

    private void page(RoutingContext ctx, int status, CaseView v) {
        Lang lang = v.lang().equals("en") ? Lang.EN : Lang.ZH;
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
                .putHeader("Referrer-Policy", "no-referrer").end(pages.render("cases.jte", lang, v));
    }

}
