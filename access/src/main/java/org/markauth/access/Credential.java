package org.markauth.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One credential as the directory lists it: never the secret, only its non-secret hint
 * ({@code mak_ABCDEFGH}). Nullable instants and texts are absent facts (never expires, never used,
 * not revoked).
 */
public record Credential(String id, String keyPrefix, Principal principal, Set<Scope> scopes, Instant createdAt,
                         String createdBy, Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String revokedBy,
                         String revokedReason) {

    public Credential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(principal, "principal");
        scopes = Set.copyOf(scopes);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** What an operator should read at a glance: ACTIVE, EXPIRED or REVOKED. */
    public String state(Instant now) {
        return revoked() ? "REVOKED" : expired(now) ? "EXPIRED" : "ACTIVE";
    }
}
