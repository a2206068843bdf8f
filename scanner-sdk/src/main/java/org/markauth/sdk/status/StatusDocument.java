package org.markauth.sdk.status;

import java.time.Instant;
import java.util.List;
import org.markauth.sdk.trust.Delegation;

/**
 * One verified status-list document: a full list ({@code baseSequence == 0}) or a delta that turns
 * the list at {@code baseSequence} into the list at {@code sequence}. {@code stateDigest} is the
 * {@link StatusList#stateDigest()} of the full list at {@code sequence}, so a client that applied a
 * delta knows it holds exactly what the publisher holds. {@code encoded} is the exact signed bytes.
 */
public record StatusDocument(long sequence, long baseSequence, Instant issuedAt, Instant nextUpdate, byte[] stateDigest,
                             List<BatchStatus> records, Delegation delegation, byte[] encoded) {

    public StatusDocument {
        records = List.copyOf(records);
        stateDigest = stateDigest.clone();
        encoded = encoded.clone();
    }

    public boolean isDelta() {
        return baseSequence != 0;
    }

    /** The full list this document is (only for a full document). */
    public StatusList asFullList() {
        if (isDelta()) {
            throw new IllegalStateException("a delta is not a full list");
        }
        return new StatusList(sequence, issuedAt, nextUpdate, records);
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    @Override
    public byte[] stateDigest() {
        return stateDigest.clone();
    }
}
