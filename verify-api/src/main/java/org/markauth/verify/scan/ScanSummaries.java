package org.markauth.verify.scan;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * written codes). Losing it costs writes, never evidence: a forgotten code is written again at its
 * next scan. A flush that Cassandra refused calls {@link #forget} for its codes, so their replay
 * counts as new again and is written. A process that dies holds back at most {@code interval} of
 * a code's non-exceptional scans from its summary (they are in the log, and in Redis's counters):
 * the summary is a durable lower bound, the log the exact record. Not thread-safe: one writer.
 */
final class ScanSummaries {

    static final int MAX_PLACES = 32;
    static final int MAX_CODES = 200_000;

    /** A code of the registry (only identified scans have a summary). */
    record Code(int batchId, long serial) {
    }

    /** One summary row to write: the latest scan, and what the flush adds. */
    record Update(Code code, ScanRecord latest, long scans, long clients, java.time.Instant firstAt, String firstPlace,
                  Map<String, UUID> places, String prevVerdict, UUID verdictChangedAt) {
    }

    /** What this instance last wrote for a code, and the scans held back since. */
    private static final class Seen {
        long writtenAt;
        String verdict;
        final Set<String> places = new HashSet<>();
        List<ScanRecord> held;   // scans not written yet: the interval had not passed
        boolean queued;
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
                byCode.computeIfAbsent(new Code(r.batchId(), r.serial()), k -> new ArrayList<>()).add(r);
            }
        }
        List<Update> out = new ArrayList<>();
        for (Map.Entry<Code, List<ScanRecord>> e : byCode.entrySet()) {
            Code code = e.getKey();
            List<ScanRecord> recs = e.getValue();
            Seen s = seen.get(code);
            if (s == null || exceptional(s, recs) || nowMillis - s.writtenAt >= intervalMillis) {
                out.add(write(code, s, recs, nowMillis));
            } else {
                if (s.held == null) {
                    s.held = new ArrayList<>();
                }
                s.held.addAll(recs);
                if (!s.queued) {
                    s.queued = true;
                    due.add(code);
                }
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
                    out.add(write(code, s, List.of(), nowMillis));
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

    private Update write(Code code, Seen s, List<ScanRecord> recs, long nowMillis) {
        List<ScanRecord> all = new ArrayList<>(recs.size() + (s == null || s.held == null ? 0 : s.held.size()));
        if (s != null && s.held != null) {
            all.addAll(s.held);
        }
        all.addAll(recs);
        all.sort((a, b) -> Long.compare(a.at().timestamp(), b.at().timestamp()));
        if (s == null) {
            s = new Seen();
            seen.put(code, s);
        }
        String verdict = s.verdict;
        String prev = null;
        UUID changedAt = null;
        Map<String, UUID> places = new HashMap<>();
        ScanRecord counts = null;
        ScanRecord first = null;
        for (ScanRecord r : all) {
            if (verdict != null && !verdict.equals(r.verdict())) {
                prev = verdict;
                changedAt = r.at();
            }
            verdict = r.verdict();
            if (s.places.contains(r.place()) || s.places.size() < MAX_PLACES) {
                s.places.add(r.place());
                places.put(r.place(), r.at());
            }
            if (r.scans() > 0 && (counts == null || r.scans() >= counts.scans())) {
                counts = r;
            }
            if (first == null && r.firstAt() != null) {
                first = r;
            }
        }
        s.verdict = verdict;
        s.writtenAt = nowMillis;
        s.held = null;
        ScanRecord latest = all.get(all.size() - 1);
        return new Update(code, latest, counts == null ? 0 : counts.scans(), counts == null ? 0 : counts.clients(),
                first == null ? null : first.firstAt(), first == null ? null : first.firstPlace(), places, prev, changedAt);
    }
}
