package org.markauth.issuer.complaints;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.notify.Notifications;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.registry.CaseNumbers;
import org.markauth.registry.NotificationEvent;

/**
 * Complaint cases (docs/complaints.md): opened by the programme office from a consumer report or
 * a 12315 referral, assigned to the manufacturer (the product's licensee) with a reply deadline,
 * replied to by the manufacturer, resolved by the office with an outcome (compensation possibly
 * paid first from the programme's fund and recovered from the manufacturer later), closed, and
 * reopened with a reason. The rules of which act applies when are {@link Lifecycle}'s.
 *
 * <p>Every act is a lightweight transaction on the case's state (of two people acting at once one
 * wins, the other is told: 409), then one logged batch with the step (who, when, why, the sentence
 * the consumer reads in zh and en), the listings, the consumer's outbox message when the consumer
 * left a contact, and for an assignment the {@code complaint.assigned} notification event that the
 * manufacturer's webhooks receive; then an audit line ({@code complaint:<caseNo>}).
 *
 * <p>Who may do what: the regulator everything; a manufacturer reads its own licensee's cases
 * (without the consumer's name, contact or lookup code) and replies to them; another licensee's
 * case is "not found", as a missing one; an officer nothing. Blocking.
 */
public final class Complaints {

    public static final int MAX_TEXT = 4000;
    public static final int MAX_SHORT = 200;
    public static final int DEFAULT_REPLY_DAYS = 7;
    public static final int MAX_REPLY_DAYS = 60;
    /** Case numbers count per year of the programme's own calendar. */
    static final ZoneId PROGRAMME_ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(PROGRAMME_ZONE);

    /** A 12315 referral as the office types it in. */
    public record Referral(String referralNo, LocalDate referralDate, String consumerName, String contact, String lang,
                           Integer productId, String mark, String complaint) {
        public Referral {
            referralNo = required(referralNo, "referralNo", 64);
            if (referralDate == null) {
                throw new IllegalArgumentException("referralDate is required: the date the 12315 platform referred the complaint");
            }
            consumerName = optional(consumerName, "consumerName", MAX_SHORT);
            contact = optional(contact, "contact", MAX_SHORT);
            lang = lang == null || lang.isBlank() ? "zh" : lang.strip();
            if (!lang.equals("zh") && !lang.equals("en")) {
                throw new IllegalArgumentException("lang must be zh or en (the consumer's messages), got '" + clip(lang) + "'");
            }
            mark = optional(mark, "mark", MAX_SHORT);
            complaint = required(complaint, "complaint", MAX_TEXT);
        }
    }

    private final CaseStore store;
    private final Fund fund;
    private final Registry registry;
    private final BatchStore batches;
    private final ChangeRecorder changes;
    private final Notifications notifications;
    private final Clock clock;
    private Outcomes outcomes = new Outcomes() { };

    /**
     * Who is told when a case's outcome weighs on the manufacturer: the quality-credit file
     * (COMPLAINT_UPHELD, COMPENSATION_PAID_FIRST; docs/credit.md). Set once by the composition root.
     */
    public interface Outcomes {
        /** {@code c} closed with an upheld outcome (refund, replacement, compensation). */
        default void upheld(String actor, ComplaintCase c, Instant at) {
        }

        /** The programme's fund paid {@code amountFen} for {@code c} first, to be recovered from its manufacturer. */
        default void paidFirst(String actor, ComplaintCase c, long amountFen, Instant at) {
        }
    }

    public void listen(Outcomes o) {
        this.outcomes = java.util.Objects.requireNonNull(o, "outcomes");
    }
    private final PublicWords words;
    private final PreparedStatement assign;
    private final PreparedStatement reply;
    private final PreparedStatement resolve;
    private final PreparedStatement unresolve;
    private final PreparedStatement paidFirst;
    private final PreparedStatement close;
    private final PreparedStatement reopen;
    private final PreparedStatement recover;

