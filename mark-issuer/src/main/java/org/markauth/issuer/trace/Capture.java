package org.markauth.issuer.trace;

import org.markauth.registry.Invalidation;
import org.markauth.issuer.activation.Activation;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;

/**
 * Captures EPCIS 2.0 documents: validates every event, then records the valid ones in document
 * order. An event is refused with a specific code when an EPC is malformed or names no issued
 * mark, when a mark belongs to a licensee that is neither the sender nor one that declared the
 * sender as partner, or when its time is in the future or before the mark's batch was ordered. A
 * partner's event is refused, too, while the partner is blacklisted, when the partnership was
 * withdrawn or has expired or does not cover the event's time, and when the partner does not hold
 * a mark it names per the trace ({@link Custody}). The licensee keeps full rights over its own
 * marks; when it (or the regulator) takes out of circulation a unit a partner holds, the audit
 * trail says so ({@code trace.decommission-elsewhere}).
 * The caller chooses what a refusal does to the rest: {@link Mode#PARTIAL} keeps the valid events,
 * {@link Mode#ATOMIC} records nothing. An event already recorded (same event hash) is reported as a
 * duplicate and not applied again, which makes resending a document harmless.
 *
 * <p>An event on a case or pallet applies to what it held at the event's time, even when the event
 * is captured after later packings or unpackings ({@link Containment}): it is written into the path
 * of every unit inside then (recursively, {@code via_parent} naming the container). Calls block on
 * Cassandra; run them on worker threads.
 */
public final class Capture {

    public enum Mode { PARTIAL, ATOMIC }

    /** A refused event: its position in the document, its id when it could be computed, why. */
    public record Rejected(int index, String eventId, String code, String message) {
    }

    /** What happened to a document. {@code committed} is false when ATOMIC mode refused it whole. */
    public record Result(int received, List<String> recorded, List<String> duplicates, List<Rejected> rejected,
                         boolean committed) {
    }

    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final int MAX_DEPTH = 3;
    static final int MAX_EXPANDED = 100_000;

    private final TraceStore store;
    private final Containment containment;
    private final BatchStore batches;
    private final Partners partners;
    private final Custody custody;
    private final ChangeRecorder changes;
    private final Epcs epcs;
    private final Activation activation;
    private final Clock clock;

    public Capture(TraceStore store, BatchStore batches, Partners partners, Epcs epcs, Activation activation, ChangeRecorder changes,
            Clock clock) {
        this.store = store;
        this.custody = new Custody(store, epcs);
        this.changes = changes;
        this.containment = new Containment(store, epcs);
        this.batches = batches;
        this.partners = partners;
        this.epcs = epcs;
        this.activation = activation;
        this.clock = clock;
    }

    /** CBV steps and dispositions after which a unit is out of circulation (verdict DECOMMISSIONED). */
    static boolean decommissions(EpcisEvent e) {
        return decommissions(e.bizStep(), e.disposition());
    }

    static boolean decommissions(String bizStep, String disposition) {
        return "decommissioning".equals(bizStep) || "destroying".equals(bizStep)
                || "destroyed".equals(disposition) || "disposed".equals(disposition);
    }

    /**
     * An accepted event. {@code elsewhere} maps each EPC the licensee (or the regulator) took out of
     * circulation while another party held it to a description of that custody, for the audit trail.
     */
    private record Checked(int index, EpcisEvent event, Map<String, UnitRef> refs, String owner, Map<String, String> elsewhere) {
    }

    /** What the checks of one capture call read once: partnerships by owner, the sender's blacklist state, the pending steps. */
    private static final class Seen {
        final Map<Integer, Optional<Batch>> batches = new HashMap<>();
        final Map<String, Optional<Partners.Partner>> partnerships = new HashMap<>();
        Boolean blacklisted;
        final Custody.Pending pending = new Custody.Pending();
    }

