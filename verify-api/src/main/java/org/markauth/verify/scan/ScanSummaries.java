package org.markauth.verify.scan;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides which codes' summary rows ({@code scan_summaries}, V013) a flush writes: by exception, not
 * per scan. A code's row is written when this instance sees, for the code, its first scan here, a
 * place it has not seen (up to {@value #MAX_PLACES}), a new distinct client, or a verdict that
 * differs from the last; otherwise its latest scan waits and is written once {@code interval} has
 * passed since the code's last write (at the first flush after that). At most one row per code
 * per flush, carrying the code's latest scan and the places of the flush.
 *
 * <p>The state is this instance's memory of what it wrote (the {@value #MAX_CODES} most recently
 * scanned codes, each with an aggregate of its held-back scans, never the scans themselves: a few
 * hundred bytes a code). Losing it costs writes, never evidence: a forgotten code is written again
 * at its next scan (a code evicted with held-back scans loses them from its summary, not the log). A flush that Cassandra refused calls {@link #forget} for its codes, so their replay
 * counts as new again and is written. A process that dies holds back at most {@code interval} of
 * a code's non-exceptional scans from its summary (they are in the log, and in Redis's counters):
 * the summary is a durable lower bound, the log the exact record. Not thread-safe: one writer.
 */
final class ScanSummaries {

    static final int MAX_PLACES = 32;
    static final int MAX_CODES = 50_000;

    /** A code of the registry (only identified scans have a summary). */
    record Code(int batchId, long serial) {
    }

    /** One summary row to write: the latest scan, and what the flush adds. */
    record Update(Code code, ScanRecord latest, long scans, long clients, java.time.Instant firstAt, String firstPlace,
                  Map<String, UUID> places, String prevVerdict, UUID verdictChangedAt) {
    }

    /** What this instance last wrote for a code, and what its scans held back since add up to. */
    private static final class Seen {
        long writtenAt;
        String verdict;
        final List<String> places = new ArrayList<>(2);
        Pending held;   // scans not written yet: the interval had not passed
        boolean queued;
    }

    /**
     * Scans of a code folded into what its summary row needs (never the scans themselves, so a code
     * scanned a thousand times between two writes holds one of these): the latest scan, the highest
     * shared counts, the first scan known, the places and the last verdict change.
     */
    private static final class Pending {
        ScanRecord latest;
        long scans;
        long clients;
        java.time.Instant firstAt;
        String firstPlace;
        final Map<String, UUID> places = new HashMap<>(4);
        String verdict;
        String prevVerdict;
        UUID changedAt;

        Pending(String verdict) {
            this.verdict = verdict;
        }

        /** Adds a scan; places beyond what {@code known} and the cap allow are left out. */
        void add(ScanRecord r, List<String> known) {
            if (latest == null || r.at().timestamp() >= latest.at().timestamp()) {
                if (verdict != null && !verdict.equals(r.verdict())) {
                    prevVerdict = verdict;
                    changedAt = r.at();
                }
                verdict = r.verdict();
                latest = r;
            }
            if (r.scans() > scans) {
                scans = r.scans();
                clients = r.clients();
            }
            if (firstAt == null && r.firstAt() != null) {
                firstAt = r.firstAt();
                firstPlace = r.firstPlace();
            }
            String place = r.place();
            if (known.contains(place) || known.size() < MAX_PLACES) {
                if (!known.contains(place)) {
                    known.add(place);
                }
                places.merge(place, r.at(), (a, b) -> a.timestamp() >= b.timestamp() ? a : b);
            }
        }
    }

    private final long intervalMillis;
    private final Map<Code, Seen> seen = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Code, Seen> eldest) {
            return size() > MAX_CODES;
        }
    };
    private final ArrayDeque<Code> due = new ArrayDeque<>();

    ScanSummaries(Duration interval) {
        this.intervalMillis = interval.toMillis();
    }

    /** The summary rows this flush writes, given its records (any order) and the time now. */
    List<Update> decide(List<ScanRecord> records, long nowMillis) {
        Map<Code, List<ScanRecord>> byCode = new LinkedHashMap<>();
        for (ScanRecord r : records) {
            if (r.batchId() != null) {
                byCode.computeIfAbsent(new Code(r.batchId(), r.serial()), k -> new ArrayList<>(2)).add(r);
            }
        }
        List<Update> out = new ArrayList<>();
        for (Map.Entry<Code, List<ScanRecord>> e : byCode.entrySet()) {
            Code code = e.getKey();
            List<ScanRecord> recs = e.getValue();
            recs.sort((a, b) -> Long.compare(a.at().timestamp(), b.at().timestamp()));
            Seen s = seen.get(code);
            boolean write = s == null || exceptional(s, recs) || nowMillis - s.writtenAt >= intervalMillis;
            if (s == null) {
                s = new Seen();
                seen.put(code, s);
            }
            if (s.held == null) {
                s.held = new Pending(s.verdict);
            }
            for (ScanRecord r : recs) {
                s.held.add(r, s.places);
            }
            if (write) {
                out.add(write(code, s, nowMillis));
            } else if (!s.queued) {
                s.queued = true;
                due.add(code);
            }
        }
        // the codes whose held-back scans are due, oldest first; those written meanwhile are skipped
        while (!due.isEmpty()) {
            Code code = due.peek();
            Seen s = seen.get(code);
            if (s != null && s.held != null && nowMillis - s.writtenAt < intervalMillis) {
                break;
            }
            due.poll();
            if (s != null) {
                s.queued = false;
                if (s.held != null) {
                    out.add(write(code, s, nowMillis));
                }
            }
        }
        return out;
    }

    /** The flush with these codes failed: their replay is written as if they were new here. */
    void forget(Collection<Code> codes) {
        codes.forEach(seen::remove);
    }

    /** Codes this instance remembers (for tests and metrics). */
    int remembered() {
        return seen.size();
    }

    private static boolean exceptional(Seen s, List<ScanRecord> recs) {
        for (ScanRecord r : recs) {
            if (r.newClient() || !r.verdict().equals(s.verdict)
                    || (!s.places.contains(r.place()) && s.places.size() < MAX_PLACES)) {
                return true;
            }
        }
        return false;
    }

    private static Update write(Code code, Seen s, long nowMillis) {
        Pending p = s.held;
        s.held = null;
        s.verdict = p.verdict;
        s.writtenAt = nowMillis;
        return new Update(code, p.latest, p.scans, p.clients, p.firstAt, p.firstPlace, Map.copyOf(p.places), p.prevVerdict,
                p.changedAt);
    }
}