    public Complaints(CqlSession session, Registry registry, BatchStore batches, ChangeRecorder changes, Notifications notifications,
                      Clock clock) {
        StepIds ids = new StepIds();
        this.store = new CaseStore(session, ids);
        this.fund = new Fund(session, clock, ids);
        this.registry = registry;
        this.batches = batches;
        this.changes = changes;
        this.notifications = notifications;
        this.clock = clock;
        this.words = new PublicWords(Complaints.class.getClassLoader());
        String u = "UPDATE complaint_cases SET ";
        assign = session.prepare(u + "state = 'ASSIGNED', licensee_id = ?, product_id = ?, assigned_at = ?, reply_due = ?, updated_at = ? "
                + "WHERE case_no = ? IF state = 'OPEN'");
        reply = session.prepare(u + "state = 'REPLIED', replied_at = ?, reply = ?, updated_at = ? WHERE case_no = ? IF state = 'ASSIGNED' "
                + "AND licensee_id = ?");
        resolve = session.prepare(u + "state = 'RESOLVED', outcome = ?, amount_fen = ?, resolved_at = ?, updated_at = ? "
                + "WHERE case_no = ? IF state = ?");
        unresolve = session.prepare(u + "state = ?, outcome = null, amount_fen = null, resolved_at = null WHERE case_no = ? "
                + "IF state = 'RESOLVED' AND resolved_at = ?");
        paidFirst = session.prepare(u + "paid_first_fen = ?, paid_first_at = ? WHERE case_no = ? IF paid_first_fen = null");
        close = session.prepare(u + "state = 'CLOSED', closed_at = ?, updated_at = ? WHERE case_no = ? IF state = 'RESOLVED'");
        reopen = session.prepare(u + "state = 'OPEN', outcome = null, amount_fen = null, resolved_at = null, closed_at = null, "
                + "assigned_at = null, reply_due = null, replied_at = null, reply = null, updated_at = ? WHERE case_no = ? IF state = ?");
        recover = session.prepare(u + "recovered_fen = ?, recovered_on = ? WHERE case_no = ? IF recovered_fen = ?");
    }

    // ------------------------------------------------------------------ opening

    /**
     * Opens a case from a consumer report (verify-api's {@code report_by_id}): the mark's product
     * and licensee when its code verified, the contact the consumer left. One case per report
     * (409 {@code COMPLAINT_EXISTS} names the case that has it).
     */
    public ComplaintCase openFromReport(Principal p, UUID reportId, String note) {
        Permissions.requireRole(p, "open complaint cases", Role.REGULATOR);
        String n = optional(note, "note", MAX_TEXT);
        CaseStore.ReportFacts r = store.report(reportId).orElseThrow(() -> new IssuerException.NotFound("consumer report", reportId));
        // the product when the code verified; the case names its licensee only once assigned (the manufacturer sees nothing before)
        Integer productId = r.batchId() == null ? null : batches.batch(r.batchId()).map(b -> b.productId()).orElse(null);
        String text = "[" + r.verdict() + "] " + (r.where() == null ? "" : r.where()) + (r.seller() == null ? "" : " / " + r.seller())
                + (n == null ? "" : "\n" + n);
        String lang = "en".equals(r.lang()) ? "en" : "zh";
        return open(p, ComplaintCase.Source.REPORT, reportId, null, null, null, r.contact(), lang, productId,
                r.code() == null ? null : clip(r.code(), MAX_SHORT), clip(text.strip(), MAX_TEXT), "report " + reportId);
    }

    /** Opens a case from a 12315 referral; one case per referral number (409 {@code COMPLAINT_EXISTS}). */
    public ComplaintCase openReferral(Principal p, Referral r) {
        Permissions.requireRole(p, "open complaint cases", Role.REGULATOR);
        if (r.productId() != null && registry.findProduct(r.productId()).isEmpty()) {
            throw new IssuerException.NotFound("product", r.productId());
        }
        return open(p, ComplaintCase.Source.REFERRAL, null, r.referralNo(), r.referralDate(), r.consumerName(), r.contact(), r.lang(),
                r.productId(), r.mark(), r.complaint(), "12315 referral " + r.referralNo());
    }