    public Result capture(Principal p, JsonObject document, Mode mode) {
        Permissions.requireRole(p, "record supply-chain events", Role.MANUFACTURER, Role.REGULATOR);
        List<EpcisDocuments.Entry> entries = EpcisDocuments.read(document);
        Instant now = clock.instant();
        Seen seen = new Seen();
        String party = party(p);
        List<Checked> ok = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (EpcisDocuments.Entry en : entries) {
            if (en.error() != null) {
                rejected.add(new Rejected(en.index(), null, en.error().code(), en.error().getMessage()));
                continue;
            }
            try {
                Checked c = check(p, en.index(), en.event(), now, seen);
                ok.add(c);
                seen.pending.add(c.event(), c.refs(), party);
            } catch (EpcisException ex) {
                rejected.add(new Rejected(en.index(), en.event().eventId(), ex.code(), ex.getMessage()));
            }
        }
        if (mode == Mode.ATOMIC && !rejected.isEmpty()) {
            return new Result(entries.size(), List.of(), List.of(), rejected, false);
        }
        List<String> recorded = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        for (Checked c : ok) {
            if (!store.claim(c.event(), c.owner(), p.userId(), now)) {
                duplicates.add(c.event().eventId());
                continue;
            }
            apply(c, party);
            c.elsewhere().forEach((epc, where) -> changes.record(p.userId(), "trace.decommission-elsewhere", Invalidation.mark(c.refs().get(epc).batchId(),
                    c.refs().get(epc).serial()), c.event().bizStep() + "/" + c.event().disposition() + " by " + party + " while " + where));
            store.ownerDay(c.owner(), LocalDate.ofInstant(c.event().eventTime(), ZoneOffset.UTC), c.event());
            store.queryIndexes(c.event(), c.owner(), now);     // query branch: V020 events_by_day / events_by_record_day
            recorded.add(c.event().eventId());
        }
        return new Result(entries.size(), recorded, duplicates, rejected, true);
    }

    static String party(Principal p) {
        return p.licenseeId().orElse("regulator:" + p.userId());
    }

    private Checked check(Principal p, int index, EpcisEvent e, Instant now, Seen seen) {
        if (e.eventTime().isAfter(now.plus(CLOCK_SKEW))) {
            throw new EpcisException("TIME_IN_FUTURE", "eventTime " + e.eventTime() + " is in the future (server time " + now
                    + ", tolerance " + CLOCK_SKEW.toMinutes() + " min); send events after they happen");
        }
        Custody.destination(e.body());     // a malformed destinationList is refused for every sender
        String sender = p.role() == Role.MANUFACTURER ? p.licenseeId().orElseThrow() : null;
        // a resent event is reported as a duplicate and applies nothing: it is not judged again by
        // today's partnership and custody (which its own recording changed)
        boolean resent = store.recorded(e.eventId());
        Map<String, UnitRef> refs = new HashMap<>();
        Map<String, String> owners = new HashMap<>();
        String owner = null;
        for (String epc : e.allEpcs()) {
            UnitRef u = epcs.parse(epc);
            Batch b = seen.batches.computeIfAbsent(u.batchId(), batches::batch).orElse(null);
            if (b == null || !store.markExists(u)) {
                throw new EpcisException("UNKNOWN_MARK", "EPC " + u.urn() + " names no issued mark; check the code");
            }
            if (sender != null && !sender.equals(b.licenseeId())) {
                requirePartnership(sender, b.licenseeId(), u, e, now, seen, resent);
            }
            if (e.eventTime().isBefore(b.createdAt().minus(CLOCK_SKEW))) {
                throw new EpcisException("TIME_BEFORE_ISSUE", "eventTime " + e.eventTime() + " is before batch " + b.batchId()
                        + " was ordered (" + b.createdAt() + "); check the event's clock");
            }
            refs.put(epc, u);
            owners.put(epc, b.licenseeId());
            owner = owner == null ? b.licenseeId() : owner;
        }
        if (e.type() == EpcisEvent.Type.AggregationEvent && e.childEpcs().contains(e.parentId())) {
            throw new EpcisException("MALFORMED_EVENT", "parentID " + e.parentId() + " is listed among its own childEPCs");
        }
        Map<String, String> elsewhere = new LinkedHashMap<>();
        if (!resent) {
            for (String epc : e.allEpcs()) {
                String o = owners.get(epc);
                if (sender != null && !sender.equals(o)) {
                    custody.requireHeld(sender, o, refs.get(epc), epc, e, seen.pending);
                } else if (decommissions(e) && e.epcList().contains(epc)) {
                    // the licensee (and the regulator) keep full rights over the licensee's marks; taking
                    // one out of circulation while a partner holds it is audited
                    Custody.Holding h = custody.position(refs.get(epc), o, e.eventTime(), e.eventId(), seen.pending).at();
                    if (!h.heldBy(o)) {
                        elsewhere.put(epc, h.describe());
                    }
                }
            }
        }
        return new Checked(index, e, refs, owner, elsewhere);
    }

