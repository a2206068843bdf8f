package org.markauth.issuer.certification;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.AuditEntry;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.registry.Checks;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.ObjectionText;

/**
 * The certification lifecycle (docs/certification.md): an enterprise applies, the office checks
 * completeness (or returns the application with reasons), assigns an evaluation body and experts
 * from the library ({@link ExpertConflicts} keeps out the applicant's district and declared
 * conflicts), records each expert's scores, decides, and publishes a granted application for a
 * public notice in which anyone may object; when the notice closes with no objection upheld and
 * none pending, {@link #activate} registers the product (and a new licensee) and grants its licence.
 *
 * <p>Each step is one of {@link Step}'s, checked against the application's state and written by
 * lightweight transaction on that state, so two officers acting at once cannot both move it; each
 * writes an audit line on the application's entity ({@code cert-app:<id>}, who, when, why), which
 * is its timeline. Calls block on Cassandra: run them on worker threads.
 */
public final class Certification {

    /** Evidence files: at most this many bytes each. */
    public static final int MAX_EVIDENCE_BYTES = 1024 * 1024;
    /** Evidence files: at most this many per application. */
    public static final int MAX_EVIDENCE_FILES = 10;
    /** The public notice period when the decision names none, and its bounds. */
    public static final int DEFAULT_NOTICE_DAYS = 7;
    public static final int MAX_NOTICE_DAYS = 30;
    /** The licence's validity when the decision names none. */
    public static final int DEFAULT_VALID_YEARS = 3;
    /** How many experts an automatic pick assigns when the office names no number. */
    public static final int DEFAULT_PANEL = 3;
    /** Open (not yet decided or withdrawn) applications a licensee may have at once, when configuration names no number. */
    public static final int DEFAULT_MAX_OPEN_APPLICATIONS = 5;

    private static final Map<String, String> TYPES = Map.of("application/pdf", "%PDF-", "image/png", "\u0089PNG", "image/jpeg", "\u00ff\u00d8\u00ff");

    private final CertificationStore store;
    private final Registry registry;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final org.markauth.issuer.standards.Standards standards;
    private final org.markauth.issuer.certificate.Certificates certificates;
    private final SecureRandom random = new SecureRandom();
    private final int maxOpenApplications;

    /**
     * {@code standards}: an application names a PUBLISHED version of a programme standard, and the licensed
     * product is linked to it; {@code certificates}: a licence the lifecycle activates gets its certificate.
     */
    public Certification(CqlSession session, Registry registry, ChangeRecorder changes, Clock clock,
                         org.markauth.issuer.standards.Standards standards, org.markauth.issuer.certificate.Certificates certificates) {
        this(session, registry, changes, clock, standards, certificates, DEFAULT_MAX_OPEN_APPLICATIONS);
    }

    /** {@code maxOpenApplications}: {@code issuer.certification.max-open-applications} (docs/issuer.md), 1 or more. */
    public Certification(CqlSession session, Registry registry, ChangeRecorder changes, Clock clock,
                         org.markauth.issuer.standards.Standards standards, org.markauth.issuer.certificate.Certificates certificates,
                         int maxOpenApplications) {
        if (maxOpenApplications < 1) {
            throw new IllegalArgumentException("maxOpenApplications must be at least 1, got " + maxOpenApplications);
        }
        this.maxOpenApplications = maxOpenApplications;
        this.store = new CertificationStore(session);
        this.registry = registry;
        this.changes = changes;
        this.clock = clock;
        this.standards = standards;
        this.certificates = certificates;
    }

    /** Open (not yet decided or withdrawn) applications a licensee may have at once. */
    public int maxOpenApplications() {
        return maxOpenApplications;
    }

    public static String entity(UUID appId) {
        return "cert-app:" + appId;
    }

    // ------------------------------------------------------------------ applying

    /**
     * Files an application. The office files any (paper intake, a new enterprise's details
     * included); a manufacturer only for its own licensee, which exists already. A renewal names
     * the licensed product it renews, whose licence must still be ACTIVE or EXPIRED (not revoked).
     */
    public Application apply(Principal p, Application.Filing f) {
        Permissions.requireRole(p, "file certification applications", Role.REGULATOR, Role.MANUFACTURER);
        if (p.role() == Role.MANUFACTURER) {
            if (f.newLicensee() != null) {
                throw new IssuerException.Forbidden("a manufacturer applies for its own licensee " + p.licenseeId().orElse("?")
                        + "; a new enterprise's first application is filed by the programme office");
            }
            Permissions.requireActFor(p, "file certification applications", f.licenseeId());
        }
        publishedStandard(f.standardNo(), f.standardVersion());
        Optional<Licensee> existing = registry.findLicensee(f.licenseeId());
        if (f.newLicensee() == null && existing.isEmpty()) {
            throw new IllegalArgumentException("licensee " + f.licenseeId() + " is not registered; give the new enterprise's details "
                    + "(newLicensee: name, uscc, address) or the id of a registered licensee");
        }
        if (f.newLicensee() != null && existing.isPresent()) {
            throw new IssuerException.Conflict("LICENSEE_EXISTS", "licensee " + f.licenseeId() + " is already registered ("
                    + existing.get().name() + "); apply under it without newLicensee details");
        }
        Application.Filing filing = f;
        if (f.renewal()) {
            Product pr = registry.findProduct(f.renewalOf()).filter(x -> x.licenseeId().equals(f.licenseeId()))
                    .orElseThrow(() -> new IssuerException.NotFound("product of licensee " + f.licenseeId(), f.renewalOf()));
            Licence l = registry.findLicence(pr.productId()).orElseThrow(() -> new IssuerException.Conflict("CERT_NO_LICENCE",
                    "product " + pr.productId() + " has no licence to renew; file a new application instead"));
            renewable(l);
            // a renewal certifies the registered product again: its details are the registry's, whatever was filed
            filing = new Application.Filing(f.licenseeId(), null, details(pr, f.standardNo()), f.standardNo(), f.standardVersion(),
                    f.declarationUrl(), f.renewalOf());
        }
        // the place is taken last, once every other check passed, and given back if the row cannot be written
        if (store.takeOpenPlace(f.licenseeId(), maxOpenApplications) < 0) {
            throw new IssuerException.Refused("CERT_TOO_MANY_OPEN", "licensee " + f.licenseeId() + " has " + maxOpenApplications
                    + " open certification applications, the most it may have at once; wait for a decision or withdraw one before filing another");
        }
        Instant now = clock.instant();
        Application a = new Application(Uuids.timeBased(), filing, AppState.SUBMITTED, now, p.userId(), p.role().name(), now, null,
                List.of(), null, null, null, f.renewalOf(), null, null);
        try {
            store.insert(a);
        } catch (RuntimeException e) {
            store.releaseOpenPlace(f.licenseeId());
            throw e;
        }
        changes.audit(p.userId(), "cert.apply", entity(a.appId()), (f.renewal() ? "renewal of product " + f.renewalOf() + ", " : "")
                + "licensee " + f.licenseeId() + (f.newLicensee() != null ? " (new: " + f.newLicensee().name() + ", " + f.newLicensee().uscc() + ")" : "")
                + ", product " + filing.product().name() + ", standard " + f.standardNo() + " " + f.standardVersion() + ", filed by " + p.role());
        return a;
    }