    private ComplaintCase open(Principal p, ComplaintCase.Source source, UUID reportId, String referralNo, LocalDate referralDate,
                               String name, String contact, String lang, Integer productId, String mark, String complaint,
                               String why) {
        Instant now = clock.instant();
        int year = now.atZone(PROGRAMME_ZONE).getYear();
        for (int attempt = 0; attempt < CaseStore.MAX_ATTEMPTS; attempt++) {
            String caseNo = CaseNumbers.format(year, store.nextSeq(year));
            Optional<String> had = reportId != null ? store.claimReport(reportId, caseNo) : store.claimReferral(referralNo, caseNo);
            if (had.isPresent()) {
                throw new IssuerException.Conflict("COMPLAINT_EXISTS", (reportId != null ? "report " + reportId : "12315 referral "
                        + referralNo) + " already has case " + had.get() + "; open that case instead");
            }
            ComplaintCase c = new ComplaintCase(caseNo, CaseNumbers.newCode(), source, reportId, referralNo, referralDate, name, contact,
                    lang, productId, null, mark, complaint, CaseState.OPEN, now, p.userId(), null, null, null, null, null, null, null,
                    null, null, null, null, null);
            if (!store.insert(c)) {
                continue;   // the number was taken (a counter row restored from an old backup): the next one
            }
            PublicWords.Sentence s = words.of("complaint.public.opened", caseNo);
            store.opened(caseNo, step(p, Step.Kind.OPENED, CaseState.OPEN, why, s, now), message(c, s, true, now));
            changes.audit(p.userId(), "complaint.open", "complaint:" + caseNo, why);
            return c;
        }
        throw new IssuerException.Unavailable("COMPLAINT_NUMBER_CONTENDED", "no free case number after " + CaseStore.MAX_ATTEMPTS
                + " attempts; try again", null);
    }

    // ------------------------------------------------------------------ reads

    /** One case: the regulator any (with the lookup code and contact), a manufacturer its own (without them). */
    public ComplaintCase get(Principal p, String caseNo) {
        Permissions.requireRole(p, "read complaint cases", Role.REGULATOR, Role.MANUFACTURER);
        String no = number(caseNo);
        ComplaintCase c = store.find(no).orElseThrow(() -> new IssuerException.NotFound("complaint case", no));
        if (p.role() == Role.MANUFACTURER) {
            if (c.licenseeId() == null || !p.mayActFor(c.licenseeId())) {   // another's, or not assigned yet: as if missing
                throw new IssuerException.NotFound("complaint case", no);
            }
            return c.forManufacturer();
        }
        return c;
    }

    /** The case's steps, oldest first; a manufacturer's without the office's internal reasons (its own reply's kept). */
    public List<Step> steps(Principal p, String caseNo) {
        ComplaintCase c = get(p, caseNo);
        List<Step> all = store.steps(c.caseNo());
        if (p.role() != Role.MANUFACTURER) {
            return all;
        }
        return all.stream().map(s -> s.kind() == Step.Kind.REPLIED ? s
                : new Step(s.at(), s.kind(), s.state(), s.role().equals(Role.MANUFACTURER.name()) ? s.actor() : null, s.role(), null,
                s.publicZh(), s.publicEn())).toList();
    }

