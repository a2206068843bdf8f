package org.markauth.issuer.certification;

import java.time.Instant;
import java.util.UUID;

/** An objection to a public notice and the office's ruling on it (PENDING, UPHELD or DISMISSED). */
public record Objection(UUID noticeId, UUID objectionId, String name, String contact, String text, String status, String ruling,
                        String ruledBy, Instant ruledAt, Instant receivedAt) {

    public boolean pending() {
        return "PENDING".equals(status);
    }
}
