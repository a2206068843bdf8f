package org.markauth.registry;

import java.time.Instant;

/**
 * What a licence certificate says now (docs/certificates.md): the one rule both mark-issuer's
 * certificate pages and verify-api's certificate verdicts apply, each from its own rows (the issuer
 * from its registry, verify-api from its cached views), so that the console, the portal and the
 * consumer's scan never disagree about a certificate.
 */
public enum CertificateStatus {
    ACTIVE, SUSPENDED, REVOKED, EXPIRED, SUPERSEDED;

    /**
     * Superseded first (a later certificate of the product replaced it, whatever befell the licence
     * since); then a missing licence, a REVOKED licence or a blacklisted licensee make it REVOKED (as
     * verification says of the licensee's marks); then the licence's status at {@code now}; an ACTIVE
     * licence past the certificate's own validity (renewed without a new certificate) makes the
     * certificate EXPIRED.
     *
     * @param superseded        whether a later certificate replaced this one
     * @param licenceNow        the licence's status at {@code now} (its expiry already applied), null when there is no licence
     * @param blacklisted       whether the licensee is on the black list
     * @param certificateUntil  the validity printed on the certificate, null for none
     * @param now               the instant the answer is for
     */
    public static CertificateStatus of(boolean superseded, LicenceStatus licenceNow, boolean blacklisted,
                                       Instant certificateUntil, Instant now) {
        if (now == null) {
            throw new IllegalArgumentException("now is required");
        }
        if (superseded) {
            return SUPERSEDED;
        }
        if (licenceNow == null || blacklisted) {
            return REVOKED;
        }
        return switch (licenceNow) {
            case SUSPENDED -> SUSPENDED;
            case REVOKED -> REVOKED;
            case EXPIRED -> EXPIRED;
            case ACTIVE -> certificateUntil != null && !now.isBefore(certificateUntil) ? EXPIRED : ACTIVE;
        };
    }
}