    /**
     * Whether licence {@code l} may be renewed: ACTIVE or EXPIRED. A REVOKED licence is gone for good;
     * a SUSPENDED one is reinstated by the office first (a renewal would otherwise write it ACTIVE
     * again at activation, undoing the suspension).
     */
    static void renewable(Licence l) {
        if (l.status() == LicenceStatus.REVOKED) {
            throw new IssuerException.Refused("LICENCE_REVOKED", "the licence of product " + l.productId()
                    + " was revoked; revocation is final, a renewal cannot revive it");
        }
        if (l.status() == LicenceStatus.SUSPENDED) {
            throw new IssuerException.Refused("LICENCE_SUSPENDED", "the licence of product " + l.productId()
                    + " is suspended; a suspended licence must be reinstated by the office first, then it can be renewed");
        }
    }

    /** A registered product's details, as a renewal files them, under {@code standardNo}. */
    static Product.Details details(Product pr, String standardNo) {
        return new Product.Details(0, pr.licenseeId(), pr.name(), pr.nameEn(), pr.model(), pr.category(), pr.gtin(), standardNo,
                pr.standardTitle(), pr.coreIndicators(), pr.photoUrls(), pr.marketRegions());
    }

    /** The applicant (or the office) answers a return: back to SUBMITTED with what was changed. */
    public Application resubmit(Principal p, UUID id, String note) {
        Application a = visible(p, id, true);
        String why = reason("note", note);
        return move(p, a, Step.RESUBMIT, a.with(AppState.SUBMITTED, clock.instant(), why), "cert.resubmit", why);
    }

    /** Whether the applicant may withdraw an application in {@code state}: before the decision and before the experts' scores (not SCORED). */
    public static boolean applicantMayWithdraw(AppState state) {
        return Step.WITHDRAW.allowedFrom(state) && state != AppState.SCORED;
    }

    /**
     * Withdraws an application, with a reason. The applicant may until the experts have scored it
     * (not once SCORED: withdrawing then would dodge a refusal it can see coming); the office may
     * any time before the decision (on paper for the applicant, or after the evaluation, audited as
     * "withdrawn after evaluation"). WITHDRAWN is final, frees one of the licensee's open-application
     * places and drops the evidence files' bytes (their names, types, sizes and SHA-256 stay).
     */
    public Application withdraw(Principal p, UUID id, String reason) {
        Permissions.requireRole(p, "withdraw certification applications", Role.REGULATOR, Role.MANUFACTURER);
        Application a = visible(p, id, true);
        String why = reason("reason", reason);
        if (p.role() == Role.MANUFACTURER && Step.WITHDRAW.allowedFrom(a.state()) && !applicantMayWithdraw(a.state())) {
            throw new IssuerException.Conflict("CERT_APP_STATE", "application " + a.id() + " is SCORED: the evaluation is done and the "
                    + "decision is the office's; an applicant may withdraw only before the experts have scored it (ask the programme office)");
        }
        String by = a.state() == AppState.SCORED ? "withdrawn after evaluation by " : "withdrawn by ";
        Application moved = move(p, a, Step.WITHDRAW, a.with(AppState.WITHDRAWN, clock.instant(), why), "cert.withdraw", by + p.role() + ": " + why);
        store.dropEvidenceContent(a.appId());
        return forViewer(p, moved);
    }

