package org.markauth.issuer.trace;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.access.Access;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.registry.Registry;

/**
 * The distributors and retailers a licensee declares. A partner is itself a registered licensee
 * (so its people hold ordinary MANUFACTURER keys of its own licensee id — the access module's
 * roles stay as they are); once declared by the owner it may record supply-chain events for the
 * owner's marks. The regulator may declare partners for any licensee.
 */
public final class Partners {

    public static final Set<String> ROLES = Set.of("DISTRIBUTOR", "WHOLESALER", "RETAILER", "LOGISTICS");

    /** One declared partner. */
    public record Partner(String licenseeId, String partnerId, String role, Instant declaredAt) {
    }

    private final TraceStore store;
    private final Registry registry;
    private final ChangeRecorder changes;
    private final Clock clock;

    Partners(TraceStore store, Registry registry, ChangeRecorder changes, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.changes = changes;
        this.clock = clock;
    }

    public Partner declare(Principal p, String licenseeId, String partnerId, String role) {
        Access.requireRole(p, "declare supply-chain partners", Role.REGULATOR, Role.MANUFACTURER);
        Access.requireActFor(p, "declare supply-chain partners", licenseeId);
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ", got '" + role + "'");
        }
        if (licenseeId.equals(partnerId)) {
            throw new IllegalArgumentException("a licensee is not its own partner; it records its events as itself");
        }
        registry.findLicensee(partnerId).orElseThrow(() -> new IssuerException.NotFound("licensee (partner)", partnerId));
        Instant now = clock.instant();
        store.declarePartner(licenseeId, partnerId, role, now, p.userId());
        changes.record(p.userId(), "licensee.partner", "licensee", licenseeId, partnerId + " as " + role);
        return new Partner(licenseeId, partnerId, role, now);
    }

    public List<Partner> list(Principal p, String licenseeId) {
        Access.requireRead(p, "partners", licenseeId);
        return store.partners(licenseeId);
    }

    /** Whether licensee {@code sender} may record events for marks of {@code owner}. */
    boolean mayRecordFor(String sender, String owner) {
        return sender.equals(owner) || store.isPartner(owner, sender);
    }
}
