package org.markauth.issuer.certification;

import java.time.Instant;
import java.util.UUID;

/**
 * A public notice (公示) of a granted application: open for objections from {@code opensAt} until
 * {@code closesAt}. {@code fullRefusals} counts the filings verify-api refused because the notice
 * had its cap of objections awaiting the office ({@code verify.notice.max-open-objections}), the
 * latest at {@code lastFullAt}; {@code extendedAt} when the office last extended the notice (V030).
 */
public record Notice(UUID noticeId, UUID appId, String licenseeName, String productName, String standardNo, String standardVersion,
                     Instant opensAt, Instant closesAt, String status, int fullRefusals, Instant lastFullAt, Instant extendedAt) {

    /** A notice as the decision publishes it: no refusal, never extended. */
    public Notice(UUID noticeId, UUID appId, String licenseeName, String productName, String standardNo, String standardVersion,
                  Instant opensAt, Instant closesAt, String status) {
        this(noticeId, appId, licenseeName, productName, standardNo, standardVersion, opensAt, closesAt, status, 0, null, null);
    }

    public boolean open(Instant now) {
        return "OPEN".equals(status) && !now.isBefore(opensAt) && now.isBefore(closesAt);
    }

    /**
     * Whether someone was turned away by the cap since the office last extended the notice: then the
     * public did not have its full period to object, and the licence waits for an extension.
     */
    public boolean wasFull() {
        return lastFullAt != null && (extendedAt == null || !extendedAt.isAfter(lastFullAt));
    }
}
