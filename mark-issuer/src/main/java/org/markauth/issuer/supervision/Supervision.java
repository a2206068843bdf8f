package org.markauth.issuer.supervision;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.http.Refusal;
import org.markauth.issuer.registry.Districts;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.issuer.standards.Indicator;
import org.markauth.issuer.standards.StandardText;
import org.markauth.issuer.standards.Standards;
import org.markauth.registry.LicenceStatus;

/**
 * The programme office's supervision (docs/supervision.md): the inspector pool, the annual random
 * draw, announced with its frozen candidates and a commitment, witnessed by a second regulator user and
 * drawn from the revealed secret ({@link DrawSeal}, {@link RandomDraw}), one live draw a year; one
 * sampling task per drawn enterprise, judged by the core indicators copied onto it when it opened; the
 * lab's results and the consequences of a failed sample. A suspension or revocation goes through {@link Registry#changeLicenceStatus}, so
 * consumers' verdicts show it as any other. The regulator writes; the regulator and officers read.
 * Every write is audited ({@code supervision-draw:}, {@code supervision-task:}, {@code inspector:}).
 * Calls block on Cassandra.
 */
public final class Supervision {

    /**
     * What the office announces: the year, how many enterprises, how many inspectors each, the due date,
     * the public source of the second seed part and the day it becomes public (both go into the hashed
     * snapshot), and the commitment to its secret part ({@link DrawSeal#commitment}: 64 lowercase hex digits).
     */
    public record Announcement(int year, int enterprises, int inspectorsPerTask, LocalDate dueOn, String publicSource,
                               LocalDate publicDate, String commitment) {
        public Announcement {
            if (year < 2000 || year > 2100) {
                throw new IllegalArgumentException("year must be 2000-2100, got " + year);
            }
            if (enterprises < 1 || enterprises > MAX_ENTERPRISES) {
                throw new IllegalArgumentException("enterprises must be 1-" + MAX_ENTERPRISES + ", got " + enterprises);
            }
            if (inspectorsPerTask < 1 || inspectorsPerTask > 5) {
                throw new IllegalArgumentException("inspectorsPerTask must be 1-5, got " + inspectorsPerTask);
            }
            if (dueOn == null) {
                throw new IllegalArgumentException("dueOn is required: the date the samples must be taken by (yyyy-mm-dd)");
            }
            publicSource = StandardText.required("publicSource (the public value the seed's second part is taken from, and where anyone "
                    + "can look it up, e.g. 中国福利彩票双色球 2027-03-04 开奖号码)", publicSource, DrawSeal.MAX_PART);
            if (publicDate == null) {
                throw new IllegalArgumentException("publicDate is required: the day the public value becomes known (yyyy-mm-dd), after today");
            }
            if (!DrawSeal.isCommitment(commitment)) {
                throw new IllegalArgumentException("commitment must be the SHA-256 of the office's secret part as 64 lowercase hex digits"
                        + " (or send officeSecret and the issuer hashes it without storing it)");
            }
        }

        /** The announcement of {@code secret}'s commitment; the secret itself is not kept. */
        public static Announcement ofSecret(int year, int enterprises, int inspectorsPerTask, LocalDate dueOn, String publicSource,
                                            LocalDate publicDate, String secret) {
            return new Announcement(year, enterprises, inspectorsPerTask, dueOn, publicSource, publicDate, DrawSeal.commitment(secret(secret)));
        }
    }

    /** A task of the list across draws, with its draw's year and state. */
    public record TaskLine(Task task, int year, Draw.State drawState) {
    }

    /** A draw re-done from its stored seed and candidate lists: whether it gives the stored result. */
    public record Verification(boolean same, List<RandomDraw.Pick> redrawn) {
    }

    /**
     * A task with what its page shows: product, licence, the standard version the task was opened under,
     * the indicators it is judged by (the task's copy), results, consequences.
     */
    public record TaskDetail(Task task, Optional<Product> product, Optional<Licence> licence, Optional<Standards.Entry> standard,
                             List<LabResult> results, List<Consequence> consequences) {
        public List<Indicator> indicators() {
            return task.hasIndicatorCopy() ? task.indicators() : standard.map(Standards.Entry::indicators).orElse(List.of());
        }
    }

    public static final int MAX_ENTERPRISES = 500;
    /** The programme's calendar: a public date is a day in Foshan. */
    public static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");
    private static final int MAX_ROWS = 5000;

