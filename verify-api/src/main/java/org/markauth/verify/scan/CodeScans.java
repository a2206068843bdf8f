package org.markauth.verify.scan;

import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
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
 * <p>Kept in place: a scan, a sync and its answer change this holder's numbers and keep its objects
 * (times as epoch milliseconds, a place or time equal to the one held kept as the instance held). A
 * holder lives as long as its code is scanned, so it is in the collector's old generation, and every
 * new object stored into it is a reference the next young collection must find by scanning the
 * holder's memory: with a new tally, a new {@link Pending} and a new {@link PriorScans} stored per scan
 * and per sync, that scanning was most of G1's pause work under the warm load (docs/performance.md,
 * "ninth session"). {@link #take} hands the scans made here over as one {@link Pending}, made for
 * the call and kept by no one.
 */
final class CodeScans {

    static final int MAX_KNOWN = 512;

    /** Scans made here and not yet in Redis: how many, the first and the last, the clients new here. */
    record Pending(long count, Instant firstAt, String firstPlace, Instant lastAt, String lastCell, String lastRegion,
                   Set<String> clients) {
    }

    /** Scans made here, tallied in place: reset, never replaced. */
    private static final class Tally {
        long count;
        long firstAt;
        String firstPlace;
        long lastAt;
        String lastCell;
        String lastRegion;
        final Set<String> clients = new HashSet<>();

        void add(long at, String cell, String region, String newClient) {
            if (count == 0 || at < firstAt) {
                firstAt = at;
                firstPlace = same(firstPlace, place(cell, region));
            }
            if (count == 0 || at >= lastAt) {
                lastAt = at;
                lastCell = same(lastCell, cell);
                lastRegion = same(lastRegion, region);
            }
            count++;
            if (newClient != null) {
                clients.add(newClient);
            }
        }

        /** Adds {@code o}'s scans to these, as if they had been tallied here (ties: the first stays, the last is {@code o}'s). */
        void absorb(Tally o) {
            if (o.count == 0) {
                return;
            }
            if (count == 0 || o.firstAt < firstAt) {
                firstAt = o.firstAt;
                firstPlace = same(firstPlace, o.firstPlace);
            }
            if (count == 0 || o.lastAt >= lastAt) {
                lastAt = o.lastAt;
                lastCell = same(lastCell, o.lastCell);
                lastRegion = same(lastRegion, o.lastRegion);
            }
            count += o.count;
            clients.addAll(o.clients);
        }

        void reset() {
            count = 0;
            if (!clients.isEmpty()) {
                clients.clear();
            }
        }

        Pending freeze() {
            return new Pending(count, Instant.ofEpochMilli(firstAt), firstPlace, Instant.ofEpochMilli(lastAt), lastCell,
                    lastRegion, Set.copyOf(clients));
        }
    }

    /** The shared values as of the last answer from Redis, in place (lastAt in epoch milliseconds, {@code hasLast} false when none). */
    private boolean sharedKnown;
    private long sharedCount;
    private Instant sharedFirstAt;
    private String sharedFirstPlace;
    private boolean hasLast;
    private long sharedLastAt;
    private String sharedLastCell;
    private String sharedLastRegion;
    private long sharedClients;
    private long sharedAt;
    /** The scans a sync is adding to Redis now, and those made since. */
    private final Tally sending = new Tally();
    private final Tally made = new Tally();
    private final Set<String> known = new HashSet<>();

    /** @param client the client of the scan that brought {@code shared} (already counted there), or null */
    CodeScans(PriorScans shared, long sharedAt, String client) {
        share(shared);
        this.sharedAt = sharedAt;
        if (client != null) {
            known.add(client);
        }
    }

    static String place(String cell, String region) {
        return cell != null && !cell.isEmpty() ? cell : region;
    }

    /** The value held when it equals the new one (no new object stored into an old holder), else the new one. */
    static <T> T same(T held, T value) {
        return Objects.equals(held, value) ? held : value;
    }

    private void share(PriorScans v) {
        sharedKnown = v.known();
        sharedCount = v.count();
        sharedFirstAt = same(sharedFirstAt, v.firstAt());
        sharedFirstPlace = same(sharedFirstPlace, v.firstPlace());
        hasLast = v.lastAt() != null;
        sharedLastAt = hasLast ? v.lastAt().toEpochMilli() : 0;
        sharedLastCell = same(sharedLastCell, v.lastCell());
        sharedLastRegion = same(sharedLastRegion, v.lastRegion());
        sharedClients = v.clients();
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
        PriorScans prior = view(repeat);
        made.add(at.toEpochMilli(), cell, region, repeat ? null : client);
        return prior;
    }

    /** The shared values plus the scans being sent and those made since. */
    private PriorScans view(boolean repeat) {
        Tally s = sending.count == 0 ? null : sending;
        Tally m = made.count == 0 ? null : made;
        if (s == null && m == null) {
            return new PriorScans(sharedKnown, sharedCount, sharedFirstAt, sharedFirstPlace,
                    hasLast ? Instant.ofEpochMilli(sharedLastAt) : null, sharedLastCell, sharedLastRegion, sharedClients, repeat);
        }
        long count = (s == null ? 0 : s.count) + (m == null ? 0 : m.count);
        long clients = (s == null ? 0 : s.clients.size()) + (m == null ? 0 : m.clients.size());
        // the earliest first and the latest last of the two (ties: the first being sent, the last made since)
        Tally first = s == null || m != null && m.firstAt < s.firstAt ? m : s;
        Tally last = m == null || s != null && m.lastAt < s.lastAt ? s : m;
        boolean noFirst = sharedCount == 0 || sharedFirstAt == null;
        boolean localLast = !hasLast || last.lastAt >= sharedLastAt;
        return new PriorScans(true, sharedCount + count, noFirst ? Instant.ofEpochMilli(first.firstAt) : sharedFirstAt,
                noFirst ? first.firstPlace : sharedFirstPlace, Instant.ofEpochMilli(localLast ? last.lastAt : sharedLastAt),
                localLast ? last.lastCell : sharedLastCell, localLast ? last.lastRegion : sharedLastRegion,
                sharedClients + clients, repeat);
    }

    /** Hands over the scans not yet sent (null when none); they still count until {@link #synced}. */
    synchronized Pending take() {
        if (made.count == 0) {
            return null;
        }
        Pending p = made.freeze();
        sending.absorb(made);
        made.reset();
        return p;
    }

    /** The shared values after Redis added what {@link #take} handed over. */
    synchronized void synced(PriorScans values, long at) {
        share(values);
        sharedAt = at;
        sending.reset();
    }

    /** Redis did not take what was handed over: it is sent again with the next sync. */
    synchronized void restore() {
        // the scans made since are the later ones: on ties their last wins, as absorb gives it
        sending.absorb(made);
        made.reset();
        made.absorb(sending);
        sending.reset();
    }

    /** Keeps this holder (and its scans not yet in Redis) with the newer shared values of a holder just made. */
    synchronized CodeScans adopt(CodeScans fresh) {
        known.addAll(fresh.known);
        if (fresh.sharedAt >= sharedAt) {
            sharedKnown = fresh.sharedKnown;
            sharedCount = fresh.sharedCount;
            sharedFirstAt = same(sharedFirstAt, fresh.sharedFirstAt);
            sharedFirstPlace = same(sharedFirstPlace, fresh.sharedFirstPlace);
            hasLast = fresh.hasLast;
            sharedLastAt = fresh.sharedLastAt;
            sharedLastCell = same(sharedLastCell, fresh.sharedLastCell);
            sharedLastRegion = same(sharedLastRegion, fresh.sharedLastRegion);
            sharedClients = fresh.sharedClients;
            sharedAt = fresh.sharedAt;
        }
        return this;
    }
}
