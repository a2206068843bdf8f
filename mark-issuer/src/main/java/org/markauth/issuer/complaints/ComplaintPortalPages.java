package org.markauth.issuer.complaints;

import static org.markauth.issuer.console.Site.form;

import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.Site;

/**
 * The manufacturer's complaint pages in the portal ({@code /portal/complaints}): its own
 * licensee's cases with their reply deadlines, a case's complaint and public timeline (never the
 * consumer's name, contact or lookup code), and the reply form while the case waits for it. Every
 * read goes through {@link Complaints} with the session's principal, so another licensee's case is
 * "not found", as a missing one; a reply needs a key that could reply through the API (scope full).
 */
public final class ComplaintPortalPages implements Console.Feature {

    private final Complaints complaints;
    private final Clock clock;

    public ComplaintPortalPages(Complaints complaints, Clock clock) {
        this.complaints = complaints;
        this.clock = clock;
    }

    @Override
    public void mount(Router r, Site site) {
        site.page(r, "/portal/complaints", "nav.complaints", ctx -> (p, t) -> {
            return site.page(ctx, "complaints.jte", t.get("complaints.title"),
                    ComplaintViews.cases(complaints, p, ctx.request().getParam("state", ""), clock.instant(), ComplaintPages.LIST));
        });
        r.get("/portal/complaints/:caseNo").handler(ctx -> site.show(ctx, (p, t) -> {
            ComplaintCase c = complaints.get(p, ctx.pathParam("caseNo"));
            Instant now = clock.instant();
            return site.page(ctx, "complaint.jte", t.get("complaint.title", c.caseNo()), new ComplaintViews.CasePage(
                    ComplaintViews.Row.of(c, now), complaints.steps(p, c.caseNo()), List.of(), false, false, false, false, false,
                    c.state() == CaseState.ASSIGNED));
        }));
        r.post("/portal/complaints/:caseNo/reply").handler(ctx -> site.act(ctx, p -> {
            String no = ctx.pathParam("caseNo");
            Permissions.requireScope(site.caller(ctx), "POST", "/api/v1/complaints/" + no + "/reply");
            return "/portal/complaints/" + complaints.reply(p, no, form(ctx, "reply")).caseNo();
        }));
    }
}
