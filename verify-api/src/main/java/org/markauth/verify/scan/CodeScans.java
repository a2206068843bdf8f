package org.markauth.verify.scan;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * One code's scan counters as this instance holds them (see {@link ScanCounters}): the shared
 * values from Redis as of the last call, the scans made here that a sync is adding to Redis right
 * now, and those made since. What the rules see is the sum of the three, so a scan is counted from
 * the moment it is made until Redis's answer includes it. Called from any event loop, hence
 * synchronized (a lock per code, practically never contended).
 *
 * <p>Clients: the holder remembers which clients (keyed hashes, see {@link ClientHasher}) it has
 * seen scan the code, up to {@value #MAX_KNOWN}; a scan by one of them adds no distinct client. A
 * client new here but already counted by another instance is counted once too many until the next
 * sync, when Redis's HyperLogLog answers the true number. Past {@value #MAX_KNOWN} clients the
 * holder remembers no more: a client it does not remember counts as new until the next sync brings
 * Redis's number back (far past any rule's threshold, and a cloned code's storm then costs no
 * Redis call per scan).
 *
 * <p>The scans made here are tallied in place (a scan adds to counters, it does not build a new
 * value); {@link #take} hands them over as one {@link Pending}.
 */
final class CodeScans {

    static final int MAX_KNOWN = 512;

    /** Scans made here and not yet in Redis: how many, the first and the last, the clients new here. */
    record Pending(long count, Instant firstAt, String firstPlace, Instant lastAt, String lastCell, String lastRegion,
                   Set<String> clients) {

        static Pending of(Instant at, String cell, String region, String newClient) {
            return new Pending(1, at, place(cell, region), at, cell, region,
                    newClient == null ? Set.of() : Set.of(newClient));
        }

        /** Both together; either may be null. */
        static Pending merge(Pending a, Pending b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            Pending first = b.firstAt().isBefore(a.firstAt()) ? b : a;
            Pending last = b.lastAt().isBefore(a.lastAt()) ? a : b;
            Set<String> clients = new HashSet<>(a.clients());
            clients.addAll(b.clients());
            return new Pending(a.count() + b.count(), first.firstAt(), first.firstPlace(), last.lastAt(), last.lastCell(),
                    last.lastRegion(), Set.copyOf(clients));
        }
    }

    /** Scans made here since the last {@link #take}, tallied in place. */
    private static final class Tally {
        long count;
        Instant firstAt;
        String firstPlace;
        Instant lastAt;
        String lastCell;
        String lastRegion;
        final Set<String> clients = new HashSet<>();

        void add(Instant at, String cell, String region, String newClient) {
            if (count == 0 || at.isBefore(firstAt)) {
                firstAt = at;
                firstPlace = place(cell, region);
            }
            if (count == 0 || !at.isBefore(lastAt)) {
                lastAt = at;
                lastCell = cell;
                lastRegion = region;
            }
            count++;
            if (newClient != null) {
                clients.add(newClient);
            }
        }

        static Tally of(Pending p) {
            Tally t = new Tally();
            t.count = p.count();
            t.firstAt = p.firstAt();
            t.firstPlace = p.firstPlace();
            t.lastAt = p.lastAt();
            t.lastCell = p.lastCell();
            t.lastRegion = p.lastRegion();
            t.clients.addAll(p.clients());
            return t;
        }

        Pending freeze() {
            return new Pending(count, firstAt, firstPlace, lastAt, lastCell, lastRegion, Set.copyOf(clients));
        }
    }

    private PriorScans shared;
    private long sharedAt;
    private Pending sending;
    private Tally made;
    private final Set<String> known = new HashSet<>();

    /** @param client the client of the scan that brought {@code shared} (already counted there), or null */
    CodeScans(PriorScans shared, long sharedAt, String client) {
        this.shared = shared;
        this.sharedAt = sharedAt;
        if (client != null) {
            known.add(client);
        }
    }

    static String place(String cell, String region) {
        return cell != null && !cell.isEmpty() ? cell : region;
    }

    /**
     * Adds a scan made here and returns what was known before it, or {@code null} without adding it
     * when the shared values are older than {@code staleBefore} (epoch millis): then Redis is asked.
     */
    synchronized PriorScans add(Instant at, String cell, String region, String client, long staleBefore) {
        if (sharedAt < staleBefore) {
            return null;
        }
        boolean repeat = known.contains(client);
        if (!repeat && known.size() < MAX_KNOWN) {
            known.add(client);
        }
        PriorScans prior = view().withRepeat(repeat);
        if (made == null) {
            made = new Tally();
        }
        made.add(at, cell, region, repeat ? null : client);
        return prior;
    }

    /** The shared values plus the scans being sent and those made since (as {@code Pending.merge(sending, made)} would). */
    private PriorScans view() {
        Pending s = sending;
        Tally m = made;
        if (s == null && m == null) {
            return shared;
        }
        long count = (s == null ? 0 : s.count()) + (m == null ? 0 : m.count);
        long clients = (s == null ? 0 : s.clients().size()) + (m == null ? 0 : m.clients.size());
        // the earliest first and the latest last of the two (ties: the scans made since)
        boolean firstFromMade = s == null || m != null && m.firstAt.isBefore(s.firstAt());
        Instant hereFirstAt = firstFromMade ? m.firstAt : s.firstAt();
        String hereFirstPlace = firstFromMade ? m.firstPlace : s.firstPlace();
        boolean lastFromSending = m == null || m.lastAt.isBefore(s == null ? m.lastAt : s.lastAt());
        Instant hereLastAt = lastFromSending ? s.lastAt() : m.lastAt;
        String hereLastCell = lastFromSending ? s.lastCell() : m.lastCell;
        String hereLastRegion = lastFromSending ? s.lastRegion() : m.lastRegion;
        boolean noFirst = shared.count() == 0 || shared.firstAt() == null;
        boolean localLast = shared.lastAt() == null || !hereLastAt.isBefore(shared.lastAt());
        return new PriorScans(true, shared.count() + count, noFirst ? hereFirstAt : shared.firstAt(),
                noFirst ? hereFirstPlace : shared.firstPlace(), localLast ? hereLastAt : shared.lastAt(),
                localLast ? hereLastCell : shared.lastCell(), localLast ? hereLastRegion : shared.lastRegion(),
                shared.clients() + clients, false);
    }

    /** Hands over the scans not yet sent (null when none); they still count until {@link #synced}. */
    synchronized Pending take() {
        Pending p = made == null ? null : made.freeze();
        made = null;
        sending = Pending.merge(sending, p);
        return p;
    }

    /** The shared values after Redis added what {@link #take} handed over. */
    synchronized void synced(PriorScans values, long at) {
        shared = values;
        sharedAt = at;
        sending = null;
    }

    /** Redis did not take what was handed over: it is sent again with the next sync. */
    synchronized void restore() {
        Pending back = Pending.merge(sending, made == null ? null : made.freeze());
        sending = null;
        made = back == null ? null : Tally.of(back);
    }

    /** Keeps this holder (and its scans not yet in Redis) with the newer shared values of a holder just made. */
    synchronized CodeScans adopt(CodeScans fresh) {
        known.addAll(fresh.known);
        if (fresh.sharedAt >= sharedAt) {
            shared = fresh.shared;
            sharedAt = fresh.sharedAt;
        }
        return this;
    }
}
