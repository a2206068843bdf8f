package org.markauth.issuer.complaints;

import java.time.Instant;

/** An outbound message to a consumer, waiting in the outbox (V026 {@code complaint_messages}) for a gateway. */
public record Message(Instant at, String caseNo, String contact, String lang, String body) {
}