    /**
     * Newest number first: the regulator's of {@code states} (the active ones when empty), a
     * manufacturer's own (assigned to it at least once) in any state, filtered by {@code states}.
     */
    public List<ComplaintCase> list(Principal p, List<CaseState> states, int limit) {
        Permissions.requireRole(p, "read complaint cases", Role.REGULATOR, Role.MANUFACTURER);
        List<ComplaintCase> out = new ArrayList<>();
        if (p.role() == Role.MANUFACTURER) {
            for (String no : store.numbersOf(p.licenseeId().orElseThrow(), limit)) {
                store.find(no).filter(c -> p.mayActFor(c.licenseeId()) && (states.isEmpty() || states.contains(c.state())))
                        .map(ComplaintCase::forManufacturer).ifPresent(out::add);
            }
            return out;
        }
        for (CaseState st : states.isEmpty() ? CaseState.ACTIVE : states) {
            for (String no : store.numbers(st, limit)) {
                store.find(no).filter(c -> c.state() == st).ifPresent(out::add);
            }
        }
        out.sort((a, b) -> b.caseNo().compareTo(a.caseNo()));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** The case a consumer report became, if any (the console's report list). */
    public Optional<String> caseOfReport(Principal p, UUID reportId) {
        Permissions.requireRole(p, "read complaint cases", Role.REGULATOR);
        return store.caseOfReport(reportId);
    }

    /** The outbox of one UTC day, newest first: what a message gateway would send. */
    public List<Message> outbox(Principal p, LocalDate day, int limit) {
        Permissions.requireRole(p, "read the consumer outbox", Role.REGULATOR);
        return store.messages(day, limit);
    }

    public long fundBalance(Principal p) {
        Permissions.requireRole(p, "read the compensation fund", Role.REGULATOR);
        return fund.balance();
    }

    /** The fund's ledger, newest first. */
    public List<LedgerEntry> ledger(Principal p, int limit) {
        Permissions.requireRole(p, "read the compensation fund", Role.REGULATOR);
        return fund.ledger(limit);
    }

    // ------------------------------------------------------------------ acts

    /**
     * Assigns an OPEN case to the manufacturer: the licensee of {@code productId} (or of the case's
     * product), or {@code licenseeId} when no product is known; the reply is due in {@code replyDays}.
     * Emits {@code complaint.assigned} to the licensee's (and the regulator's) webhooks.
     */
    public ComplaintCase assign(Principal p, String caseNo, Integer productId, String licenseeId, int replyDays, String reason,
                                String publicNote) {
        Permissions.requireRole(p, "assign complaint cases", Role.REGULATOR);
        if (replyDays < 1 || replyDays > MAX_REPLY_DAYS) {
            throw new IllegalArgumentException("replyDays must be 1.." + MAX_REPLY_DAYS + ", got " + replyDays);
        }
        String why = required(reason, "reason", MAX_TEXT);
        String note = optional(publicNote, "publicNote", MAX_TEXT);
        ComplaintCase c = get(p, caseNo);
        Integer product = productId != null ? productId : c.productId();
        String licensee;
        if (product != null) {
            Product pr = registry.findProduct(product).orElseThrow(() -> new IssuerException.NotFound("product", product));
            licensee = pr.licenseeId();
        } else if (licenseeId != null && !licenseeId.isBlank()) {
            licensee = licenseeId.strip();
        } else {
            throw new IssuerException.Refused("COMPLAINT_NO_MANUFACTURER", "case " + c.caseNo() + " names no product: say which product "
                    + "(productId) or licensee (licenseeId) the complaint is about");
        }
        Licensee l = registry.findLicensee(licensee).orElseThrow(() -> new IssuerException.NotFound("licensee", licensee));
        Lifecycle.next(c.state(), Lifecycle.Act.ASSIGN, false);
        Instant now = clock.instant();
        Instant due = now.plus(Duration.ofDays(replyDays));
        claim(c, Lifecycle.Act.ASSIGN, assign.bind(licensee, product, now, due, now, c.caseNo()));
        ComplaintCase after = new ComplaintCase(c.caseNo(), c.code(), c.source(), c.reportId(), c.referralNo(), c.referralDate(),
                c.consumerName(), c.contact(), c.lang(), product, licensee, c.mark(), c.complaint(), CaseState.ASSIGNED, c.openedAt(),
                c.openedBy(), now, due, null, null, null, null, c.paidFirstFen(), c.paidFirstAt(), c.recoveredFen(), c.recoveredOn(),
                null, null);
        PublicWords.Sentence s = words.withNote(words.of("complaint.public.assigned", l.name(), DUE.format(due)), note);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("caseNo", c.caseNo());
        data.put("source", c.source().name());
        data.put("replyDue", due.toString());
        data.put("mark", c.mark());
        data.put("complaint", c.complaint());
        NotificationEvent e = NotificationEvent.of(NotificationEvent.Type.COMPLAINT_ASSIGNED, now, licensee, product, null, data);
        List<BatchableStatement<?>> more = List.of(notifications.row(e));
        store.after(c, after, step(p, Step.Kind.ASSIGNED, CaseState.ASSIGNED, why, s, now), message(after, s, false, now), more);
        changes.audit(p.userId(), "complaint.assign", "complaint:" + c.caseNo(), "to " + licensee + ", reply by " + due + ": " + why);
        return after;
    }

    /** The manufacturer replies to its ASSIGNED case (what it offers the consumer, what it found). */
    public ComplaintCase reply(Principal p, String caseNo, String text) {
        Permissions.requireRole(p, "reply to complaint cases", Role.MANUFACTURER);
        String r = required(text, "reply", MAX_TEXT);
        ComplaintCase c = get(p, caseNo);
        Lifecycle.next(c.state(), Lifecycle.Act.REPLY, false);
        Instant now = clock.instant();
        claim(c, Lifecycle.Act.REPLY, reply.bind(now, r, now, c.caseNo(), c.licenseeId()));
        ComplaintCase full = store.find(c.caseNo()).orElseThrow();
        PublicWords.Sentence s = words.of("complaint.public.replied");
        store.after(before(full, CaseState.ASSIGNED), full, step(p, Step.Kind.REPLIED, CaseState.REPLIED, r, s, now),
                message(full, s, false, now), List.of());
        changes.audit(p.userId(), "complaint.reply", "complaint:" + c.caseNo(), clip(r, 200));
        return full.forManufacturer();
    }

    /**
     * The office decides the outcome of a REPLIED case (or of an ASSIGNED one past its deadline).
     * COMPENSATION names an amount in fen; with {@code payFirst} the programme's fund pays it now
     * (先行赔付): the fund's balance must cover it (422 {@code FUND_INSUFFICIENT} otherwise, and
     * nothing changes), a case is paid first once, and the payment is recovered from the
     * manufacturer later ({@link #recover}).
     */
    public ComplaintCase resolve(Principal p, String caseNo, Outcome outcome, Long amountFen, boolean payFirst, String reason,
                                 String publicNote) {
        Permissions.requireRole(p, "resolve complaint cases", Role.REGULATOR);
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required: one of REFUND, REPLACEMENT, COMPENSATION, REJECTED");
        }
        if (outcome == Outcome.COMPENSATION) {
            if (amountFen == null) {
                throw new IllegalArgumentException("amountFen is required for COMPENSATION: the amount in fen (CNY 1.00 = 100)");
            }
            Fund.checkAmount(amountFen);
        } else if (amountFen != null || payFirst) {
            throw new IllegalArgumentException("amountFen and payFirst go with COMPENSATION only, not " + outcome);
        }
        String why = required(reason, "reason", MAX_TEXT);
        String note = optional(publicNote, "publicNote", MAX_TEXT);
        ComplaintCase c = get(p, caseNo);
        Instant now = clock.instant();
        Lifecycle.next(c.state(), Lifecycle.Act.RESOLVE, c.overdue(now));
        if (payFirst && c.paidFirstFen() != null) {
            throw new IssuerException.Conflict("COMPLAINT_PAID_FIRST", "case " + c.caseNo() + " was paid CNY "
                    + CaseNumbers.yuan(c.paidFirstFen()) + " from the fund already; a case is paid first once");
        }
        long balance = payFirst ? fund.balance() : 0;
        if (payFirst && balance < amountFen) {
            throw Fund.insufficient(balance, amountFen);   // before the case moves: nothing changes
        }
        claim(c, Lifecycle.Act.RESOLVE, resolve.bind(outcome.name(), amountFen, now, now, c.caseNo(), c.state().name()));
        LedgerEntry paid = null;
        if (payFirst) {
            try {
                paid = fund.move(LedgerEntry.Kind.PAYMENT, c.caseNo(), amountFen, p.userId(), why);
            } catch (RuntimeException e) {
                store.move(unresolve.bind(c.state().name(), c.caseNo(), now));   // spent meanwhile: the case is as it was
                throw e;
            }
            store.move(paidFirst.bind(amountFen, now, c.caseNo()));
        }
        ComplaintCase after = store.find(c.caseNo()).orElseThrow();
        Object[] args = outcome == Outcome.COMPENSATION ? new Object[] {CaseNumbers.yuan(amountFen)} : new Object[0];
        PublicWords.Sentence s = words.withNote(words.of("complaint.public.resolved." + outcome.name(), args), note);
        store.after(c, after, step(p, Step.Kind.RESOLVED, CaseState.RESOLVED, why, s, now), message(after, s, false, now), List.of());
        changes.audit(p.userId(), "complaint.resolve", "complaint:" + c.caseNo(), outcome + (amountFen == null ? ""
                : " CNY " + CaseNumbers.yuan(amountFen)) + (payFirst ? " paid first" : "") + ": " + why);
        if (paid != null) {
            paidFirst(p, after, paid, now);
        }
        return after;
    }

    /**
     * Where compensation is paid first (the credit file's COMPENSATION_PAID_FIRST is recorded here):
     * the consumer is told, and the licensee's audit trail gets the debt it owes the fund.
     */
    private void paidFirst(Principal p, ComplaintCase c, LedgerEntry paid, Instant now) {
        PublicWords.Sentence s = words.of("complaint.public.paidFirst", CaseNumbers.yuan(paid.amountFen()));
        store.after(c, c, step(p, Step.Kind.PAID_FIRST, c.state(), "fund balance after: CNY " + CaseNumbers.yuan(paid.balanceFen()), s,
                now), message(c, s, false, now), List.of());
        changes.audit(p.userId(), "complaint.paid-first", "licensee:" + c.licenseeId(), "case " + c.caseNo() + ": CNY "
                + CaseNumbers.yuan(paid.amountFen()) + " paid from the compensation fund, to be recovered");
        outcomes.paidFirst(p.userId(), c, paid.amountFen(), now);
    }

    /** Closes a RESOLVED case. */
    public ComplaintCase close(Principal p, String caseNo, String reason, String publicNote) {
        Permissions.requireRole(p, "close complaint cases", Role.REGULATOR);
        String why = required(reason, "reason", MAX_TEXT);
        String note = optional(publicNote, "publicNote", MAX_TEXT);
        ComplaintCase c = get(p, caseNo);
        Lifecycle.next(c.state(), Lifecycle.Act.CLOSE, false);
        Instant now = clock.instant();
        claim(c, Lifecycle.Act.CLOSE, close.bind(now, now, c.caseNo()));
        ComplaintCase after = store.find(c.caseNo()).orElseThrow();
        PublicWords.Sentence s = words.withNote(words.of("complaint.public.closed"), note);
        store.after(c, after, step(p, Step.Kind.CLOSED, CaseState.CLOSED, why, s, now), message(after, s, false, now), List.of());
        changes.audit(p.userId(), "complaint.close", "complaint:" + c.caseNo(), after.outcome() + ": " + why);
        if (after.outcome() != null && after.outcome().upheld()) {
            closedUpheld(p, after);
        }
        return after;
    }

    /**
     * Where a case closes upheld (the credit file's COMPLAINT_UPHELD is recorded here): the
     * licensee's audit trail names the case and its outcome.
     */
    private void closedUpheld(Principal p, ComplaintCase c) {
        changes.audit(p.userId(), "complaint.upheld", "licensee:" + c.licenseeId(), "case " + c.caseNo() + " closed upheld: "
                + c.outcome() + (c.amountFen() == null ? "" : " CNY " + CaseNumbers.yuan(c.amountFen())));
        outcomes.upheld(p.userId(), c, c.closedAt() == null ? clock.instant() : c.closedAt());
    }

    /** Reopens a RESOLVED or CLOSED case to OPEN, saying why; it is assigned again from there. */
    public ComplaintCase reopen(Principal p, String caseNo, String reason) {
        Permissions.requireRole(p, "reopen complaint cases", Role.REGULATOR);
        String why = required(reason, "reason", MAX_TEXT);
        ComplaintCase c = get(p, caseNo);
        Lifecycle.next(c.state(), Lifecycle.Act.REOPEN, false);
        Instant now = clock.instant();
        claim(c, Lifecycle.Act.REOPEN, reopen.bind(now, c.caseNo(), c.state().name()));
        ComplaintCase after = store.find(c.caseNo()).orElseThrow();
        PublicWords.Sentence s = words.of("complaint.public.reopened");
        store.after(c, after, step(p, Step.Kind.REOPENED, CaseState.OPEN, why, s, now), message(after, s, false, now), List.of());
        changes.audit(p.userId(), "complaint.reopen", "complaint:" + c.caseNo(), why);
        return after;
    }

    /**
     * Records money recovered from the manufacturer for a case the fund paid first: at most what
     * is outstanding; the fund's balance grows by it. Not a step the consumer is told of.
     */
    public ComplaintCase recover(Principal p, String caseNo, long amountFen, LocalDate on, String note) {
        Permissions.requireRole(p, "record recoveries", Role.REGULATOR);
        Fund.checkAmount(amountFen);
        if (on == null) {
            throw new IllegalArgumentException("date is required: the day the manufacturer paid the fund back");
        }
        String n = optional(note, "note", MAX_TEXT);
        ComplaintCase c = get(p, caseNo);
        if (c.paidFirstFen() == null) {
            throw new IssuerException.Conflict("COMPLAINT_NOT_PAID_FIRST", "case " + c.caseNo() + " was not paid from the fund; "
                    + "there is nothing to recover");
        }
        if (amountFen > c.outstandingFen()) {
            throw new IssuerException.Refused("RECOVERY_TOO_LARGE", "CNY " + CaseNumbers.yuan(amountFen) + " is more than the CNY "
                    + CaseNumbers.yuan(c.outstandingFen()) + " outstanding on case " + c.caseNo());
        }
        long total = (c.recoveredFen() == null ? 0 : c.recoveredFen()) + amountFen;
        if (!store.move(recover.bind(total, on, c.caseNo(), c.recoveredFen()))) {
            throw new IssuerException.Conflict("COMPLAINT_CHANGED", "case " + c.caseNo() + " was changed meanwhile; reload it");
        }
        LedgerEntry line = fund.move(LedgerEntry.Kind.RECOVERY, c.caseNo(), amountFen, p.userId(), n == null ? "recovered " + on : n);
        Instant now = clock.instant();
        ComplaintCase after = store.find(c.caseNo()).orElseThrow();
        store.after(c, after, new Step(now, Step.Kind.RECOVERED, after.state(), p.userId(), p.role().name(), "CNY "
                + CaseNumbers.yuan(amountFen) + " recovered on " + on + " from " + c.licenseeId() + "; fund balance CNY "
                + CaseNumbers.yuan(line.balanceFen()) + (n == null ? "" : ": " + n), null, null), null, List.of());
        changes.audit(p.userId(), "complaint.recover", "complaint:" + c.caseNo(), "CNY " + CaseNumbers.yuan(amountFen) + " on " + on);
        return after;
    }

    /** Money paid into the compensation fund (the programme's budget, a manufacturer's deposit). */
    public LedgerEntry deposit(Principal p, long amountFen, String note) {
        Permissions.requireRole(p, "pay into the compensation fund", Role.REGULATOR);
        String n = required(note, "note", MAX_SHORT);
        LedgerEntry e = fund.move(LedgerEntry.Kind.DEPOSIT, null, amountFen, p.userId(), n);
        changes.audit(p.userId(), "complaint.fund.deposit", "complaint-fund:" + Fund.PROGRAMME, "CNY " + CaseNumbers.yuan(amountFen)
                + ": " + n);
        return e;
    }

    // ------------------------------------------------------------------ plumbing

    /** Takes the transition with its lightweight transaction; someone else's act meanwhile is a 409. */
    private void claim(ComplaintCase c, Lifecycle.Act act, BoundStatement update) {
        if (!store.move(update)) {
            throw new IssuerException.Conflict("COMPLAINT_CHANGED", "case " + c.caseNo() + " was changed by someone else meanwhile ("
                    + act.name().toLowerCase(java.util.Locale.ROOT) + " not done); reload it");
        }
    }

    private static ComplaintCase before(ComplaintCase c, CaseState state) {
        return new ComplaintCase(c.caseNo(), c.code(), c.source(), c.reportId(), c.referralNo(), c.referralDate(), c.consumerName(),
                c.contact(), c.lang(), c.productId(), c.licenseeId(), c.mark(), c.complaint(), state, c.openedAt(), c.openedBy(),
                c.assignedAt(), c.replyDue(), c.repliedAt(), c.reply(), c.outcome(), c.amountFen(), c.paidFirstFen(), c.paidFirstAt(),
                c.recoveredFen(), c.recoveredOn(), c.resolvedAt(), c.closedAt());
    }

    private static Step step(Principal p, Step.Kind kind, CaseState state, String reason, PublicWords.Sentence s, Instant at) {
        return new Step(at, kind, state, p.userId(), p.role().name(), reason, s.zh(), s.en());
    }

    /** The outbox row of a step, when the consumer left a contact. */
    private Message message(ComplaintCase c, PublicWords.Sentence s, boolean first, Instant at) {
        return c.contact() == null ? null : new Message(at, c.caseNo(), c.contact(), c.lang(), words.message(s, c, first));
    }

    private static String number(String caseNo) {
        String no = CaseNumbers.normalise(caseNo);
        if (no == null) {
            throw new IllegalArgumentException("a case number looks like TS2026-000123, got '" + clip(String.valueOf(caseNo)) + "'");
        }
        return no;
    }

    static String required(String v, String field, int max) {
        String s = optional(v, field, max);
        if (s == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return s;
    }

    static String optional(String v, String field, int max) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.strip();
        if (s.length() > max) {
            throw new IllegalArgumentException(field + " is " + s.length() + " characters; at most " + max);
        }
        return s;
    }

    private static String clip(String s) {
        return clip(s, 40);
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }
}
