package org.markauth.verify.registry;

import java.time.Instant;
import java.util.Objects;
import org.markauth.registry.LicenceStatus;

/**
 * A licence certificate as mark-issuer wrote it (table {@code certificates}, V025): the words printed
 * on it at issue, and whether a later certificate superseded it. What it says now is {@link #status},
 * from the licence's live status (docs/certificates.md).
 */
public record CertificateView(String certificateNo, int productId, String licenseeId, String licenceNo, int batchId,
                              String licenseeName, String licenseeNameEn, String uscc, String productName, String productNameEn,
                              String model, String standardNo, String standardTitle, Instant validFrom, Instant validUntil,
                              Instant issuedAt, String supersededBy, Instant supersededAt) {

    /** What a certificate says now; the JSON's {@code certificate.status} and the page's headline. */
    public enum Status {
        ACTIVE, SUSPENDED, REVOKED, EXPIRED, SUPERSEDED
    }

    public CertificateView {
        Objects.requireNonNull(certificateNo, "certificateNo");
    }

    /**
     * Superseded first; a blacklisted licensee or a missing licence counts as REVOKED; then the
     * licence's status at {@code now}; an ACTIVE licence past the certificate's own validity (renewed
     * without a new certificate) makes the certificate EXPIRED. mark-issuer's CertificateStatus decides alike.
     */
    public Status status(ProductView product, LicenseeView licensee, Instant now) {
        if (supersededBy != null) {
            return Status.SUPERSEDED;
        }
        LicenceStatus s = product == null ? null : product.licenceStatusAt(now);
        if (s == null || s == LicenceStatus.REVOKED || (licensee != null && licensee.blacklisted())) {
            return Status.REVOKED;
        }
        return switch (s) {
            case SUSPENDED -> Status.SUSPENDED;
            case EXPIRED -> Status.EXPIRED;
            default -> validUntil != null && !now.isBefore(validUntil) ? Status.EXPIRED : Status.ACTIVE;
        };
    }
}
