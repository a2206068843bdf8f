package org.markauth.issuer.credit;

import com.datastax.oss.driver.api.core.CqlSession;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.http.Refusal;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.registry.LicenceStatus;

/**
 * Each licensee's quality-credit file (docs/credit.md): its events, the grade {@link GradingRule}
 * gives them, and the grade's one effect on issuance (a D-grade licensee cannot order marks).
 *
 * <p>Events come from two places. The office records what it decides ({@link #record}: sampling
 * results, upheld complaints, warnings, compensation paid first, forged-mark cases it found itself);
 * the facts other tables already hold are recorded where they happen, once, by the source's listener:
 * a recall ({@code Recalls.listen}), a suspension or revocation and the blacklist flag
 * ({@link Registry.Listener}), a confirmed counterfeit alert ({@code AlertWorkflow.onConfirmed}).
 * Each event is identified by (licensee, kind, reference) and written IF NOT EXISTS, so a source that
 * retries records it once.
 *
 * <p>After every event and every licence or blacklist change the licensee is graded again and the
 * grade stored ({@code credit_grades}, {@code credit_lists}): verify-api's public red and black lists
 * read those rows and never apply the rule themselves. Events also leave the rule's 24-month window
 * with time alone, so {@link #regradeAll} runs hourly ({@code issuer serve}); reading a file and the
 * order gate grade it afresh without storing. Two regrades of one licensee racing may leave the older answer until the next one; both
 * read every event, so the next event or the sweep settles it. Days are the programme's
 * (Asia/Shanghai). Calls block on Cassandra.
 */
public final class CreditFile implements Registry.Listener {

    /** The programme's days: an event's date, the window, "today". */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** One event as filed: who recorded it, when, and from which source (office, recall, licence, blacklist, alert). */
    public record Entry(CreditEvent event, String recordedBy, Instant recordedAt, String source) {
    }

    /** What {@link #record} did: the event as filed (the first recording when it was on file already) and the grade after it. */
    public record Recorded(Entry entry, boolean created, GradingRule.Grading grading) {
    }

    /** A licensee's file: its grade now and its events, newest first. */
    public record File(Licensee licensee, GradingRule.Grading grading, List<Entry> events) {
    }

    /**
     * A licensee as a list shows it (one credit_lists row): grade, names, points, the reason and since
     * when, and its products under an ACTIVE licence as JSON objects {@code {productId, licenceNo, name, nameEn}}.
     */
    public record Listed(Grade grade, String licenseeId, String name, String nameEn, String uscc, int points,
                         GradingRule.Reason reason, String detail, LocalDate since, List<String> products, Instant gradedAt) {
    }

    private final CreditStore store;
    private final Registry registry;
    private final ChangeRecorder changes;
    private final Clock clock;