    /** Adds an evidence file (PDF, JPEG or PNG, checked by its first bytes) while the application is SUBMITTED or RETURNED. */
    public EvidenceFile addEvidence(Principal p, UUID id, String name, String contentType, byte[] content) {
        Application a = visible(p, id, true);
        Step.EVIDENCE.check(a.id(), a.state());
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        String magic = TYPES.get(type);
        if (magic == null) {
            throw new IllegalArgumentException("evidence must be a PDF, JPEG or PNG file (Content-Type application/pdf, image/jpeg or "
                    + "image/png), got '" + (type.length() > 60 ? type.substring(0, 60) : type) + "'");
        }
        if (content.length == 0 || content.length > MAX_EVIDENCE_BYTES) {
            throw new IllegalArgumentException("an evidence file must be 1 byte to " + MAX_EVIDENCE_BYTES / 1024 / 1024 + " MiB, this one is "
                    + content.length + " bytes");
        }
        for (int i = 0; i < magic.length(); i++) {
            if (content.length < magic.length() || (content[i] & 0xff) != magic.charAt(i)) {
                throw new IllegalArgumentException("the file does not start as a " + type + " file does; upload the document itself");
            }
        }
        String fileName = name == null || name.isBlank() ? "evidence" : name.strip();
        if (fileName.length() > 100 || !fileName.matches("[\\p{L}\\p{N} ._()\\-]+")) {
            throw new IllegalArgumentException("name must be 1-100 letters, digits, spaces, '.', '_', '-', '(' or ')', got '"
                    + (fileName.length() > 40 ? fileName.substring(0, 40) + "…" : fileName) + "'");
        }
        if (!store.takeEvidenceSlot(a.appId(), MAX_EVIDENCE_FILES)) {
            throw new IssuerException.Refused("CERT_EVIDENCE_FULL", "application " + id + " has " + MAX_EVIDENCE_FILES
                    + " evidence files already, the most it may have");
        }
        EvidenceFile f = new EvidenceFile(Uuids.timeBased(), fileName, type, content.length, sha256(content), p.userId(), clock.instant());
        try {
            store.insertEvidence(a.appId(), f, content);
        } catch (RuntimeException e) {
            store.releaseEvidenceSlot(a.appId());
            throw e;
        }
        changes.audit(p.userId(), "cert.evidence", entity(a.appId()), fileName + " (" + type + ", " + content.length + " bytes, sha256 " + f.sha256() + ")");
        return f;
    }

    public List<EvidenceFile> evidence(Principal p, UUID id) {
        return store.evidence(visible(p, id, false).appId());
    }

    /** An evidence file's description and bytes. */
    public Map.Entry<EvidenceFile, byte[]> evidenceFile(Principal p, UUID id, UUID fileId) {
        Application a = visible(p, id, false);
        EvidenceFile f = store.evidence(a.appId()).stream().filter(x -> x.fileId().equals(fileId)).findFirst()
                .orElseThrow(() -> new IssuerException.NotFound("evidence file", fileId));
        if (a.state() == AppState.WITHDRAWN) {
            throw new IssuerException.Conflict("CERT_EVIDENCE_DROPPED", "application " + a.id() + " was withdrawn and its evidence files' "
                    + "contents were dropped then; the file's name, type, size and SHA-256 (" + f.sha256() + ") are kept");
        }
        return Map.entry(f, store.evidenceContent(a.appId(), fileId).orElseThrow(() -> new IssuerException.NotFound("evidence file", fileId)));
    }

    // ------------------------------------------------------------------ the office's steps

    /** The application is complete: it may be evaluated. */
    public Application checkComplete(Principal p, UUID id, String note) {
        Application a = office(p, id, "check applications' completeness");
        String why = note == null || note.isBlank() ? "complete" : reason("note", note);
        return move(p, a, Step.CHECK_COMPLETE, a.with(AppState.COMPLETENESS_CHECKED, clock.instant(), why), "cert.complete", why);
    }

    /** The application is incomplete: returned to the applicant with the reasons. */
    public Application returnToApplicant(Principal p, UUID id, String reasons) {
        Application a = office(p, id, "return applications");
        String why = reason("reason", reasons);
        return move(p, a, Step.RETURN, a.with(AppState.RETURNED, clock.instant(), why), "cert.return", why);
    }

    /**
     * Assigns the evaluation body and the experts. {@code expertIds} empty: an automatic pick of
     * {@code panel} experts ({@link #pick}). Any expert the conflict rule refuses refuses the whole
     * assignment with its sentence.
     */
    public Application assign(Principal p, UUID id, String bodyId, List<String> expertIds, Integer panel) {
        Application a = office(p, id, "assign evaluators");
        Step.ASSIGN.check(a.id(), a.state());
        EvaluationBody body = store.body(bodyId == null ? "" : bodyId).orElseThrow(() -> new IssuerException.NotFound("evaluation body", bodyId));
        String uscc = usccOf(a);
        List<String> chosen;
        if (expertIds == null || expertIds.isEmpty()) {
            chosen = pick(a, panel == null ? DEFAULT_PANEL : panel).stream().map(Expert::expertId).toList();
        } else {
            Set<String> ids = new LinkedHashSet<>(expertIds);
            if (ids.size() > 9) {
                throw new IllegalArgumentException("a panel has at most 9 experts, got " + ids.size());
            }
            for (String e : ids) {
                Expert x = store.expert(e).orElseThrow(() -> new IssuerException.NotFound("expert", e));
                ExpertConflicts.refusal(x, a.filing().licenseeId(), uscc).ifPresent(why -> {
                    throw new IssuerException.Refused("CERT_EXPERT_CONFLICT", why);
                });
            }
            chosen = List.copyOf(ids);
        }
        Application to = new Application(a.appId(), a.filing(), AppState.UNDER_EVALUATION, clock.instant(), a.filedBy(), a.filedRole(),
                a.filedAt(), body.bodyId(), chosen, null, null, null, a.productId(), null, a.note());
        return move(p, a, Step.ASSIGN, to, "cert.assign", "body " + body.bodyId() + " (" + body.name() + "), experts " + String.join(", ", chosen)
                + (expertIds == null || expertIds.isEmpty() ? " (automatic pick)" : ""));
    }

    /**
     * The automatic pick: {@code n} active experts the conflict rule lets through, those whose
     * field is the product's category first, in random order within each group.
     */
    public List<Expert> pick(Application a, int n) {
        if (n < 1 || n > 9) {
            throw new IllegalArgumentException("panel must be 1 to 9 experts, got " + n);
        }
        String uscc = usccOf(a);
        List<Expert> eligible = new ArrayList<>(store.experts().stream()
                .filter(e -> ExpertConflicts.refusal(e, a.filing().licenseeId(), uscc).isEmpty()).toList());
        Collections.shuffle(eligible, random);
        String field = a.filing().product().category();
        eligible.sort(Comparator.comparing(e -> !e.field().equalsIgnoreCase(field)));
        if (eligible.size() < n) {
            throw new IssuerException.Refused("CERT_TOO_FEW_EXPERTS", "the library has " + eligible.size() + " active experts outside the "
                    + "applicant's district and without a declared conflict, fewer than the " + n + " asked for; add experts or ask for fewer");
        }
        return List.copyOf(eligible.subList(0, n));
    }

