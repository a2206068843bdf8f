package org.markauth.sdk.image;

import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.ResultPoint;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.DecoderResult;
import com.google.zxing.common.DetectorResult;
import com.google.zxing.datamatrix.decoder.Decoder;
import com.google.zxing.datamatrix.detector.Detector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Data Matrix ECC 200 (ISO/IEC 16022) in one binarized plane of a {@link PhotoScanner} pass.
 *
 * <p>ZXing's Data Matrix detector grows a white rectangle from the <em>centre</em> of the image it
 * is given until every side is clear, then looks for the solid "L" and the dashed timing edges
 * inside it: on a photo whose code is off-centre among clutter it finds nothing (3.7% of the
 * Data Matrix corpus read with it alone, docs/scanning.md). So the plane is first searched for
 * spots that look like a matrix code — cells of 16 × 16 pixels with many black/white transitions
 * both ways, joined into roughly square blobs — and the detector runs on a crop centred on each,
 * largest first, at most {@value #MAX_CANDIDATES}, then once on the whole plane. A candidate
 * that is text or clutter costs one failed detection. Every text found goes into the scan's
 * results as a {@link Symbology#DATA_MATRIX} {@link ScannedCode}; a detection that does not decode
 * is handed back for the scanner's crop retries.
 */
final class DataMatrixReading {

    private static final int CELL = 16;
    /** Transitions (sampled every other row and column) that make a cell look like matrix print. */
    private static final int BUSY = 10;
    private static final int MAX_CANDIDATES = 6;

    private DataMatrixReading() {
    }

    static void read(BitMatrix bits, PhotoScanner.Pass pass, PhotoScanner.Frame frame, Map<String, ScannedCode> found,
                     List<ResultPoint[]> undecoded) {
        int before = found.size();
        int[] labels = new int[(bits.getWidth() / CELL) * (bits.getHeight() / CELL)];
        for (int[] box : candidates(bits, labels)) {
            for (int[] part : parts(box, bits.getWidth(), bits.getHeight())) {
                int had = found.size();
                BitMatrix crop = crop(bits, part[0], part[1], part[2], part[3], labels, box[5]);
                decode(crop, part[0], part[1], pass, frame, found, undecoded);
                if (found.size() > had) {
                    break;
                }
            }
        }
        if (found.size() == before) {
            decode(bits, 0, 0, pass, frame, found, undecoded);
        }
    }

    /**
     * Detects and decodes one symbol in {@code bits}, a crop whose origin is ({@code ox}, {@code oy}) in
     * the pass's plane. ZXing's detector is not symmetric: it walks from the white rectangle's corners
     * in a fixed order, and on a symbol whose solid L faces up or right, or with print beside it, it
     * settles on the wrong corners. So a crop it cannot decode is tried again turned by 180, 90 and
     * 270 degrees (a bit-matrix copy each; the points are turned back).
     */
    private static void decode(BitMatrix bits, int ox, int oy, PhotoScanner.Pass pass, PhotoScanner.Frame frame,
                               Map<String, ScannedCode> found, List<ResultPoint[]> undecoded) {
        ResultPoint[] first = null;
        for (int turn : new int[] {0, 180, 90, 270}) {
            BitMatrix m = bits;
            if (turn != 0) {
                m = bits.clone();
                m.rotate(turn);
            }
            ResultPoint[] p = attempt(m, turn, bits.getWidth(), bits.getHeight(), ox, oy, pass, frame, found);
            if (p == null) {
                return;
            }
            if (first == null && p.length > 0) {
                first = p;
            }
        }
        if (first != null) {
            undecoded.add(first);
        }
    }

    /** One detection on a turned copy; null when it decoded, else the points found (none when nothing was detected). */
    private static ResultPoint[] attempt(BitMatrix bits, int turn, int w, int h, int ox, int oy, PhotoScanner.Pass pass,
                                         PhotoScanner.Frame frame, Map<String, ScannedCode> found) {
        DetectorResult detection;
        try {
            detection = new Detector(bits).detect();
        } catch (NotFoundException | RuntimeException e) {
            return new ResultPoint[0];
        }
        // ZXing reports the centres of the corner modules: top-left, bottom-left (the corner of the
        // solid L), bottom-right, top-right, in the symbol's own orientation.
        ResultPoint[] p = detection.getPoints();
        ResultPoint[] inPlane = new ResultPoint[p.length];
        for (int i = 0; i < p.length; i++) {
            // back from the turned copy (ZXing turns counter-clockwise) to the crop, then into the plane
            float x = p[i].getX(), y = p[i].getY();
            float[] q = switch (turn) {
                case 180 -> new float[] {w - 1 - x, h - 1 - y};
                case 90 -> new float[] {w - 1 - y, x};
                case 270 -> new float[] {y, h - 1 - x};
                default -> new float[] {x, y};
            };
            inPlane[i] = new ResultPoint(q[0] + ox, q[1] + oy);
        }
        try {
            DecoderResult result = new Decoder().decode(detection.getBits());
            List<ScannedCode.Point> corners = List.of(map(frame, inPlane[0]), map(frame, inPlane[3]), map(frame, inPlane[2]),
                    map(frame, inPlane[1]));
            found.putIfAbsent(result.getText(), new ScannedCode(result.getText(), detection.getBits().getHeight(), corners, pass,
                    Symbology.DATA_MATRIX));
            return null;
        } catch (ChecksumException | FormatException | RuntimeException e) {
            return inPlane;
        }
    }

    private static ScannedCode.Point map(PhotoScanner.Frame frame, ResultPoint p) {
        return frame.map(p.getX(), p.getY());
    }

    /**
     * The box, and when it is much wider than tall (or the reverse) a square at each end as well: a
     * label's text lines beside the symbol join its blob, and the detector, which starts from the
     * crop's centre, must start inside the symbol.
     */
    private static List<int[]> parts(int[] box, int width, int height) {
        int x = box[0], y = box[1], w = box[2], h = box[3];
        List<int[]> parts = new ArrayList<>();
        parts.add(box);
        if (w > h * 5 / 4) {
            parts.add(new int[] {x, y, h, h});
            parts.add(new int[] {x + w - h, y, h, h});
        } else if (h > w * 5 / 4) {
            parts.add(new int[] {x, y, w, w});
            parts.add(new int[] {x, y + h - w, w, w});
        }
        return parts;
    }

    /** Boxes {x, y, w, h} around blobs of busy cells, largest first. */
    static List<int[]> candidates(BitMatrix bits) {
        return candidates(bits, new int[(bits.getWidth() / CELL) * (bits.getHeight() / CELL)]);
    }

    /** As above, filling {@code label} with each busy cell's blob number (box[5]). */
    static List<int[]> candidates(BitMatrix bits, int[] label) {
        int w = bits.getWidth(), h = bits.getHeight();
        int gw = w / CELL, gh = h / CELL;
        if (gw < 2 || gh < 2) {
            return List.of();
        }
        int[] score = new int[gw * gh];
        for (int y = 0; y < gh * CELL; y += 2) {
            int row = (y / CELL) * gw;
            boolean prev = bits.get(0, y);
            for (int x = 1; x < gw * CELL; x++) {
                boolean b = bits.get(x, y);
                if (b != prev) {
                    score[row + x / CELL]++;
                }
                prev = b;
            }
        }
        for (int x = 0; x < gw * CELL; x += 2) {
            boolean prev = bits.get(x, 0);
            for (int y = 1; y < gh * CELL; y++) {
                boolean b = bits.get(x, y);
                if (b != prev) {
                    score[(y / CELL) * gw + x / CELL]++;
                }
                prev = b;
            }
        }
        boolean[] busy = new boolean[score.length];
        for (int i = 0; i < score.length; i++) {
            busy[i] = score[i] >= BUSY;
        }
        List<int[]> boxes = new ArrayList<>();
        int[] stack = new int[score.length];
        int next = 0;
        for (int start = 0; start < score.length; start++) {
            if (!busy[start] || label[start] != 0) {
                continue;
            }
            next++;
            int top = 0, cells = 0;
            int minX = gw, minY = gh, maxX = -1, maxY = -1;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int c = stack[--top];
                cells++;
                int cx = c % gw, cy = c / gw;
                minX = Math.min(minX, cx);
                maxX = Math.max(maxX, cx);
                minY = Math.min(minY, cy);
                maxY = Math.max(maxY, cy);
                int[] nb = {cx > 0 ? c - 1 : -1, cx < gw - 1 ? c + 1 : -1, cy > 0 ? c - gw : -1, cy < gh - 1 ? c + gw : -1};
                for (int n : nb) {
                    if (n >= 0 && busy[n] && label[n] == 0) {
                        label[n] = next;
                        stack[top++] = n;
                    }
                }
            }
            int bw = maxX - minX + 1, bh = maxY - minY + 1;
            // a matrix code of a mark (40-52 modules of 2+ pixels) covers at least 3 x 3 cells, roughly square
            if (bw >= 3 && bh >= 3 && bw <= 3 * bh && bh <= 3 * bw && cells * 2 >= bw * bh) {
                int m = Math.max(bw, bh) / 4 + 1;
                int x0 = Math.max(0, (minX - m) * CELL), y0 = Math.max(0, (minY - m) * CELL);
                int x1 = Math.min(w, (maxX + 1 + m) * CELL), y1 = Math.min(h, (maxY + 1 + m) * CELL);
                boxes.add(new int[] {x0, y0, x1 - x0, y1 - y0, cells, next});
            }
        }
        boxes.sort(Comparator.comparingInt((int[] b) -> b[4]).reversed());
        return boxes.size() > MAX_CANDIDATES ? boxes.subList(0, MAX_CANDIDATES) : boxes;
    }

    /**
     * The box, keeping black only in the blob's cells and the cells next to them: clutter beyond the
     * label would stop ZXing's white rectangle from closing around the symbol.
     */
    private static BitMatrix crop(BitMatrix bits, int x0, int y0, int w, int h, int[] label, int blob) {
        int gw = bits.getWidth() / CELL, gh = bits.getHeight() / CELL;
        BitMatrix c = new BitMatrix(w, h);
        for (int y = 0; y < h; y++) {
            int cy = (y0 + y) / CELL;
            for (int x = 0; x < w; x++) {
                int cx = (x0 + x) / CELL;
                boolean near = false;
                for (int dy = -1; dy <= 1 && !near; dy++) {
                    for (int dx = -1; dx <= 1 && !near; dx++) {
                        int nx = cx + dx, ny = cy + dy;
                        near = nx >= 0 && ny >= 0 && nx < gw && ny < gh && label[ny * gw + nx] == blob;
                    }
                }
                if (near && bits.get(x0 + x, y0 + y)) {
                    c.set(x, y);
                }
            }
        }
        return c;
    }
}
