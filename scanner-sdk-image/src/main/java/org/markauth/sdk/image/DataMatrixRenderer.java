package org.markauth.sdk.image;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.datamatrix.DataMatrixWriter;
import com.google.zxing.datamatrix.encoder.SymbolInfo;
import com.google.zxing.datamatrix.encoder.SymbolShapeHint;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders text (a mark URL) as a square Data Matrix ECC 200 symbol (ISO/IEC 16022): a module grid
 * for vector writers, PNG bytes, or SVG — the carrier for packs too small for the QR.
 *
 * <p><b>What is encoded.</b> The URL as plain data, with no FNC1 in first position: FNC1 first
 * would make it a "GS1 DataMatrix" whose data a reader must parse as GS1 element strings
 * ({@code (01)…(21)…}), which a URL is not. A GS1 Digital Link URI is carried in Data Matrix as
 * plain ECC 200 data (GS1 Digital Link Standard: URI Syntax, the section on data carriers; GS1
 * General Specifications 5.1, data carriers of the GS1 Digital Link URI), and the plain
 * {@code HTTPS://HOST/M/…} form the same way. ZXing's encoder chooses the encodation (ASCII, C40,
 * Text…); an uppercase mark URL goes mostly into C40, about 1.3 codewords per 2 characters.
 *
 * <p>Only square symbols: rectangular ECC 200 sizes stop at 16 x 48, far below a mark's length, and
 * printers' native Data Matrix ({@code ^BX}) prints squares only.
 *
 * <p>The renderer holds no mutable state and is safe to share between threads.
 *
 * <pre>{@code
 * DataMatrixRenderer renderer = DataMatrixRenderer.create();
 * DataMatrixModules modules = renderer.modules("HTTPS://V.MARKAUTH.CN/M/ABC234");
 * byte[] png = renderer.png(modules, 8);
 * }</pre>
 */
public final class DataMatrixRenderer {

    /** The quiet zone ISO/IEC 16022 requires: one module on every side. */
    public static final int STANDARD_QUIET_ZONE = 1;
    private static final Map<EncodeHintType, Object> HINTS = Map.of(EncodeHintType.DATA_MATRIX_SHAPE, SymbolShapeHint.FORCE_SQUARE);

    private final int quietZone;

    private DataMatrixRenderer(int quietZone) {
        this.quietZone = quietZone;
    }

    /** A renderer with the standard one-module quiet zone. */
    public static DataMatrixRenderer create() {
        return new DataMatrixRenderer(STANDARD_QUIET_ZONE);
    }

    /** A renderer with {@code quietZone} light modules around the symbol (1..16). */
    public static DataMatrixRenderer create(int quietZone) {
        if (quietZone < STANDARD_QUIET_ZONE || quietZone > 16) {
            throw new IllegalArgumentException("quietZone must be 1..16 modules (ISO/IEC 16022 asks for at least 1), got " + quietZone);
        }
        return new DataMatrixRenderer(quietZone);
    }

    /**
     * Encodes {@code text} into the smallest square ECC 200 symbol that holds it.
     *
     * @throws IllegalArgumentException if the text is empty, not ISO-8859-1, or too long for a 144 x 144 symbol
     */
    public DataMatrixModules modules(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("cannot encode an empty text as a Data Matrix");
        }
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException("a Data Matrix of a mark holds ISO-8859-1 text; this text is not");
        }
        BitMatrix m;
        try {
            m = new DataMatrixWriter().encode(text, BarcodeFormat.DATA_MATRIX, 0, 0, HINTS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("text of " + text.length() + " characters does not fit a Data Matrix "
                    + "(144 x 144 holds at most 2335 alphanumeric characters)", e);
        }
        int size = m.getWidth();
        long[] bits = new long[(size * size + 63) / 64];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (m.get(x, y)) {
                    int i = y * size + x;
                    bits[i >>> 6] |= 1L << (i & 63);
                }
            }
        }
        return new DataMatrixModules(size, quietZone, bits);
    }

    /**
     * The side of the smallest square symbol that holds {@code text} in ASCII encodation at one
     * codeword per character (two above 127; ISO/IEC 16022, 5.2.3) — what any ECC 200 encoder reaches
     * at least. Digit pairs, which ASCII encodation packs into one codeword, are deliberately not
     * counted: the size then depends on the text's length alone, so every mark of a batch (all the
     * same length) gets the same size, and a sample mark measures the product's marks exactly. A
     * printer's own encoder ({@code ^BX}) is told this size, so the symbol it builds always fits what
     * the label was laid out for, whatever encodation it prefers.
     */
    public static int asciiEncodationSize(String text) {
        int codewords = 0;
        for (int i = 0; i < text.length(); i++) {
            codewords += text.charAt(i) > 127 ? 2 : 1;
        }
        SymbolInfo s = SymbolInfo.lookup(codewords, SymbolShapeHint.FORCE_SQUARE, null, null, false);
        if (s == null) {
            throw new IllegalArgumentException("text of " + text.length() + " characters (" + codewords
                    + " ASCII codewords) does not fit a Data Matrix (144 x 144 holds 1558)");
        }
        return s.getSymbolWidth();
    }

    /** A 1-bit greyscale PNG, {@code modulePixels} pixels per module, quiet zone included. */
    public byte[] png(DataMatrixModules modules, int modulePixels) {
        return QrRenderer.pngBytes(image(modules, modulePixels));
    }

    /** The symbol as a 1-bit image (black on white), quiet zone included. */
    public BufferedImage image(DataMatrixModules modules, int modulePixels) {
        return QrRenderer.gridImage(modules, modulePixels);
    }

    /** Compact SVG in module units (viewBox includes the quiet zone), as {@link QrRenderer#svg(QrModules)}. */
    public String svg(DataMatrixModules modules) {
        return QrRenderer.svg(modules, null);
    }

    /** As {@link #svg(DataMatrixModules)} with a physical size: {@code moduleMillimetres} per module. */
    public String svg(DataMatrixModules modules, double moduleMillimetres) {
        if (!(moduleMillimetres > 0 && moduleMillimetres <= 10)) {
            throw new IllegalArgumentException("moduleMillimetres must be in (0, 10], got " + moduleMillimetres);
        }
        return QrRenderer.svg(modules, String.format(Locale.ROOT, "%.4f", moduleMillimetres * modules.sizeWithQuietZone())
                .replaceAll("\\.?0+$", "") + "mm");
    }
}
