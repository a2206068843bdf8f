package org.markauth.issuer.certification;

import java.time.Instant;
import java.util.UUID;

/**
 * An objection to a public notice and the office's ruling on it (PENDING, UPHELD or DISMISSED).
 * {@code clientHash} is verify-api's keyed hash of the filer's address (null for one the office
 * recorded); {@code repeats} how many times that client sent this text (V030: folded, not stored
 * again), the last at {@code lastAt}.
 */
public record Objection(UUID noticeId, UUID objectionId, String name, String contact, String text, String status, String ruling,
                        String ruledBy, Instant ruledAt, Instant receivedAt, String clientHash, int repeats, Instant lastAt) {

    public boolean pending() {
        return "PENDING".equals(status);
    }
}
