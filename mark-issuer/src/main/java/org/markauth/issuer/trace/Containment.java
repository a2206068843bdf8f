package org.markauth.issuer.trace;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What held what, and when, read from the aggregation history rather than from the current
 * contents, so that an event captured late (its time earlier than a packing or unpacking captured
 * before it) applies to what a case held at the event's time.
 *
 * <p>An item's container at a time is the replay, in event-time order, of the packings and
 * unpackings it took part in as a child (its own path, {@code events_by_unit}, one partition): ADD
 * puts it into the parent (leaving any other), DELETE takes it out of that parent and only that
 * one. A container's contents at a time are the items its packings listed up to then
 * ({@code aggregation_history}, one partition) whose own replay puts them in it then, which also
 * covers a unit re-packed into another case without being unpacked from the first. The cost is one
 * small partition read per candidate, next to the one write per unit an event on a case already
 * makes. Calls block on Cassandra.
 */
final class Containment {

    /** The container an item is in: its ref, its EPC as the packing named it, since when and by which event. */
    record Holder(UnitRef ref, String epc, Instant since, String eventId) {
    }

    /** No upper bound on event time: the state after every recorded packing and unpacking. */
    static final Instant NOW_AND_LATER = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final TraceStore store;
    private final Epcs epcs;

    Containment(TraceStore store, Epcs epcs) {
        this.store = store;
        this.epcs = epcs;
    }

    /** The container {@code item} was in at {@code at} (inclusive); {@link #NOW_AND_LATER} for the current one. */
    Optional<Holder> containerAt(UnitRef item, Instant at) {
        Holder in = null;
        for (TraceStore.Membership m : store.memberships(item, at)) {
            UnitRef parent = epcs.parse(m.parentEpc());
            if ("ADD".equals(m.action())) {
                in = new Holder(parent, m.parentEpc(), m.at(), m.eventId());
            } else if ("DELETE".equals(m.action()) && in != null && in.ref().equals(parent)) {
                in = null;
            }
        }
        return Optional.ofNullable(in);
    }

    /** What {@code container} held directly at {@code at}: each item with its EPC as the packing named it. */
    Map<UnitRef, String> childrenAt(UnitRef container, Instant at) {
        Map<UnitRef, String> candidates = new LinkedHashMap<>();
        for (TraceStore.Packing p : store.packings(container, at)) {
            if ("ADD".equals(p.action())) {
                p.childEpcs().forEach(epc -> candidates.putIfAbsent(epcs.parse(epc), epc));
            }
        }
        Map<UnitRef, String> inside = new LinkedHashMap<>();
        candidates.forEach((ref, epc) -> {
            if (containerAt(ref, at).map(h -> h.ref().equals(container)).orElse(false)) {
                inside.put(ref, epc);
            }
        });
        return inside;
    }

    /**
     * Everything {@code container} held at {@code at}, recursively (pallet → case → unit, at most
     * {@link Capture#MAX_DEPTH} levels): each item with the EPC of the container it was directly in.
     */
    Map<UnitRef, String> heldAt(UnitRef container, String epc, Instant at) {
        Map<UnitRef, String> out = new HashMap<>();
        record Level(UnitRef ref, String epc, int depth) {
        }
        Deque<Level> todo = new ArrayDeque<>();
        todo.add(new Level(container, epc, 0));
        while (!todo.isEmpty()) {
            Level l = todo.poll();
            if (l.depth() >= Capture.MAX_DEPTH) {
                continue;
            }
            for (Map.Entry<UnitRef, String> ch : childrenAt(l.ref(), at).entrySet()) {
                if (out.size() >= Capture.MAX_EXPANDED) {
                    throw new IllegalStateException("container " + epc + " holds more than " + Capture.MAX_EXPANDED + " units");
                }
                if (out.putIfAbsent(ch.getKey(), l.epc()) == null) {
                    todo.add(new Level(ch.getKey(), ch.getValue(), l.depth() + 1));
                }
            }
        }
        return out;
    }
}
