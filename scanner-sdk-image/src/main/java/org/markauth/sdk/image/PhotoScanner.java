package org.markauth.sdk.image;

import com.google.zxing.Binarizer;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.ResultPoint;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.DecoderResult;
import com.google.zxing.common.DetectorResult;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.GridSampler;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.common.PerspectiveTransform;
import com.google.zxing.multi.qrcode.detector.MultiDetector;
import com.google.zxing.qrcode.decoder.Decoder;
import com.google.zxing.qrcode.decoder.QRCodeDecoderMetaData;
import com.google.zxing.qrcode.detector.Detector;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds every QR code in a photo (PNG, JPEG or any format ImageIO reads) with ZXing, and the Data
 * Matrix (ECC 200) a small pack carries instead ({@link Symbology}); both come back as
 * {@link ScannedCode}s for the same verify path.
 *
 * <p><b>Strategy.</b> A photo is converted once to a luminance plane and read on the
 * <em>fast path</em>: {@link HybridBinarizer} (local thresholds, robust to shadows) and
 * {@link QRCodeMultiReader} with {@code TRY_HARDER}, which handles rotation, mild perspective and
 * several codes at once. Only if that finds nothing does the scanner climb a short, bounded
 * <em>retry ladder</em> ({@link Options#retries()}), stopping at the first step that reads
 * something. Each step exists because the degraded-photo corpus has a class that needs it; the
 * measurements are in {@code docs/scanning.md}. A clean photo therefore costs one ZXing pass,
 * and a photo with no code costs the whole ladder (six passes with the default one).
 *
 * <p><b>Limits.</b> Inputs larger than {@link Options#maxPixels()} or {@link Options#maxImageBytes()}
 * are refused with an {@link IllegalArgumentException} before any pixel is decoded, so a
 * decompression bomb cannot exhaust memory. Photos above {@link Options#workingPixels()} are read
 * on an averaged-down copy (a phone's 12 MP photo has far more pixels than any code needs).
 * Finding no code is a normal result (an empty list), not an exception; whether a found code is a
 * genuine mark is the verifier's business.
 *
 * <p><b>Threads.</b> ZXing readers keep state between calls, so each scan creates its own (they are
 * cheap); a {@code PhotoScanner} is immutable and may be shared by any number of threads.
 *
 * <pre>{@code
 * PhotoScanner scanner = PhotoScanner.create();
 * for (ScannedCode code : scanner.scan(Path.of("shelf.jpg"))) {
 *     System.out.println(code.text() + " at " + code.corners());
 * }
 * }</pre>
 */
public final class PhotoScanner {

    /** The ways the scanner reads a photo; {@link #HYBRID} is the fast path, the rest are retries. */
    public enum Pass {
        /** Local-threshold binarizer on the photo as it is. */
        HYBRID,
        /** One global threshold per row: better where local thresholds fragment faint, blurred print. */
        GLOBAL_HISTOGRAM,
        /** Light-on-dark codes (laser-etched, dark packaging): the same pass on inverted luminance. */
        INVERTED,
        /** 2×2 averaged: averages away sensor and JPEG noise and makes blur narrower than a pixel. */
        DOWNSCALED,
        /** The 1st..99th percentile stretched to full range: faint or washed-out print. */
        CONTRAST_STRETCHED,
        /** Unsharp mask: restores edges of a defocused or motion-smeared code. */
        SHARPENED,
        /** Bilinear ×2: codes whose modules are only 1–2 pixels wide. */
        UPSCALED,
        /** Local mean subtracted and the difference amplified: faint print on a mid-grey ground. */
        LOCAL_CONTRAST
    }

    /**
     * Scanner settings.
     *
     * @param maxPixels     largest photo accepted (width × height); default 40 MP
     * @param maxImageBytes largest encoded file accepted by the byte and path overloads; default 64 MiB
     * @param workingPixels photos above this are averaged down by an integer factor before reading;
     *                      default 4 MP (a 4:3 photo of 2309×1732)
     * @param retries       ladder tried in order when the fast path finds nothing; may be empty
     * @param exhaustive    run the whole ladder even after a success and merge everything found
     *                      (for photos of many codes at once, such as a shelf), and search for a Data
     *                      Matrix also where a QR code was read; default false
     * @param symbologies   what to look for; default both QR and Data Matrix (a plane in which a QR code
     *                      is read is not searched for a Data Matrix unless exhaustive). An app whose marks
     *                      are all QR may drop Data Matrix and save its search on passes that read nothing
     */
    public record Options(long maxPixels, long maxImageBytes, long workingPixels, List<Pass> retries,
                          boolean exhaustive, Set<Symbology> symbologies) {
        public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
        public static final long DEFAULT_MAX_IMAGE_BYTES = 64L << 20;
        public static final long DEFAULT_WORKING_PIXELS = 4_000_000L;
        /**
         * The measured ladder: each step reads corpus photos no other step reads (docs/scanning.md).
         * {@link Pass#SHARPENED} and {@link Pass#GLOBAL_HISTOGRAM} added nothing on top of these and
         * are left out; they still serve as crop retries and can be added here.
         */
        public static final List<Pass> DEFAULT_RETRIES = List.of(
                Pass.INVERTED, Pass.LOCAL_CONTRAST, Pass.CONTRAST_STRETCHED, Pass.DOWNSCALED, Pass.UPSCALED);

        public Options {
            if (maxPixels < 1 || maxPixels > 400_000_000L) {
                throw new IllegalArgumentException("maxPixels must be 1..400,000,000, got " + maxPixels);
            }
            if (maxImageBytes < 1 || maxImageBytes > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("maxImageBytes must be 1.." + (Integer.MAX_VALUE - 16)
                        + ", got " + maxImageBytes);
            }
            if (workingPixels < 10_000 || workingPixels > maxPixels) {
                throw new IllegalArgumentException("workingPixels must be 10,000..maxPixels (" + maxPixels
                        + "), got " + workingPixels);
            }
            retries = List.copyOf(retries);
            if (retries.contains(Pass.HYBRID)) {
                throw new IllegalArgumentException("retries must not contain HYBRID: it is the fast path and always runs first");
            }
            if (new HashSet<>(retries).size() != retries.size()) {
                throw new IllegalArgumentException("retries lists a pass twice: " + retries);
            }
            symbologies = Set.copyOf(symbologies);
            if (symbologies.isEmpty()) {
                throw new IllegalArgumentException("symbologies must name QR_CODE, DATA_MATRIX or both");
            }
        }

        /** Both symbologies (the form before Data Matrix was read). */
        public Options(long maxPixels, long maxImageBytes, long workingPixels, List<Pass> retries, boolean exhaustive) {
            this(maxPixels, maxImageBytes, workingPixels, retries, exhaustive, EnumSet.allOf(Symbology.class));
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_PIXELS, DEFAULT_MAX_IMAGE_BYTES, DEFAULT_WORKING_PIXELS,
                    DEFAULT_RETRIES, false);
        }

        public Options withRetries(List<Pass> newRetries) {
            return new Options(maxPixels, maxImageBytes, workingPixels, newRetries, exhaustive, symbologies);
        }

        public Options withExhaustive(boolean newExhaustive) {
            return new Options(maxPixels, maxImageBytes, workingPixels, retries, newExhaustive, symbologies);
        }

        public Options withSymbologies(Set<Symbology> newSymbologies) {
            return new Options(maxPixels, maxImageBytes, workingPixels, retries, exhaustive, newSymbologies);
        }
    }

    private static final Map<DecodeHintType, Object> HINTS = Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE);
    /** At most this many undecoded detections per pass get a crop retry (clutter can fake finders). */
    private static final int MAX_REGION_RETRIES = 4;
    /** Retries tried on a crop around a detection that did not decode, in order. */
    private static final List<Pass> REGION_RETRIES = List.of(
            Pass.HYBRID, Pass.UPSCALED, Pass.SHARPENED, Pass.GLOBAL_HISTOGRAM, Pass.LOCAL_CONTRAST);
    private static final float SHARPEN_AMOUNT = 1.5f;
    /** Perspective search grid for the fourth corner: ±6 steps of 3% of the finder span, nearest first. */
    private static final double SEARCH_STEP = 0.03;
    private static final int[][] SEARCH_STEPS = searchSteps(6);
    private static final int LOCAL_CONTRAST_RADIUS = 12;
    private static final int LOCAL_CONTRAST_GAIN = 4;

    private final Options options;

    private PhotoScanner(Options options) {
        this.options = options;
    }

    public static PhotoScanner create() {
        return new PhotoScanner(Options.defaults());
    }

    public static PhotoScanner create(Options options) {
        return new PhotoScanner(Objects.requireNonNull(options, "options"));
    }

    public Options options() {
        return options;
    }

    /**
     * Reads an image file.
     *
     * @throws IllegalArgumentException if the file is too big or not an image ImageIO can read
     * @throws UncheckedIOException     if the file cannot be read
     */
    public List<ScannedCode> scan(Path imageFile) {
        try {
            long size = Files.size(imageFile);
            if (size > options.maxImageBytes()) {
                throw new IllegalArgumentException("image file " + imageFile + " is " + size + " bytes, more than the "
                        + options.maxImageBytes() + "-byte limit (PhotoScanner.Options.maxImageBytes)");
            }
            return scan(Files.readAllBytes(imageFile), imageFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image file " + imageFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an encoded image (PNG, JPEG, GIF, BMP...).
     *
     * @throws IllegalArgumentException if the bytes are too many, too many pixels, or not a readable image
     */
    public List<ScannedCode> scan(byte[] imageBytes) {
        return scan(imageBytes, "image of " + imageBytes.length + " bytes");
    }

    public List<ScannedCode> scan(BufferedImage image) {
        checkPixels(image.getWidth(), image.getHeight(), "image");
        return scan(GrayImage.of(image));
    }

    private List<ScannedCode> scan(byte[] imageBytes, String name) {
        if (imageBytes.length > options.maxImageBytes()) {
            throw new IllegalArgumentException(name + " is more than the " + options.maxImageBytes()
                    + "-byte limit (PhotoScanner.Options.maxImageBytes)");
        }
        return scan(decode(imageBytes, name));
    }

    /** Decodes after checking the header's dimensions, so a small file cannot claim a huge canvas. */
    private BufferedImage decode(byte[] bytes, String name) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException(name + " is not an image format this JVM reads (use PNG or JPEG)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkPixels(reader.getWidth(0), reader.getHeight(0), name);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " is not a readable image: " + e.getMessage(), e);
        }
    }

    private void checkPixels(int width, int height, String name) {
        long pixels = (long) width * height;
        if (pixels > options.maxPixels()) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s is %dx%d = %.1f MP, more than the %.1f MP limit (PhotoScanner.Options.maxPixels);"
                            + " scale the photo down before scanning", name, width, height, pixels / 1e6,
                    options.maxPixels() / 1e6));
        }
        if (width < 21 || height < 21) {
            throw new IllegalArgumentException(name + " is " + width + "x" + height
                    + " pixels, smaller than the smallest QR code (21x21 modules)");
        }
    }

    private List<ScannedCode> scan(GrayImage photo) {
        int factor = 1;
        while ((long) (photo.width / factor) * (photo.height / factor) > options.workingPixels()) {
            factor++;
        }
        GrayImage base = factor == 1 ? photo : photo.downscale(factor);
        Map<String, ScannedCode> found = new LinkedHashMap<>();
        Search what = new Search(options.symbologies(), options.exhaustive());
        read(base, Pass.HYBRID, factor, found, what);
        for (Pass pass : options.retries()) {
            if (!found.isEmpty() && !options.exhaustive()) {
                break;
            }
            read(base, pass, factor, found, what);
        }
        return List.copyOf(found.values());
    }

    /** What one scan looks for: the symbologies, and whether a plane that gave a QR is searched for a Data Matrix too. */
    private record Search(Set<Symbology> symbologies, boolean exhaustive) {
    }

    /** Maps plane coordinates back to photo pixels: {@code photo = plane * scale + offset}. */
    record Frame(double scale, double offsetX, double offsetY) {
        ScannedCode.Point map(double x, double y) {
            return new ScannedCode.Point(x * scale + offsetX, y * scale + offsetY);
        }

        Frame crop(int x, int y, double upscale) {
            return new Frame(scale / upscale, offsetX + x * scale, offsetY + y * scale);
        }
    }

    /** Runs one full-frame pass, then retries each spot where it saw a code it could not decode. */
    private static void read(GrayImage base, Pass pass, int baseScale, Map<String, ScannedCode> found, Search what) {
        GrayImage plane = prepare(base, pass);
        if (plane == null) {
            return;
        }
        Frame frame = new Frame((double) base.width * baseScale / plane.width, 0, 0);
        List<ResultPoint[]> undecoded = decode(plane, pass == Pass.INVERTED, pass == Pass.GLOBAL_HISTOGRAM, pass, frame, found, what);
        int budget = MAX_REGION_RETRIES;
        for (ResultPoint[] spot : undecoded) {
            if (budget-- == 0) {
                break;
            }
            retryRegion(plane, pass, frame, spot, found, what);
        }
    }

    /** The plane a pass reads, or null when the pass cannot help at this size. */
    private static GrayImage prepare(GrayImage base, Pass pass) {
        return switch (pass) {
            case HYBRID, GLOBAL_HISTOGRAM, INVERTED -> base;
            case DOWNSCALED -> base.width < 400 || base.height < 400 ? null : base.downscale(2);
            case CONTRAST_STRETCHED -> base.stretchContrast();
            case LOCAL_CONTRAST -> base.boostLocalContrast(LOCAL_CONTRAST_RADIUS, LOCAL_CONTRAST_GAIN);
            case SHARPENED -> base.sharpen(SHARPEN_AMOUNT);
            // Above 2 MP the modules of any code that fits are wide enough already.
            case UPSCALED -> (long) base.width * base.height > 2_000_000L ? null : base.upscale2();
        };
    }

    /**
     * A code was detected (three finder patterns in a plausible layout) but its modules did not
     * decode. Instead of repeating whole-photo passes, read a crop around it a few other ways:
     * a crop is a tenth of the photo or less, so these cost a few milliseconds together.
     */
    private static void retryRegion(GrayImage plane, Pass pass, Frame frame, ResultPoint[] spot,
                                    Map<String, ScannedCode> found, Search what) {
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (ResultPoint p : spot) {
            minX = Math.min(minX, p.getX());
            minY = Math.min(minY, p.getY());
            maxX = Math.max(maxX, p.getX());
            maxY = Math.max(maxY, p.getY());
        }
        ScannedCode.Point centre = frame.map((minX + maxX) / 2, (minY + maxY) / 2);
        for (ScannedCode code : found.values()) {
            if (contains(code.corners(), centre)) {
                return; // another pass or detection already read the code at this spot
            }
        }
        // Finder centres sit 3.5 modules inside the symbol and the quiet zone adds 4 more: a margin
        // of 40% of the finder span covers both even when the code is rotated 45 degrees.
        double margin = 0.4 * Math.max(maxX - minX, maxY - minY) + 8;
        int x = (int) Math.floor(minX - margin), y = (int) Math.floor(minY - margin);
        int w = (int) Math.ceil(maxX - minX + 2 * margin), h = (int) Math.ceil(maxY - minY + 2 * margin);
        GrayImage crop = plane.crop(x, y, w, h);
        if (crop.width < 21 || crop.height < 21) {
            return;
        }
        Frame cropFrame = frame.crop(Math.max(0, x), Math.max(0, y), 1);
        for (Pass retry : REGION_RETRIES) {
            GrayImage piece = retry == Pass.HYBRID ? crop : prepare(crop, retry);
            if (piece == null) {
                continue;
            }
            Frame pieceFrame = cropFrame.crop(0, 0, (double) piece.width / crop.width);
            int before = found.size();
            decode(piece, pass == Pass.INVERTED, retry == Pass.GLOBAL_HISTOGRAM, retry == Pass.HYBRID ? pass : retry,
                    pieceFrame, found, what);
            if (found.size() > before) {
                return;
            }
        }
    }

    /**
     * Binarizes the plane, detects every finder-pattern triple and decodes each. Adds what decodes to
     * {@code found} (first sighting of a text wins) and returns the finder points of detections that
     * did not decode. This is {@code QRCodeMultiReader} opened up so that failures are visible.
     */
    private static List<ResultPoint[]> decode(GrayImage plane, boolean invert, boolean globalThreshold, Pass pass,
                                              Frame frame, Map<String, ScannedCode> found, Search what) {
        LuminanceSource source = invert ? plane.luminance().invert() : plane.luminance();
        Binarizer binarizer = globalThreshold ? new GlobalHistogramBinarizer(source) : new HybridBinarizer(source);
        BitMatrix bits;
        try {
            bits = binarizer.getBlackMatrix();
        } catch (NotFoundException e) {
            return List.of();
        }
        List<ResultPoint[]> undecoded = new ArrayList<>();
        int before = found.size();
        if (what.symbologies().contains(Symbology.QR_CODE)) {
            readQr(bits, pass, frame, found, undecoded);
        }
        // unless the search is exhaustive, a plane in which a QR code was just read is not searched for a
        // Data Matrix: a pack carries one carrier, and the blob search would cost every QR photo a second scan
        if (what.symbologies().contains(Symbology.DATA_MATRIX) && (found.size() == before || what.exhaustive())) {
            DataMatrixReading.read(bits, pass, frame, found, undecoded);
        }
        return undecoded;
    }

    private static void readQr(BitMatrix bits, Pass pass, Frame frame, Map<String, ScannedCode> found,
                               List<ResultPoint[]> undecoded) {
        DetectorResult[] detections;
        try {
            try {
                detections = new MultiDetector(bits).detectMulti(HINTS);
            } catch (NotFoundException e) {
                // The multi-code finder only pairs finder patterns whose module sizes agree within
                // 5%, which a code photographed at an angle breaks (its near corner is bigger). The
                // single-code finder accepts up to 40%, so it gets a go on the same binarized image.
                detections = new DetectorResult[] {new Detector(bits).detect(HINTS)};
            }
        } catch (NotFoundException | FormatException e) {
            return;
        }
        Decoder decoder = new Decoder();
        for (DetectorResult detection : detections) {
            ResultPoint[] points = detection.getPoints();
            try {
                DecoderResult result = decodeOrSearch(decoder, bits, detection);
                if (result.getOther() instanceof QRCodeDecoderMetaData meta) {
                    meta.applyMirroredCorrection(points);
                }
                int version = (detection.getBits().getHeight() - 17) / 4;
                found.putIfAbsent(result.getText(), toCode(result.getText(), version, points, pass, frame));
            } catch (ChecksumException | FormatException | RuntimeException e) {
                // A detection that does not decode is routine (a finder-like pattern in the clutter,
                // or a code too damaged for this pass); the caller may retry its region.
                undecoded.add(points);
            }
        }
    }

    /**
     * Decodes a detection; if that fails, searches for the symbol's fourth corner. ZXing maps the
     * symbol with the three finder patterns plus the bottom-right alignment pattern, which it looks
     * for near where a parallelogram would put it; on a code photographed at a steep angle the
     * pattern lies outside that window, ZXing falls back to the parallelogram, and the sampling grid
     * drifts off the modules towards the far corner. Trying candidate positions for that corner
     * around the parallelogram estimate, nearest first, recovers most such codes; each attempt is
     * one grid sampling and a failed format-information read, a few tens of microseconds.
     */
    private static DecoderResult decodeOrSearch(Decoder decoder, BitMatrix bits, DetectorResult detection)
            throws ChecksumException, FormatException {
        try {
            return decoder.decode(detection.getBits(), HINTS);
        } catch (ChecksumException | FormatException e) {
            ResultPoint[] p = detection.getPoints();
            int dim = detection.getBits().getHeight();
            if (p.length < 3 || dim < 25) {
                throw e; // version 1 has no alignment pattern: the parallelogram is all there is
            }
            ResultPoint bl = p[0], tl = p[1], tr = p[2];
            // The bottom-right alignment pattern's centre is 3 modules in from the finder-centre square.
            double k = (dim - 10.0) / (dim - 7.0);
            double ux = tr.getX() - tl.getX(), uy = tr.getY() - tl.getY();
            double vx = bl.getX() - tl.getX(), vy = bl.getY() - tl.getY();
            double ex = tl.getX() + k * (ux + vx), ey = tl.getY() + k * (uy + vy);
            GridSampler sampler = GridSampler.getInstance();
            float c = 3.5f, far = dim - 3.5f, align = dim - 6.5f;
            for (int[] step : SEARCH_STEPS) {
                double du = step[0] * SEARCH_STEP, dv = step[1] * SEARCH_STEP;
                float ax = (float) (ex + du * ux + dv * vx), ay = (float) (ey + du * uy + dv * vy);
                PerspectiveTransform transform = PerspectiveTransform.quadrilateralToQuadrilateral(
                        c, c, far, c, align, align, c, far,
                        tl.getX(), tl.getY(), tr.getX(), tr.getY(), ax, ay, bl.getX(), bl.getY());
                try {
                    return decoder.decode(sampler.sampleGrid(bits, dim, dim, transform), HINTS);
                } catch (NotFoundException | ChecksumException | FormatException ignored) {
                    // next candidate
                }
            }
            throw e;
        }
    }

    private static ScannedCode toCode(String text, int version, ResultPoint[] p, Pass pass, Frame frame) {
        // ZXing reports finder-pattern centres: bottom-left, top-left, top-right. Each centre is 3.5
        // modules in from the symbol's edges, which gives the outer corners by extrapolation.
        double blX = p[0].getX(), blY = p[0].getY();
        double tlX = p[1].getX(), tlY = p[1].getY();
        double trX = p[2].getX(), trY = p[2].getY();
        double k = 3.5 / (17 + 4 * version - 7);
        double ux = (trX - tlX) * k, uy = (trY - tlY) * k; // 3.5 modules along the top edge
        double vx = (blX - tlX) * k, vy = (blY - tlY) * k; // 3.5 modules down the left edge
        List<ScannedCode.Point> corners = List.of(
                frame.map(tlX - ux - vx, tlY - uy - vy),
                frame.map(trX + ux - vx, trY + uy - vy),
                frame.map(trX + blX - tlX + ux + vx, trY + blY - tlY + uy + vy),
                frame.map(blX - ux + vx, blY - uy + vy));
        return new ScannedCode(text, version, corners, pass, Symbology.QR_CODE);
    }

    private static int[][] searchSteps(int radius) {
        List<int[]> steps = new ArrayList<>();
        for (int u = -radius; u <= radius; u++) {
            for (int v = -radius; v <= radius; v++) {
                if (u != 0 || v != 0) {
                    steps.add(new int[] {u, v});
                }
            }
        }
        steps.sort(java.util.Comparator.comparingInt(s -> s[0] * s[0] + s[1] * s[1]));
        return steps.toArray(new int[0][]);
    }

    /** Whether a point lies inside a convex quadrilateral (either winding). */
    private static boolean contains(List<ScannedCode.Point> quad, ScannedCode.Point p) {
        int sign = 0;
        for (int i = 0; i < 4; i++) {
            ScannedCode.Point a = quad.get(i), b = quad.get((i + 1) % 4);
            double cross = (b.x() - a.x()) * (p.y() - a.y()) - (b.y() - a.y()) * (p.x() - a.x());
            int s = cross > 0 ? 1 : cross < 0 ? -1 : 0;
            if (s != 0) {
                if (sign != 0 && s != sign) {
                    return false;
                }
                sign = s;
            }
        }
        return true;
    }
}
