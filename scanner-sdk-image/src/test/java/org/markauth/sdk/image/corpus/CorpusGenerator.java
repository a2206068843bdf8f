package org.markauth.sdk.image.corpus;

import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;

import org.markauth.sdk.image.DataMatrixRenderer;
import org.markauth.sdk.image.ModuleGrid;
import org.markauth.sdk.image.Symbology;
import org.markauth.sdk.image.QrRenderer;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic generator of photo-like test images of mark QR codes (1280×960 JPEGs).
 *
 * <p>Each image is built like a phone photo of packaging: a cluttered, textured scene (gradients,
 * shapes, print, lines), a paper label carrying the code placed through a perspective transform
 * (so rotation and keystone come out as a camera would see them, antialiased by supersampling),
 * then the optics and sensor: uneven illumination and shadows, lens blur (Gaussian), sensor noise,
 * and JPEG compression. Every image gets mild amounts of all of these; its {@link Kind} turns one
 * of them up hard. Sample {@code i} depends only on the seed and {@code i}, so a failing image can
 * be regenerated alone; images are produced one at a time to keep memory flat.
 *
 * <p>Payloads are realistic mark URLs: {@code HTTPS://V.MARKAUTH.CN/M/} followed by the 136 base32
 * characters, which makes version 7 symbols at ECC M (45 modules, 53 with the quiet zone).
 */
public final class CorpusGenerator {

    public static final int WIDTH = 1280;
    public static final int HEIGHT = 960;
    /** The seed of the committed corpus: the accuracy test and the benchmark use it. */
    public static final long DEFAULT_SEED = 20261123L;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /** The degradation each class stresses. */
    public enum Kind {
        ROTATED, PERSPECTIVE, BLURRED, NOISY, LOW_CONTRAST, UNEVEN_LIGHT, JPEG_LOW_QUALITY, INVERTED, MULTIPLE,
        /** Modules of 1.8-2.8 pixels: a small pack's code photographed from arm's length (Data Matrix corpus only). */
        SMALL_MODULE
    }

    /** The QR corpus's classes, in the order samples are assigned to them (unchanged since the corpus was committed). */
    public static final List<Kind> QR_KINDS = List.of(Kind.ROTATED, Kind.PERSPECTIVE, Kind.BLURRED, Kind.NOISY, Kind.LOW_CONTRAST,
            Kind.UNEVEN_LIGHT, Kind.JPEG_LOW_QUALITY, Kind.INVERTED, Kind.MULTIPLE);
    /**
     * The Data Matrix corpus's classes: no MULTIPLE (the scanner reads one Data Matrix per photo, the
     * one it is aimed at — docs/scanning.md), and SMALL_MODULE for the small packs Data Matrix is for.
     */
    public static final List<Kind> DATA_MATRIX_KINDS = List.of(Kind.ROTATED, Kind.PERSPECTIVE, Kind.BLURRED, Kind.NOISY,
            Kind.LOW_CONTRAST, Kind.UNEVEN_LIGHT, Kind.JPEG_LOW_QUALITY, Kind.INVERTED, Kind.SMALL_MODULE);

    /**
     * One generated photo.
     *
     * @param name     stable name such as {@code 017-blurred}
     * @param kind     its class
     * @param jpeg     the encoded photo
     * @param expected every code text placed in it
     * @param params   the random parameters drawn, for reading failures
     */
    public record Sample(String name, Kind kind, byte[] jpeg, List<String> expected, String params) {
        public Sample {
            expected = List.copyOf(expected);
        }
    }

    private final long seed;
    private final Symbology symbology;
    private final List<Kind> kinds;
    private final QrRenderer renderer = QrRenderer.create();
    private final DataMatrixRenderer dataMatrix = DataMatrixRenderer.create();

    /** The QR corpus. */
    public CorpusGenerator(long seed) {
        this(seed, Symbology.QR_CODE);
    }

    /** The corpus of {@code symbology}: the same scenes and optics, the mark in that carrier. */
    public CorpusGenerator(long seed, Symbology symbology) {
        this.seed = seed;
        this.symbology = symbology;
        this.kinds = symbology == Symbology.QR_CODE ? QR_KINDS : DATA_MATRIX_KINDS;
    }

    public List<Kind> kinds() {
        return kinds;
    }

    /** Samples are assigned to classes round-robin, so any prefix of the corpus is balanced. */
    public Kind kindOf(int index) {
        return kinds.get(index % kinds.size());
    }

    private ModuleGrid grid(String text) {
        return symbology == Symbology.QR_CODE ? renderer.modules(text) : dataMatrix.modules(text);
    }

    public Sample sample(int index) {
        Kind kind = kindOf(index);
        Random rnd = new Random(seed * 1_000_003L + index);
        StringBuilder params = new StringBuilder();
        float[][] rgb = background(rnd);

        int codes = kind == Kind.MULTIPLE ? 2 + rnd.nextInt(2) : 1;
        List<String> texts = new ArrayList<>();
        double[] centre = null;
        for (int c = 0; c < codes; c++) {
            String text = markUrl(rnd);
            texts.add(text);
            centre = placeCode(rgb, grid(text), kind, c, codes, rnd, params);
        }

        light(rgb, kind, centre, rnd, params);
        // Defocus is relative to the module: sigma of a quarter to a half module smears each module
        // edge over one to two modules (the point where phone readers start to fail).
        double sigma = kind == Kind.BLURRED ? centre[2] * (0.25 + rnd.nextDouble() * 0.25) : 0.5 + rnd.nextDouble() * 0.5;
        params.append(String.format(Locale.ROOT, " blur=%.2f", sigma));
        for (float[] plane : rgb) {
            gaussianBlur(plane, sigma);
        }
        double noise = kind == Kind.NOISY ? 14 + rnd.nextDouble() * 14 : 2 + rnd.nextDouble() * 3;
        params.append(String.format(Locale.ROOT, " noise=%.1f", noise));
        addNoise(rgb, noise, rnd);
        float quality = kind == Kind.JPEG_LOW_QUALITY ? 0.08f + rnd.nextFloat() * 0.17f : 0.75f + rnd.nextFloat() * 0.17f;
        params.append(String.format(Locale.ROOT, " jpegq=%.0f", quality * 100));
        byte[] jpeg = jpeg(toImage(rgb), quality);
        return new Sample(String.format(Locale.ROOT, "%03d-%s", index, kind.name().toLowerCase(Locale.ROOT)),
                kind, jpeg, texts, params.toString().trim());
    }

    /**
     * Writes samples as JPEG files for inspection:
     * {@code CorpusGenerator <dir> [count] [seed]} (default 216 samples, the accuracy test's seed).
     */
    public static void main(String[] args) throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(args.length > 0 ? args[0] : "target/corpus");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 216;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        java.nio.file.Files.createDirectories(dir);
        CorpusGenerator generator = new CorpusGenerator(seed);
        for (int i = 0; i < count; i++) {
            Sample s = generator.sample(i);
            java.nio.file.Files.write(dir.resolve(s.name() + ".jpg"), s.jpeg());
            // Also as PNG: some image viewers show only PNG. The pixels are the JPEG's, decoded.
            ImageIO.write(ImageIO.read(new java.io.ByteArrayInputStream(s.jpeg())), "png",
                    dir.resolve(s.name() + ".png").toFile());
            System.out.println(s.name() + " " + s.params());
        }
    }

    /** The key that signs the corpus's marks (fixed, so the corpus is deterministic). */
    public static final MarkKeyPair MARK_KEY = TestKeys.keyPair(SignatureAlgorithm.ED25519, 20261123L);
    public static final String HOST = "V.MARKAUTH.CN";

    /** A real signed mark URL (format v1, 136 base32 characters) with random ids, signed by {@link #MARK_KEY}. */
    public static String markUrl(Random rnd) {
        // Draw from the scene's generator exactly as the first corpus did (136-140 characters), so
        // the scenes stay the ones the accuracy figures were measured on; the ids come from that draw.
        int n = 136 + rnd.nextInt(5);
        long draw = 0;
        for (int i = 0; i < n; i++) {
            draw = draw * 31 + rnd.nextInt(32);
        }
        Random ids = new Random(draw);
        MarkContent content = new MarkContent(1 + ids.nextInt(Integer.MAX_VALUE - 1), 1 + ids.nextInt(Integer.MAX_VALUE - 1),
                new Serial(ids.nextLong()));
        return MarkSigner.create(MARK_KEY.algorithm(), MARK_KEY.privateKey()).sign(content).toUrl(HOST);
    }

    // ---- scene ----

    /** A cluttered scene: a lit gradient, product-like shapes, stray print and lines, low-frequency texture. */
    private static float[][] background(Random rnd) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, mutedColor(rnd, 60, 200), WIDTH, HEIGHT, mutedColor(rnd, 40, 180)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int shapes = 18 + rnd.nextInt(20);
        for (int i = 0; i < shapes; i++) {
            g.setColor(new Color(mutedColor(rnd, 10, 245).getRGB() & 0xFFFFFF | (120 + rnd.nextInt(136)) << 24, true));
            int x = rnd.nextInt(WIDTH) - 100, y = rnd.nextInt(HEIGHT) - 100;
            int w = 40 + rnd.nextInt(420), h = 40 + rnd.nextInt(320);
            switch (rnd.nextInt(5)) {
                case 0 -> g.fillRect(x, y, w, h);
                case 1 -> g.fillOval(x, y, w, h);
                case 2 -> g.fillRoundRect(x, y, w, h, 30, 30);
                case 3 -> {
                    g.setStroke(new BasicStroke(1 + rnd.nextInt(9)));
                    g.drawLine(x, y, x + w * (rnd.nextBoolean() ? 1 : -1) * 2, y + h);
                }
                default -> {
                    g.setFont(new Font(Font.SANS_SERIF, rnd.nextBoolean() ? Font.BOLD : Font.PLAIN, 12 + rnd.nextInt(48)));
                    g.drawString(randomWords(rnd), x, y + h);
                }
            }
        }
        g.dispose();
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        float[][] rgb = new float[3][WIDTH * HEIGHT];
        // Low-frequency texture (paper, cardboard, table grain) from a coarse grid, bilinear.
        int gw = 33, gh = 25;
        float[] grid = new float[gw * gh];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = 0.9f + rnd.nextFloat() * 0.2f;
        }
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int i = y * WIDTH + x;
                float t = bilinear(grid, gw, gh, x * (gw - 1f) / WIDTH, y * (gh - 1f) / HEIGHT);
                rgb[0][i] = ((px[i] >> 16) & 0xFF) * t;
                rgb[1][i] = ((px[i] >> 8) & 0xFF) * t;
                rgb[2][i] = (px[i] & 0xFF) * t;
            }
        }
        return rgb;
    }

    private static String randomWords(Random rnd) {
        // ASCII only: CJK glyphs would need fonts a build machine may not have (they draw as boxes).
        String[] words = {"NET WT 500g", "BATCH 2026-11", "EXP 2027-03", "QUALITY MARK", "GB/T 40204",
                "MADE IN FOSHAN", "LOT A17", "CERTIFIED", "STORE DRY", "SCAN TO VERIFY", "0123456789", "ORGANIC"};
        return words[rnd.nextInt(words.length)] + " " + words[rnd.nextInt(words.length)];
    }

    private static Color mutedColor(Random rnd, int lo, int hi) {
        return new Color(lo + rnd.nextInt(hi - lo), lo + rnd.nextInt(hi - lo), lo + rnd.nextInt(hi - lo));
    }

    // ---- the code on its label ----

    /** Draws one labelled code and returns its centre in pixels and its module size. */
    private static double[] placeCode(float[][] rgb, ModuleGrid modules, Kind kind, int slot, int slots, Random rnd,
                                      StringBuilder params) {
        int margin = 1 + rnd.nextInt(4); // label paper beyond the quiet zone, in modules
        int labelModules = modules.sizeWithQuietZone() + 2 * margin;
        // Module sizes of a phone photo of a 12-20 mm code from 10-30 cm; a tilted code is photographed
        // from closer (the camera has to be, to fill the frame at an angle).
        double modulePx = slots > 1 ? 3.8 + rnd.nextDouble() * 2.4
                : kind == Kind.SMALL_MODULE ? 1.8 + rnd.nextDouble()
                : kind == Kind.PERSPECTIVE ? 4.5 + rnd.nextDouble() * 4.5 : 3.6 + rnd.nextDouble() * 5.0;
        double angle = switch (kind) {
            case ROTATED, MULTIPLE, PERSPECTIVE -> rnd.nextDouble() * 2 * Math.PI;
            default -> Math.toRadians(rnd.nextDouble() * 30 - 15);
        };
        // Perspective: the label is tilted by `tilt` about an in-plane axis at angle `axis` and seen
        // by a pinhole camera at `distance` label-widths: the near edge grows, the far edge shrinks
        // and the label foreshortens along the tilt, as in a photo taken at an angle.
        double tilt = Math.toRadians(kind == Kind.PERSPECTIVE ? 25 + rnd.nextDouble() * 25 : rnd.nextDouble() * 12);
        double axis = rnd.nextDouble() * Math.PI;
        double distance = kind == Kind.PERSPECTIVE ? 1.6 + rnd.nextDouble() * 1.4 : 3 + rnd.nextDouble() * 3;
        double cellW = (double) WIDTH / slots;
        double[] quad = null;
        for (int attempt = 0; attempt < 50 && quad == null; attempt++) {
            double side = labelModules * modulePx;
            double cx = cellW * slot + side * 0.75 + rnd.nextDouble() * Math.max(1, cellW - 1.5 * side);
            double cy = side * 0.75 + rnd.nextDouble() * Math.max(1, HEIGHT - 1.5 * side);
            double[] q = new double[8];
            double[][] unit = {{-0.5, -0.5}, {0.5, -0.5}, {0.5, 0.5}, {-0.5, 0.5}};
            for (int k = 0; k < 4; k++) {
                // into the tilt frame (a = along the axis, b = across it), tilt b out of the plane, project
                double a = unit[k][0] * Math.cos(axis) + unit[k][1] * Math.sin(axis);
                double b = -unit[k][0] * Math.sin(axis) + unit[k][1] * Math.cos(axis);
                double depth = distance + b * Math.sin(tilt);
                double pa = a * distance / depth, pb = b * Math.cos(tilt) * distance / depth;
                double ux = (pa * Math.cos(axis) - pb * Math.sin(axis)) * side;
                double uy = (pa * Math.sin(axis) + pb * Math.cos(axis)) * side;
                q[2 * k] = cx + ux * Math.cos(angle) - uy * Math.sin(angle);
                q[2 * k + 1] = cy + ux * Math.sin(angle) + uy * Math.cos(angle);
            }
            boolean inside = true;
            for (int k = 0; k < 4; k++) {
                inside &= q[2 * k] > cellW * slot + 4 && q[2 * k] < cellW * (slot + 1) - 4
                        && q[2 * k + 1] > 4 && q[2 * k + 1] < HEIGHT - 4;
            }
            if (inside) {
                quad = q;
            } else {
                modulePx = Math.max(2.5, modulePx * 0.93);
            }
        }
        if (quad == null) {
            throw new IllegalStateException("could not place a code in slot " + slot + " of " + slots);
        }
        float ink, paper;
        switch (kind) {
            case LOW_CONTRAST -> {
                paper = 150 + rnd.nextInt(60);
                ink = paper - 28 - rnd.nextInt(22);
            }
            case INVERTED -> {
                paper = 15 + rnd.nextInt(40);
                ink = 180 + rnd.nextInt(60);
            }
            default -> {
                paper = 215 + rnd.nextInt(35);
                ink = 10 + rnd.nextInt(50);
            }
        }
        params.append(String.format(Locale.ROOT, "code%d[module=%.1fpx angle=%.0f tilt=%.0f distance=%.1f ink=%.0f paper=%.0f] ",
                slot, modulePx, Math.toDegrees(angle), Math.toDegrees(tilt), distance, ink, paper));
        float[] tint = {0.97f + rnd.nextFloat() * 0.06f, 0.97f + rnd.nextFloat() * 0.06f, 0.94f + rnd.nextFloat() * 0.06f};
        drawLabel(rgb, modules, margin, labelModules, quad, ink, paper, tint);
        return new double[] {(quad[0] + quad[2] + quad[4] + quad[6]) / 4, (quad[1] + quad[3] + quad[5] + quad[7]) / 4,
                modulePx};
    }

    /** Inverse-maps each pixel of the label's bounding box into module space, 3×3 supersampled. */
    private static void drawLabel(float[][] rgb, ModuleGrid modules, int margin, int labelModules, double[] quad,
                                  float ink, float paper, float[] tint) {
        double[] inv = invert(squareToQuad(quad));
        int x0 = (int) Math.floor(Math.min(Math.min(quad[0], quad[2]), Math.min(quad[4], quad[6])));
        int x1 = (int) Math.ceil(Math.max(Math.max(quad[0], quad[2]), Math.max(quad[4], quad[6])));
        int y0 = (int) Math.floor(Math.min(Math.min(quad[1], quad[3]), Math.min(quad[5], quad[7])));
        int y1 = (int) Math.ceil(Math.max(Math.max(quad[1], quad[3]), Math.max(quad[5], quad[7])));
        int offset = margin + modules.quietZone();
        int size = modules.size();
        for (int y = Math.max(0, y0); y <= Math.min(HEIGHT - 1, y1); y++) {
            for (int x = Math.max(0, x0); x <= Math.min(WIDTH - 1, x1); x++) {
                int inLabel = 0;
                float sum = 0;
                for (int sy = 0; sy < 3; sy++) {
                    for (int sx = 0; sx < 3; sx++) {
                        double px = x + (sx + 0.5) / 3, py = y + (sy + 0.5) / 3;
                        double w = inv[6] * px + inv[7] * py + inv[8];
                        double u = (inv[0] * px + inv[1] * py + inv[2]) / w;
                        double v = (inv[3] * px + inv[4] * py + inv[5]) / w;
                        if (u < 0 || u >= 1 || v < 0 || v >= 1) {
                            continue;
                        }
                        inLabel++;
                        int mx = (int) Math.floor(u * labelModules) - offset;
                        int my = (int) Math.floor(v * labelModules) - offset;
                        boolean dark = mx >= 0 && my >= 0 && mx < size && my < size && modules.get(mx, my);
                        sum += dark ? ink : paper;
                    }
                }
                if (inLabel > 0) {
                    int i = y * WIDTH + x;
                    float cover = inLabel / 9f;
                    float value = sum / inLabel;
                    for (int c = 0; c < 3; c++) {
                        rgb[c][i] = rgb[c][i] * (1 - cover) + value * tint[c] * cover;
                    }
                }
            }
        }
    }

    /** Heckbert's unit-square-to-quad projective map, as a row-major 3×3 matrix. */
    private static double[] squareToQuad(double[] q) {
        double x0 = q[0], y0 = q[1], x1 = q[2], y1 = q[3], x2 = q[4], y2 = q[5], x3 = q[6], y3 = q[7];
        double dx1 = x1 - x2, dx2 = x3 - x2, dx3 = x0 - x1 + x2 - x3;
        double dy1 = y1 - y2, dy2 = y3 - y2, dy3 = y0 - y1 + y2 - y3;
        double det = dx1 * dy2 - dx2 * dy1;
        double g = (dx3 * dy2 - dx2 * dy3) / det;
        double h = (dx1 * dy3 - dx3 * dy1) / det;
        return new double[] {x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1};
    }

    private static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        return new double[] {e * i - f * h, c * h - b * i, b * f - c * e,
                f * g - d * i, a * i - c * g, c * d - a * f,
                d * h - e * g, b * g - a * h, a * e - b * d};
    }

    // ---- optics and sensor ----

    /**
     * Illumination: a broad gradient plus a soft-edged shadow edge; for UNEVEN_LIGHT both are strong
     * and the shadow's edge runs across the code (a hand or the phone over the pack).
     */
    private static void light(float[][] rgb, Kind kind, double[] codeCentre, Random rnd, StringBuilder params) {
        boolean strong = kind == Kind.UNEVEN_LIGHT;
        double lo = strong ? 0.35 + rnd.nextDouble() * 0.2 : 0.8 + rnd.nextDouble() * 0.1;
        double hi = strong ? 1.05 + rnd.nextDouble() * 0.15 : 1.0 + rnd.nextDouble() * 0.05;
        double dir = rnd.nextDouble() * 2 * Math.PI;
        double dx = Math.cos(dir), dy = Math.sin(dir);
        // Shadow: a half-plane edge through a random point, softened over `soft` pixels.
        double sdir = rnd.nextDouble() * 2 * Math.PI;
        double sx = Math.cos(sdir), sy = Math.sin(sdir);
        double px = WIDTH * (0.3 + 0.4 * rnd.nextDouble()), py = HEIGHT * (0.3 + 0.4 * rnd.nextDouble());
        if (strong) {
            px = codeCentre[0] + (rnd.nextDouble() - 0.5) * 80;
            py = codeCentre[1] + (rnd.nextDouble() - 0.5) * 80;
        }
        double shadow = strong ? 0.45 + rnd.nextDouble() * 0.2 : 0.85 + rnd.nextDouble() * 0.15;
        double soft = 8 + rnd.nextDouble() * 60;
        params.append(String.format(Locale.ROOT, " light=%.2f..%.2f shadow=%.2f", lo, hi, shadow));
        double span = Math.abs(dx) * WIDTH + Math.abs(dy) * HEIGHT;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double t = ((x - WIDTH / 2.0) * dx + (y - HEIGHT / 2.0) * dy) / span + 0.5;
                double l = lo + (hi - lo) * t;
                double s = ((x - px) * sx + (y - py) * sy) / soft;
                double edge = s <= -1 ? 0 : s >= 1 ? 1 : (s + 1) / 2;
                l *= 1 - (1 - shadow) * edge;
                int i = y * WIDTH + x;
                for (float[] plane : rgb) {
                    plane[i] *= (float) l;
                }
            }
        }
    }

    /**
     * Gaussian blur: an exact separable kernel for small sigma, and for larger sigma three box blurs
     * of matched widths (Wells, 1986; the widths as in Kovesi's "boxes for Gauss"), whose cost does
     * not grow with sigma.
     */
    private static void gaussianBlur(float[] plane, double sigma) {
        if (sigma > 1.5) {
            int n = 3;
            double ideal = Math.sqrt(12 * sigma * sigma / n + 1);
            int wl = (int) Math.floor(ideal);
            if (wl % 2 == 0) {
                wl--;
            }
            int m = (int) Math.round((12 * sigma * sigma - n * wl * wl - 4.0 * n * wl - 3 * n) / (-4.0 * wl - 4));
            for (int i = 0; i < n; i++) {
                boxBlur(plane, ((i < m ? wl : wl + 2) - 1) / 2);
            }
            return;
        }
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        float norm = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            norm += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= norm;
        }
        // Horizontal pass into a padded row, vertical pass accumulating whole rows (cache-friendly).
        float[] tmp = new float[plane.length];
        float[] padded = new float[WIDTH + 2 * r];
        for (int y = 0; y < HEIGHT; y++) {
            int row = y * WIDTH;
            System.arraycopy(plane, row, padded, r, WIDTH);
            for (int j = 0; j < r; j++) {
                padded[j] = plane[row];
                padded[r + WIDTH + j] = plane[row + WIDTH - 1];
            }
            for (int x = 0; x < WIDTH; x++) {
                float s = 0;
                for (int j = 0; j < k.length; j++) {
                    s += padded[x + j] * k[j];
                }
                tmp[row + x] = s;
            }
        }
        float[] acc = new float[WIDTH];
        for (int y = 0; y < HEIGHT; y++) {
            java.util.Arrays.fill(acc, 0f);
            for (int j = -r; j <= r; j++) {
                int src = (y + j < 0 ? 0 : Math.min(y + j, HEIGHT - 1)) * WIDTH;
                float kj = k[j + r];
                for (int x = 0; x < WIDTH; x++) {
                    acc[x] += tmp[src + x] * kj;
                }
            }
            System.arraycopy(acc, 0, plane, y * WIDTH, WIDTH);
        }
    }

    /** Box blur of the given radius with clamped edges, horizontal then vertical, by running sums. */
    private static void boxBlur(float[] plane, int r) {
        float inv = 1f / (2 * r + 1);
        float[] tmp = new float[plane.length];
        for (int y = 0; y < HEIGHT; y++) {
            int row = y * WIDTH;
            float s = 0;
            for (int j = -r; j <= r; j++) {
                s += plane[row + Math.max(0, Math.min(j, WIDTH - 1))];
            }
            for (int x = 0; x < WIDTH; x++) {
                tmp[row + x] = s * inv;
                s += plane[row + Math.min(x + r + 1, WIDTH - 1)] - plane[row + Math.max(x - r, 0)];
            }
        }
        float[] acc = new float[WIDTH];
        for (int j = -r; j <= r; j++) {
            int src = Math.max(0, Math.min(j, HEIGHT - 1)) * WIDTH;
            for (int x = 0; x < WIDTH; x++) {
                acc[x] += tmp[src + x];
            }
        }
        for (int y = 0; y < HEIGHT; y++) {
            int out = y * WIDTH;
            int add = Math.min(y + r + 1, HEIGHT - 1) * WIDTH;
            int sub = Math.max(y - r, 0) * WIDTH;
            for (int x = 0; x < WIDTH; x++) {
                plane[out + x] = acc[x] * inv;
                acc[x] += tmp[add + x] - tmp[sub + x];
            }
        }
    }

    /**
     * Sensor noise: luminance-correlated Gaussian noise plus weaker independent chroma noise. Draws
     * from a table of 64k Gaussian values indexed by a xorshift generator: {@code nextGaussian} for
     * four million samples per image would dominate the generation time.
     */
    private static void addNoise(float[][] rgb, double sigma, Random rnd) {
        float[] table = new float[1 << 16];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) (rnd.nextGaussian() * sigma);
        }
        float chroma = 0.35f;
        long x = rnd.nextLong() | 1;
        for (int i = 0; i < WIDTH * HEIGHT; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            float common = table[(int) (x & 0xFFFF)];
            rgb[0][i] += common + chroma * table[(int) ((x >>> 16) & 0xFFFF)];
            rgb[1][i] += common + chroma * table[(int) ((x >>> 32) & 0xFFFF)];
            rgb[2][i] += common + chroma * table[(int) ((x >>> 48) & 0xFFFF)];
        }
    }

    private static BufferedImage toImage(float[][] rgb) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0, j = 0; i < WIDTH * HEIGHT; i++, j += 3) {
            d[j] = clamp(rgb[2][i]);
            d[j + 1] = clamp(rgb[1][i]);
            d[j + 2] = clamp(rgb[0][i]);
        }
        return img;
    }

    private static byte clamp(float v) {
        return (byte) (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));
    }

    private static float bilinear(float[] grid, int gw, int gh, float gx, float gy) {
        int x = Math.min((int) gx, gw - 2), y = Math.min((int) gy, gh - 2);
        float fx = gx - x, fy = gy - y;
        float top = grid[y * gw + x] * (1 - fx) + grid[y * gw + x + 1] * fx;
        float bottom = grid[(y + 1) * gw + x] * (1 - fx) + grid[(y + 1) * gw + x + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(200_000);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
