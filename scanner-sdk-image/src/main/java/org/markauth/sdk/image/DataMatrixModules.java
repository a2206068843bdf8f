package org.markauth.sdk.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable square Data Matrix ECC 200 symbol (ISO/IEC 16022) as a grid of modules, finder and
 * timing patterns included, with the quiet zone it must be printed with (one module on every side
 * is the symbology's minimum; GS1 asks for the same, GS1 General Specifications 5.12.3).
 *
 * @param size      modules per side without the quiet zone: one of the ECC 200 square sizes 10..144
 * @param quietZone light modules to leave on every side when printing
 * @param bits      row-major dark flags, bit {@code y * size + x}; copied in and out
 */
public record DataMatrixModules(int size, int quietZone, long[] bits) implements ModuleGrid {

    /** The square ECC 200 symbol sizes (ISO/IEC 16022, table 7). */
    static final int[] SQUARE_SIZES = {10, 12, 14, 16, 18, 20, 22, 24, 26, 32, 36, 40, 44, 48, 52, 64, 72, 80, 88, 96, 104,
            120, 132, 144};

    public DataMatrixModules {
        if (Arrays.binarySearch(SQUARE_SIZES, size) < 0) {
            throw new IllegalArgumentException("a square Data Matrix ECC 200 symbol is one of " + Arrays.toString(SQUARE_SIZES)
                    + " modules a side, got " + size);
        }
        bits = ModuleGrid.packedCopy(size, quietZone, bits);
    }

    @Override
    public boolean get(int x, int y) {
        return ModuleGrid.packedGet(bits, size, x, y);
    }

    @Override
    public Symbology symbology() {
        return Symbology.DATA_MATRIX;
    }

    /** A copy of the packed grid. */
    @Override
    public long[] bits() {
        return bits.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataMatrixModules m && m.size == size && m.quietZone == quietZone && Arrays.equals(m.bits, bits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, quietZone) * 31 + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "DataMatrixModules[size=" + size + "x" + size + ", quietZone=" + quietZone + "]";
    }
}