    /** One assigned expert's scores and findings; the last expert's moves the application to SCORED. */
    public Application score(Principal p, UUID id, Scores s) {
        Application a = office(p, id, "record evaluation scores");
        Step.SCORE.check(a.id(), a.state());
        if (!a.expertIds().contains(s.expertId())) {
            throw new IssuerException.Refused("CERT_NOT_ASSIGNED", "expert " + s.expertId() + " is not on the panel of application " + id
                    + " (" + String.join(", ", a.expertIds()) + ")");
        }
        Scores recorded = new Scores(s.expertId(), s.scores(), s.findings(), p.userId(), clock.instant());
        store.insertScores(a.appId(), recorded);
        changes.audit(p.userId(), "cert.score", entity(a.appId()), "expert " + s.expertId() + ": " + recorded.scores() + " — " + abbreviate(s.findings()));
        Set<String> scored = new java.util.HashSet<>();
        store.scores(a.appId()).forEach(x -> scored.add(x.expertId()));
        if (!scored.containsAll(a.expertIds())) {
            return a;
        }
        return move(p, a, Step.SCORE, a.with(AppState.SCORED, clock.instant(), a.note()), "cert.scored", "all " + a.expertIds().size() + " experts scored");
    }

    /**
     * The experts' scores and findings. The applicant sees none before the decision and, after it,
     * the scores and findings without the expert's id (each as "panel member 1, 2…", in a stable order).
     */
    public List<Scores> scores(Principal p, UUID id) {
        Application a = visible(p, id, false);
        List<Scores> all = store.scores(a.appId());
        if (p.role() != Role.MANUFACTURER) {
            return all;
        }
        if (!a.state().decided()) {
            return List.of();
        }
        List<Scores> out = new ArrayList<>();
        for (Scores s : all) {
            out.add(new Scores("panel-" + (out.size() + 1), s.scores(), s.findings(), null, s.recordedAt()));
        }
        return out;
    }

    /**
     * The decision. Granted: a public notice opens now for {@code noticeDays} (default 7) and the
     * application is IN_NOTICE; refused: REFUSED. Either way with the reasons.
     */
    public Application decide(Principal p, UUID id, boolean grant, String reasons, Integer noticeDays) {
        Application a = office(p, id, "decide applications");
        String why = reason("reason", reasons);
        if (!grant) {
            Step.REFUSE.check(a.id(), a.state());
            return move(p, a, Step.REFUSE, decided(a, AppState.REFUSED, "REFUSED", why, null), "cert.refuse", why);
        }
        Step.GRANT.check(a.id(), a.state());
        int days = noticeDays == null ? DEFAULT_NOTICE_DAYS : noticeDays;
        if (days < 1 || days > MAX_NOTICE_DAYS) {
            throw new IllegalArgumentException("noticeDays must be 1 to " + MAX_NOTICE_DAYS + " days, got " + days);
        }
        Instant now = clock.instant();
        UUID noticeId = Uuids.timeBased();
        Application to = decided(a, AppState.IN_NOTICE, "GRANTED", why, noticeId);
        Application moved = move(p, a, Step.GRANT, to, "cert.grant", why + " (public notice " + noticeId + " for " + days + " days)");
        store.insert(new Notice(noticeId, a.appId(), licenseeName(a), a.productName(), a.filing().standardNo(), a.filing().standardVersion(),
                now, now.plus(Duration.ofDays(days)), "OPEN"));
        return moved;
    }

    private Application decided(Application a, AppState state, String decision, String why, UUID noticeId) {
        return new Application(a.appId(), a.filing(), state, clock.instant(), a.filedBy(), a.filedRole(), a.filedAt(), a.bodyId(),
                a.expertIds(), decision, why, noticeId, a.productId(), null, state == AppState.REFUSED ? why : a.note());
    }

    // ------------------------------------------------------------------ notices and objections

    /**
     * An objection the office received (on paper, by phone): written as verify-api's public form
     * writes one. Only while the notice is open.
     */
    public Objection object(Principal p, UUID noticeId, String name, String contact, String text) {
        Permissions.requireRole(p, "record objections", Role.REGULATOR);
        Notice n = store.notice(noticeId).orElseThrow(() -> new IssuerException.NotFound("public notice", noticeId));
        if (!n.open(clock.instant())) {
            throw new IssuerException.Conflict("CERT_NOTICE_CLOSED", "public notice " + noticeId + " closed at " + n.closesAt()
                    + "; objections are taken only while it is open");
        }
        Checks.text("name", name, 1, 100);
        Checks.text("contact", contact, 1, 200);
        Checks.text("text", text, 1, 4000);
        UUID oid = Uuids.timeBased();
        store.insertObjection(noticeId, oid, name.strip(), contact.strip(), text.strip());
        changes.audit(p.userId(), "cert.objection", entity(n.appId()), "objection " + oid + " recorded by the office: " + abbreviate(text));
        return store.objection(noticeId, oid).orElseThrow();
    }

