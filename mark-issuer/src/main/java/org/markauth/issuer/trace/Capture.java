package org.markauth.issuer.trace;

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
import org.markauth.issuer.access.Access;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;

/**
 * Captures EPCIS 2.0 documents: validates every event, then records the valid ones in document
 * order. An event is refused with a specific code when an EPC is malformed or names no issued
 * mark, when a mark belongs to a licensee that is neither the sender nor one that declared the
 * sender as partner, or when its time is in the future or before the mark's batch was ordered.
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
    private final Epcs epcs;
    private final Activation activation;
    private final Clock clock;

    Capture(TraceStore store, BatchStore batches, Partners partners, Epcs epcs, Activation activation, Clock clock) {
        this.store = store;
        this.containment = new Containment(store, epcs);
        this.batches = batches;
        this.partners = partners;
        this.epcs = epcs;
        this.activation = activation;
        this.clock = clock;
    }

    /** CBV steps and dispositions after which a unit is out of circulation (verdict DECOMMISSIONED). */
    static boolean decommissions(EpcisEvent e) {
        return "decommissioning".equals(e.bizStep()) || "destroying".equals(e.bizStep())
                || "destroyed".equals(e.disposition()) || "disposed".equals(e.disposition());
    }

    private record Checked(int index, EpcisEvent event, Map<String, UnitRef> refs, String owner) {
    }

    public Result capture(Principal p, JsonObject document, Mode mode) {
        Access.requireRole(p, "record supply-chain events", Role.MANUFACTURER, Role.REGULATOR);
        List<EpcisDocuments.Entry> entries = EpcisDocuments.read(document);
        Instant now = clock.instant();
        Map<Integer, Optional<Batch>> batchCache = new HashMap<>();
        List<Checked> ok = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (EpcisDocuments.Entry en : entries) {
            if (en.error() != null) {
                rejected.add(new Rejected(en.index(), null, en.error().code(), en.error().getMessage()));
                continue;
            }
            try {
                ok.add(check(p, en.index(), en.event(), now, batchCache));
            } catch (EpcisException ex) {
                rejected.add(new Rejected(en.index(), en.event().eventId(), ex.code(), ex.getMessage()));
            }
        }
        if (mode == Mode.ATOMIC && !rejected.isEmpty()) {
            return new Result(entries.size(), List.of(), List.of(), rejected, false);
        }
        List<String> recorded = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        String party = party(p);
        for (Checked c : ok) {
            if (!store.claim(c.event(), c.owner(), p.userId(), now)) {
                duplicates.add(c.event().eventId());
                continue;
            }
            apply(c, party);
            store.ownerDay(c.owner(), LocalDate.ofInstant(c.event().eventTime(), ZoneOffset.UTC), c.event());
            recorded.add(c.event().eventId());
        }
        return new Result(entries.size(), recorded, duplicates, rejected, true);
    }

    static String party(Principal p) {
        return p.licenseeId().orElse("regulator:" + p.userId());
    }

    private Checked check(Principal p, int index, EpcisEvent e, Instant now, Map<Integer, Optional<Batch>> cache) {
        if (e.eventTime().isAfter(now.plus(CLOCK_SKEW))) {
            throw new EpcisException("TIME_IN_FUTURE", "eventTime " + e.eventTime() + " is in the future (server time " + now
                    + ", tolerance " + CLOCK_SKEW.toMinutes() + " min); send events after they happen");
        }
        Map<String, UnitRef> refs = new HashMap<>();
        String owner = null;
        for (String epc : e.allEpcs()) {
            UnitRef u = epcs.parse(epc);
            Batch b = cache.computeIfAbsent(u.batchId(), batches::batch).orElse(null);
            if (b == null || !store.markExists(u)) {
                throw new EpcisException("UNKNOWN_MARK", "EPC " + u.urn() + " names no issued mark; check the code");
            }
            if (p.role() == Role.MANUFACTURER && !partners.mayRecordFor(p.licenseeId().orElseThrow(), b.licenseeId())) {
                throw new EpcisException("NOT_YOUR_MARK", "mark " + u.urn() + " belongs to licensee " + b.licenseeId()
                        + ", which has not declared " + p.licenseeId().orElseThrow() + " as a partner");
            }
            if (e.eventTime().isBefore(b.createdAt().minus(CLOCK_SKEW))) {
                throw new EpcisException("TIME_BEFORE_ISSUE", "eventTime " + e.eventTime() + " is before batch " + b.batchId()
                        + " was ordered (" + b.createdAt() + "); check the event's clock");
            }
            refs.put(epc, u);
            owner = owner == null ? b.licenseeId() : owner;
        }
        if (e.type() == EpcisEvent.Type.AggregationEvent && e.childEpcs().contains(e.parentId())) {
            throw new EpcisException("MALFORMED_EVENT", "parentID " + e.parentId() + " is listed among its own childEPCs");
        }
        return new Checked(index, e, refs, owner);
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
