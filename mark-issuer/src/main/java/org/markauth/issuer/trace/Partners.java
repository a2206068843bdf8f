package org.markauth.issuer.trace;

import org.markauth.registry.Invalidation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Registry;

/**
 * The distributors and retailers a licensee declares. A partner is itself a registered licensee
 * (so its people hold ordinary MANUFACTURER keys of its own licensee id — the access module's
 * roles stay as they are); once declared by the owner it may record supply-chain events for the
 * owner's marks it holds ({@link Custody}), within the partnership's period and until the
 * partnership is withdrawn, and never while the partner is blacklisted. The regulator may declare
 * and withdraw partnerships for any licensee. Declaring a partner again starts a new period (the
 * audit trail keeps the old one).
 */
public final class Partners {

    public static final Set<String> ROLES = Set.of("DISTRIBUTOR", "WHOLESALER", "RETAILER", "LOGISTICS");
    static final int MAX_REASON = 500;

    /** Where a declared partnership stands at a moment: only an ACTIVE one lets the partner act for the licensee. */
    public enum Standing { PENDING, ACTIVE, EXPIRED, WITHDRAWN }

    /**
     * One declared partnership: it lets {@code partnerId} act for {@code licenseeId}'s marks from
     * {@code validFrom} (inclusive) until {@code validUntil} (exclusive; null: open-ended), unless
     * withdrawn.
     */
    public record Partner(String licenseeId, String partnerId, String role, Instant declaredAt, Instant validFrom,
                          Instant validUntil, Instant withdrawnAt, String withdrawnBy, String withdrawnReason) {

        public Partner {
            if (validFrom == null) {
                validFrom = declaredAt;     // a partnership declared before V007 starts when it was declared
            }
            if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom)) {
                throw new IllegalArgumentException("validUntil (" + validUntil + ") must be after validFrom (" + validFrom + ")");
            }
        }

        /** The partnership's standing at {@code now}. */
        public Standing status(Instant now) {
            if (withdrawnAt != null) {
                return Standing.WITHDRAWN;
            }
            if (validUntil != null && !now.isBefore(validUntil)) {
                return Standing.EXPIRED;
            }
            return now.isBefore(validFrom) ? Standing.PENDING : Standing.ACTIVE;
        }

        boolean covers(Instant t) {
            return !t.isBefore(validFrom) && (validUntil == null || t.isBefore(validUntil));
        }

        String period() {
            return "from " + validFrom + (validUntil == null ? " (open-ended)" : " until " + validUntil);
        }
    }

    private final TraceStore store;
    private final Registry registry;
    private final ChangeRecorder changes;
    private final Clock clock;

    public Partners(TraceStore store, Registry registry, ChangeRecorder changes, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.changes = changes;
        this.clock = clock;
    }

    /** A programme product (for an EPCIS quantity element naming a product class), or empty. */
    Optional<org.markauth.issuer.registry.Product> product(int productId) {
        return registry.findProduct(productId);
    }

    /** How {@code withdrawnBy} marks a withdrawal by the programme office (only the office lifts it). */
    static final String REGULATOR_MARK = "regulator:";

    /** Declares a partnership starting now, open-ended. */
    public Partner declare(Principal p, String licenseeId, String partnerId, String role) {
        return declare(p, licenseeId, partnerId, role, null, null);
    }

    /**
     * Declares (or declares again, replacing the period and any withdrawal) a partnership valid from
     * {@code validFrom} (null: now) until {@code validUntil} (null: until withdrawn). A start in the
     * past is allowed — the contract may be older than its declaration — and is audited as given.
     */
    public Partner declare(Principal p, String licenseeId, String partnerId, String role, Instant validFrom, Instant validUntil) {
        Permissions.requireRole(p, "declare supply-chain partners", Role.REGULATOR, Role.MANUFACTURER);
        Permissions.requireActFor(p, "declare supply-chain partners", licenseeId);
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ", got '" + role + "'");
        }
        if (partnerId == null || partnerId.isBlank()) {
            throw new IllegalArgumentException("partnerId (the partner's licensee id) is required");
        }
        if (licenseeId.equals(partnerId)) {
            throw new IllegalArgumentException("a licensee is not its own partner; it records its events as itself");
        }
        registry.findLicensee(partnerId).orElseThrow(() -> new IssuerException.NotFound("licensee (partner)", partnerId));
        Instant now = now();
        Instant from = validFrom == null ? now : validFrom.truncatedTo(ChronoUnit.MILLIS);
        Instant until = validUntil == null ? null : validUntil.truncatedTo(ChronoUnit.MILLIS);
        if (validUntil != null && !validUntil.isAfter(now)) {
            throw new IllegalArgumentException("validUntil " + validUntil + " is not in the future; a partnership must end later than now");
        }
        Optional<Partner> old = store.partner(licenseeId, partnerId);
        if (old.isPresent() && old.get().withdrawnAt() != null) {
            Partner w = old.get();
            // a withdrawal is never undone backwards: the withdrawn interval stays closed, and the
            // regulator's withdrawal only the regulator lifts
            if (w.withdrawnBy() != null && w.withdrawnBy().startsWith(REGULATOR_MARK) && p.role() != Role.REGULATOR) {
                throw new IssuerException.Forbidden("the partnership of " + licenseeId + " with " + partnerId
                        + " was withdrawn by the programme office on " + w.withdrawnAt() + "; only the office may declare it again");
            }
            if (from.isBefore(w.withdrawnAt())) {
                throw new IllegalArgumentException("validFrom " + from + " is before the partnership's withdrawal on "
                        + w.withdrawnAt() + "; a renewed partnership starts at or after its withdrawal");
            }
        }
        Partner x = new Partner(licenseeId, partnerId, role, now, from, until, null, null, null);
        store.declarePartner(x, p.userId());
        changes.record(p.userId(), "licensee.partner", Invalidation.of(Invalidation.Kind.LICENSEE, licenseeId), partnerId + " as " + role + " " + x.period());
        return x;
    }

    /**
     * Withdraws a partnership now (the owner or the regulator, with a reason): from then on every
     * event the partner sends for the owner's marks is refused with PARTNERSHIP_ENDED.
     */
    public Partner withdraw(Principal p, String licenseeId, String partnerId, String reason) {
        Permissions.requireRole(p, "withdraw supply-chain partners", Role.REGULATOR, Role.MANUFACTURER);
        Permissions.requireActFor(p, "withdraw supply-chain partners", licenseeId);
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("reason (1-" + MAX_REASON + " characters) is required to withdraw a partnership");
        }
        Partner old = store.partner(licenseeId, partnerId)
                .orElseThrow(() -> new IssuerException.NotFound("partnership of licensee " + licenseeId + " with", partnerId));
        if (old.withdrawnAt() != null) {
            throw new IssuerException.Conflict("ALREADY_WITHDRAWN", "the partnership of " + licenseeId + " with " + partnerId
                    + " was withdrawn on " + old.withdrawnAt() + " by " + old.withdrawnBy() + "; declare it again to renew it");
        }
        Instant now = now();
        String by = p.role() == Role.REGULATOR ? REGULATOR_MARK + p.userId() : p.userId();
        store.withdrawPartner(licenseeId, partnerId, now, by, reason);
        changes.record(p.userId(), "licensee.partner.withdraw", Invalidation.of(Invalidation.Kind.LICENSEE, licenseeId), partnerId + ": " + reason);
        return new Partner(licenseeId, partnerId, old.role(), old.declaredAt(), old.validFrom(), old.validUntil(), now,
                by, reason);
    }

    /** Now, to the millisecond Cassandra keeps, so that what a call returns is what a later read gives. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public List<Partner> list(Principal p, String licenseeId) {
        Permissions.requireRead(p, "partners", licenseeId);
        return store.partners(licenseeId);
    }

    /** A partnership's standing now. */
    public Standing status(Partner x) {
        return x.status(clock.instant());
    }

    /** The partnership {@code owner} declared with {@code partnerId}, withdrawn or not; empty when never declared. */
    Optional<Partner> partnership(String owner, String partnerId) {
        return store.partner(owner, partnerId);
    }

    /** Whether {@code licenseeId} is on the blacklist now (an unknown licensee is not). */
    boolean blacklisted(String licenseeId) {
        return registry.findLicensee(licenseeId).map(Licensee::blacklisted).orElse(false);
    }
}
