package org.markauth.sdk.image;

import java.util.List;
import java.util.Objects;

/**
 * One QR code or Data Matrix found in a photo.
 *
 * @param text    the decoded text, exactly as encoded (for a mark, its URL)
 * @param version the QR version of the symbol (1..40); for a Data Matrix, its modules a side
 *                (an ECC 200 size, 10..144)
 * @param corners the symbol's four outer corners in photo pixels, clockwise from the top-left
 *                corner <em>of the symbol</em> (which may be anywhere in the photo if it is rotated):
 *                top-left, top-right, bottom-right, bottom-left. Estimated from the three finder
 *                patterns as a parallelogram, so under strong perspective the bottom-right one is
 *                approximate; the quiet zone is not included.
 *                For a Data Matrix the corners are the centres of its corner modules (half a module in).
 * @param pass    which step of the scanner's retry ladder read it (diagnostics and tuning)
 * @param symbology QR code or Data Matrix
 */
public record ScannedCode(String text, int version, List<Point> corners, PhotoScanner.Pass pass, Symbology symbology) {

    public ScannedCode {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(pass, "pass");
        Objects.requireNonNull(symbology, "symbology");
        corners = List.copyOf(corners);
        if (corners.size() != 4) {
            throw new IllegalArgumentException("a code has 4 corners, got " + corners.size());
        }
        if (symbology == Symbology.QR_CODE && (version < 1 || version > 40)) {
            throw new IllegalArgumentException("QR version must be 1..40, got " + version);
        }
        if (symbology == Symbology.DATA_MATRIX && (version < 8 || version > 144)) {
            throw new IllegalArgumentException("a Data Matrix has 8..144 modules a side, got " + version);
        }
    }

    /** A QR code (the form before Data Matrix was read). */
    public ScannedCode(String text, int version, List<Point> corners, PhotoScanner.Pass pass) {
        this(text, version, corners, pass, Symbology.QR_CODE);
    }

    /** A position in photo pixels (x to the right, y down). */
    public record Point(double x, double y) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "(%.1f, %.1f)", x, y);
        }
    }
}
