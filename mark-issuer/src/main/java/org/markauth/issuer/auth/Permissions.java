package org.markauth.issuer.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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

    private static final Pattern PRINT = Pattern.compile("^/api/v1/batches/[^/]+/print/.*|^/api/v1/certificates/[^/]+/pdf$");
    private static final Pattern UNITS = Pattern.compile("^/api/v1/batches/[^/]+/(activations|voids)$");
    private static final Pattern CREDENTIALS = Pattern.compile("^/api/v1/credentials(/.*)?$");
    private static final Pattern WEBHOOKS = Pattern.compile("^/api/v1/webhooks(/.*)?$");
    private static final Pattern STATION = Pattern.compile("^/api/v1/station(/.*)?$");

    /**
     * The scope a request needs (docs/api-issuer.md, "Credentials"), decided from the route alone
     * and checked for every /api/v1 route before its handler, so a narrow key is refused by default:
     * reads need none (the role's read rules still apply), except print files and certificate PDFs (PRINT), the
     * credential directory and webhooks (FULL); ordering needs ORDER, activations and voids need ACTIVATE; every
     * other write (trace events, recalls, registry, credentials) needs FULL.
     */
    public static Optional<Scope> scopeFor(String method, String path) {
        if (STATION.matcher(path).matches()) {
            return Optional.of(Scope.STATION);   // reads too: the station's session is its line's
        }
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (read) {
            return PRINT.matcher(path).matches() ? Optional.of(Scope.PRINT)
                    : CREDENTIALS.matcher(path).matches() || WEBHOOKS.matcher(path).matches() ? Optional.of(Scope.FULL)
                    : Optional.empty();
        }
        if ("POST".equals(method) && "/api/v1/batches".equals(path)) {
            return Optional.of(Scope.ORDER);
        }
        if ("POST".equals(method) && UNITS.matcher(path).matches()) {
            return Optional.of(Scope.ACTIVATE);
        }
        return Optional.of(Scope.FULL);
    }

    /** One row of the route table of roles: the routes {@code method} {@code path} matches, and who may call them. */
    private record RouteRoles(String method, Pattern path, Set<Role> roles) {
    }

    private static RouteRoles only(String method, String path, Role... roles) {
        return new RouteRoles(method, Pattern.compile("^/api/v1/" + path + "$"), Set.of(roles));
    }

    /**
     * The roles that may call a write route at all, from the role × route matrix of docs/api-issuer.md
     * (checked against the running server by RouteMatrixIT): checked before the body is read or
     * judged (reads have no body: their services refuse a role in their own words), so a caller who may not call a route is told 403 whatever it sent (not a 400 about
     * its body). The services still check every rule themselves (ownership, the record's state);
     * a route not listed is open to every role at this stage.
     */
    private static final List<RouteRoles> ROUTE_ROLES = List.of(
            only("POST", "licensees", Role.REGULATOR),
            only("PUT", "licensees/[^/]+", Role.REGULATOR),
            only("POST", "licensees/[^/]+/blacklist", Role.REGULATOR),
            only("PUT", "licensees/[^/]+/gs1-company-prefix", Role.REGULATOR),
            only("POST", "marks/sscc", Role.REGULATOR, Role.MANUFACTURER),
            only("POST", "products", Role.REGULATOR),
            only("PUT", "products/[^/]+", Role.REGULATOR),
            only("PUT", "products/[^/]+/licence", Role.REGULATOR),
            only("POST", "products/[^/]+/licence/status", Role.REGULATOR),
            only("PUT", "products/[^/]+/clone-rules", Role.REGULATOR),
            only("PUT", "products/[^/]+/label-template", Role.REGULATOR, Role.MANUFACTURER),
            only("POST", "keys/.*", Role.REGULATOR),
            only("POST", "credentials", Role.REGULATOR),
            only("POST", "credentials/revoke", Role.REGULATOR),
            only("POST", "credentials/[^/]+/revoke", Role.REGULATOR, Role.MANUFACTURER),
            only("POST", "blocks(/.*)?", Role.REGULATOR),
            only("POST", "batches", Role.REGULATOR, Role.MANUFACTURER),
            only("POST", "batches/[^/]+/(activations|voids|recall)", Role.REGULATOR, Role.MANUFACTURER),
            only("POST", "webhooks", Role.REGULATOR, Role.MANUFACTURER),
            only("DELETE", "webhooks/[^/]+", Role.REGULATOR, Role.MANUFACTURER),
            only("POST", "recall-requests", Role.MANUFACTURER),
            only("POST", "recall-requests/[^/]+/(approve|reject)", Role.REGULATOR),
            only("POST", "lines", Role.REGULATOR, Role.MANUFACTURER),
            only("PUT", "lines/[^/]+", Role.REGULATOR, Role.MANUFACTURER),
            only("POST", "lines/[^/]+/keys", Role.REGULATOR, Role.MANUFACTURER),
            only("POST", "station/(scans|packs)", Role.MANUFACTURER),
            only("POST", "epcis/queries(/[^/]+/subscriptions)?", Role.REGULATOR, Role.MANUFACTURER),
            only("DELETE", "epcis/queries/[^/]+(/subscriptions/[^/]+)?", Role.REGULATOR, Role.MANUFACTURER),
            only("POST", "credit/[^/]+/events", Role.REGULATOR),
            only("POST", "complaints/[^/]+/reply", Role.MANUFACTURER),
            only("POST", "complaints(/.*)?", Role.REGULATOR),
            only("POST", "standards(/.*)?", Role.REGULATOR),
            only("POST", "supervision/.*", Role.REGULATOR),
            only("POST", "certificates", Role.REGULATOR),
            only("POST", "certification/applications(/[^/]+/(evidence|resubmit|withdrawal))?", Role.REGULATOR, Role.MANUFACTURER),
            only("POST", "certification/.*", Role.REGULATOR),
            only("PUT", "certification/.*", Role.REGULATOR));

    /** The roles that may call {@code method path}, or empty when every role may reach its handler. */
    public static Optional<Set<Role>> rolesFor(String method, String path) {
        return ROUTE_ROLES.stream().filter(r -> r.method().equals(method) && r.path().matcher(path).matches()).map(RouteRoles::roles)
                .findFirst();
    }

    /** Refuses a caller whose role may not call the route at all (403), before its body is read. */
    public static void requireRouteRole(Principal p, String method, String path) {
        Optional<Set<Role>> roles = rolesFor(method, path);
        if (roles.isPresent() && !roles.get().contains(p.role())) {
            throw new IssuerException.Forbidden("role " + p.role() + " may not call " + method + " " + path + "; it needs "
                    + roles.get().stream().map(Role::name).sorted().toList());
        }
    }

    /**
     * A manufacturer reading or acting on another licensee's record is told it does not exist, in
     * the very words a missing record gets ({@code IssuerException.NotFound}): a 403 would tell
     * that the batch, product or licence exists (docs/api-issuer.md, "Errors"). The regulator and,
     * for reads, the officer pass; a role refused outright is refused by its route first.
     */
    public static void requireOwnOrHidden(Principal p, boolean write, String licenseeId, String what, Object id) {
        if (p.mayActFor(licenseeId) || (!write && p.readsEverything())) {
            return;
        }
        if (p.role() == Role.MANUFACTURER) {
            throw new IssuerException.NotFound(what, id);
        }
        throw new IssuerException.Forbidden("role " + p.role() + " may not change " + what + " " + id);
    }

    /**
     * Refuses a request its credential's scopes do not cover, naming the scope it needs. A line
     * station's key (scopes exactly {STATION}) calls only {@code /api/v1/station/*}, reads included;
     * {@code /api/v1/station/*} needs a STATION key, which FULL does not cover.
     */
    public static void requireScope(Caller c, String method, String path) {
        boolean stationPath = STATION.matcher(path).matches();
        if (Scope.stationOnly(c.scopes()) && !stationPath) {
            throw new IssuerException.Forbidden("this API key (" + c.credentialId() + ") is a line station's key: it may call only "
                    + "/api/v1/station/*, not " + method + " " + path + "; use a manufacturer key for anything else");
        }
        if (stationPath && !c.scopes().contains(Scope.STATION)) {
            throw new IssuerException.Forbidden("/api/v1/station/* answers only a line station's key (scope station), and this "
                    + "API key (" + c.credentialId() + ") is not one; issue one for the line with POST /api/v1/lines/{lineId}/keys");
        }
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
