package org.markauth.sdk.image;

import java.util.List;
import java.util.Objects;

/**
 * One QR code found in a photo.
 *
 * @param text    the decoded text, exactly as encoded (for a mark, its URL)
 * @param version the QR version of the symbol (1..40)
 * @param corners the symbol's four outer corners in photo pixels, clockwise from the top-left
 *                corner <em>of the symbol</em> (which may be anywhere in the photo if it is rotated):
 *                top-left, top-right, bottom-right, bottom-left. Estimated from the three finder
 *                patterns as a parallelogram, so under strong perspective the bottom-right one is
 *                approximate; the quiet zone is not included.
 * @param pass    which step of the scanner's retry ladder read it (diagnostics and tuning)
 */
public record ScannedCode(String text, int version, List<Point> corners, PhotoScanner.Pass pass) {

    public ScannedCode {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(pass, "pass");
        corners = List.copyOf(corners);
        if (corners.size() != 4) {
            throw new IllegalArgumentException("a QR code has 4 corners, got " + corners.size());
        }
        if (version < 1 || version > 40) {
            throw new IllegalArgumentException("QR version must be 1..40, got " + version);
        }
    }

    /** A position in photo pixels (x to the right, y down). */
    public record Point(double x, double y) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "(%.1f, %.1f)", x, y);
        }
    }
}