    private final SupervisionStore store;
    private final Registry registry;
    private final Standards standards;
    private final ChangeRecorder changes;
    private final Clock clock;
    private Outcomes outcomes = new Outcomes() { };

    /**
     * Who is told when a sample's outcome weighs on the enterprise: the quality-credit file
     * (SAMPLING_FAILURE, CLEAN_SAMPLING, WARNING; docs/credit.md). Set once by the composition root.
     */
    public interface Outcomes {
        /** {@code t} has just become FAILED or PASSED with result {@code r}. */
        default void sampled(String actor, Task t, LabResult r) {
        }

        /** A WARNING or a RECTIFICATION order was imposed after a failed sample. */
        default void warned(String actor, Consequence c) {
        }
    }

    public void listen(Outcomes o) {
        this.outcomes = java.util.Objects.requireNonNull(o, "outcomes");
    }

    public Supervision(CqlSession session, Registry registry, Standards standards, ChangeRecorder changes, Clock clock) {
        this.store = new SupervisionStore(session);
        this.registry = registry;
        this.standards = standards;
        this.changes = changes;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ inspectors

    /** Adds an inspector to the pool, or updates one (name, district, organisation, conflicts, active). */
    public Inspector putInspector(Principal p, String inspectorId, String name, String districtCode, String organisation,
                                  Set<String> conflicts, boolean active) {
        Permissions.requireRole(p, "maintain the inspector pool", Role.REGULATOR);
        Instant now = clock.instant();
        Optional<Inspector> old = inspectorId == null ? Optional.empty() : store.inspector(inspectorId);
        Inspector i = new Inspector(inspectorId, name, districtCode, organisation, conflicts, active,
                old.map(Inspector::createdAt).orElse(now), now);
        for (String c : i.conflicts()) {
            if (registry.findLicensee(c).isEmpty()) {
                throw new IllegalArgumentException("conflict " + c + " is not a licensee id; declare conflicts with registered licensees");
            }
        }
        store.put(i);
        changes.audit(p.userId(), old.isPresent() ? "inspector.update" : "inspector.create", "inspector:" + i.inspectorId(), i.name()
                + ", " + i.districtCode() + ", " + i.organisation() + ", conflicts " + i.conflicts().stream().sorted().toList()
                + (i.active() ? "" : ", inactive"));
        return i;
    }

    public List<Inspector> inspectors(Principal p) {
        requireRead(p);
        return store.inspectors(MAX_ROWS);
    }

    // ------------------------------------------------------------------ draws

    /**
     * Announces the year's draw: freezes the candidates as they are now (licensees with an active
     * licence, active inspectors) with the parameters, stores the snapshot's hash and the commitment,
     * and claims the year (one live draw a year). Refused when some candidate enterprise has too few
     * eligible inspectors, so that no seed can make the draw fail after the announcement.
     */
    public Draw announce(Principal p, Announcement a) {
        Permissions.requireRole(p, "announce a draw", Role.REGULATOR);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
        if (!a.publicDate().isAfter(today)) {
            throw new IllegalArgumentException("publicDate must be after today (" + today + " in Foshan): a value already public when the "
                    + "draw is announced lets the office try secrets until the result suits it; got " + a.publicDate());
        }
        RandomDraw.Candidates candidates = candidates(p);
        if (candidates.enterprises().isEmpty()) {
            throw new IssuerException.Refused("NO_CANDIDATES", "no licensee holds an active licence: there is nothing to draw from");
        }
        for (RandomDraw.Enterprise e : candidates.enterprises()) {
            long eligible = candidates.inspectors().stream().filter(i -> i.mayInspect(e)).count();
            if (eligible < a.inspectorsPerTask()) {
                throw new IssuerException.Refused("NOT_ENOUGH_INSPECTORS",
                        new RandomDraw.NotEnoughInspectors(e.licenseeId(), (int) eligible, a.inspectorsPerTask()).getMessage());
            }
        }
        store.drawHeads().stream().filter(d -> d.year() == a.year() && d.state() != Draw.State.VOIDED).findFirst().ifPresent(d -> {
            throw liveDraw(a.year(), d.drawId());   // one stored before V029 holds no claim
        });
        UUID drawId = Uuids.timeBased();
        Instant now = clock.instant();
        List<Draw.Linked> linked = new ArrayList<>();
        for (RandomDraw.Enterprise e : candidates.enterprises()) {
            for (int productId : e.productIds()) {
                standards.linkOf(productId).ifPresent(x -> linked.add(new Draw.Linked(productId, x.standard().standardId(),
                        x.standard().standardNo(), x.version().version(), x.indicators())));
            }
        }
        Draw unsealed = new Draw(drawId, a.year(), Draw.State.ANNOUNCED, a.enterprises(), a.inspectorsPerTask(), a.dueOn(), p.userId(), now,
                a.publicSource(), a.publicDate(), candidates, linked, null, a.commitment(), null, null, null);
        Draw d = new Draw(drawId, a.year(), Draw.State.ANNOUNCED, a.enterprises(), a.inspectorsPerTask(), a.dueOn(), p.userId(), now,
                a.publicSource(), a.publicDate(), candidates, linked, DrawSeal.snapshotHash(unsealed), a.commitment(), null, null, null);
        claimYear(a.year(), drawId);
        try {
            store.announce(d);
        } catch (RuntimeException e) {
            store.releaseYear(a.year(), drawId);   // a claim without its draw would block the year
            throw e;
        }
        changes.audit(p.userId(), "supervision.announce", "supervision-draw:" + drawId, a.year() + ": " + a.enterprises() + " of "
                + candidates.enterprises().size() + " enterprises, " + a.inspectorsPerTask() + " of " + candidates.inspectors().size()
                + " inspectors each; public part: " + a.publicSource() + " on " + a.publicDate() + "; snapshot " + d.snapshotHash()
                + ", commitment " + d.commitment());
        return d;
    }

    /**
     * Claims the year for {@code drawId}. A claim left by a draw that is voided or was never written
     * (its release failed after a void, or the announcement could not be stored) is removed, only if it
     * is still that draw's, and the claim tried once more; a live holder refuses the announcement.
     */
    private void claimYear(int year, UUID drawId) {
        Optional<UUID> holder = store.claimYear(year, drawId);
        if (holder.isEmpty()) {
            return;
        }
        if (store.draw(holder.get()).filter(Draw::live).isPresent()) {
            throw liveDraw(year, holder.get());
        }
        store.releaseYear(year, holder.get());   // false: someone else replaced it first; the retry says who holds it now
        store.claimYear(year, drawId).ifPresent(h -> {
            throw liveDraw(year, h);
        });
    }

    /**
     * Records the public part of an announced draw: the value the announced public source gave on the
     * announced date, entered on or after that date (anyone can check it against the source) by a
     * regulator user other than the announcer.
     */
    public Draw witness(Principal p, UUID drawId, String part) {
        Permissions.requireRole(p, "witness a draw", Role.REGULATOR);
        String w = part(part, "witnessPart");
        Draw d = draw(p, drawId);
        requireAnnounced(d);
        requirePublicDate(d);
        if (d.announcedBy().equals(p.userId())) {
            throw refusal("WITNESS_IS_ANNOUNCER", 422, "supervision.witness-is-announcer", d.announcedBy());
        }
        if (d.witness() != null) {
            throw refusal("WITNESS_GIVEN", 409, "supervision.witness-given", drawId, d.witness().by());
        }
        Draw.Witness given = new Draw.Witness(w, p.userId(), clock.instant());
        if (!store.witness(drawId, given)) {
            throw changedMeanwhile(drawId);
        }
        changes.audit(p.userId(), "supervision.witness", "supervision-draw:" + drawId, "witness part '" + w + "'");
        return d.witnessed(given);
    }

    /**
     * Draws an announced, witnessed draw: {@code secret} must hash to the commitment; the seed is
     * {@link DrawSeal#seed} of the snapshot hash, the secret and the witness part, and the draw runs on
     * the frozen snapshot. Opens one task per drawn enterprise, each with a copy of its indicators.
     */
    public Draw reveal(Principal p, UUID drawId, String secret) {
        Permissions.requireRole(p, "draw", Role.REGULATOR);
        String office = secret(secret);   // what the announcement required: a shorter one was never accepted
        Draw d = draw(p, drawId);
        requireAnnounced(d);
        requirePublicDate(d);
        if (d.witness() == null) {
            throw refusal("NO_WITNESS", 422, "supervision.no-witness", drawId);
        }
        requireCommitted(d, office);
        String seed = DrawSeal.seed(d.snapshotHash(), office, d.witness().part());
        List<RandomDraw.Pick> picks = drawFrom(d, seed);
        Instant now = clock.instant();
        List<Task> tasks = new ArrayList<>();
        for (RandomDraw.Pick pick : picks) {
            // the standard version frozen at the announcement: re-linking the product since changes nothing
            Optional<Draw.Linked> std = d.standardOf(pick.productId());
            tasks.add(new Task(Uuids.timeBased(), drawId, pick.licenseeId(), pick.productId(), std.map(Draw.Linked::standardId).orElse(null),
                    std.map(Draw.Linked::version).orElse(null), std.map(Draw.Linked::indicators).orElse(List.of()), pick.inspectorIds(),
                    d.dueOn(), Task.Status.OPEN, now));
        }
        Draw.Reveal r = new Draw.Reveal(office, seed, p.userId(), now, picks, tasks.stream().map(Task::taskId).toList());
        if (!store.reveal(drawId, r)) {
            throw changedMeanwhile(drawId);
        }
        tasks.forEach(store::put);
        changes.audit(p.userId(), "supervision.draw", "supervision-draw:" + drawId, d.year() + " seed " + seed + " (secret revealed, "
                + "witness " + d.witness().by() + "): " + picks.stream().map(x -> x.licenseeId() + "/" + x.productId() + " "
                + x.inspectorIds()).toList());
        return d.drawn(r);
    }

    /**
     * Voids the year's draw, announced or drawn, with a reason: it stays visible as VOIDED (reason, who,
     * when), its open tasks become VOIDED, and the year takes a new announcement. Once the public part is
     * in and before the reveal, the office could compute the result, so the void takes {@code secret}:
     * checked against the commitment and stored with the seed and the result the draw would have given,
     * which are published with the void. Without a public part (or after the reveal) the secret is not asked.
     */
    public Draw voidDraw(Principal p, UUID drawId, String reason, String secret) {
        Permissions.requireRole(p, "void a draw", Role.REGULATOR);
        String why = StandardText.required("reason", reason, 500);
        Draw d = draw(p, drawId);
        if (!d.live()) {
            throw refusal("DRAW_VOIDED", 409, "supervision.already-voided", drawId, d.voiding().by(), d.voiding().reason());
        }
        Instant now = clock.instant();
        Draw.Voiding v = new Draw.Voiding(why, p.userId(), now);
        if (d.state() == Draw.State.ANNOUNCED && d.witness() != null) {
            if (secret == null || secret.isBlank()) {
                throw refusal("VOID_NEEDS_SECRET", 422, "supervision.void-needs-secret", drawId);
            }
            String office = secret(secret);
            requireCommitted(d, office);
            String seed = DrawSeal.seed(d.snapshotHash(), office, d.witness().part());
            v = new Draw.Voiding(why, p.userId(), now, office, seed, drawFrom(d, seed));
        }
        if (!store.voidDraw(d, v)) {
            throw changedMeanwhile(drawId);
        }
        store.releaseYear(d.year(), drawId);
        int closed = 0;
        for (UUID id : d.taskIds()) {
            // OPEN -> VOIDED only if still open: a result recorded meanwhile keeps its PASSED or FAILED
            if (store.move(id, Task.Status.OPEN, Task.Status.VOIDED, now)) {
                closed++;
            }
        }
        changes.audit(p.userId(), "supervision.void", "supervision-draw:" + drawId, d.year() + " draw " + d.state() + " -> VOIDED ("
                + closed + " open task(s) voided): " + why + (v.seed() == null ? "" : "; secret revealed, seed " + v.seed()
                + ", would have drawn " + v.wouldHave().stream().map(x -> x.licenseeId() + "/" + x.productId() + " " + x.inspectorIds()).toList()));
        return d.voided(v);
    }

    /** The candidates of a draw announced now: licensees with an active licence (their licensed products) and the active inspectors. */
    private RandomDraw.Candidates candidates(Principal p) {
        Instant now = clock.instant();
        List<RandomDraw.Enterprise> enterprises = new ArrayList<>();
        for (Licensee l : registry.licensees(p, MAX_ROWS)) {
            List<Integer> active = new ArrayList<>();
            for (Product pr : registry.findProducts(l.licenseeId())) {
                registry.findLicence(pr.productId()).filter(x -> x.effectiveStatus(now) == LicenceStatus.ACTIVE)
                        .ifPresent(x -> active.add(pr.productId()));
            }
            if (!active.isEmpty()) {
                enterprises.add(new RandomDraw.Enterprise(l.licenseeId(), Districts.of(l.uscc()).map(Districts.District::code).orElse(null),
                        active));
            }
        }
        List<RandomDraw.Inspector> inspectors = store.inspectors(MAX_ROWS).stream().filter(Inspector::active).map(Inspector::candidate).toList();
        return new RandomDraw.Candidates(enterprises, inspectors);
    }

    public List<Draw> draws(Principal p) {
        requireRead(p);
        return store.draws(MAX_ROWS);
    }

    public Draw draw(Principal p, UUID drawId) {
        requireRead(p);
        return store.draw(drawId).orElseThrow(() -> new IssuerException.NotFound("draw", drawId));
    }

    /**
     * Re-does {@code drawId} from its published data as anyone can: the snapshot's hash recomputed from
     * the stored candidates, the secret against the commitment, the seed from the three parts, and the
     * draw from that seed; {@code same} when all agree with what is stored. Empty before the reveal.
     */
    public Optional<Verification> verify(Principal p, UUID drawId) {
        Draw d = draw(p, drawId);
        if (d.reveal() == null) {
            return Optional.empty();
        }
        boolean sealed = true;
        if (d.commitment() != null) {
            String hash = DrawSeal.snapshotHash(d);
            sealed = hash.equals(d.snapshotHash()) && DrawSeal.commitment(d.reveal().officePart()).equals(d.commitment())
                    && DrawSeal.seed(hash, d.reveal().officePart(), d.witness().part()).equals(d.seed());
        }
        List<RandomDraw.Pick> again = RandomDraw.draw(d.seed(), d.candidates(), d.enterprises(), d.inspectorsPerTask());
        return Optional.of(new Verification(sealed && again.equals(d.result()), again));
    }

    public List<Task> tasks(Principal p, UUID drawId) {
        Draw d = draw(p, drawId);
        return d.taskIds().stream().map(store::task).flatMap(Optional::stream).toList();
    }

    /**
     * The tasks of every draw, newest first, optionally of one year and in one status: the draws' heads
     * (small, all of them), then the tasks of the matching draws by id, so the read is bounded by the
     * year's draws (at most {@link #MAX_ENTERPRISES} tasks each) and misses none.
     */
    public List<TaskLine> tasks(Principal p, Integer year, Task.Status status) {
        requireRead(p);
        Map<UUID, SupervisionStore.DrawHead> draws = new HashMap<>();
        List<UUID> ids = new ArrayList<>();
        for (SupervisionStore.DrawHead d : store.drawHeads()) {
            if (year == null || d.year() == year) {
                draws.put(d.drawId(), d);
                ids.addAll(d.taskIds());
            }
        }
        List<TaskLine> out = new ArrayList<>();
        for (Task t : store.tasks(ids)) {
            SupervisionStore.DrawHead d = draws.get(t.drawId());
            if (d != null && (status == null || t.status() == status)) {
                out.add(new TaskLine(t, d.year(), d.state()));
            }
        }
        return out;
    }

    private void requireAnnounced(Draw d) {
        if (d.state() != Draw.State.ANNOUNCED) {
            throw refusal("DRAW_NOT_ANNOUNCED", 409, "supervision.not-announced", d.drawId(), d.state());
        }
    }

    /** The witness part and the reveal wait for the announced public date (a draw announced before it had none: no wait). */
    private void requirePublicDate(Draw d) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
        if (d.publicDate() != null && today.isBefore(d.publicDate())) {
            throw refusal("PUBLIC_PART_EARLY", 422, "supervision.public-early", d.drawId(), d.publicSource(), d.publicDate());
        }
    }

