package org.markauth.issuer.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What the office imposed after a failed sample: a WARNING, a RECTIFICATION with its deadline, or a
 * SUSPENSION or REVOCATION of the product's licence (which consumers' verdicts then show).
 */
public record Consequence(UUID taskId, Instant at, Kind kind, LocalDate deadline, String reason, String imposedBy,
                          String licenseeId, int productId) {

    public enum Kind { WARNING, RECTIFICATION, SUSPENSION, REVOCATION }
}
