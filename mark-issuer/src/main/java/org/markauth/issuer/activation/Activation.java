package org.markauth.issuer.activation;

import org.markauth.registry.MarkKey;
import org.markauth.registry.Invalidation;
import org.markauth.registry.UnitStatus;
import org.markauth.registry.UnitState;
import org.markauth.registry.RangeKind;
import org.markauth.registry.BatchState;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.batch.IssuancePipeline;
import org.markauth.issuer.invalidation.Invalidations;
import org.markauth.issuer.serial.SerialPermutation;

/**
 * What the line does with issued marks: activate what it really printed, void spoiled or unused
 * ones, and — on a schedule — the expiry of units never activated.
 *
 * <p>Ranges are one {@code batch_ranges} row each, however many units they cover (the row is the
 * event: time, actor, action, first..last; rows are never overwritten). Lists set a per-unit
 * override on the {@code marks} row and append a {@code mark_events} row per unit. Verification
 * takes the per-unit override if set, else the latest range covering the unit.
 *
 * <p>Expiry, precisely: at {@code now}, every ISSUED batch created at or before
 * {@code now - unusedExpiry} whose unused units were not yet expired gets one VOID range, actor
 * {@code system:expiry}, for each gap in the union of its ACTIVATE ranges; its units activated by
 * list keep their override. The batch is then marked (batch_jobs.unused_expired_at) and refuses
 * further activation. The sweep looks back {@code sweepWindowDays} days of issue dates before the
 * cut-off, so a sweep that did not run for a while catches up.
 */
public final class Activation {

    /** A single request may list at most this many units; larger sets go by range. */
    public static final int MAX_LIST = 10_000;
    static final String EXPIRY_ACTOR = "system:expiry";

    private final CqlSession session;
    private final Batches batches;
    private final BatchStore batchStore;
    private final ChangeRecorder changes;
    private final Invalidations invalidations;
    private final SerialPermutation serials;
    private final Clock clock;
    private final Duration unusedExpiry;
    private final int sweepWindowDays;
    private final PreparedStatement insertRange;
    private final PreparedStatement selectRanges;
    private final PreparedStatement setUnitState;
    private final PreparedStatement selectUnit;
    private final PreparedStatement insertEvent;
    private final PreparedStatement insertChange;
    private final PreparedStatement selectEvents;

    public Activation(CqlSession session, Batches batches, BatchStore batchStore, ChangeRecorder changes,
                      Invalidations invalidations, SerialPermutation serials, Clock clock, Duration unusedExpiry,
                      int sweepWindowDays) {
        this.session = session;
        this.batches = batches;
        this.batchStore = batchStore;
        this.changes = changes;
        this.invalidations = invalidations;
        this.serials = serials;
        this.clock = clock;
        this.unusedExpiry = unusedExpiry;
        this.sweepWindowDays = sweepWindowDays;
        insertRange = session.prepare("INSERT INTO batch_ranges (batch_id, at, first_seq, last_seq, action, actor) VALUES (?, ?, ?, ?, ?, ?)");
        selectRanges = session.prepare("SELECT at, first_seq, last_seq, action, actor FROM batch_ranges WHERE batch_id = ?");
        setUnitState = session.prepare("UPDATE marks SET state = ?, state_at = ? WHERE batch_id = ? AND bucket = ? AND serial = ?");
        selectUnit = session.prepare("SELECT seq, state, state_at FROM marks WHERE batch_id = ? AND bucket = ? AND serial = ?");
        insertEvent = session.prepare("INSERT INTO mark_events (batch_id, serial, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?, ?)");
        insertChange = session.prepare("INSERT INTO change_log (day, at, kind, id) VALUES (?, ?, ?, ?)");
        selectEvents = session.prepare("SELECT kind FROM mark_events WHERE batch_id = ? AND serial = ?");
    }

    // ------------------------------------------------------------------ ranges

