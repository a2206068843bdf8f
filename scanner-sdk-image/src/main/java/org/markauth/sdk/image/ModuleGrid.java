package org.markauth.sdk.image;

/**
 * A square 2D symbol as a grid of modules with the quiet zone it must be printed with: a QR code
 * ({@link QrModules}) or a Data Matrix ({@link DataMatrixModules}). Label, PDF, PNG and SVG writers
 * draw either through this view, so a carrier is a choice of renderer, not a second drawing path.
 */
public interface ModuleGrid {

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
