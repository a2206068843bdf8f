package org.markauth.issuer.supervision;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
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
 * draw from a published seed ({@link RandomDraw}), one sampling task per drawn enterprise, the lab's
 * results per core indicator of the product's linked standard version, and the consequences of a
 * failed sample. A suspension or revocation goes through {@link Registry#changeLicenceStatus}, so
 * consumers' verdicts show it as any other. The regulator writes; the regulator and officers read.
 * Every write is audited ({@code supervision-draw:}, {@code supervision-task:}, {@code inspector:}).
 * Calls block on Cassandra.
 */
public final class Supervision {

    /** What the office asks for: the year, the seed it published, how many enterprises, how many inspectors each, the due date. */
    public record DrawRequest(int year, String seed, int enterprises, int inspectorsPerTask, LocalDate dueOn) {
        public DrawRequest {
            if (year < 2000 || year > 2100) {
                throw new IllegalArgumentException("year must be 2000-2100, got " + year);
            }
            seed = seed == null ? null : seed.strip();
            if (seed == null || seed.isEmpty() || seed.length() > RandomDraw.MAX_SEED) {
                throw new IllegalArgumentException("seed must be 1-" + RandomDraw.MAX_SEED + " characters: the number the office published "
                        + "before the draw (e.g. a lottery result), so that anyone can re-draw it");
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
        }
    }

    /** A draw re-done from its stored seed and candidate lists: whether it gives the stored result. */
    public record Verification(boolean same, List<RandomDraw.Pick> redrawn) {
    }

    /** A task with what its page shows: product, licence, the standard version and its indicators, results, consequences. */
    public record TaskDetail(Task task, Optional<Product> product, Optional<Licence> licence, Optional<Standards.Entry> standard,
                             List<LabResult> results, List<Consequence> consequences) {
        public List<Indicator> indicators() {
            return standard.map(Standards.Entry::indicators).orElse(List.of());
        }
    }

    public static final int MAX_ENTERPRISES = 500;
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
     * Draws {@code r.enterprises()} licensees holding an active licence and {@code r.inspectorsPerTask()}
     * active inspectors for each, from the published seed ({@link RandomDraw}); stores the seed, the
     * candidate lists as they are now and the result, and opens one task per drawn enterprise.
     */
    public Draw draw(Principal p, DrawRequest r) {
        Permissions.requireRole(p, "draw enterprises for inspection", Role.REGULATOR);
        RandomDraw.Candidates candidates = candidates(p);
        if (candidates.enterprises().isEmpty()) {
            throw new IssuerException.Refused("NO_CANDIDATES", "no licensee holds an active licence: there is nothing to draw from");
        }
        List<RandomDraw.Pick> picks;
        try {
            picks = RandomDraw.draw(r.seed(), candidates, r.enterprises(), r.inspectorsPerTask());
        } catch (RandomDraw.NotEnoughInspectors e) {
            throw new IssuerException.Refused("NOT_ENOUGH_INSPECTORS", e.getMessage());
        }
        UUID drawId = Uuids.timeBased();
        Instant now = clock.instant();
        List<UUID> taskIds = new ArrayList<>();
        for (RandomDraw.Pick pick : picks) {
            Optional<Standards.Entry> std = standards.linkOf(pick.productId());
            Task t = new Task(Uuids.timeBased(), drawId, pick.licenseeId(), pick.productId(),
                    std.map(x -> x.standard().standardId()).orElse(null), std.map(x -> x.version().version()).orElse(null),
                    pick.inspectorIds(), r.dueOn(), Task.Status.OPEN, now);
            store.put(t);
            taskIds.add(t.taskId());
        }
        Draw d = new Draw(drawId, r.year(), r.seed(), r.enterprises(), r.inspectorsPerTask(), r.dueOn(), p.userId(), now, candidates,
                picks, taskIds);
        store.put(d);
        changes.audit(p.userId(), "supervision.draw", "supervision-draw:" + drawId, r.year() + " seed '" + r.seed() + "': "
                + picks.size() + " of " + candidates.enterprises().size() + " enterprises, " + r.inspectorsPerTask() + " of "
                + candidates.inspectors().size() + " inspectors each");
        return d;
    }

    /** The candidates of a draw made now: licensees with an active licence (their licensed products) and the active inspectors. */
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

    /** Re-draws {@code drawId} from its stored seed and candidate lists, as anyone can with the published data. */
    public Verification verify(Principal p, UUID drawId) {
        Draw d = draw(p, drawId);
        List<RandomDraw.Pick> again = RandomDraw.draw(d.seed(), d.candidates(), d.enterprises(), d.inspectorsPerTask());
        return new Verification(again.equals(d.result()), again);
    }

    public List<Task> tasks(Principal p, UUID drawId) {
        Draw d = draw(p, drawId);
        return d.taskIds().stream().map(id -> store.task(id).orElseThrow()).toList();
    }

    // ------------------------------------------------------------------ tasks

    public TaskDetail task(Principal p, UUID taskId) {
        requireRead(p);
        Task t = existingTask(taskId);
        Optional<Standards.Entry> std = standardOf(t);
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
        Standards.Entry std = standardOf(t).orElseThrow(() -> new IssuerException.Refused("NO_STANDARD", "product " + t.productId()
                + " is linked to no standard version, so it has no core indicators to test; link it in the standards registry first"));
        String name = StandardText.required("indicator", indicatorName, 100);
        Indicator ind = std.version().indicator(name).orElseThrow(() -> new IllegalArgumentException("indicator '" + name
                + "' is not a core indicator of " + std.standard().standardNo() + " version " + std.version().version() + "; it has "
                + std.indicators().stream().map(Indicator::name).toList()));
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
        store.put(taskId, r);
        List<LabResult> all = store.results(taskId);
        Set<String> passed = new HashSet<>();
        all.stream().filter(LabResult::pass).forEach(x -> passed.add(x.indicator()));
        Task.Status status = all.stream().anyMatch(x -> !x.pass()) ? Task.Status.FAILED
                : std.indicators().stream().allMatch(i -> passed.contains(i.name())) ? Task.Status.PASSED : Task.Status.OPEN;
        store.put(t.with(status, std.standard().standardId(), std.version().version(), now));
        changes.audit(p.userId(), "supervision.result", "supervision-task:" + taskId, name + " = " + v + " → " + (pass ? "pass" : "fail")
                + " (" + r.judgedBy() + ", " + r.lab() + " report " + r.reportNo() + "); task " + t.status() + " -> " + status);
        if (status != t.status() && status != Task.Status.OPEN) {
            outcomes.sampled(p.userId(), t.with(status, std.standard().standardId(), std.version().version(), now), r);
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

    private Optional<Standards.Entry> standardOf(Task t) {
        return standards.linkOf(t.productId());
    }

    private Task existingTask(UUID id) {
        return store.task(id).orElseThrow(() -> new IssuerException.NotFound("task", id));
    }

    private static void requireRead(Principal p) {
        Permissions.requireRole(p, "read supervision", Role.REGULATOR, Role.OFFICER);
    }
}
