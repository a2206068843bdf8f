package org.markauth.issuer.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.markauth.access.Caller;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.access.Scope;
import org.markauth.issuer.IssuerException;

/**
 * The issuer's authorisation rules in one place: which roles may call an operation, and whether
 * the caller may touch a licensee's data. Every write in the services calls one of these first.
 */
public final class Permissions {

    private Permissions() {
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

    private static final Pattern PRINT = Pattern.compile("^/api/v1/batches/[^/]+/print/.*");
    private static final Pattern UNITS = Pattern.compile("^/api/v1/batches/[^/]+/(activations|voids)$");
    private static final Pattern CREDENTIALS = Pattern.compile("^/api/v1/credentials(/.*)?$");

    /**
     * The scope a request needs (docs/api-issuer.md, "Credentials"), decided from the route alone
     * and checked for every /api/v1 route before its handler, so a narrow key is refused by default:
     * reads need none (the role's read rules still apply), except print files (PRINT) and the
     * credential directory (FULL); ordering needs ORDER, activations and voids need ACTIVATE; every
     * other write (trace events, recalls, registry, credentials) needs FULL.
     */
    public static Optional<Scope> scopeFor(String method, String path) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (read) {
            return PRINT.matcher(path).matches() ? Optional.of(Scope.PRINT)
                    : CREDENTIALS.matcher(path).matches() ? Optional.of(Scope.FULL) : Optional.empty();
        }
        if ("POST".equals(method) && "/api/v1/batches".equals(path)) {
            return Optional.of(Scope.ORDER);
        }
        if ("POST".equals(method) && UNITS.matcher(path).matches()) {
            return Optional.of(Scope.ACTIVATE);
        }
        return Optional.of(Scope.FULL);
    }

    /** Refuses a request its credential's scopes do not cover, naming the scope it needs. */
    public static void requireScope(Caller c, String method, String path) {
        Optional<Scope> needed = scopeFor(method, path);
        if (needed.isPresent() && !c.may(needed.get())) {
            throw new IssuerException.Forbidden("this API key (" + c.credentialId() + ") has scope " + c.scopes().stream()
                    .map(x -> x.name().toLowerCase(Locale.ROOT)).sorted().toList() + "; " + method + " " + path
                    + " needs scope " + needed.get().name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Print files, reprints and code lists: only a manufacturer (its own batches, checked when the
     * batch is read) and the regulator. An officer reads batches and their ranges, never the codes.
     */
    public static void requirePrint(Principal p) {
        if (p.role() == Role.OFFICER) {
            throw new IssuerException.Forbidden("print files are counterfeiting material: only the owning manufacturer's print "
                    + "key and the regulator may download them; an officer may read the batch and its ranges instead");
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
