package org.markauth.sdk.image;

import com.google.zxing.LuminanceSource;
import com.google.zxing.PlanarYUVLuminanceSource;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * An 8-bit luminance plane and the cheap image operations the retry ladder needs.
 *
 * <p>Every retry works on this plane, converted once from the photo, rather than on a new
 * {@code BufferedImage}: a 1280×960 plane is 1.2 MB and a pass over it costs about a millisecond,
 * while redrawing through Java2D costs several. The plane is handed to ZXing without a copy through
 * {@link PlanarYUVLuminanceSource} (its Y plane is exactly this layout). Instances are never
 * modified after construction; operations return new planes.
 */
final class GrayImage {

    final byte[] y;
    final int width;
    final int height;

    GrayImage(byte[] y, int width, int height) {
        if (y.length != width * height) {
            throw new IllegalArgumentException("plane of " + y.length + " bytes is not " + width + "x" + height);
        }
        this.y = y;
        this.width = width;
        this.height = height;
    }

    LuminanceSource luminance() {
        return new PlanarYUVLuminanceSource(y, width, height, 0, 0, width, height, false);
    }

    /**
     * Luminance with ITU-R BT.601 weights (the ones ZXing's own AWT source uses); transparent pixels
     * count as white paper. Reads the common raster layouts directly and falls back to getRGB.
     */
    static GrayImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h];
        Raster raster = image.getRaster();
        switch (image.getType()) {
            case BufferedImage.TYPE_BYTE_GRAY -> {
                if (raster.getDataBuffer() instanceof DataBufferByte buf
                        && raster.getSampleModel() instanceof ComponentSampleModel sm
                        && sm.getPixelStride() == 1 && raster.getSampleModelTranslateX() == 0
                        && raster.getSampleModelTranslateY() == 0) {
                    byte[] data = buf.getData();
                    int stride = sm.getScanlineStride();
                    for (int row = 0; row < h; row++) {
                        System.arraycopy(data, buf.getOffset() + row * stride, out, row * w, w);
                    }
                    return new GrayImage(out, w, h);
                }
            }
            case BufferedImage.TYPE_3BYTE_BGR -> {
                if (raster.getDataBuffer() instanceof DataBufferByte buf
                        && raster.getSampleModel() instanceof ComponentSampleModel sm
                        && sm.getPixelStride() == 3 && sm.getScanlineStride() == 3 * w
                        && buf.getOffset() == 0 && raster.getSampleModelTranslateX() == 0
                        && raster.getSampleModelTranslateY() == 0) {
                    byte[] d = buf.getData();
                    for (int i = 0, j = 0; i < out.length; i++, j += 3) {
                        out[i] = (byte) luma(d[j + 2] & 0xFF, d[j + 1] & 0xFF, d[j] & 0xFF);
                    }
                    return new GrayImage(out, w, h);
                }
            }
            case BufferedImage.TYPE_INT_RGB -> {
                if (raster.getDataBuffer() instanceof DataBufferInt buf && buf.getData().length == w * h
                        && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
                    int[] d = buf.getData();
                    for (int i = 0; i < out.length; i++) {
                        int p = d[i];
                        out[i] = (byte) luma((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
                    }
                    return new GrayImage(out, w, h);
                }
            }
            default -> { }
        }
        int[] row = new int[w];
        for (int r = 0; r < h; r++) {
            image.getRGB(0, r, w, 1, row, 0, w);
            for (int c = 0; c < w; c++) {
                int p = row[c];
                int alpha = p >>> 24;
                int l = luma((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
                out[r * w + c] = (byte) (alpha == 0xFF ? l : (l * alpha + 255 * (255 - alpha)) / 255);
            }
        }
        return new GrayImage(out, w, h);
    }

    private static int luma(int r, int g, int b) {
        return (306 * r + 601 * g + 117 * b + 0x200) >> 10;
    }

    /** Average of each {@code factor}×{@code factor} block: removes noise and shrinks blur to under a pixel. */
    GrayImage downscale(int factor) {
        int w = width / factor;
        int h = height / factor;
        byte[] out = new byte[w * h];
        int area = factor * factor;
        int[] sums = new int[w];
        for (int r = 0; r < h; r++) {
            Arrays.fill(sums, 0);
            for (int k = 0; k < factor; k++) {
                int base = (r * factor + k) * width;
                for (int c = 0; c < w; c++) {
                    int s = 0;
                    int o = base + c * factor;
                    for (int m = 0; m < factor; m++) {
                        s += y[o + m] & 0xFF;
                    }
                    sums[c] += s;
                }
            }
            for (int c = 0; c < w; c++) {
                out[r * w + c] = (byte) ((sums[c] + area / 2) / area);
            }
        }
        return new GrayImage(out, w, h);
    }

    /** Bilinear ×2: gives the binarizer and finder several pixels per module when modules are tiny. */
    GrayImage upscale2() {
        int w = width * 2;
        int h = height * 2;
        byte[] out = new byte[w * h];
        for (int r = 0; r < h; r++) {
            int sy = Math.min(r / 2, height - 1);
            int sy2 = (r & 1) == 1 ? Math.min(sy + 1, height - 1) : sy;
            for (int c = 0; c < w; c++) {
                int sx = Math.min(c / 2, width - 1);
                int sx2 = (c & 1) == 1 ? Math.min(sx + 1, width - 1) : sx;
                int v = (y[sy * width + sx] & 0xFF) + (y[sy * width + sx2] & 0xFF)
                        + (y[sy2 * width + sx] & 0xFF) + (y[sy2 * width + sx2] & 0xFF);
                out[r * w + c] = (byte) ((v + 2) >> 2);
            }
        }
        return new GrayImage(out, w, h);
    }

    /** Maps the 1st..99th luminance percentile onto 0..255, so faint print spans the full range. */
    GrayImage stretchContrast() {
        int[] hist = new int[256];
        for (byte b : y) {
            hist[b & 0xFF]++;
        }
        int cut = y.length / 100;
        int lo = 0;
        for (int acc = 0; lo < 255 && (acc += hist[lo]) <= cut; ) {
            lo++;
        }
        int hi = 255;
        for (int acc = 0; hi > 0 && (acc += hist[hi]) <= cut; ) {
            hi--;
        }
        if (hi - lo < 8) {
            return this;
        }
        byte[] lut = new byte[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = (byte) Math.max(0, Math.min(255, (i - lo) * 255 / (hi - lo)));
        }
        byte[] out = new byte[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = lut[y[i] & 0xFF];
        }
        return new GrayImage(out, width, height);
    }

    /**
     * Unsharp mask, {@code out = in + amount * (in - box5x5(in))}: steepens the edges a defocused
     * camera smeared, which is what the binarizer's local threshold needs.
     */
    GrayImage sharpen(float amount) {
        byte[] blurred = boxBlur(2);
        byte[] out = new byte[y.length];
        int a = Math.round(amount * 256);
        for (int i = 0; i < y.length; i++) {
            int v = y[i] & 0xFF;
            int s = v + ((a * (v - (blurred[i] & 0xFF))) >> 8);
            out[i] = (byte) (s < 0 ? 0 : Math.min(s, 255));
        }
        return new GrayImage(out, width, height);
    }

    /** A copy of the rectangle, clipped to the image. */
    GrayImage crop(int x, int y, int w, int h) {
        int x0 = Math.max(0, x), y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w), y1 = Math.min(height, y + h);
        int cw = x1 - x0, ch = y1 - y0;
        byte[] out = new byte[cw * ch];
        for (int r = 0; r < ch; r++) {
            System.arraycopy(this.y, (y0 + r) * width + x0, out, r * cw, cw);
        }
        return new GrayImage(out, cw, ch);
    }

    /**
     * Local contrast normalisation, {@code out = 128 + gain * (in - mean_r(in))}: faint print on a
     * mid-grey ground spans only a few dozen levels, under the binarizer's minimum dynamic range;
     * this brings it to full range wherever it is in the photo.
     */
    GrayImage boostLocalContrast(int radius, int gain) {
        byte[] mean = boxBlur(radius);
        byte[] out = new byte[y.length];
        for (int i = 0; i < y.length; i++) {
            int s = 128 + gain * ((y[i] & 0xFF) - (mean[i] & 0xFF));
            out[i] = (byte) (s < 0 ? 0 : Math.min(s, 255));
        }
        return new GrayImage(out, width, height);
    }

    /** Separable box blur of the given radius with clamped edges, via running sums. */
    private byte[] boxBlur(int radius) {
        int n = 2 * radius + 1;
        int[] tmp = new int[y.length];
        for (int r = 0; r < height; r++) {
            int base = r * width;
            int s = 0;
            for (int k = -radius; k <= radius; k++) {
                s += y[base + clamp(k, width)] & 0xFF;
            }
            for (int c = 0; c < width; c++) {
                tmp[base + c] = s;
                s += (y[base + clamp(c + radius + 1, width)] & 0xFF) - (y[base + clamp(c - radius, width)] & 0xFF);
            }
        }
        byte[] out = new byte[y.length];
        int area = n * n;
        for (int c = 0; c < width; c++) {
            int s = 0;
            for (int k = -radius; k <= radius; k++) {
                s += tmp[clamp(k, height) * width + c];
            }
            for (int r = 0; r < height; r++) {
                out[r * width + c] = (byte) ((s + area / 2) / area);
                s += tmp[clamp(r + radius + 1, height) * width + c] - tmp[clamp(r - radius, height) * width + c];
            }
        }
        return out;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}
