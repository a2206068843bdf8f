package org.markauth.verify.officer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.markauth.sdk.image.QrModules;
import org.markauth.sdk.image.QrRenderer;
import org.markauth.sdk.mark.Serial;

/**
 * A video of a printed label held in front of a phone, for Chromium's fake camera
 * ({@code --use-file-for-fake-video-capture}). The label is laid out as the issuer's label sheet
 * lays one out (mark-issuer's LabelSheet: a 63.5 × 29.6 mm cell, a 22 mm QR drawn from the SDK's
 * {@link QrRenderer} module grid, the serial in base32 and the sequence beside it), rasterised here
 * with Java2D at 10 px/mm: verify-api may not depend on mark-issuer (its enforcer rule), so the
 * issuer's PDF itself is not rasterised here; system-it's OfficerCameraIT, which sees both modules,
 * films a label cut from the issuer's rasterised PDF with {@link #write} instead. Each frame shows
 * the label a little turned and shifted on a grey desk with sensor noise, as a hand-held phone sees it.
 *
 * <p>Written as YUV4MPEG2 (Y4M), 4:2:0 with JPEG (full-range BT.601) colours: the one uncompressed
 * format Chromium's file capture reads.
 */
public final class LabelVideo {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    private static final double PX_PER_MM = 10;

    private LabelVideo() {
    }

    /** The label for {@code code} (serial {@code serial}, sequence {@code seq}), as a white card. */
    static BufferedImage label(String code, long serial, int seq) {
        int w = (int) Math.round(63.5 * PX_PER_MM);
        int h = (int) Math.round(29.6 * PX_PER_MM);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        QrModules m = QrRenderer.create().modules(code);
        double side = 22 * PX_PER_MM;
        double module = side / m.sizeWithQuietZone();
        double x0 = 0;
        double y0 = (h - side) / 2;
        g.setColor(Color.BLACK);
        for (int y = 0; y < m.size(); y++) {
            for (int x = 0; x < m.size(); x++) {
                if (m.get(x, y)) {
                    int px = (int) Math.floor(x0 + (x + m.quietZone()) * module);
                    int py = (int) Math.floor(y0 + (y + m.quietZone()) * module);
                    int px2 = (int) Math.floor(x0 + (x + 1 + m.quietZone()) * module);
                    int py2 = (int) Math.floor(y0 + (y + 1 + m.quietZone()) * module);
                    g.fillRect(px, py, px2 - px, py2 - py);
                }
            }
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, (int) Math.round(7 / 72.0 * 25.4 * PX_PER_MM)));
        String b32 = new Serial(serial).toBase32();
        int tx = (int) Math.round(side + 1.5 * PX_PER_MM);
        int line = (int) Math.round(7 / 72.0 * 25.4 * PX_PER_MM * 1.2);
        g.drawString(b32.substring(0, 7), tx, (int) y0 + line);
        g.drawString(b32.substring(7), tx, (int) y0 + 2 * line);
        g.drawString("#" + seq, tx, (int) y0 + 4 * line);
        g.setStroke(new BasicStroke(2));
        g.setColor(new Color(0xcccccc));
        g.drawRect(1, 1, w - 3, h - 3);
        g.dispose();
        return img;
    }

    /** {@code frames} frames of the label (a white card at 10 px/mm) on a desk, written as Y4M to {@code file}. */
    public static Path write(BufferedImage label, int frames, Path file) throws IOException {
        Random noise = new Random(17);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F15:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (int f = 0; f < frames; f++) {
                BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = frame.createGraphics();
                g.setColor(new Color(0x8a8f96));
                g.fillRect(0, 0, WIDTH, HEIGHT);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                double angle = Math.toRadians(-3 + f % 5 * 1.5);
                AffineTransform at = new AffineTransform();
                at.translate(WIDTH / 2.0 + (f % 3 - 1) * 4, HEIGHT / 2.0 + (f % 2) * 3);
                at.rotate(angle);
                at.scale(0.92, 0.92);
                at.translate(-label.getWidth() / 2.0, -label.getHeight() / 2.0);
                g.drawImage(label, at, null);
                g.dispose();
                writeFrame(out, frame, noise);
            }
        }
        return file;
    }

    private static void writeFrame(OutputStream out, BufferedImage img, Random noise) throws IOException {
        int[] rgb = img.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
        byte[] y = new byte[WIDTH * HEIGHT];
        byte[] u = new byte[WIDTH * HEIGHT / 4];
        byte[] v = new byte[WIDTH * HEIGHT / 4];
        for (int i = 0; i < rgb.length; i++) {
            int r = rgb[i] >> 16 & 0xff;
            int gr = rgb[i] >> 8 & 0xff;
            int b = rgb[i] & 0xff;
            y[i] = clamp(0.299 * r + 0.587 * gr + 0.114 * b + noise.nextGaussian() * 3);
        }
        for (int cy = 0; cy < HEIGHT / 2; cy++) {
            for (int cx = 0; cx < WIDTH / 2; cx++) {
                double su = 0;
                double sv = 0;
                for (int d = 0; d < 4; d++) {
                    int p = rgb[(2 * cy + d / 2) * WIDTH + 2 * cx + d % 2];
                    int r = p >> 16 & 0xff;
                    int gr = p >> 8 & 0xff;
                    int b = p & 0xff;
                    su += 128 - 0.168736 * r - 0.331264 * gr + 0.5 * b;
                    sv += 128 + 0.5 * r - 0.418688 * gr - 0.081312 * b;
                }
                u[cy * WIDTH / 2 + cx] = clamp(su / 4);
                v[cy * WIDTH / 2 + cx] = clamp(sv / 4);
            }
        }
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(y);
        out.write(u);
        out.write(v);
    }

    private static byte clamp(double x) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(x)));
    }
}