    public CreditFile(CqlSession session, Registry registry, ChangeRecorder changes, Clock clock) {
        this.store = new CreditStore(session);
        this.registry = registry;
        this.changes = changes;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ recording

    /**
     * Records an event the office decided (REGULATOR). Idempotent: an event with the same licensee,
     * kind and reference on file already is left as it is ({@code created=false}). The kinds recorded
     * at their source (RECALL, SUSPENSION, REVOCATION, BLACKLISTED, BLACKLIST_LIFTED) are refused
     * (422 CREDIT_KIND_DERIVED): recall the batch or change the licence or blacklist instead, so the
     * file and the registry never disagree.
     */
    public Recorded record(Principal p, CreditEvent e) {
        Permissions.requireRole(p, "record quality-credit events", Role.REGULATOR);
        if (e.kind().derived()) {
            throw new IssuerException.Refused("CREDIT_KIND_DERIVED", "credit events of kind " + e.kind() + " are recorded by "
                    + source(e.kind()) + " itself; do that instead of recording the event by hand");
        }
        registry.findLicensee(e.licenseeId()).orElseThrow(() -> new IssuerException.NotFound("licensee", e.licenseeId()));
        if (e.date().isAfter(today())) {
            throw new IllegalArgumentException("date " + e.date() + " lies in the future; record an event on or after the day it happened");
        }
        return fileEvent(p.userId(), "office", e);
    }

    private static String source(CreditKind k) {
        return switch (k) {
            case RECALL -> "the recall (POST /api/v1/batches/{id}/recall)";
            case BLACKLISTED, BLACKLIST_LIFTED -> "the registry's blacklist (POST /api/v1/licensees/{id}/blacklist)";
            default -> "the licence's status change (POST /api/v1/products/{id}/licence/status)";
        };
    }

    /** Files {@code e} for a source that has checked its caller itself; then grades the licensee again. */
    private Recorded fileEvent(String actor, String source, CreditEvent e) {
        Entry entry = new Entry(e, actor, clock.instant(), source);
        boolean created = store.insert(entry);
        if (created) {
            changes.audit(actor, "credit.record", "licensee:" + e.licenseeId(), e.kind() + " " + e.reference() + " on " + e.date()
                    + ": " + e.summary());
        } else {
            entry = store.events(e.licenseeId()).stream().filter(x -> x.event().kind() == e.kind()
                    && x.event().reference().equals(e.reference())).findFirst().orElse(entry);
        }
        return new Recorded(entry, created, regrade(e.licenseeId()));
    }

    /** A recall by {@code actor}: a RECALL event of the recalled batches' licensee ({@code Recalls.listen}). */
    public void recalled(String actor, UUID recallId, String licenseeId, Instant at, int productId, String lot, String reason) {
        fileEvent(actor, "recall", CreditEvent.recall(licenseeId, recallId, day(at),
                "product " + productId + " lot " + lot + " recalled: " + reason));
    }

    /** A sampling task's outcome ({@code Supervision.listen}): SAMPLING_FAILURE or CLEAN_SAMPLING, one per task. */
    public void sampled(String actor, String taskRef, String licenseeId, boolean passed, Instant at, String summary) {
        fileEvent(actor, "supervision", new CreditEvent(licenseeId, passed ? CreditKind.CLEAN_SAMPLING : CreditKind.SAMPLING_FAILURE,
                day(at), taskRef, CreditEvent.cut(summary)));
    }

    /** A warning or rectification order after a failed sample ({@code Supervision.listen}): WARNING. */
    public void warned(String actor, String reference, String licenseeId, Instant at, String summary) {
        fileEvent(actor, "supervision", new CreditEvent(licenseeId, CreditKind.WARNING, day(at), reference, CreditEvent.cut(summary)));
    }

    /** A complaint case closed upheld ({@code Complaints.listen}): COMPLAINT_UPHELD, referenced by the case number. */
    public void complaintUpheld(String actor, String caseNo, String licenseeId, Instant at, String summary) {
        if (licenseeId != null) {
            fileEvent(actor, "complaint", new CreditEvent(licenseeId, CreditKind.COMPLAINT_UPHELD, day(at), caseNo, CreditEvent.cut(summary)));
        }
    }

    /** The fund paid a consumer first for a case ({@code Complaints.listen}): COMPENSATION_PAID_FIRST, referenced by the case number. */
    public void compensationPaidFirst(String actor, String caseNo, String licenseeId, Instant at, String summary) {
        if (licenseeId != null) {
            fileEvent(actor, "complaint", new CreditEvent(licenseeId, CreditKind.COMPENSATION_PAID_FIRST, day(at), caseNo,
                    CreditEvent.cut(summary)));
        }
    }

    /** A counterfeit alert confirmed by {@code actor}: a FORGED_MARKS case of the product's licensee, none when the alert names no known product. */
    public void forgedMarkCase(String actor, UUID alertId, Integer productId, Instant at, String summary) {
        if (productId == null) {
            return;
        }
        registry.findProduct(productId).ifPresent(pr -> fileEvent(actor, "alert", CreditEvent.forgedMarks(pr.licenseeId(), alertId, day(at),
                "forged marks of product " + productId + " confirmed: " + summary)));
    }

    /** A suspension or revocation becomes an event; any licence change may change the red list's products, so it regrades. */
    @Override
    public void licenceChanged(String actor, Licence l, LicenceStatus from, String reason) {
        CreditKind kind = l.status() == LicenceStatus.SUSPENDED ? CreditKind.SUSPENSION
                : l.status() == LicenceStatus.REVOKED ? CreditKind.REVOCATION : null;
        if (kind == null || from == l.status()) {
            regrade(l.licenseeId());
            return;
        }
        fileEvent(actor, "licence", new CreditEvent(l.licenseeId(), kind, day(l.statusSince()),
                "licence:" + l.productId() + ":" + l.statusSince(),
                CreditEvent.cut("licence " + l.licenceNo() + " of product " + l.productId() + " " + l.status() + ": " + reason)));
    }

    /** The blacklist flag is the programme's sanction; the file keeps each change of it as an event (0 points: the flag itself makes D). */
    @Override
    public void blacklistChanged(String actor, Licensee l, String reason) {
        Instant at = l.blacklisted() ? l.blacklistedSince() : l.updatedAt();
        fileEvent(actor, "blacklist", new CreditEvent(l.licenseeId(), l.blacklisted() ? CreditKind.BLACKLISTED : CreditKind.BLACKLIST_LIFTED,
                day(at), "blacklist:" + at, CreditEvent.cut(reason)));
    }

    // ------------------------------------------------------------------ grading

    /** Grades {@code licenseeId} on today's date and stores the grade and its list row. */
    public GradingRule.Grading regrade(String licenseeId) {
        Licensee l = registry.findLicensee(licenseeId).orElseThrow(() -> new IssuerException.NotFound("licensee", licenseeId));
        return regrade(l, store.events(licenseeId));
    }

    private GradingRule.Grading regrade(Licensee l, List<Entry> events) {
        GradingRule.Grading g = grade(l, events);
        Grade old = store.grade(l.licenseeId()).map(CreditStore.Graded::grade).orElse(null);
        store.put(new Listed(g.grade(), l.licenseeId(), l.name(), l.nameEn(), l.uscc(), g.points(), g.reason(), g.detail(), g.since(),
                products(l.licenseeId()), clock.instant()), g.reviewOn(), old);
        return g;
    }

    /** The rule applied to {@code l}'s file today, nothing stored. */
    private GradingRule.Grading grade(Licensee l, List<Entry> events) {
        GradingRule.Blacklisting bl = l.blacklisted()
                ? new GradingRule.Blacklisting(day(l.blacklistedSince() == null ? l.updatedAt() : l.blacklistedSince()), l.blacklistReason())
                : null;
        return GradingRule.grade(events.stream().map(Entry::event).toList(), bl, today());
    }

    /** The licensee's products under a licence ACTIVE now, as the lists show them. */
    private List<String> products(String licenseeId) {
        Instant now = clock.instant();
        List<String> out = new ArrayList<>();
        for (Product pr : registry.findProducts(licenseeId)) {
            Optional<Licence> lic = registry.findLicence(pr.productId());
            if (lic.isPresent() && lic.get().effectiveStatus(now) == LicenceStatus.ACTIVE) {
                out.add(new JsonObject().put("productId", pr.productId()).put("licenceNo", lic.get().licenceNo()).put("name", pr.name())
                        .put("nameEn", pr.nameEn()).encode());
            }
        }
        return out;
    }

    /** Grades every licensee again (the hourly sweep of {@code issuer serve}: events leave the window with time alone). */
    public int regradeAll() {
        int n = 0;
        for (Licensee l : registry.licensees(Principal.regulator("system:credit-regrade"), Integer.MAX_VALUE)) {
            regrade(l, store.events(l.licenseeId()));
            n++;
        }
        return n;
    }

    /**
     * Refuses (422 CREDIT_GRADE_D, in the request's language) a new order of marks by a licensee at
     * grade D. A blacklisted licensee is refused before this by the licence gate (LICENSEE_BLACKLISTED).
     * Reads the stored grade: one point read per order.
     */
    public void requireMayOrder(String licenseeId) {
        // graded from the file itself, not from the stored grade: a stored grade a racing regrade left stale
        // must not open the gate (orders are rare, the file is one partition)
        Optional<GradingRule.Grading> fresh = registry.findLicensee(licenseeId).map(l -> grade(l, store.events(licenseeId)));
        fresh.filter(g -> g.grade() == Grade.D).ifPresent(g -> {
            throw new Refusal("CREDIT_GRADE_D", 422, "credit.grade-d." + g.reason().name(),
                    List.<Object>of(licenseeId, String.valueOf(g.since()), g.detail() == null ? "-" : g.detail(), String.valueOf(g.points())))
                    .failure();
        });
    }

    // ------------------------------------------------------------------ reading

    /**
     * A licensee's file graded afresh: the regulator any, a manufacturer its own (another's is NOT_FOUND).
     * Reading stores nothing: a read racing a new event must never write back the older grade (the stored
     * grade and the public lists move with events, licence changes and the hourly sweep only).
     */
    public File file(Principal p, String licenseeId) {
        Permissions.requireRole(p, "read quality-credit files", Role.REGULATOR, Role.MANUFACTURER);
        Permissions.requireOwnOrHidden(p, false, licenseeId, "licensee", licenseeId);
        Licensee l = registry.findLicensee(licenseeId).orElseThrow(() -> new IssuerException.NotFound("licensee", licenseeId));
        List<Entry> events = new ArrayList<>(store.events(licenseeId));
        GradingRule.Grading g = grade(l, events);
        events.sort(Comparator.comparing((Entry e) -> e.event().date()).thenComparing(Entry::recordedAt,
                Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        return new File(l, g, events);
    }

    /** The graded licensees, of one grade or (null) of all, by licensee id (REGULATOR). */
    public List<Listed> list(Principal p, Grade grade) {
        Permissions.requireRole(p, "list quality-credit grades", Role.REGULATOR);
        List<Listed> out = new ArrayList<>();
        for (Grade g : grade == null ? List.of(Grade.values()) : List.of(grade)) {
            out.addAll(store.listed(g));
        }
        out.sort(Comparator.comparing(Listed::licenseeId));
        return out;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZONE);
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZONE);
    }
}
