package org.markauth.sdk.image;

/**
 * A square 2D symbol as a grid of modules with the quiet zone it must be printed with: a QR code
 * ({@link QrModules}) or a Data Matrix ({@link DataMatrixModules}). Label, PDF, PNG and SVG writers
 * draw either through this view, so a carrier is a choice of renderer, not a second drawing path.
 */
public interface ModuleGrid {

    /** A copy of a packed square grid ({@code size}² bits, row-major, 64 per long) after checking its quiet zone and length. */
    static long[] packedCopy(int size, int quietZone, long[] bits) {
        if (quietZone < 0) {
            throw new IllegalArgumentException("quiet zone must be >= 0 modules, got " + quietZone);
        }
        java.util.Objects.requireNonNull(bits, "bits");
        int words = (size * size + 63) / 64;
        if (bits.length != words) {
            throw new IllegalArgumentException("a " + size + "x" + size + " grid needs " + words + " longs, got " + bits.length);
        }
        return bits.clone();
    }

    /** Module (x, y) of a packed square grid. */
    static boolean packedGet(long[] bits, int size, int x, int y) {
        if (x < 0 || y < 0 || x >= size || y >= size) {
            throw new IndexOutOfBoundsException("module (" + x + "," + y + ") outside 0.." + (size - 1));
        }
        int i = y * size + x;
        return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }


    /** Modules per side, without the quiet zone. */
    int size();

    /** Light modules to leave on every side when printing. */
    int quietZone();

    /** Whether the module at symbol coordinates (x, y) is dark. */
    boolean get(int x, int y);

    /**
     * Calls {@code consumer} once for each horizontal run of dark modules, row by row from the top, in
     * symbol coordinates. Drawing one rectangle per run instead of per module makes SVG and PDF
     * output several times smaller and avoids hairline seams between adjacent squares.
     */
    default void forEachDarkRun(QrModules.RunConsumer consumer) {
        int size = size();
        for (int y = 0; y < size; y++) {
            int x = 0;
            while (x < size) {
                if (!get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < size && get(x, y)) {
                    x++;
                }
                consumer.run(start, y, x - start);
            }
        }
    }

    /** Modules per side including the quiet zone on both sides. */
    default int sizeWithQuietZone() {
        return size() + 2 * quietZone();
    }

    /** Which symbology the grid is. */
    Symbology symbology();
}
