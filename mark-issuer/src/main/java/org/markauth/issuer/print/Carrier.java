package org.markauth.issuer.print;

import java.util.Locale;
import org.markauth.sdk.image.DataMatrixRenderer;
import org.markauth.sdk.image.ModuleGrid;
import org.markauth.sdk.image.QrRenderer;

/**
 * The symbol a label carries the mark in (a label template's {@code carrier}; docs/print-formats.md,
 * "Carrier"): the QR code, or a Data Matrix ECC 200 for packs too small for it. Both carry the same
 * text, the signed mark URL (plain or GS1 Digital Link form), so scanning either verifies the same
 * way; the choice changes the symbol's size and the module rule.
 *
 * <p>The module rule per carrier: at least two printer dots (one dot is lost to a thermal head's dot
 * gain or a failed heating element) and at least {@link #minModuleMm()}: 0.25 mm for QR (our floor for
 * phones and line cameras, docs/print-formats.md) and 0.254 mm (10 mil) for Data Matrix, the
 * smallest X-dimension the GS1 symbol specification tables give GS1 DataMatrix printed with ink or
 * thermal transfer (GS1 General Specifications 5.12.3, the regulated-healthcare tables; the retail
 * point-of-sale tables ask more). At 203 dpi two dots are 0.250 mm, under 0.254, so a Data Matrix
 * module there is three dots.
 */
public enum Carrier {
    /** QR code model 2, error correction M, quiet zone of 4 modules (ISO/IEC 18004). */
    QR(0.25, QrRenderer.STANDARD_QUIET_ZONE, "QR code"),
    /** Data Matrix ECC 200, square, no FNC1 (the URL is not GS1 element strings), quiet zone of 1 module (ISO/IEC 16022). */
    DATAMATRIX(0.254, DataMatrixRenderer.STANDARD_QUIET_ZONE, "Data Matrix");

    public static final int MIN_MODULE_DOTS = 2;
    private static final QrRenderer QR_RENDERER = QrRenderer.create();
    private static final DataMatrixRenderer DM_RENDERER = DataMatrixRenderer.create();

    private final double minModuleMm;
    private final int quietZone;
    private final String title;

    Carrier(double minModuleMm, int quietZone, String title) {
        this.minModuleMm = minModuleMm;
        this.quietZone = quietZone;
        this.title = title;
    }

    public double minModuleMm() {
        return minModuleMm;
    }

    /** Light modules kept around the symbol, inside the label. */
    public int quietZone() {
        return quietZone;
    }

    /** "QR code", "Data Matrix": for sentences. */
    public String title() {
        return title;
    }

    /** The smallest module at {@code dpi}, in dots: at least {@link #minModuleMm()} and {@value #MIN_MODULE_DOTS} dots. */
    public int minModuleDots(int dpi) {
        return Math.max(MIN_MODULE_DOTS, (int) Math.ceil(minModuleMm * dpi / 25.4 - 1e-9));
    }

    /** The symbol of {@code code} as drawn on PDF sheets and PNG/SVG images (the smallest symbol ZXing's encoder makes). */
    public ModuleGrid grid(String code) {
        return this == QR ? QR_RENDERER.modules(code) : DM_RENDERER.modules(code);
    }

    /** {@code "QR"} or {@code "DATAMATRIX"} (any case) → the carrier; anything else is a 400 naming the choices. */
    public static Carrier parse(String s, String field) {
        String v = s == null ? "" : s.strip().toUpperCase(Locale.ROOT).replace("_", "").replace(" ", "");
        if (v.equals("QR") || v.equals("QRCODE")) {
            return QR;
        }
        if (v.equals("DATAMATRIX")) {
            return DATAMATRIX;
        }
        throw new IllegalArgumentException(field + " must be QR or DATAMATRIX, got '" + s + "'");
    }
}
