package org.markauth.verify.registry;

import java.time.Instant;
import java.util.Objects;
import org.markauth.registry.CertificateStatus;

/**
 * A licence certificate as mark-issuer wrote it (table {@code certificates}, V025): the words printed
 * on it at issue, and whether a later certificate superseded it. What it says now is {@link #status},
 * from the licence's live status (docs/certificates.md).
 */
public record CertificateView(String certificateNo, int productId, String licenseeId, String licenceNo, int batchId,
                              String licenseeName, String licenseeNameEn, String uscc, String productName, String productNameEn,
                              String model, String standardNo, String standardTitle, Instant validFrom, Instant validUntil,
                              Instant issuedAt, String supersededBy, Instant supersededAt) {

    public CertificateView {
        Objects.requireNonNull(certificateNo, "certificateNo");
    }

    /**
     * What the certificate says now (the JSON's {@code certificate.status} and the page's headline):
     * registry-contract's one rule ({@link CertificateStatus#of}), which mark-issuer's pages apply too,
     * fed from verify-api's views; no product means no licence.
     */
    public CertificateStatus status(ProductView product, LicenseeView licensee, Instant now) {
        return CertificateStatus.of(supersededBy != null, product == null ? null : product.licenceStatusAt(now),
                licensee != null && licensee.blacklisted(), validUntil, now);
    }
}
