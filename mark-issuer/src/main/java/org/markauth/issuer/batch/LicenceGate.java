package org.markauth.issuer.batch;

import java.time.Clock;
import java.time.Instant;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.registry.Licence;
import org.markauth.registry.LicenceStatus;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Registry;

/**
 * The one licence rule for everything that puts marks into the world: ordering a batch, printing
 * or reprinting its codes, activating units (by range or list). Each is refused (422) unless the
 * product's licence is usable now: it exists, its status is ACTIVE, {@code now} lies inside its
 * validity window, and its licensee is not blacklisted. Voiding is deliberately not gated: a
 * manufacturer under a suspended licence must still be able to take unused marks out of use.
 *
 * <p>The refusal names the state and since when, so the line operator knows what to ask the
 * programme office about. Two point reads (licence, licensee) per gated call: calls are per
 * request or per batch, never per unit.
 */
public final class LicenceGate {

    private final Registry registry;
    private final Clock clock;

    public LicenceGate(Registry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Refuses unless marks of {@code productId} may be {@code done} ("ordered", "printed", "activated") now.
     *
     * @throws IssuerException.Refused LICENSEE_BLACKLISTED, LICENCE_MISSING, LICENCE_SUSPENDED, LICENCE_REVOKED or LICENCE_EXPIRED
     */
    public void require(int productId, String licenseeId, String done) {
        Licensee licensee = registry.findLicensee(licenseeId)
                .orElseThrow(() -> new IssuerException.NotFound("licensee", licenseeId));
        if (licensee.blacklisted()) {
            throw new IssuerException.Refused("LICENSEE_BLACKLISTED", "licensee " + licensee.licenseeId()
                    + " is on the quality-credit blacklist since " + licensee.blacklistedSince() + " (" + licensee.blacklistReason()
                    + "); its marks cannot be " + done + " until the programme office lifts it");
        }
        Licence licence = registry.findLicence(productId).orElseThrow(() -> new IssuerException.Refused("LICENCE_MISSING",
                "product " + productId + " has no licence; marks can be " + done + " only for licensed products"));
        Instant now = clock.instant();
        LicenceStatus status = licence.effectiveStatus(now);
        if (status == LicenceStatus.ACTIVE) {
            return;
        }
        String why;
        if (licence.status() != LicenceStatus.ACTIVE) {
            why = "is " + status + " since " + licence.statusSince() + " (" + licence.statusReason() + ")";
        } else if (now.isBefore(licence.validFrom())) {
            why = "is not valid before " + licence.validFrom();
        } else {
            why = "is EXPIRED since " + licence.validUntil() + " (its validity ended)";
        }
        throw new IssuerException.Refused("LICENCE_" + status, "licence " + licence.licenceNo() + " of product " + productId
                + " " + why + "; marks can be " + done + " only under an active licence");
    }
}
