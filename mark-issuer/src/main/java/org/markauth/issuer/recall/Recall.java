package org.markauth.issuer.recall;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A recall of one batch or of every batch of a product's lot, with the notice shown to anyone who scans a unit. */
public record Recall(UUID recallId, int productId, String lot, List<Integer> batchIds, String licenseeId, String reason,
                     String notice, Instant recalledAt, String recalledBy) {

    public static final int MAX_REASON = 500;
    public static final int MAX_NOTICE = 2000;

    public Recall {
        Objects.requireNonNull(recallId, "recallId");
        Objects.requireNonNull(recalledAt, "recalledAt");
        batchIds = List.copyOf(batchIds);
        if (batchIds.isEmpty()) {
            throw new IllegalArgumentException("a recall covers at least one batch");
        }
        requireText("reason", reason, MAX_REASON);
        requireText("notice", notice, MAX_NOTICE);
    }

    static void requireText(String field, String v, int max) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " is required for a recall (the " + field
                    + " is kept in the record and the notice is shown to consumers)");
        }
        if (v.length() > max) {
            throw new IllegalArgumentException(field + " is " + v.length() + " characters; at most " + max);
        }
    }
}
