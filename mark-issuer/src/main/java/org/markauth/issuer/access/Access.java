package org.markauth.issuer.access;

import java.util.Arrays;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;

/**
 * The issuer's authorisation rules in one place: which roles may call an operation, and whether
 * the caller may touch a licensee's data. Every write in the services calls one of these first.
 */
public final class Access {

    private Access() {
    }

    public static void requireRole(Principal p, String action, Role... allowed) {
        if (Arrays.asList(allowed).contains(p.role())) {
            return;
        }
        throw new IssuerException.Forbidden("role " + p.role() + " may not " + action + "; it needs "
                + Arrays.toString(allowed));
    }

    /** The regulator, or a manufacturer acting on its own licensee. */
    public static void requireActFor(Principal p, String action, String licenseeId) {
        if (!p.mayActFor(licenseeId)) {
            throw new IssuerException.Forbidden(p.role() == Role.MANUFACTURER
                    ? "a manufacturer may " + action + " only for its own licensee " + p.licenseeId().orElse("?")
                    : "role " + p.role() + " may not " + action);
        }
    }

    /** Regulator and officer read everything; a manufacturer reads its own licensee's records. */
    public static void requireRead(Principal p, String what, String licenseeId) {
        if (p.readsEverything() || p.mayActFor(licenseeId)) {
            return;
        }
        throw new IssuerException.Forbidden("a manufacturer may read only its own licensee's " + what);
    }
}
