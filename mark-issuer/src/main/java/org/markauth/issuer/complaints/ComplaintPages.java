package org.markauth.issuer.complaints;

import static org.markauth.issuer.console.Site.choice;
import static org.markauth.issuer.console.Site.date;
import static org.markauth.issuer.console.Site.form;
import static org.markauth.issuer.console.Site.integer;
import static org.markauth.issuer.console.Site.optional;
import static org.markauth.issuer.console.Site.optionalInt;
import static org.markauth.issuer.console.Site.uuid;

import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.markauth.access.Principal;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.Site;

/**
 * The programme office's complaint pages under {@code /console/complaints}: the cases with their
 * SLA timers (age, reply deadline, overdue highlighted) filtered by state, a case with its timeline
 * and the acts its state allows, the 12315 referral form, "open a case" from a consumer report
 * (the reports page), the compensation fund's ledger and the consumer outbox.
 */
public final class ComplaintPages implements Console.Feature {

    static final int LIST = 200;
    private static final Pattern YUAN = Pattern.compile("(\\d{1,8})(?:\\.(\\d{1,2}))?");

    private final Complaints complaints;
    private final Clock clock;

    public ComplaintPages(Complaints complaints, Clock clock) {
        this.complaints = complaints;
        this.clock = clock;
    }

    @Override
    public void mount(Router r, Site site) {
        site.page(r, "/console/complaints", "nav.complaints", ctx -> (p, t) -> {
            ComplaintViews.Cases v = ComplaintViews.cases(complaints, p, ctx.request().getParam("state", ""), clock.instant(), LIST);
            return site.page(ctx, "complaints.jte", t.get("complaints.title", v.state().isEmpty() ? t.get("complaints.active")
                    : t.get("complaint.state." + v.state())), v);
        });
        r.get("/console/complaints/new").handler(ctx -> site.show(ctx, (p, t) ->
                site.page(ctx, "complaint-new.jte", t.get("complaint.new.title"), new ComplaintViews.Referral(List.of("zh", "en")))));
        r.post("/console/complaints").handler(ctx -> site.act(ctx, p -> {
            String product = optional(ctx, "productId");
            ComplaintCase c = complaints.openReferral(p, new Complaints.Referral(form(ctx, "referralNo"),
                    day(form(ctx, "referralDate"), "referralDate"), optional(ctx, "consumerName"), optional(ctx, "contact"), optional(ctx, "lang"),
                    product == null ? null : integer(product, "productId"), optional(ctx, "mark"), form(ctx, "complaint")));
            return "/console/complaints/" + c.caseNo();
        }));
        r.post("/console/complaints/from-report").handler(ctx -> site.act(ctx, p -> {
            UUID report = uuid(form(ctx, "reportId"));
            // a report that became a case already opens that case: the button is safe to press twice
            String no = complaints.caseOfReport(p, report).orElseGet(() -> complaints.openFromReport(p, report,
                    optional(ctx, "note")).caseNo());
            return "/console/complaints/" + no;
        }));
        r.get("/console/complaints/fund").handler(ctx -> site.show(ctx, (p, t) ->
                site.page(ctx, "complaint-fund.jte", t.get("complaint.fund.title"),
                        new ComplaintViews.Fund(complaints.fundBalance(p), complaints.ledger(p, LIST)))));
        r.post("/console/complaints/fund/deposits").handler(ctx -> site.act(ctx, p -> {
            complaints.deposit(p, fen(form(ctx, "amount")), form(ctx, "note"));
            return "/console/complaints/fund";
        }));
        r.get("/console/complaints/outbox").handler(ctx -> site.show(ctx, (p, t) -> {
            LocalDate day = date(ctx, "day", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
            return site.page(ctx, "complaint-outbox.jte", t.get("complaint.outbox.title", day.toString()), new ComplaintViews.Outbox(
                    day.toString(), day.minusDays(1).toString(), day.plusDays(1).toString(), complaints.outbox(p, day, LIST)));
        }));
        r.get("/console/complaints/:caseNo").handler(ctx -> site.show(ctx, (p, t) -> {
            ComplaintViews.CasePage v = casePage(p, ctx.pathParam("caseNo"), clock.instant());
            return site.page(ctx, "complaint.jte", t.get("complaint.title", v.row().c().caseNo()), v);
        }));
        r.post("/console/complaints/:caseNo/assign").handler(ctx -> site.act(ctx, p -> {
            Integer days = optionalInt(ctx, "replyDays");
            return at(complaints.assign(p, ctx.pathParam("caseNo"), optionalInt(ctx, "productId"), optional(ctx, "licenseeId"),
                    days == null ? Complaints.DEFAULT_REPLY_DAYS : days, form(ctx, "reason"), optional(ctx, "publicNote")));
        }));
        r.post("/console/complaints/:caseNo/resolve").handler(ctx -> site.act(ctx, p -> {
            Outcome o = choice(form(ctx, "outcome"), "outcome", Outcome.class);
            String amount = optional(ctx, "amount");
            return at(complaints.resolve(p, ctx.pathParam("caseNo"), o, amount == null ? null : fen(amount),
                    "on".equals(ctx.request().getFormAttribute("payFirst")), form(ctx, "reason"), optional(ctx, "publicNote")));
        }));
        r.post("/console/complaints/:caseNo/close").handler(ctx -> site.act(ctx, p ->
                at(complaints.close(p, ctx.pathParam("caseNo"), form(ctx, "reason"), optional(ctx, "publicNote")))));
        r.post("/console/complaints/:caseNo/reopen").handler(ctx -> site.act(ctx, p ->
                at(complaints.reopen(p, ctx.pathParam("caseNo"), form(ctx, "reason")))));
        r.post("/console/complaints/:caseNo/recoveries").handler(ctx -> site.act(ctx, p ->
                at(complaints.recover(p, ctx.pathParam("caseNo"), fen(form(ctx, "amount")), day(form(ctx, "date"), "date"),
                        optional(ctx, "note")))));
    }

    private ComplaintViews.CasePage casePage(Principal p, String caseNo, Instant now) {
        ComplaintCase c = complaints.get(p, caseNo);
        CaseState s = c.state();
        return new ComplaintViews.CasePage(ComplaintViews.Row.of(c, now), complaints.steps(p, c.caseNo()), names(Outcome.values()),
                s == CaseState.OPEN, s == CaseState.REPLIED || c.overdue(now), s == CaseState.RESOLVED,
                s == CaseState.RESOLVED || s == CaseState.CLOSED, c.outstandingFen() > 0, false);
    }

    /** A date field of a posted form (Site.date reads the query). */
    static LocalDate day(String v, String name) {
        try {
            return LocalDate.parse(v.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new Site.FormError("form.date", name, v.length() > 20 ? v.substring(0, 20) : v);
        }
    }

    private static String at(ComplaintCase c) {
        return "/console/complaints/" + c.caseNo();
    }

    /** CNY as typed ({@code 120}, {@code 120.5}, {@code 120.50}) in fen. */
    static long fen(String yuan) {
        Matcher m = YUAN.matcher(yuan.strip().replace(",", ""));
        if (!m.matches()) {
            throw new Site.FormError("complaint.form.amount", yuan.length() > 20 ? yuan.substring(0, 20) : yuan);
        }
        String cents = m.group(2) == null ? "0" : (m.group(2) + "0").substring(0, 2);
        return Long.parseLong(m.group(1)) * 100 + Long.parseLong(cents);
    }

    static List<String> names(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        Arrays.stream(values).forEach(v -> out.add(v.name()));
        return out;
    }
}
