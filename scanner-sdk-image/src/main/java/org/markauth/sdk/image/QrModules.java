package org.markauth.sdk.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable QR symbol as a square grid of modules, with the quiet zone it must be printed with.
 *
 * <p>Coordinates of {@link #get(int, int)} are symbol coordinates ({@code 0..size-1}); the quiet
 * zone is not stored, a writer adds {@link #quietZone()} light modules on every side (see
 * {@link #sizeWithQuietZone()}). The type uses no AWT so a PDF writer can draw it with its own
 * primitives, most cheaply through {@link #forEachDarkRun(RunConsumer)}.
 *
 * @param version   the QR version (1..40); the symbol is {@code 17 + 4 * version} modules wide
 * @param size      modules per side, without the quiet zone
 * @param quietZone light modules to leave on every side when printing
 * @param bits      row-major dark flags, bit {@code y * size + x}; copied in and out
 */
public record QrModules(int version, int size, int quietZone, long[] bits) implements ModuleGrid {

    public QrModules {
        if (version < 1 || version > 40) {
            throw new IllegalArgumentException("QR version must be 1..40, got " + version);
        }
        if (size != 17 + 4 * version) {
            throw new IllegalArgumentException(
                    "QR version " + version + " has " + (17 + 4 * version) + " modules per side, got size " + size);
        }
        bits = ModuleGrid.packedCopy(size, quietZone, bits);
    }

    /** Whether the module at symbol coordinates (x, y) is dark. */
    @Override
    public boolean get(int x, int y) {
        return ModuleGrid.packedGet(bits, size, x, y);
    }

    /** Modules per side including the quiet zone on both sides. */
    @Override
    public int sizeWithQuietZone() {
        return size + 2 * quietZone;
    }

    @Override
    public Symbology symbology() {
        return Symbology.QR_CODE;
    }

    /** A copy of the packed grid. */
    @Override
    public long[] bits() {
        return bits.clone();
    }

    /**
     * Calls {@code consumer} once for each horizontal run of dark modules, row by row from the top,
     * in symbol coordinates. Drawing one rectangle per run instead of per module makes SVG and PDF
     * output several times smaller and avoids hairline seams between adjacent squares.
     */
    @Override
    public void forEachDarkRun(RunConsumer consumer) {
        ModuleGrid.super.forEachDarkRun(consumer);
    }

    /** Receives one horizontal run of dark modules. */
    @FunctionalInterface
    public interface RunConsumer {
        void run(int x, int y, int length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QrModules m
                && m.version == version && m.size == size && m.quietZone == quietZone
                && Arrays.equals(m.bits, bits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, size, quietZone) * 31 + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "QrModules[version=" + version + ", size=" + size + ", quietZone=" + quietZone + "]";
    }
}
