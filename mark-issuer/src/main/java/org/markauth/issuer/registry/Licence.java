package org.markauth.issuer.registry;

import org.markauth.registry.LicenceStatus;
import java.time.Instant;
import java.util.Objects;

/** The licence of one product (one licence per product): validity window and current status. */
public record Licence(int productId, String licenceNo, String licenseeId, Instant validFrom, Instant validUntil,
                      LicenceStatus status, Instant statusSince, String statusReason) {

    public Licence {
        if (productId <= 0) {
            throw new IllegalArgumentException("productId must be positive, got " + productId);
        }
        Checks.id("licenceNo", licenceNo);
        Checks.id("licenseeId", licenseeId);
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        if (!validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("validUntil (" + validUntil + ") must be after validFrom (" + validFrom + ")");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusSince, "statusSince");
        Checks.optionalText("statusReason", statusReason, 500);
    }

    /** The status in force at {@code now}: an ACTIVE licence past its window counts as EXPIRED. */
    public LicenceStatus effectiveStatus(Instant now) {
        if (status == LicenceStatus.ACTIVE && (now.isBefore(validFrom) || !now.isBefore(validUntil))) {
            return LicenceStatus.EXPIRED;
        }
        return status;
    }

    public Licence withStatus(LicenceStatus to, String reason, Instant now) {
        return new Licence(productId, licenceNo, licenseeId, validFrom, validUntil, to, now, reason);
    }
}
