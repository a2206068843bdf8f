package org.markauth.access;

import java.util.Objects;
import java.util.Set;

/** An authenticated request's caller: who ({@link Principal}), through which credential, with which scopes. */
public record Caller(Principal principal, String credentialId, Set<Scope> scopes) {

    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(credentialId, "credentialId");
        scopes = Set.copyOf(scopes);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a caller holds at least one scope");
        }
    }

    public boolean may(Scope needed) {
        return Scope.covers(scopes, needed);
    }
}
