package org.markauth.issuer.recall;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A manufacturer's request that the regulator recall one of its batches ({@code batchId} set) or
 * every batch of a product's lot ({@code batchId} null), with the reason and the notice consumers
 * will read; then the regulator's decision, its note and (approved) the recall it made.
 */
public record RecallRequest(UUID requestId, String licenseeId, int productId, String lot, Integer batchId, String reason,
                            String notice, Status status, Instant requestedAt, String requestedBy, String decidedBy,
                            Instant decidedAt, String note, UUID recallId) {

    public static final int MAX_NOTE = 2000;

    public enum Status { PENDING, APPROVED, REJECTED }

    public RecallRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(status, "status");
        Recall.requireText("reason", reason, Recall.MAX_REASON);
        Recall.requireText("notice", notice, Recall.MAX_NOTICE);
        if (batchId == null && (lot == null || lot.isBlank())) {
            throw new IllegalArgumentException("a recall request names a batch (batchId) or a product's lot (productId and lot)");
        }
        if (note != null && note.length() > MAX_NOTE) {
            throw new IllegalArgumentException("note is " + note.length() + " characters; at most " + MAX_NOTE);
        }
    }

    /** What it asks to recall, as a line of a list: {@code batch 12} or {@code product 3 lot L-7}. */
    public String target() {
        return batchId != null ? "batch " + batchId : "product " + productId + " lot " + lot;
    }
}