    public RangeAction activateRange(Principal p, int batchId, int first, int last) {
        return range(p, batchId, first, last, RangeKind.ACTIVATE);
    }

    public RangeAction voidRange(Principal p, int batchId, int first, int last) {
        return range(p, batchId, first, last, RangeKind.VOID);
    }

    private RangeAction range(Principal p, int batchId, int first, int last, RangeKind action) {
        Batch b = writableBatch(p, batchId, action == RangeKind.ACTIVATE ? "activate marks" : "void marks", action);
        if (first < 1 || last > b.quantity() || last < first) {
            throw new IssuerException.Refused("RANGE_OUTSIDE_BATCH", "range " + first + ".." + last + " is not inside batch "
                    + batchId + " (units 1.." + b.quantity() + ")");
        }
        if (action == RangeKind.ACTIVATE) {
            refuseVoidedRange(batchId, first, last);
        }
        RangeAction r = writeRange(batchId, first, last, action, p.userId());
        changes.record(p.userId(), "batch." + action.name().toLowerCase(Locale.ROOT), Invalidation.of(Invalidation.Kind.BATCH, b.idText()),
                "units " + first + ".." + last);
        return r;
    }

    /** A voided unit stays voided: an ACTIVATE range over any VOID range would bring units back to ACTIVE. */
    private void refuseVoidedRange(int batchId, int first, int last) {
        for (RangeAction r : ranges(batchId)) {
            if (r.action() == RangeKind.VOID && r.firstSeq() <= last && r.lastSeq() >= first) {
                throw new IssuerException.Refused("UNIT_OUT_OF_USE", "units " + Math.max(first, r.firstSeq()) + ".."
                        + Math.min(last, r.lastSeq()) + " of batch " + batchId + " were voided on " + r.at() + " by " + r.actor()
                        + "; a unit taken out of use is never activated again, activate the ranges around them; nothing was changed");
            }
        }
    }

    private RangeAction writeRange(int batchId, int first, int last, RangeKind action, String actor) {
        UUID at = Uuids.timeBased();
        session.execute(insertRange.bind(batchId, at, first, last, action.name(), actor));
        return new RangeAction(Instant.ofEpochMilli(Uuids.unixTimestamp(at)), first, last, action, actor);
    }

    /** The range history of a batch, oldest first. */
    public List<RangeAction> ranges(Principal p, int batchId) {
        batches.get(p, batchId);
        return ranges(batchId);
    }

