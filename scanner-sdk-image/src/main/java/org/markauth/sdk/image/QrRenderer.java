package org.markauth.sdk.image;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders text (a mark URL) as a QR symbol: a module grid for vector writers, PNG bytes, or SVG.
 *
 * <p>Encoding goes straight to ZXing's {@link Encoder} rather than {@code QRCodeWriter}, which would
 * scale the symbol into a {@code BitMatrix} we would only have to scale back. ZXing picks the
 * densest mode itself: an uppercase {@code HTTPS://HOST/M/} + base32 URL is all in QR's
 * alphanumeric set (5.5 bits per character instead of 8), which is why mark URLs are uppercase.
 * Text outside ISO-8859-1 is encoded as UTF-8 with an ECI header so any reader gets it right.
 *
 * <p>The renderer holds no mutable state and is safe to share between threads. Four fifths of
 * ZXing's encoding time is choosing the mask pattern by building the symbol eight times; here ZXing
 * builds it once and {@link QrMaskSelector} scores the eight masks on flat arrays with ZXing's own
 * rules, producing the identical symbol several times faster (figures in docs/scanning.md). PNG
 * output packs one bit per pixel and writes through an in-memory stream, so it never touches
 * ImageIO's disk cache.
 *
 * <pre>{@code
 * QrRenderer renderer = QrRenderer.create();
 * QrModules modules = renderer.modules("HTTPS://V.MARKAUTH.CN/M/ABC234");
 * byte[] png = renderer.png(modules, 8);
 * String svg = renderer.svg(modules);
 * }</pre>
 */
public final class QrRenderer {

    /** Quiet zone the QR specification requires (ISO/IEC 18004, 4 modules). */
    public static final int STANDARD_QUIET_ZONE = 4;
    /** Largest pixels per module {@link #png} accepts; 64 px makes a version 40 symbol 11,840 px wide. */
    public static final int MAX_MODULE_PIXELS = 64;

    /**
     * How symbols are rendered.
     *
     * @param errorCorrection QR error-correction level; M (15% recovery) balances size against damage
     * @param quietZone       light modules around the symbol; fewer than 4 breaks some readers
     */
    public record Options(ErrorCorrectionLevel errorCorrection, int quietZone) {
        public Options {
            Objects.requireNonNull(errorCorrection, "errorCorrection");
            if (quietZone < 0 || quietZone > 16) {
                throw new IllegalArgumentException("quietZone must be 0..16 modules, got " + quietZone
                        + "; the QR specification asks for " + STANDARD_QUIET_ZONE);
            }
        }

        /** ECC M with the standard 4-module quiet zone. */
        public static Options defaults() {
            return new Options(ErrorCorrectionLevel.M, STANDARD_QUIET_ZONE);
        }
    }

    /** ZXing builds the matrix once with mask 0; {@link QrMaskSelector} picks the real mask. */
    private static final Map<EncodeHintType, Object> LATIN1_HINTS = Map.of(EncodeHintType.QR_MASK_PATTERN, 0);
    private static final Map<EncodeHintType, Object> UTF8_HINTS = Map.of(EncodeHintType.QR_MASK_PATTERN, 0,
            EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
    private static final Map<EncodeHintType, Object> UTF8_ONLY_HINTS =
            Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());

    private final Options options;

    private QrRenderer(Options options) {
        this.options = options;
    }

    /** A renderer at ECC M with a 4-module quiet zone. */
    public static QrRenderer create() {
        return new QrRenderer(Options.defaults());
    }

    public static QrRenderer create(Options options) {
        return new QrRenderer(Objects.requireNonNull(options, "options"));
    }

    public Options options() {
        return options;
    }

    /**
     * Encodes {@code text} into the smallest QR version that holds it at the configured level.
     *
     * @throws IllegalArgumentException if the text is empty or too long for a version 40 symbol
     */
    public QrModules modules(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("cannot encode an empty text as a QR code");
        }
        boolean latin1 = StandardCharsets.ISO_8859_1.newEncoder().canEncode(text);
        QRCode code = encode(text, options.errorCorrection(), latin1 ? LATIN1_HINTS : UTF8_HINTS);
        int version = code.getVersion().getVersionNumber();
        int size = code.getMatrix().getWidth();
        long[] rows = QrMaskSelector.chooseMask(code.getMatrix(), version, options.errorCorrection());
        if (rows == null) {
            code = encode(text, options.errorCorrection(), latin1 ? null : UTF8_ONLY_HINTS); // beyond version 11
        }
        long[] bits = new long[(size * size + 63) / 64];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (rows != null ? (rows[y] >>> x & 1) == 1 : code.getMatrix().get(x, y) == 1) {
                    int i = y * size + x;
                    bits[i >>> 6] |= 1L << (i & 63);
                }
            }
        }
        return new QrModules(version, size, options.quietZone(), bits);
    }

    private static QRCode encode(String text, ErrorCorrectionLevel level, Map<EncodeHintType, ?> hints) {
        try {
            return Encoder.encode(text, level, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("text of " + text.length()
                    + " characters does not fit a QR code at ECC " + level
                    + " (version 40 holds at most 4296 alphanumeric or 2331 byte-mode characters at M)", e);
        }
    }

    /** {@link #png(QrModules, int)} of {@link #modules(String)}. */
    public byte[] png(String text, int modulePixels) {
        return png(modules(text), modulePixels);
    }

    /**
     * A 1-bit greyscale PNG, {@code modulePixels} pixels per module, quiet zone included.
     * The PNG records no physical size: the printer's dots per inch decide it.
     */
    public byte[] png(QrModules modules, int modulePixels) {
        return pngBytes(image(modules, modulePixels));
    }

    /** A 1-bit image as PNG bytes, written in memory (shared with {@link DataMatrixRenderer}). */
    static byte[] pngBytes(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + image.getWidth() * image.getHeight() / 40);
        ImageWriter writer = pngWriter();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * The symbol as a 1-bit image (black on white), {@code modulePixels} pixels per module,
     * quiet zone included.
     */
    public BufferedImage image(QrModules modules, int modulePixels) {
        return gridImage(modules, modulePixels);
    }

    /** Any module grid as a 1-bit image (shared with {@link DataMatrixRenderer}). */
    static BufferedImage gridImage(ModuleGrid modules, int modulePixels) {
        if (modulePixels < 1 || modulePixels > MAX_MODULE_PIXELS) {
            throw new IllegalArgumentException("modulePixels must be 1.." + MAX_MODULE_PIXELS + ", got " + modulePixels);
        }
        int side = modules.sizeWithQuietZone() * modulePixels;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        Arrays.fill(data, (byte) 0xFF); // bit 1 = white in the default binary palette
        int stride = (side + 7) / 8;
        int offset = modules.quietZone() * modulePixels;
        modules.forEachDarkRun((x, y, length) -> {
            int px0 = offset + x * modulePixels;
            int px1 = px0 + length * modulePixels;
            int py0 = offset + y * modulePixels;
            for (int py = py0; py < py0 + modulePixels; py++) {
                int row = py * stride;
                for (int px = px0; px < px1; px++) {
                    data[row + (px >>> 3)] &= (byte) ~(0x80 >>> (px & 7));
                }
            }
        });
        return image;
    }

    /** {@link #svg(QrModules)} of {@link #modules(String)}. */
    public String svg(String text) {
        return svg(modules(text));
    }

    /**
     * Compact SVG: a white background and one {@code <path>} with a rectangle per horizontal run of
     * dark modules, in module units (the viewBox includes the quiet zone), with crisp edges. It has no
     * width or height, so it fills whatever box the layout gives it; see {@link #svg(QrModules, double)}.
     */
    public String svg(QrModules modules) {
        return svg(modules, null);
    }

    /** As {@link #svg(QrModules)} but with a physical size: {@code moduleMillimetres} per module. */
    public String svg(QrModules modules, double moduleMillimetres) {
        if (!(moduleMillimetres > 0 && moduleMillimetres <= 10)) {
            throw new IllegalArgumentException("moduleMillimetres must be in (0, 10], got " + moduleMillimetres);
        }
        return svg(modules, String.format(Locale.ROOT, "%.4f", moduleMillimetres * modules.sizeWithQuietZone())
                .replaceAll("\\.?0+$", "") + "mm");
    }

    /** Any module grid as SVG, with a physical side or none (shared with {@link DataMatrixRenderer}). */
    static String svg(ModuleGrid modules, String physicalSide) {
        int n = modules.sizeWithQuietZone();
        int q = modules.quietZone();
        StringBuilder sb = new StringBuilder(256 + modules.size() * modules.size() * 2);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(n).append(' ').append(n).append('"');
        if (physicalSide != null) {
            sb.append(" width=\"").append(physicalSide).append("\" height=\"").append(physicalSide).append('"');
        }
        sb.append(" shape-rendering=\"crispEdges\"><rect width=\"").append(n).append("\" height=\"").append(n)
                .append("\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
        modules.forEachDarkRun((x, y, length) -> sb.append('M').append(x + q).append(' ').append(y + q)
                .append('h').append(length).append("v1h-").append(length).append('z'));
        sb.append("\"/></svg>\n");
        return sb.toString();
    }

    private static ImageWriter pngWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no ImageIO PNG writer");
        }
        return writers.next();
    }
}
