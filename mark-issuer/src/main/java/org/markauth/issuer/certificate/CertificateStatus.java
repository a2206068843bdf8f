package org.markauth.issuer.certificate;

import java.time.Instant;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.registry.LicenceStatus;

/**
 * What a certificate says now: the licence's live status, or SUPERSEDED once a later certificate of
 * the product replaced it. verify-api decides the same way from the same rows (docs/certificates.md).
 */
public enum CertificateStatus {
    ACTIVE, SUSPENDED, REVOKED, EXPIRED, SUPERSEDED;

    /**
     * Superseded first; then a blacklisted licensee counts as REVOKED (as verification says of its
     * marks); then the licence's status at {@code now}; an ACTIVE licence past the certificate's own
     * validity (renewed without a new certificate) makes the certificate EXPIRED.
     */
    public static CertificateStatus of(Certificate c, Licence licence, Licensee licensee, Instant now) {
        if (c.superseded()) {
            return SUPERSEDED;
        }
        if (licence == null || (licensee != null && licensee.blacklisted())) {
            return REVOKED;
        }
        LicenceStatus s = licence.effectiveStatus(now);
        return switch (s) {
            case SUSPENDED -> SUSPENDED;
            case REVOKED -> REVOKED;
            case EXPIRED -> EXPIRED;
            case ACTIVE -> c.validUntil() != null && !now.isBefore(c.validUntil()) ? EXPIRED : ACTIVE;
        };
    }
}