    private static void requireCommitted(Draw d, String secret) {
        if (!DrawSeal.commitment(secret).equals(d.commitment())) {
            throw refusal("REVEAL_MISMATCH", 422, "supervision.reveal-mismatch", d.drawId(), d.commitment());
        }
    }

    private static List<RandomDraw.Pick> drawFrom(Draw d, String seed) {
        try {
            return RandomDraw.draw(seed, d.candidates(), d.enterprises(), d.inspectorsPerTask());
        } catch (RandomDraw.NotEnoughInspectors e) {
            throw new IssuerException.Refused("NOT_ENOUGH_INSPECTORS", e.getMessage());   // the announcement checked: not reached
        }
    }

    private static RuntimeException liveDraw(int year, UUID holder) {
        return refusal("DRAW_LIVE", 409, "supervision.draw-live", year, holder);
    }

    private static RuntimeException changedMeanwhile(UUID drawId) {
        return refusal("DRAW_CHANGED", 409, "supervision.changed", drawId);
    }

    static RuntimeException refusal(String code, int status, String key, Object... args) {
        return new Refusal(code, status, key, java.util.Arrays.stream(args).map(x -> (Object) String.valueOf(x)).toList()).failure();
    }

    private static String part(String v, String name) {
        String s = v == null ? null : v.strip();
        if (s == null || s.isEmpty() || s.length() > DrawSeal.MAX_PART) {
            throw new IllegalArgumentException(name + " must be 1-" + DrawSeal.MAX_PART + " characters, got "
                    + (s == null ? "none" : s.length() + " characters"));
        }
        return s;
    }

