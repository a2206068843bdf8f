package org.markauth.verify.scan;

import java.time.Instant;

/**
 * What the shared counters knew about a code before this scan: how many scans, from how many
 * distinct clients, the first and the last (time and place), and whether this scan's client had
 * scanned the code before ({@code repeatClient}: its scan is no new evidence). {@code known=false}
 * when Redis could not be asked; rules then abstain.
 */
public record PriorScans(boolean known, long count, Instant firstAt, String firstPlace, Instant lastAt,
                         String lastCell, String lastRegion, long clients, boolean repeatClient) {

    public static final PriorScans UNKNOWN = new PriorScans(false, 0, null, null, null, null, null, 0, false);
    public static final PriorScans NONE = new PriorScans(true, 0, null, null, null, null, null, 0, false);

    /** Counters without client evidence: every scan counted as a client of its own. */
    public PriorScans(boolean known, long count, Instant firstAt, String firstPlace, Instant lastAt, String lastCell,
                      String lastRegion) {
        this(known, count, firstAt, firstPlace, lastAt, lastCell, lastRegion, count, false);
    }

    /** Distinct clients once this scan is added: a repeat client adds none. */
    public long clientsWithThis() {
        return clients + (repeatClient ? 0 : 1);
    }

    PriorScans withRepeat(boolean repeat) {
        return new PriorScans(known, count, firstAt, firstPlace, lastAt, lastCell, lastRegion, clients, repeat);
    }
}
