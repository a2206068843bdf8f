package org.markauth.issuer.certification;

import java.time.Instant;
import java.util.UUID;

/** A public notice (公示) of a granted application: open for objections from {@code opensAt} until {@code closesAt}. */
public record Notice(UUID noticeId, UUID appId, String licenseeName, String productName, String standardNo, String standardVersion,
                     Instant opensAt, Instant closesAt, String status) {

    public boolean open(Instant now) {
        return "OPEN".equals(status) && !now.isBefore(opensAt) && now.isBefore(closesAt);
    }
}
