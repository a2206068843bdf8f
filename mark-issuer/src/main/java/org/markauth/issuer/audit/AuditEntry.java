package org.markauth.issuer.audit;

import java.time.Instant;

/** One line of the audit trail: who did what to which entity, when, with a short detail. */
public record AuditEntry(Instant at, String actor, String action, String entity, String detail) {
}
