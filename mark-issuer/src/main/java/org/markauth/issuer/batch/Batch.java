package org.markauth.issuer.batch;

import java.time.Instant;
import java.time.LocalDate;

/** A batch row (table {@code batches}). */
public record Batch(int batchId, int productId, String licenseeId, String lot, LocalDate productionDate,
                    LocalDate expiryDate, String lineId, int quantity, int keyId, State state,
                    String idempotencyKey, Instant createdAt, String createdBy) {

    public enum State { ISSUING, ISSUED, RECALLED }

    public String idText() {
        return Integer.toString(batchId);
    }
}
