package org.markauth.issuer.batch;

import org.markauth.registry.BatchState;
import java.time.Instant;
import java.time.LocalDate;

/** A batch row (table {@code batches}). */
public record Batch(int batchId, int productId, String licenseeId, String lot, LocalDate productionDate,
                    LocalDate expiryDate, String lineId, int quantity, int keyId, BatchState state,
                    String idempotencyKey, Instant createdAt, String createdBy) {


    public String idText() {
        return Integer.toString(batchId);
    }
}