    /** The office's secret as it will be revealed: stripped, at least {@link DrawSeal#MIN_SECRET} characters. */
    static String secret(String v) {
        String s = part(v, "officeSecret");
        if (s.length() < DrawSeal.MIN_SECRET) {
            throw new IllegalArgumentException("officeSecret must be at least " + DrawSeal.MIN_SECRET + " characters (e.g. 32 random hex "
                    + "digits), so that nobody can find it from the published commitment by trying; got " + s.length());
        }
        return s;
    }

    // ------------------------------------------------------------------ tasks

    public TaskDetail task(Principal p, UUID taskId) {
        requireRead(p);
        Task t = existingTask(taskId);
        Optional<Standards.Entry> std = standardOf(p, t);
        return new TaskDetail(t, registry.findProduct(t.productId()), registry.findLicence(t.productId()), std, store.results(taskId),
                store.consequences(taskId));
    }

    /**
     * Records the lab's result for one core indicator of the task's standard version. An indicator with
     * numeric limits is judged here ({@code labPass} must then be absent or agree); one without limits
     * takes the lab's verdict ({@code labPass} required). The task becomes FAILED on a failing result,
     * PASSED when every indicator has a passing one.
     */
    public LabResult recordResult(Principal p, UUID taskId, String indicatorName, String value, Boolean labPass, String lab,
                                  String reportNo) {
        Permissions.requireRole(p, "record lab results", Role.REGULATOR);
        Task t = existingTask(taskId);
        if (t.status() == Task.Status.VOIDED) {
            throw refusal("TASK_VOIDED", 422, "supervision.task-voided", taskId);
        }
        List<Indicator> indicators = t.hasIndicatorCopy() ? t.indicators()
                : standardOf(p, t).map(Standards.Entry::indicators).orElse(List.of());
        if (indicators.isEmpty()) {
            throw new IssuerException.Refused("NO_STANDARD", "product " + t.productId() + " was linked to no standard version when task "
                    + taskId + " was opened, so the task has no core indicators to test; link the product before the next draw");
        }
        String name = StandardText.required("indicator", indicatorName, 100);
        Indicator ind = indicators.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "indicator '" + name + "' is not a core indicator of " + t.standardId() + " version " + t.version() + " as task " + taskId
                + " was opened; it has " + indicators.stream().map(Indicator::name).toList()));
        String v = StandardText.required("value", value, 100);
        Optional<Boolean> judged = ind.judge(v);
        if (judged.isEmpty() && labPass == null) {
            throw new IllegalArgumentException("indicator " + name + " has no numeric limits: record the lab's verdict (pass true or false)");
        }
        if (judged.isPresent() && labPass != null && !labPass.equals(judged.get())) {
            throw new IllegalArgumentException("indicator " + name + " is judged against its limits" + ind.limits() + ": value " + v
                    + " " + (judged.get() ? "passes" : "fails") + ", but the lab's verdict says otherwise; check the value");
        }
        boolean pass = judged.orElse(labPass);
        Instant now = clock.instant();
        LabResult r = new LabResult(name, v, pass, judged.isPresent() ? "LIMITS" : "LAB", StandardText.required("lab", lab, 200),
                StandardText.required("reportNo", reportNo, 64), p.userId(), now);
        // the status this result gives (the latest result per indicator counts), moved to only if the task is still
        // where it was read: a void (or another result) in between loses the race with a 409 and stores nothing
        List<LabResult> all = new ArrayList<>(store.results(taskId).stream().filter(x -> !x.indicator().equals(name)).toList());
        all.add(r);
        Set<String> passed = new HashSet<>();
        all.stream().filter(LabResult::pass).forEach(x -> passed.add(x.indicator()));
        Task.Status status = all.stream().anyMatch(x -> !x.pass()) ? Task.Status.FAILED
                : indicators.stream().allMatch(i -> passed.contains(i.name())) ? Task.Status.PASSED : Task.Status.OPEN;
        if (!store.move(taskId, t.status(), status, now)) {
            Task.Status meanwhile = store.task(taskId).map(Task::status).orElse(null);
            throw refusal("TASK_CHANGED", 409, "supervision.task-changed", taskId, t.status(), meanwhile);
        }
        store.put(taskId, r);
        changes.audit(p.userId(), "supervision.result", "supervision-task:" + taskId, name + " = " + v + " → " + (pass ? "pass" : "fail")
                + " (" + r.judgedBy() + ", " + r.lab() + " report " + r.reportNo() + "); task " + t.status() + " -> " + status);
        if (status != t.status() && status != Task.Status.OPEN) {
            outcomes.sampled(p.userId(), t.with(status, now), r);
        }
        return r;
    }

    /**
     * Imposes a consequence of the task's failed sample: a WARNING, a RECTIFICATION by {@code deadline}
     * (after today), or the SUSPENSION or REVOCATION of the product's licence, through the registry,
     * which consumers' verdicts then show. Only a FAILED task has consequences.
     */
    public Consequence impose(Principal p, UUID taskId, Consequence.Kind kind, LocalDate deadline, String reason) {
        Permissions.requireRole(p, "impose supervision consequences", Role.REGULATOR);
        String why = StandardText.required("reason", reason, 500);
        Task t = existingTask(taskId);
        if (t.status() != Task.Status.FAILED) {
            throw new IssuerException.Refused("TASK_NOT_FAILED", "task " + taskId + " is " + t.status()
                    + "; consequences follow a failed sample only (record the failing lab result first)");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (kind == Consequence.Kind.RECTIFICATION) {
            if (deadline == null || !deadline.isAfter(today)) {
                throw new IllegalArgumentException("a rectification needs a deadline after today (" + today + "), got "
                        + (deadline == null ? "none" : deadline));
            }
        } else if (deadline != null) {
            throw new IllegalArgumentException("only a RECTIFICATION has a deadline; leave it out for a " + kind);
        }
        if (kind == Consequence.Kind.SUSPENSION || kind == Consequence.Kind.REVOCATION) {
            registry.changeLicenceStatus(p, t.productId(), kind == Consequence.Kind.SUSPENSION ? LicenceStatus.SUSPENDED : LicenceStatus.REVOKED,
                    "supervision task " + taskId + ": " + why);
        }
        Consequence c = new Consequence(taskId, clock.instant(), kind, deadline, why, p.userId(), t.licenseeId(), t.productId());
        store.put(c);
        changes.audit(p.userId(), "supervision." + kind.name().toLowerCase(java.util.Locale.ROOT), "supervision-task:" + taskId, kind
                + (deadline == null ? "" : " by " + deadline) + " for licensee " + t.licenseeId() + ", product " + t.productId() + ": " + why);
        if (kind == Consequence.Kind.WARNING || kind == Consequence.Kind.RECTIFICATION) {
            outcomes.warned(p.userId(), c);   // a suspension or revocation reaches the credit file through the registry
        }
        return c;
    }

    /** The standard version the task was opened under (a task opened before V029: the product's current link). */
    private Optional<Standards.Entry> standardOf(Principal p, Task t) {
        if (!t.hasIndicatorCopy()) {
            return standards.linkOf(t.productId());
        }
        if (t.standardId() == null) {
            return Optional.empty();
        }
        Standards.Detail d = standards.detail(p, t.standardId());
        return d.versions().stream().filter(v -> v.version().equals(t.version())).findFirst().map(v -> new Standards.Entry(d.standard(), v));
    }

    private Task existingTask(UUID id) {
        return store.task(id).orElseThrow(() -> new IssuerException.NotFound("task", id));
    }

    private static void requireRead(Principal p) {
        Permissions.requireRole(p, "read supervision", Role.REGULATOR, Role.OFFICER);
    }
}
