package org.markauth.issuer.trace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who holds a marked item (a unit, case or pallet) per the trace, and whether a declared partner
 * may record an event on it. The licensee holds its marks until a custody step moves them; the
 * steps, read from the item's own path ({@code events_by_unit}, which also holds the events on the
 * cases and pallets it was in at their time), are:
 * <ul>
 * <li>{@code shipping} or {@code returning}: in transit from the sender to the party its
 *     {@code destinationList} names ({@link #destination}); nobody may act on it but the receiver;</li>
 * <li>{@code receiving} or {@code accepting}: held by the sender; {@code void_shipping}: back with
 *     the sender (the shipper cancelling its shipment);</li>
 * <li>{@code retail_selling}, {@code dispensing} or disposition {@code retail_sold}/{@code sold}:
 *     sold to a consumer; decommissioning, destroying or disposition {@code destroyed}/{@code disposed}:
 *     out of circulation. After either no partner holds it.</li>
 * </ul>
 * A partner may record an event at time T on an item only when the steps up to T leave it held by
 * that partner ({@code receiving}/{@code accepting}: in transit to it, or already held by it;
 * {@code void_shipping}: in transit from it) and no custody step of the item is recorded after T —
 * a party that passed a unit on cannot reach back to a time it held it. Every other party's event
 * is not checked here (the licensee keeps full rights over its own marks; see {@link Capture}).
 *
 * <p>Events of one document are checked in document order, each seeing the steps and packings of
 * the ones accepted before it ({@link Pending}), since nothing is written before the whole document
 * is checked. Cost: one partition read of the item's path, plus one per enclosing case or pallet
 * when the document itself moved something, plus one event body when the last step is a shipment.
 * Rows of events declared in error (EPCIS 2.0 section 7.4.1.2, {@code events_by_unit.declared}) are
 * not custody steps. Calls block on Cassandra.
 */
final class Custody {

    /** Where an item is after its last custody step. */
    enum Kind { HELD, IN_TRANSIT, SOLD, OUT }

    /** The programme's party id in a source or destination: {@code urn:markauth:party:<licensee id>}. */
    static final String PARTY_PREFIX = "urn:markauth:party:";
    static final String LOCATION_PREFIX = "urn:markauth:loc:";

    /**
     * An item's custody: {@code party} holds it (HELD), shipped it (IN_TRANSIT, to {@code to}, null
     * when the destination names no programme party), sold it (SOLD) or took it out (OUT);
     * {@code since} and {@code step} are null when no custody step was ever recorded.
     */
    record Holding(Kind kind, String party, String to, Instant since, String step) {

        boolean heldBy(String p) {
            return kind == Kind.HELD && p.equals(party);
        }

        String describe() {
            return switch (kind) {
                case HELD -> since == null ? "it is held by " + party + " (no shipment recorded)"
                        : "it is held by " + party + " since " + since + " (" + step + ")";
                case IN_TRANSIT -> "it is in transit from " + party + " to " + (to == null ? "a destination outside the programme" : to)
                        + " since " + since + " (" + step + ")";
                case SOLD -> "it was sold by " + party + " at " + since;
                case OUT -> "it was taken out of circulation by " + party + " at " + since + " (" + step + ")";
            };
        }
    }

    /** One custody step; {@code destination} is known for pending steps and read on demand for recorded ones. */
    record Step(Instant at, String eventId, Kind kind, String party, String bizStep, String disposition, String destination,
                boolean recorded) {

        String name() {
            return bizStep != null ? bizStep : "disposition " + disposition;
        }
    }

    /** Custody of an item at an event's time, and the first custody step recorded after that time (or null). */
    record Position(Holding at, Step later) {
    }

    /** The custody steps and packings accepted earlier in the same document, not yet written. */
    static final class Pending {
        private final Map<UnitRef, List<Step>> steps = new HashMap<>();
        private final Map<UnitRef, List<TraceStore.Membership>> packings = new HashMap<>();
        private final Map<UnitRef, List<Instant>> emptied = new HashMap<>();
        /** Destinations of recorded shipments read in this call (a case's shipment is every unit's last step). */
        private final Map<String, Optional<String>> destinations = new HashMap<>();

        void add(EpcisEvent e, Map<String, UnitRef> refs, String party) {
            Kind k = kindOf(e.bizStep(), e.disposition());
            List<String> named = e.type() == EpcisEvent.Type.ObjectEvent ? e.epcList() : e.allEpcs();
            if (k != null) {
                Step s = new Step(e.eventTime(), e.hash(), k, party, e.bizStep(), e.disposition(), destination(e.body()), false);
                named.stream().filter(refs::containsKey)
                        .forEach(epc -> steps.computeIfAbsent(refs.get(epc), x -> new ArrayList<>()).add(s));
            }
            if (e.type() == EpcisEvent.Type.AggregationEvent && e.action() != EpcisEvent.Action.OBSERVE && e.parentId() != null) {
                if (e.action() == EpcisEvent.Action.DELETE && e.childEpcs().isEmpty() && e.quantities().isEmpty()) {
                    emptied.computeIfAbsent(refs.get(e.parentId()), x -> new ArrayList<>()).add(e.eventTime());
                }
                for (String child : e.childEpcs()) {
                    packings.computeIfAbsent(refs.get(child), x -> new ArrayList<>())
                            .add(new TraceStore.Membership(e.eventTime(), e.hash(), e.action().name(), e.parentId()));
                }
            }
        }

        boolean isEmpty() {
            return steps.isEmpty() && packings.isEmpty();
        }
    }

    private final TraceStore store;
    private final Epcs epcs;

    Custody(TraceStore store, Epcs epcs) {
        this.store = store;
        this.epcs = epcs;
    }

    /** The custody step a (bizStep, disposition) pair is, or null when it moves nothing. */
    static Kind kindOf(String bizStep, String disposition) {
        if (Capture.decommissions(bizStep, disposition)) {
            return Kind.OUT;
        }
        if ("retail_selling".equals(bizStep) || "dispensing".equals(bizStep) || "retail_sold".equals(disposition)
                || "sold".equals(disposition)) {
            return Kind.SOLD;
        }
        if ("shipping".equals(bizStep) || "returning".equals(bizStep)) {
            return Kind.IN_TRANSIT;
        }
        if ("receiving".equals(bizStep) || "accepting".equals(bizStep) || "void_shipping".equals(bizStep)) {
            return Kind.HELD;
        }
        return null;
    }

    /**
     * The programme party an event's {@code destinationList} sends to: the entry of type
     * {@code possessing_party}, else {@code owning_party}, else {@code location} (CBV 2.0 source/
     * destination types, as bare words, URNs or web URIs), read as {@code urn:markauth:party:<id>}
     * or a location {@code urn:markauth:loc:<id>:<site>}. Null when there is none or it names no
     * programme party (a GLN, say). A list that is not an array of {type, destination} strings is
     * refused (MALFORMED_EVENT).
     */
    static String destination(JsonObject body) {
        Object v = body.getValue("destinationList");
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonArray list)) {
            throw malformed();
        }
        Map<String, String> byType = new HashMap<>();
        for (Object o : list) {
            if (!(o instanceof JsonObject d) || !(d.getValue("type") instanceof String type)
                    || !(d.getValue("destination") instanceof String id)) {
                throw malformed();
            }
            byType.putIfAbsent(sdt(type), id);
        }
        for (String type : List.of("possessing_party", "owning_party", "location")) {
            String id = byType.get(type);
            if (id != null) {
                return party(id);
            }
        }
        return null;
    }

    private static EpcisException malformed() {
        return new EpcisException("MALFORMED_EVENT", "destinationList must be an array of {\"type\": \"possessing_party\", "
                + "\"destination\": \"" + PARTY_PREFIX + "<licensee id>\"} objects");
    }

    private static String sdt(String type) {
        String t = type.startsWith("urn:epcglobal:cbv:sdt:") ? type.substring("urn:epcglobal:cbv:sdt:".length())
                : type.startsWith("https://ns.gs1.org/cbv/SDT-") ? type.substring("https://ns.gs1.org/cbv/SDT-".length()) : type;
        return t.toLowerCase(Locale.ROOT);
    }

    /** The licensee id in a party or location id of the programme, or null. */
    static String party(String id) {
        if (id.startsWith(PARTY_PREFIX) && id.length() > PARTY_PREFIX.length()) {
            return id.substring(PARTY_PREFIX.length());
        }
        if (id.startsWith(LOCATION_PREFIX)) {
            String rest = id.substring(LOCATION_PREFIX.length());
            int colon = rest.indexOf(':');
            return colon > 0 ? rest.substring(0, colon) : null;
        }
        return null;
    }

    /**
     * Refuses (NOT_IN_CUSTODY, NOT_SHIPPED_TO_PARTNER) event {@code e} of {@code partner} on
     * {@code item} (named {@code epc} in the event), a mark of {@code owner}, unless the partner
     * holds it per the rules above.
     */
    void requireHeld(String partner, String owner, UnitRef item, String epc, EpcisEvent e, Pending pending) {
        Position pos = position(item, owner, e.eventTime(), e.hash(), pending);
        String mark = "mark " + item.urn() + (epc.equals(item.urn()) ? "" : " (" + shorten(epc) + ")");
        if (pos.later() != null) {
            Step l = pos.later();
            throw new EpcisException("NOT_IN_CUSTODY", mark + " moved on after this event's time " + e.eventTime() + ": "
                    + l.name() + " by " + l.party() + " at " + l.at() + "; a partner records events only while it holds the unit "
                    + "(ask licensee " + owner + " to record this one)");
        }
        Holding h = pos.at();
        String step = e.bizStep() == null ? "" : e.bizStep();
        if ("receiving".equals(step) || "accepting".equals(step)) {
            if (!(h.kind() == Kind.IN_TRANSIT && partner.equals(h.to())) && !h.heldBy(partner)) {
                throw new EpcisException("NOT_SHIPPED_TO_PARTNER", mark + " was not shipped to partner " + partner + ": "
                        + h.describe() + "; a partner receives what was shipped to it, the shipping event naming it in "
                        + "destinationList (possessing_party " + PARTY_PREFIX + partner + ")");
            }
        } else if ("void_shipping".equals(step)) {
            if (!(h.kind() == Kind.IN_TRANSIT && partner.equals(h.party()))) {
                throw new EpcisException("NOT_IN_CUSTODY", mark + " is not in a shipment of partner " + partner + ": " + h.describe());
            }
        } else if (!h.heldBy(partner)) {
            throw new EpcisException("NOT_IN_CUSTODY", mark + " is not held by partner " + partner + " at " + e.eventTime()
                    + ": " + h.describe());
        }
    }

    /**
     * Custody of {@code item} (a mark of {@code owner}) at {@code at}, from its recorded path
     * without event {@code excludeEventId} and the pending steps of the document.
     */
    Position position(UnitRef item, String owner, Instant at, String excludeEventId, Pending pending) {
        List<TraceStore.UnitEvent> path = store.unitEvents(item);
        List<Step> steps = new ArrayList<>();
        for (TraceStore.UnitEvent r : path) {
            Kind k = kindOf(r.bizStep(), r.disposition());
            if (k != null && !r.declared() && !r.eventId().equals(excludeEventId)) {
                steps.add(new Step(r.eventTime(), r.eventId(), k, r.party(), r.bizStep(), r.disposition(), null, true));
            }
        }
        if (!pending.isEmpty()) {
            collectPending(item, path, Instant.MIN, at, 0, excludeEventId, pending, steps);
        }
        steps.sort(Comparator.comparing(Step::at));
        Step last = null;
        Step later = null;
        for (Step s : steps) {
            if (!s.at().isAfter(at)) {
                last = s;
            } else if (later == null) {
                later = s;
            }
        }
        return new Position(last == null ? new Holding(Kind.HELD, owner, null, null, null) : after(last, pending), later);
    }

    private Holding after(Step s, Pending pending) {
        String to = null;
        if (s.kind() == Kind.IN_TRANSIT) {
            to = !s.recorded() ? s.destination() : pending.destinations.computeIfAbsent(s.eventId(),
                    id -> store.body(id).map(Custody::destinationOrNull)).orElse(null);
        }
        return new Holding(s.kind(), s.party(), to, s.at(), s.name());
    }

    /** {@link #destination}, with a malformed list (recorded before destinations were read) naming nobody. */
    static String destinationOrNull(JsonObject body) {
        try {
            return destination(body);
        } catch (EpcisException e) {
            return null;
        }
    }

    /** A stay of an item in a container, from {@code since} to {@code until} (inclusive). */
    private record Stay(UnitRef container, Instant since, Instant until) {
    }

    /**
     * Adds the document's pending steps on {@code level} between {@code from} and {@code to}, and
     * those on each case or pallet it stayed in then, for the time it stayed there (the steps of
     * what held an item reached the item).
     */
    private void collectPending(UnitRef level, List<TraceStore.UnitEvent> path, Instant from, Instant to, int depth,
                                String excludeEventId, Pending pending, List<Step> out) {
        pending.steps.getOrDefault(level, List.of()).stream()
                .filter(s -> !s.eventId().equals(excludeEventId) && !s.at().isBefore(from) && !s.at().isAfter(to))
                .forEach(out::add);
        if (depth >= Capture.MAX_DEPTH) {
            return;
        }
        for (Stay stay : stays(level, path, to, pending)) {
            Instant f = stay.since().isAfter(from) ? stay.since() : from;
            Instant t = stay.until().isBefore(to) ? stay.until() : to;
            if (!f.isAfter(t)) {
                collectPending(stay.container(), store.unitEvents(stay.container()), f, t, depth + 1, excludeEventId, pending, out);
            }
        }
    }

    /** The containers an item stayed in up to {@code upTo}: the replay of its recorded packings and the document's pending ones. */
    private List<Stay> stays(UnitRef item, List<TraceStore.UnitEvent> path, Instant upTo, Pending pending) {
        List<TraceStore.Membership> ms = new ArrayList<>();
        for (TraceStore.UnitEvent r : path) {
            if ("AggregationEvent".equals(r.eventType()) && r.viaParent() != null && !r.declared() && !r.eventTime().isAfter(upTo)) {
                ms.add(new TraceStore.Membership(r.eventTime(), r.eventId(), r.action(), r.viaParent()));
            }
        }
        pending.packings.getOrDefault(item, List.of()).stream().filter(m -> !m.at().isAfter(upTo)).forEach(ms::add);
        ms.sort(Comparator.comparing(TraceStore.Membership::at));
        List<Stay> out = new ArrayList<>();
        UnitRef in = null;
        Instant since = null;
        for (TraceStore.Membership m : ms) {
            UnitRef parent = epcs.parse(m.parentEpc());
            if ("ADD".equals(m.action())) {
                if (in != null) {
                    out.add(stay(in, since, m.at(), pending));
                }
                in = parent;
                since = m.at();
            } else if ("DELETE".equals(m.action()) && parent.equals(in)) {
                out.add(stay(in, since, m.at(), pending));
                in = null;
            }
        }
        if (in != null) {
            out.add(stay(in, since, upTo, pending));
        }
        return out;
    }

    /** A stay, cut short by a pending unpacking of the whole container (DELETE without childEPCs). */
    private static Stay stay(UnitRef container, Instant since, Instant until, Pending pending) {
        Instant end = until;
        for (Instant t : pending.emptied.getOrDefault(container, List.of())) {
            if (!t.isBefore(since) && t.isBefore(end)) {
                end = t;
            }
        }
        return new Stay(container, since, end);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
