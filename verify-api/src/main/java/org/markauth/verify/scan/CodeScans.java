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
 * holder answers {@code null} and every scan asks Redis.
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

    private PriorScans shared;
    private long sharedAt;
    private Pending sending;
    private Pending made;
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
        if (sharedAt < staleBefore || (!known.contains(client) && known.size() >= MAX_KNOWN)) {
            return null;
        }
        boolean repeat = !known.add(client);
        PriorScans prior = view().withRepeat(repeat);
        made = Pending.merge(made, Pending.of(at, cell, region, repeat ? null : client));
        return prior;
    }

    private PriorScans view() {
        Pending here = Pending.merge(sending, made);
        if (here == null) {
            return shared;
        }
        boolean noFirst = shared.count() == 0 || shared.firstAt() == null;
        boolean localLast = shared.lastAt() == null || !here.lastAt().isBefore(shared.lastAt());
        return new PriorScans(true, shared.count() + here.count(), noFirst ? here.firstAt() : shared.firstAt(),
                noFirst ? here.firstPlace() : shared.firstPlace(), localLast ? here.lastAt() : shared.lastAt(),
                localLast ? here.lastCell() : shared.lastCell(), localLast ? here.lastRegion() : shared.lastRegion(),
                shared.clients() + here.clients().size(), false);
    }

    /** Hands over the scans not yet sent (null when none); they still count until {@link #synced}. */
    synchronized Pending take() {
        Pending p = made;
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
        made = Pending.merge(sending, made);
        sending = null;
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