    private List<RangeAction> ranges(int batchId) {
        List<RangeAction> out = new ArrayList<>();
        for (Row r : session.execute(selectRanges.bind(batchId))) {
            out.add(new RangeAction(Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), r.getInt("first_seq"),
                    r.getInt("last_seq"), RangeKind.valueOf(r.getString("action")), r.getString("actor")));
        }
        return out;
    }

    // ------------------------------------------------------------------ lists

    /** The units of a list, as 16-hex-digit serials; all must belong to the batch or nothing is written. */
    public int activateList(Principal p, int batchId, List<String> serialHex) {
        return list(p, batchId, serialHex, UnitState.ACTIVE, null);
    }

    public int voidList(Principal p, int batchId, List<String> serialHex) {
        return list(p, batchId, serialHex, UnitState.VOIDED, null);
    }

    /** As {@link #voidList(Principal, int, List)}, with why (a line station's reject): kept on each unit's event and in the audit line. */
    public int voidList(Principal p, int batchId, List<String> serialHex, String reason) {
        return list(p, batchId, serialHex, UnitState.VOIDED, reason);
    }

    /** Per-unit states that override ranges (the contract's marks.state). */

    private int list(Principal p, int batchId, List<String> serialHex, UnitState to, String reason) {
        String detail = reason == null ? "by list" : "by list: " + reason;
        RangeKind as = to == UnitState.ACTIVE ? RangeKind.ACTIVATE : RangeKind.VOID;
        Batch b = writableBatch(p, batchId, to == UnitState.ACTIVE ? "activate marks" : "void marks", as);
        if (serialHex.isEmpty() || serialHex.size() > MAX_LIST) {
            throw new IllegalArgumentException("a list holds 1 to " + MAX_LIST + " serials, got " + serialHex.size()
                    + "; use ranges for larger sets");
        }
        long[] units = new long[serialHex.size()];
        List<String> foreign = new ArrayList<>();
        for (int i = 0; i < units.length; i++) {
            String h = serialHex.get(i);
            long s;
            try {
                s = HexFormat.fromHexDigitsToLong(h);
                if (h.length() != 16) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("serial '" + h + "' is not 16 hex digits");
            }
            int[] origin = serials.invert(s);
            if (origin[0] != batchId || origin[1] < 1 || origin[1] > b.quantity()) {
                foreign.add(h);
            }
            units[i] = s;
        }
        if (!foreign.isEmpty()) {
            throw new IssuerException.Refused("SERIAL_NOT_IN_BATCH", foreign.size() + " serial(s) do not belong to batch "
                    + batchId + ", e.g. " + foreign.get(0) + "; nothing was changed");
        }
        if (to == UnitState.ACTIVE) {
            refuseOutOfUse(batchId, units);
        }
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (long s : units) {
            var serial = MarkKey.serialBytes(s);
            UUID at = Uuids.timeBased();
            Invalidation change = Invalidation.mark(batchId, s);
            BatchStatement st = BatchStatement.newInstance(DefaultBatchType.LOGGED,
                    setUnitState.bind(to.name(), now, batchId, MarkKey.bucket(s), serial),
                    insertEvent.bind(batchId, serial, at, (to == UnitState.ACTIVE ? RangeKind.ACTIVATE : RangeKind.VOID).name(), p.userId(), detail),
                    insertChange.bind(day, at, change.kind().wire(), change.id()));
            inFlight.acquireUninterruptibly();
            acks.add(session.executeAsync(st).toCompletableFuture().whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        for (long s : units) {
            invalidations.publish(Invalidation.mark(batchId, s));
        }
        changes.record(p.userId(), "batch." + (to == UnitState.ACTIVE ? "activate" : "void") + "-list", Invalidation.of(Invalidation.Kind.BATCH, b.idText()),
                units.length + " units by list" + (reason == null ? "" : ": " + reason));
        return units.length;
    }

    /**
     * Refuses a list activation that holds a voided or decommissioned unit (its own override, or a
     * VOID range as the latest range covering it): the whole request, so a line never half-applies
     * a list. Reads each unit's row (concurrently, bounded) and the batch's ranges once.
     */
    private void refuseOutOfUse(int batchId, long[] units) {
        List<RangeAction> ranges = ranges(batchId);
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<String>> states = new ArrayList<>(units.length);
        for (long s : units) {
            inFlight.acquireUninterruptibly();
            states.add(session.executeAsync(selectUnit.bind(batchId, MarkKey.bucket(s), MarkKey.serialBytes(s)))
                    .toCompletableFuture().whenComplete((r, e) -> inFlight.release())
                    .thenApply(rs -> {
                        Row row = rs.one();
                        return row == null ? null : row.getString("state");
                    }));
        }
        CompletableFuture.allOf(states.toArray(CompletableFuture[]::new)).join();
        List<String> out = new ArrayList<>();
        String example = null;
        for (int i = 0; i < units.length; i++) {
            String state = states.get(i).join();
            if (state == null) {
                RangeAction latest = latestCovering(ranges, serials.invert(units[i])[1]);
                state = latest != null && latest.action() == RangeKind.VOID ? UnitState.VOIDED.name() : null;
            }
            if (UnitState.VOIDED.name().equals(state) || UnitState.DECOMMISSIONED.name().equals(state)) {
                if (example == null) {
                    example = HexFormat.of().toHexDigits(units[i]) + " (" + state + ")";
                }
                out.add(state);
            }
        }
        if (!out.isEmpty()) {
            throw new IssuerException.Refused("UNIT_OUT_OF_USE", out.size() + " unit(s) of the list are voided or decommissioned, e.g. "
                    + example + "; a unit taken out of use is never activated again; nothing was changed");
        }
    }

    /**
     * Takes one unit out of circulation after a supply-chain event said so (EPCIS decommissioning or
     * destroying, disposition destroyed or disposed): per-unit override DECOMMISSIONED, a unit event,
     * a change_log row and the invalidation, so every verify-api instance says DECOMMISSIONED within
     * seconds. The caller has checked that the actor may act on the unit.
     */
    public void decommission(String actor, int batchId, long serial, String detail) {
        Instant now = clock.instant();
        UUID at = Uuids.timeBased();
        var bytes = MarkKey.serialBytes(serial);
        Invalidation change = Invalidation.mark(batchId, serial);
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                setUnitState.bind(UnitState.DECOMMISSIONED.name(), now, batchId, MarkKey.bucket(serial), bytes),
                insertEvent.bind(batchId, bytes, at, "DECOMMISSION", actor, detail),
                insertChange.bind(LocalDate.ofInstant(now, ZoneOffset.UTC), at, change.kind().wire(), change.id())));
        invalidations.publish(change);
    }

    /**
     * Undoes {@link #decommission} after the supply-chain event that caused it was declared in error
     * (EPCIS 2.0 errorDeclaration): the unit's override goes back to what its latest list activation
     * or void set (ACTIVE, VOIDED), else to none (the ranges decide again); a unit event
     * {@code DECOMMISSION_UNDONE}, a change_log row and the invalidation follow. Nothing is done when
     * the unit is not DECOMMISSIONED now. The caller has checked that no other event keeps it out.
     */
    public void undoDecommission(String actor, int batchId, long serial, String detail) {
        var bytes = MarkKey.serialBytes(serial);
        Row unit = session.execute(selectUnit.bind(batchId, MarkKey.bucket(serial), bytes)).one();
        if (unit == null || !UnitState.DECOMMISSIONED.name().equals(unit.getString("state"))) {
            return;
        }
        String before = null;
        for (Row r : session.execute(selectEvents.bind(batchId, bytes))) {
            String kind = r.getString("kind");
            if (RangeKind.ACTIVATE.name().equals(kind)) {
                before = UnitState.ACTIVE.name();
            } else if (RangeKind.VOID.name().equals(kind)) {
                before = UnitState.VOIDED.name();
            }
        }
        Instant now = clock.instant();
        UUID at = Uuids.timeBased();
        Invalidation change = Invalidation.mark(batchId, serial);
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                setUnitState.bind(before, now, batchId, MarkKey.bucket(serial), bytes),
                insertEvent.bind(batchId, bytes, at, "DECOMMISSION_UNDONE", actor, detail),
                insertChange.bind(LocalDate.ofInstant(now, ZoneOffset.UTC), at, change.kind().wire(), change.id())));
        invalidations.publish(change);
    }

    /** A unit's per-unit override state, or null when it follows the ranges; empty when absent. */
    public Optional<String> unitState(int batchId, long serial) {
        Row r = session.execute(selectUnit.bind(batchId, MarkKey.bucket(serial), MarkKey.serialBytes(serial))).one();
        return r == null ? Optional.empty() : Optional.of(r.getString("state") == null ? "" : r.getString("state"));
    }

    /**
     * The status of unit {@code seq} by the one rule verify-api applies ({@link UnitStatus#effective}):
     * its override, else the latest covering range; RECALLED for an active unit when
     * {@code batchRecalled}. Empty when the batch holds no such unit.
     */
    public java.util.Optional<UnitStatus> effectiveStatus(int batchId, int seq, boolean batchRecalled) {
        long serial = serials.serial(batchId, seq);
        return unitState(batchId, serial).map(own -> {
            RangeAction latest = latestCovering(ranges(batchId), seq);
            return UnitStatus.effective(UnitState.ofColumn(own), latest == null ? null : latest.action(), batchRecalled);
        });
    }

    /** The unit's own effective state (no recall), or UNKNOWN_SERIAL; see {@link #effectiveStatus}. */
    public String effectiveState(int batchId, int seq) {
        return effectiveStatus(batchId, seq, false).map(Enum::name).orElse("UNKNOWN_SERIAL");
    }

    /** The range action in force over unit {@code seq}: the latest covering it (rows come oldest first), or null. */
    private static RangeAction latestCovering(List<RangeAction> oldestFirst, int seq) {
        RangeAction latest = null;
        for (RangeAction r : oldestFirst) {
            if (seq >= r.firstSeq() && seq <= r.lastSeq()) {
                latest = r;
            }
        }
        return latest;
    }


    private Batch writableBatch(Principal p, int batchId, String action, RangeKind kind) {
        Permissions.requireRole(p, action, Role.MANUFACTURER, Role.REGULATOR);
        Batch b = batches.find(batchId);
        Permissions.requireOwnOrHidden(p, true, b.licenseeId(), "batch", batchId);
        if (b.state() == BatchState.ISSUING) {
            throw new IssuerException.Conflict("BATCH_ISSUING", "batch " + batchId + " is still being issued; activate its marks once it is ISSUED");
        }
        if (b.state() == BatchState.RECALLED) {
            throw new IssuerException.Refused("BATCH_RECALLED", "batch " + batchId + " was recalled; its marks cannot change state");
        }
        if (kind == RangeKind.ACTIVATE) {
            batches.requireLicensed(b, "activated");   // voiding stays allowed under any licence state
        }
        Instant expired = batchStore.unusedExpiredAt(batchId);
        if (expired != null && kind == RangeKind.ACTIVATE) {
            throw new IssuerException.Refused("UNUSED_EXPIRED", "the never-activated marks of batch " + batchId + " expired on "
                    + expired + " (" + unusedExpiry.toDays() + " days after issue); order a new batch");
        }
        return b;
    }

    // ------------------------------------------------------------------ expiry

    /** Expires never-activated units of every batch past the period; returns the number of batches swept. */
    public int expireUnused() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(unusedExpiry);
        LocalDate last = LocalDate.ofInstant(cutoff, ZoneOffset.UTC);
        int swept = 0;
        for (LocalDate day = last.minusDays(sweepWindowDays); !day.isAfter(last); day = day.plusDays(1)) {
            for (int batchId : batchStore.batchIdsOfDay(day)) {
                Optional<Batch> b = batchStore.batch(batchId);
                if (b.isEmpty() || b.get().state() != BatchState.ISSUED || b.get().createdAt().isAfter(cutoff)
                        || batchStore.unusedExpiredAt(batchId) != null) {
                    continue;
                }
                List<int[]> activated = new ArrayList<>();
                for (RangeAction r : ranges(batchId)) {
                    if (r.action() == RangeKind.ACTIVATE) {
                        activated.add(new int[] {r.firstSeq(), r.lastSeq()});
                    }
                }
                List<int[]> gaps = Ranges.gaps(b.get().quantity(), activated);
                long units = 0;
                for (int[] g : gaps) {
                    writeRange(batchId, g[0], g[1], RangeKind.VOID, EXPIRY_ACTOR);
                    units += g[1] - g[0] + 1;
                }
                batchStore.setUnusedExpired(batchId, now);
                changes.record(EXPIRY_ACTOR, "batch.expire-unused", Invalidation.of(Invalidation.Kind.BATCH, batchId),
                        units + " never-activated units voided in " + gaps.size() + " range(s), " + unusedExpiry.toDays()
                                + " days after issue");
                swept++;
            }
        }
        return swept;
    }
}
