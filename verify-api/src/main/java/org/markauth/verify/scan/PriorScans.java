package org.markauth.verify.scan;

import java.time.Instant;

/**
 * What the shared counters knew about a code before this scan: how many scans, the first and the
 * last (time and place). {@code known=false} when Redis could not be asked; rules then abstain.
 */
public record PriorScans(boolean known, long count, Instant firstAt, String firstPlace, Instant lastAt,
                         String lastCell, String lastRegion) {

    public static final PriorScans UNKNOWN = new PriorScans(false, 0, null, null, null, null, null);
    public static final PriorScans NONE = new PriorScans(true, 0, null, null, null, null, null);
}