    /**
     * The office's ruling on an objection. Upheld: the application is refused and its notice
     * withdrawn; dismissed: the notice runs on.
     */
    public Objection rule(Principal p, UUID noticeId, UUID objectionId, boolean upheld, String ruling) {
        Permissions.requireRole(p, "rule on objections", Role.REGULATOR);
        String why = reason("ruling", ruling);
        Notice n = store.notice(noticeId).orElseThrow(() -> new IssuerException.NotFound("public notice", noticeId));
        Objection o = store.objection(noticeId, objectionId).orElseThrow(() -> new IssuerException.NotFound("objection", objectionId));
        Application a = store.app(n.appId()).orElseThrow(() -> new IssuerException.NotFound("application", n.appId()));
        (upheld ? Step.UPHOLD_OBJECTION : Step.DISMISS_OBJECTION).check(a.id(), a.state());
        if (!o.pending() || !store.rule(noticeId, objectionId, upheld ? "UPHELD" : "DISMISSED", why, p.userId(), clock.instant())) {
            throw new IssuerException.Conflict("CERT_OBJECTION_RULED", "objection " + objectionId + " was already ruled on ("
                    + o.status() + "); a ruling is final");
        }
        if (upheld) {
            move(p, a, Step.UPHOLD_OBJECTION, decided(a, AppState.REFUSED, "REFUSED", "objection upheld: " + why, a.noticeId()),
                    "cert.objection.upheld", "objection " + objectionId + " upheld: " + why);
            store.setNoticeStatus(noticeId, "WITHDRAWN");
        } else {
            changes.audit(p.userId(), "cert.objection.dismissed", entity(a.appId()), "objection " + objectionId + " dismissed: " + why);
        }
        return store.objection(noticeId, objectionId).orElseThrow();
    }

    public List<Notice> notices(Principal p, int limit) {
        Permissions.requireRole(p, "read public notices' files", Role.REGULATOR, Role.OFFICER);
        return store.notices(limit);
    }

    public Notice notice(Principal p, UUID id) {
        Permissions.requireRole(p, "read public notices' files", Role.REGULATOR, Role.OFFICER);
        return store.notice(id).orElseThrow(() -> new IssuerException.NotFound("public notice", id));
    }

    /** The page size of objection lists when the caller names none, and the most it may name. */
    public static final int DEFAULT_OBJECTION_PAGE = 50;
    public static final int MAX_OBJECTION_PAGE = 500;
    /** The most objections one bulk dismissal rules on (the rest: call again). */
    public static final int MAX_BULK_DISMISSAL = 1000;

    /**
     * A page of a notice's objections (oldest first), how many of all of them await a ruling and how
     * many were dismissed (counted, not read: {@link CertificationStore#objectionCounts}), and the next
     * page's token (null: last).
     */
    public record ObjectionPage(List<Objection> objections, long pending, long dismissed, String next) {
    }