    /**
     * Refuses an event of {@code sender} on a mark of {@code owner} unless {@code owner} declared it
     * a partner (NOT_YOUR_MARK), it is not blacklisted (PARTNER_BLACKLISTED), the partnership is
     * neither withdrawn nor expired (PARTNERSHIP_ENDED) and covers the event's time
     * (OUTSIDE_PARTNERSHIP_PERIOD). A resent event is only checked for the declaration.
     */
    private void requirePartnership(String sender, String owner, UnitRef u, EpcisEvent e, Instant now, Seen seen, boolean resent) {
        Partners.Partner x = seen.partnerships.computeIfAbsent(owner, o -> partners.partnership(o, sender)).orElseThrow(() ->
                new EpcisException("NOT_YOUR_MARK", "mark " + u.urn() + " belongs to licensee " + owner
                        + ", which has not declared " + sender + " as a partner"));
        if (resent) {
            return;
        }
        if (seen.blacklisted == null) {
            seen.blacklisted = partners.blacklisted(sender);
        }
        if (seen.blacklisted) {
            throw new EpcisException("PARTNER_BLACKLISTED", "licensee " + sender + " is on the programme's blacklist; "
                    + "it may not record supply-chain events for " + owner + "'s marks while it is");
        }
        if (x.withdrawnAt() != null) {
            throw new EpcisException("PARTNERSHIP_ENDED", "licensee " + owner + "'s partnership with " + sender + " was withdrawn on "
                    + x.withdrawnAt() + " (" + x.withdrawnReason() + "); " + sender + " may no longer record events for its marks");
        }
        if (x.validUntil() != null && !now.isBefore(x.validUntil())) {
            throw new EpcisException("PARTNERSHIP_ENDED", "licensee " + owner + "'s partnership with " + sender + " ended on "
                    + x.validUntil() + "; " + owner + " may declare it again with a new period");
        }
        if (!x.covers(e.eventTime())) {
            throw new EpcisException("OUTSIDE_PARTNERSHIP_PERIOD", "eventTime " + e.eventTime() + " is outside " + sender
                    + "'s partnership with licensee " + owner + " (" + x.period() + "); events dated outside it are refused");
        }
    }

    private void apply(Checked c, String party) {
        EpcisEvent e = c.event();
        Set<Integer> batchesTouched = new LinkedHashSet<>();
        if (e.type() == EpcisEvent.Type.ObjectEvent) {
            boolean outOfCirculation = decommissions(e);
            for (String epc : e.epcList()) {
                UnitRef u = c.refs().get(epc);
                store.unitEvent(u, e, party, null);
                batchesTouched.add(u.batchId());
                if (outOfCirculation) {
                    activation.decommission(party, u.batchId(), u.serial(), e.bizStep() + "/" + e.disposition());
                }
                for (Map.Entry<UnitRef, String> inside : containment.heldAt(u, epc, e.eventTime()).entrySet()) {
                    store.unitEvent(inside.getKey(), e, party, inside.getValue());
                    batchesTouched.add(inside.getKey().batchId());
                    if (outOfCirculation) {
                        activation.decommission(party, inside.getKey().batchId(), inside.getKey().serial(),
                                e.bizStep() + "/" + e.disposition() + " via " + epc);
                    }
                }
            }
        } else {
            UnitRef parent = c.refs().get(e.parentId());
            store.unitEvent(parent, e, party, null);
            batchesTouched.add(parent.batchId());
            Map<String, UnitRef> children = new LinkedHashMap<>();
            if (e.action() == EpcisEvent.Action.DELETE && e.childEpcs().isEmpty()) {
                // EPCIS: a DELETE without childEPCs unpacks everything the parent held (at the event's time)
                containment.childrenAt(parent, e.eventTime()).forEach((ref, epc) -> children.put(epc, ref));
            } else {
                e.childEpcs().forEach(epc -> children.put(epc, c.refs().get(epc)));
            }
            for (Map.Entry<String, UnitRef> ch : children.entrySet()) {
                UnitRef child = ch.getValue();
                store.unitEvent(child, e, party, e.parentId());
                if (e.action() != EpcisEvent.Action.OBSERVE) {
                    // the current tables follow the replayed history, so a late packing or unpacking
                    // does not undo one that happened after it
                    store.place(child, ch.getKey(), containment.containerAt(child, Containment.NOW_AND_LATER).orElse(null));
                }
                batchesTouched.add(child.batchId());
            }
            store.history(parent, e, List.copyOf(children.keySet()));
        }
        if (e.bizLocation() != null) {
            for (int b : batchesTouched) {
                store.location(b, e.bizLocation(), e.eventTime(), e.bizStep());
            }
        }
    }
}
