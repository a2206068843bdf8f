package org.markauth.verify.report;

import java.time.Duration;

/**
 * The report route's bounds (docs/verify-api.md, "verify.report.*"): a photo at most
 * {@code maxPhotoBytes} (a phone photo: 10 MiB by default), at most {@code maxPhotos} per report,
 * its own per-client rate limit, its own request timeout (a phone on a slow uplink needs more than
 * the scan routes' few seconds to send 10 MiB) and at most {@code maxInFlight} report bodies held
 * in memory at once per instance (beyond that a report is answered "busy, try again").
 */
public record ReportSettings(int maxPhotoBytes, int maxPhotos, int ratePerMinute, Duration timeout, int maxInFlight) {

    /** What the text fields and multipart framing of a report take, at most, besides its photos. */
    public static final int FORM_OVERHEAD = 64 * 1024;

    /** The body limit of a form report: every photo at its largest, plus the fields. */
    public long formBodyLimit() {
        return (long) maxPhotos * maxPhotoBytes + FORM_OVERHEAD;
    }

    /** The body limit of a JSON report: the photos in base64 (4 bytes per 3), plus the fields. */
    public long jsonBodyLimit() {
        return ((long) maxPhotos * maxPhotoBytes + 2) / 3 * 4 + (long) maxPhotos * 64 + FORM_OVERHEAD;
    }
}