    /**
     * A page of {@code size} (1 to {@link #MAX_OBJECTION_PAGE}) of the notice's objections from
     * {@code page}, the {@code next} token of the page before (null: the first).
     */
    public ObjectionPage objections(Principal p, UUID noticeId, int size, String page) {
        notice(p, noticeId);
        if (size < 1 || size > MAX_OBJECTION_PAGE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + MAX_OBJECTION_PAGE + ", got " + size);
        }
        CertificationStore.ObjectionPage read = store.objections(noticeId, size, page == null || page.isBlank() ? null : page.strip());
        CertificationStore.ObjectionCounts counts = store.objectionCounts(noticeId);
        return new ObjectionPage(read.objections(), counts.pending(), counts.dismissed(), read.next());
    }

    /** What a bulk dismissal did: the objections it dismissed, those it found already ruled on, and whether more match. */
    public record Dismissal(List<UUID> dismissed, List<UUID> alreadyRuled, boolean more) {
    }

    /**
     * Dismisses in one act, with one reason, the chosen objections ({@code ids}) or every pending one
     * matching {@code text} (the same text as {@link ObjectionText#fold} folds it, compared by its
     * hash, V030 {@code text_key}: no objection's text is read) and/or {@code clientHash} (from one
     * filer): what the office does with a flood. Each objection is ruled as {@link #rule} rules one
     * (a lightweight transaction on PENDING) and audited on its own ({@code cert.objection.dismissed},
     * "in bulk"), so the timeline shows every objection's fate. At most {@link #MAX_BULK_DISMISSAL}
     * per call; {@code more} says when others match.
     */
    public Dismissal dismiss(Principal p, UUID noticeId, List<UUID> ids, String text, String clientHash, String reason) {
        Permissions.requireRole(p, "rule on objections", Role.REGULATOR);
        String why = reason("reason", reason);
        boolean chosen = ids != null && !ids.isEmpty();
        String sameText = text == null || text.isBlank() ? null : ObjectionText.textKey(text);
        String client = clientHash == null || clientHash.isBlank() ? null : clientHash.strip().toLowerCase(Locale.ROOT);
        if (chosen == (sameText != null || client != null)) {
            throw new IllegalArgumentException("name the objections to dismiss either by objectionIds or by text and/or clientHash, not both"
                    + " and not neither");
        }
        if (chosen && ids.size() > MAX_BULK_DISMISSAL) {
            throw new IllegalArgumentException("objectionIds may list at most " + MAX_BULK_DISMISSAL + " objections, got " + ids.size());
        }
        Notice n = store.notice(noticeId).orElseThrow(() -> new IssuerException.NotFound("public notice", noticeId));
        Application a = store.app(n.appId()).orElseThrow(() -> new IssuerException.NotFound("application", n.appId()));
        Step.DISMISS_OBJECTION.check(a.id(), a.state());
        List<CertificationStore.ObjectionState> all = store.objectionStates(noticeId);
        List<UUID> targets = new ArrayList<>();
        List<UUID> ruled = new ArrayList<>();
        if (chosen) {
            for (UUID id : new LinkedHashSet<>(ids)) {
                CertificationStore.ObjectionState o = all.stream().filter(x -> x.objectionId().equals(id)).findFirst()
                        .orElseThrow(() -> new IssuerException.NotFound("objection of notice " + noticeId, id));
                (("PENDING".equals(o.status())) ? targets : ruled).add(id);
            }
        } else {
            for (CertificationStore.ObjectionState o : all) {
                boolean match = (sameText == null || sameText.equals(o.textKey()))
                        && (client == null || client.equals(o.clientHash()));
                if (match && "PENDING".equals(o.status())) {
                    targets.add(o.objectionId());
                }
            }
        }
        boolean more = targets.size() > MAX_BULK_DISMISSAL;
        List<UUID> dismissed = new ArrayList<>();
        Instant now = clock.instant();
        for (UUID id : more ? targets.subList(0, MAX_BULK_DISMISSAL) : targets) {
            if (store.rule(noticeId, id, "DISMISSED", why, p.userId(), now)) {
                dismissed.add(id);
                changes.audit(p.userId(), "cert.objection.dismissed", entity(a.appId()), "objection " + id + " dismissed in bulk: " + why);
            } else {
                ruled.add(id);
            }
        }
        return new Dismissal(dismissed, ruled, more);
    }

    /** How long an extension may run, as a notice may. */
    public static final int MAX_EXTENSION_DAYS = MAX_NOTICE_DAYS;

    /**
     * Extends a notice by {@code days} from now (1 to {@link #MAX_EXTENSION_DAYS}), with the office's
     * reason, audited ({@code cert.notice.extended}). What the office does when verify-api's cap
     * turned someone away ({@link Notice#wasFull}): the public gets a full period again, and the
     * licence may be activated once the new period closes with no such refusal. An extension may be
     * given at any time while the application is IN_NOTICE, and reopens a notice whose period ended.
     */
    public Notice extendNotice(Principal p, UUID noticeId, int days, String reason) {
        Permissions.requireRole(p, "extend public notices", Role.REGULATOR);
        String why = reason("reason", reason);
        if (days < 1 || days > MAX_EXTENSION_DAYS) {
            throw new IllegalArgumentException("days must be 1 to " + MAX_EXTENSION_DAYS + " days, got " + days);
        }
        Notice n = store.notice(noticeId).orElseThrow(() -> new IssuerException.NotFound("public notice", noticeId));
        Application a = store.app(n.appId()).orElseThrow(() -> new IssuerException.NotFound("application", n.appId()));
        Step.EXTEND_NOTICE.check(a.id(), a.state());
        Instant now = clock.instant();
        Instant closes = now.plus(Duration.ofDays(days));
        store.extendNotice(noticeId, closes, now);
        changes.audit(p.userId(), "cert.notice.extended", entity(a.appId()), "public notice " + noticeId + " extended by " + days
                + " days to " + closes + " (closed at " + n.closesAt() + "; " + n.fullRefusals() + " filing(s) refused at the cap so far): " + why);
        return store.notice(noticeId).orElseThrow();
    }

    // ------------------------------------------------------------------ activation

    /**
     * Where a certified licence becomes ACTIVE: after the public notice closed with no objection
     * pending or upheld, registers the new licensee and the product (a renewal keeps its product)
     * and grants the licence for {@code validYears} (default 3; a renewal's runs on from the old
     * licence's end), then LICENSED. The certificate is issued here too once the certificate
     * feature is merged ({@code certificates.issue(p, productId)}).
     */
    public Application activate(Principal p, UUID id, Integer validYears) {
        Application a = office(p, id, "activate licences");
        Step.ACTIVATE.check(a.id(), a.state());
        Instant now = clock.instant();
        Notice n = store.notice(a.noticeId()).orElseThrow(() -> new IssuerException.NotFound("public notice", a.noticeId()));
        if (now.isBefore(n.closesAt())) {
            throw new IssuerException.Conflict("CERT_NOTICE_RUNNING", "the public notice of application " + id + " runs until "
                    + n.closesAt() + "; the licence is activated only after it closes");
        }
        if (n.wasFull()) {
            throw new IssuerException.Conflict("NOTICE_WAS_FULL", "the public notice of application " + id + " turned away "
                    + n.fullRefusals() + " objection(s) because it had its cap of objections awaiting the office (last at "
                    + n.lastFullAt() + "); extend the notice so the public has a full period, then activate the licence after it closes");
        }
        long pending = store.objectionCounts(n.noticeId()).pending();
        if (pending > 0) {
            throw new IssuerException.Conflict("CERT_OBJECTIONS_PENDING", "application " + id + " has " + pending
                    + " objection(s) not yet ruled on; rule on every objection before activating the licence");
        }
        int years = validYears == null ? DEFAULT_VALID_YEARS : validYears;
        if (years < 1 || years > 5) {
            throw new IllegalArgumentException("validYears must be 1 to 5, got " + years);
        }
        Application.Filing f = a.filing();
        if (f.newLicensee() != null && registry.findLicensee(f.licenseeId()).isEmpty()) {
            registry.createLicensee(p, f.newLicensee());
        }
        int productId;
        Instant from = now;
        if (f.renewal()) {
            productId = f.renewalOf();
            registry.findLicence(productId).ifPresent(Certification::renewable);   // suspended or revoked since the filing
            Instant oldEnd = registry.findLicence(productId).map(Licence::validUntil).orElse(now);
            Instant until = (oldEnd.isAfter(now) ? oldEnd : now).atZone(ZoneOffset.UTC).plusYears(years).toInstant();
            String no = registry.findLicence(productId).map(Licence::licenceNo).orElse(licenceNo(a, now));
            registry.grantCertified(p, productId, no, from, until, a.id());
            return activated(p, a, n, productId, no);
        }
        Product pr = registry.createProduct(p, f.product());
        productId = pr.productId();
        String no = licenceNo(a, now);
        registry.grantCertified(p, productId, no, from, from.atZone(ZoneOffset.UTC).plusYears(years).toInstant(), a.id());
        return activated(p, a, n, productId, no);
    }

    /** The programme standard version an application names: registered and PUBLISHED, else 422 with what is there. */
    private org.markauth.issuer.standards.Standards.Entry publishedStandard(String standardNo, String version) {
        var entry = standards.find(standardNo, version).orElseThrow(() -> new IssuerException.Refused("CERT_STANDARD_UNKNOWN",
                "standard " + standardNo + " version " + version + " is not in the programme's standards registry; "
                        + "applications are evaluated against a registered, published programme standard"));
        if (entry.version().status() != org.markauth.issuer.standards.StandardVersion.Status.PUBLISHED) {
            throw new IssuerException.Refused("CERT_STANDARD_NOT_PUBLISHED", "standard " + standardNo + " version " + version + " is "
                    + entry.version().status() + "; applications are evaluated against a PUBLISHED version");
        }
        return entry;
    }

    /**
     * The licence is ACTIVE: the product is linked to the application's standard version (so consumers see
     * its number, title and core indicators) and gets its certificate (a signed mark of its own, docs/certificates.md);
     * a certificate that cannot be issued now (e.g. the enterprise's credit grade stops orders) leaves the licence
     * active and says why on the timeline, to be issued from the certificates page.
     */
    private Application activated(Principal p, Application a, Notice n, int productId, String licenceNo) {
        var std = publishedStandard(a.filing().standardNo(), a.filing().standardVersion());
        standards.link(p, std.standard().standardId(), std.version().version(), productId);
        try {
            var cert = certificates.issue(p, productId);
            changes.audit(p.userId(), "cert.certificate", entity(a.appId()), "certificate " + cert.certificateNo() + " issued: " + cert.url());
        } catch (IssuerException e) {
            changes.audit(p.userId(), "cert.certificate", entity(a.appId()), "certificate not issued: " + e.getMessage());
        }
        Application to = new Application(a.appId(), a.filing(), AppState.LICENSED, clock.instant(), a.filedBy(), a.filedRole(), a.filedAt(),
                a.bodyId(), a.expertIds(), a.decision(), a.decisionReason(), a.noticeId(), productId, licenceNo, a.note());
        Application moved = move(p, a, Step.ACTIVATE, to, "cert.activate", "product " + productId + ", licence " + licenceNo + " ACTIVE");
        store.setNoticeStatus(n.noticeId(), "CLOSED");
        return moved;
    }

    /** {@code CQM-FS-<year>-<first 8 of the application id>}: unique per application, readable on the phone. */
    static String licenceNo(Application a, Instant now) {
        return "CQM-FS-" + now.atZone(ZoneOffset.UTC).getYear() + "-" + a.id().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ reading

    public Application application(Principal p, UUID id) {
        return forViewer(p, visible(p, id, false));
    }

    /**
     * What {@code p} may see of {@code a}: the office all; the applicant (MANUFACTURER) nothing of
     * the panel before the decision (no evaluation body, no experts), and after it the evaluation
     * body but never the experts' identities (docs/certification.md, "What the applicant sees").
     */
    static Application forViewer(Principal p, Application a) {
        if (p.role() != Role.MANUFACTURER) {
            return a;
        }
        return new Application(a.appId(), a.filing(), a.state(), a.stateSince(), a.filedBy(), a.filedRole(), a.filedAt(),
                a.state().decided() ? a.bodyId() : null, List.of(), a.decision(), a.decisionReason(), a.noticeId(), a.productId(),
                a.licenceNo(), a.note());
    }

    /** Timeline lines the applicant never sees: who was assigned and each expert's scores. */
    private static final Set<String> PANEL_STEPS = Set.of("cert.assign", "cert.score");
    /** Timeline lines the applicant sees only once decided: that the panel finished scoring. */
    private static final Set<String> PANEL_STEPS_BEFORE_DECISION = Set.of("cert.scored");

    /** The office's list of one state, newest first; a manufacturer's: its own licensee's, any state. */
    public List<Application> list(Principal p, AppState state, int limit) {
        if (p.role() == Role.MANUFACTURER) {
            return store.byLicensee(p.licenseeId().orElseThrow(), limit).stream().filter(a -> state == null || a.state() == state)
                    .map(a -> forViewer(p, a)).toList();
        }
        Permissions.requireRole(p, "read certification applications", Role.REGULATOR, Role.OFFICER);
        if (state != null) {
            return store.byState(state, limit);
        }
        List<Application> out = new ArrayList<>();
        for (AppState s : AppState.values()) {
            out.addAll(store.byState(s, limit));
        }
        return out;
    }

    /** The application's timeline: every step's audit line (who, when, why), oldest first. */
    public List<AuditEntry> timeline(Principal p, UUID id) {
        Application a = visible(p, id, false);
        List<AuditEntry> out = new ArrayList<>(changes.entity(entity(a.appId()), 500));
        Collections.reverse(out);
        if (p.role() == Role.MANUFACTURER) {
            out.removeIf(e -> PANEL_STEPS.contains(e.action()) || (!a.state().decided() && PANEL_STEPS_BEFORE_DECISION.contains(e.action())));
        }
        return out;
    }

    /** Licences ACTIVE and expiring within {@code days}: the renewal reminders. */
    public List<Licence> expiring(Principal p, int days) {
        Permissions.requireRole(p, "read renewal reminders", Role.REGULATOR, Role.OFFICER);
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("days must be 1 to 366, got " + days);
        }
        return registry.expiringWithin(Duration.ofDays(days));
    }

    /**
     * A manufacturer's own licences due for renewal: ACTIVE and expiring within {@code days}, each
     * with whether a renewal application for it is already open (the portal then shows that instead
     * of the renewal form; the reminders of {@link RenewalReminders} stop for it too).
     */
    public List<RenewalDue> renewalsDue(Principal p, int days) {
        return renewalsDue(p, days, list(p, null, PORTAL_APPLICATIONS));
    }

    /** The most applications the portal's list reads (newest first, in one query). */
    public static final int PORTAL_APPLICATIONS = 100;

    /**
     * As above, with the licensee's applications already read ({@code apps}, newest first): the
     * licences are looked up through the licensee's own products (never the programme's every
     * licence), and "renewal filed" is an open ({@link AppState#open}) RENEWAL among {@code apps}.
     */
    public List<RenewalDue> renewalsDue(Principal p, int days, List<Application> apps) {
        Permissions.requireRole(p, "read its renewals due", Role.MANUFACTURER);
        String licenseeId = p.licenseeId().orElseThrow(() -> new IssuerException.Forbidden("this key names no licensee"));
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("days must be 1 to 366, got " + days);
        }
        Instant now = clock.instant();
        Instant until = now.plus(Duration.ofDays(days));
        List<RenewalDue> out = new ArrayList<>();
        for (Product pr : registry.findProducts(licenseeId)) {
            Licence l = registry.findLicence(pr.productId()).orElse(null);
            if (l == null || l.status() != LicenceStatus.ACTIVE || !l.validUntil().isAfter(now) || l.validUntil().isAfter(until)) {
                continue;
            }
            boolean filed = apps.stream().anyMatch(a -> a.state().open() && Integer.valueOf(l.productId()).equals(a.filing().renewalOf()));
            out.add(new RenewalDue(l, pr.name(), filed, Duration.between(now, l.validUntil()).toDays()));
        }
        out.sort(Comparator.comparing((RenewalDue r) -> r.licence().validUntil()));
        return out;
    }

    /** A licence due for renewal, as the portal lists it. */
    public record RenewalDue(Licence licence, String productName, boolean filed, long daysLeft) {
    }

    /**
     * Files a renewal of a registered product from the portal's form: the product's details are the
     * registry's ({@link #apply} takes them for any renewal), under the chosen published standard version.
     */
    public Application fileRenewal(Principal p, int productId, String standardNo, String standardVersion, String declarationUrl) {
        String licenseeId = p.licenseeId().orElseThrow(() -> new IssuerException.Forbidden("this key names no licensee"));
        Product pr = registry.findProduct(productId).filter(x -> x.licenseeId().equals(licenseeId))
                .orElseThrow(() -> new IssuerException.NotFound("product of licensee " + licenseeId, productId));
        return apply(p, new Application.Filing(licenseeId, null, details(pr, standardNo), standardNo, standardVersion, declarationUrl,
                productId));
    }

    // ------------------------------------------------------------------ the library

    public Expert saveExpert(Principal p, Expert e) {
        Permissions.requireRole(p, "edit the expert library", Role.REGULATOR);
        Expert saved = new Expert(e.expertId(), e.name(), e.field(), e.district(), e.organisation(), e.conflicts(), e.active(), clock.instant());
        store.put(saved);
        changes.audit(p.userId(), "expert.save", "expert:" + e.expertId(), e.name() + ", " + e.field() + ", district " + e.district()
                + ", conflicts " + e.conflicts() + (e.active() ? "" : ", retired"));
        return saved;
    }

    public List<Expert> experts(Principal p) {
        Permissions.requireRole(p, "read the expert library", Role.REGULATOR, Role.OFFICER);
        return store.experts();
    }

    public EvaluationBody saveBody(Principal p, EvaluationBody b) {
        Permissions.requireRole(p, "edit evaluation bodies", Role.REGULATOR);
        EvaluationBody saved = new EvaluationBody(b.bodyId(), b.name(), b.accreditation(), b.contact(), clock.instant());
        store.put(saved);
        changes.audit(p.userId(), "cert-body.save", "cert-body:" + b.bodyId(), b.name());
        return saved;
    }

    public List<EvaluationBody> bodies(Principal p) {
        Permissions.requireRole(p, "read evaluation bodies", Role.REGULATOR, Role.OFFICER);
        return store.bodies();
    }

    // ------------------------------------------------------------------ helpers

    /** The application if {@code p} may see it (a manufacturer: its own licensee's only, others are "not found"). */
    private Application visible(Principal p, UUID id, boolean write) {
        Application a = store.app(id).orElseThrow(() -> new IssuerException.NotFound("application", id));
        Permissions.requireOwnOrHidden(p, write, a.filing().licenseeId(), "application", id);
        return a;
    }

    private Application office(Principal p, UUID id, String action) {
        Permissions.requireRole(p, action, Role.REGULATOR);
        return store.app(id).orElseThrow(() -> new IssuerException.NotFound("application", id));
    }

    private Application move(Principal p, Application from, Step step, Application to, String action, String detail) {
        step.check(from.id(), from.state());
        if (!store.move(from, to)) {
            AppState now = store.app(from.appId()).map(Application::state).orElse(from.state());
            throw new IssuerException.Conflict("CERT_APP_STATE", "application " + from.id() + " was moved to " + now
                    + " by someone else meanwhile; reload it and decide again");
        }
        changes.audit(p.userId(), action, entity(from.appId()), from.state() + " -> " + to.state() + ": " + detail);
        if (from.state().open() && !to.state().open()) {
            store.releaseOpenPlace(from.filing().licenseeId());   // withdrawn, refused or licensed: a place is free again
        }
        return to;
    }

    private String usccOf(Application a) {
        if (a.filing().newLicensee() != null) {
            return a.filing().newLicensee().uscc();
        }
        return registry.findLicensee(a.filing().licenseeId()).map(Licensee::uscc).orElse(null);
    }

    /** The licensee's name for the public notice: the registry's, or the new enterprise's as filed. */
    public String licenseeName(Application a) {
        if (a.filing().newLicensee() != null) {
            return a.filing().newLicensee().name();
        }
        return registry.findLicensee(a.filing().licenseeId()).map(Licensee::name).orElse(a.filing().licenseeId());
    }

    private static String reason(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " is required: say why, in a sentence the applicant can act on");
        }
        Checks.text(field, v.strip(), 1, 2000);
        return v.strip();
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
