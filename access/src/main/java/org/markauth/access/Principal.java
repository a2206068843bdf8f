package org.markauth.access;

import java.util.Objects;
import java.util.Optional;

/**
 * An authenticated caller. A manufacturer always belongs to exactly one licensee; the other roles
 * belong to none.
 */
public record Principal(String userId, Role role, Optional<String> licenseeId) {

    public Principal {
        Objects.requireNonNull(role, "role");
        if (userId == null || userId.isBlank() || userId.length() > 128) {
            throw new IllegalArgumentException("userId must be 1-128 characters");
        }
        if ((role == Role.MANUFACTURER) != licenseeId.isPresent()) {
            throw new IllegalArgumentException(role == Role.MANUFACTURER
                    ? "a manufacturer principal needs its licenseeId"
                    : "only manufacturer principals belong to a licensee");
        }
    }

    public static Principal regulator(String userId) {
        return new Principal(userId, Role.REGULATOR, Optional.empty());
    }

    public static Principal officer(String userId) {
        return new Principal(userId, Role.OFFICER, Optional.empty());
    }

    public static Principal manufacturer(String userId, String licenseeId) {
        return new Principal(userId, Role.MANUFACTURER, Optional.of(licenseeId));
    }

    public boolean has(Role r) {
        return role == r;
    }

    /** True when this principal may act on data of the given licensee: the regulator always, a manufacturer only on its own. */
    public boolean mayActFor(String licensee) {
        return role == Role.REGULATOR || (role == Role.MANUFACTURER && licenseeId.orElseThrow().equals(licensee));
    }

    /** True for roles that may read every record (regulator and officer). */
    public boolean readsEverything() {
        return role == Role.REGULATOR || role == Role.OFFICER;
    }
}
