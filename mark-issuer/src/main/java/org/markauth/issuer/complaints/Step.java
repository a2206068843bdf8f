package org.markauth.issuer.complaints;

import java.time.Instant;

/**
 * One step of a case (V026 {@code complaint_steps}): what happened, the state after it, who did it
 * (user and role), why (internal), and the sentence the consumer reads in both languages (null for
 * steps the consumer is not told of, such as a recovery from the manufacturer).
 */
public record Step(Instant at, Kind kind, CaseState state, String actor, String role, String reason, String publicZh,
                   String publicEn) {

    public enum Kind {
        OPENED, ASSIGNED, REPLIED, RESOLVED, PAID_FIRST, RECOVERED, CLOSED, REOPENED
    }
}
