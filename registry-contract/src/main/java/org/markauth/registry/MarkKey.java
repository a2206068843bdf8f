package org.markauth.registry;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * How a serial is keyed in the {@code marks} table ({@code PRIMARY KEY ((batch_id, bucket), serial)}):
 * the serial as 8 big-endian bytes, its first byte as the bucket, so a batch spreads over 256
 * partitions and a chunk of issuance writes one statement per partition. And how a unit is named in
 * {@code change_log}, invalidation messages, block rows and the audit trail.
 */
public final class MarkKey {

    private MarkKey() {
    }

    /** The partition bucket of a serial: its first byte, unsigned (0..255). */
    public static short bucket(long serial) {
        return (short) (serial >>> 56);
    }

    /** The serial as the {@code serial} column holds it: 8 bytes, big-endian (a fresh buffer at position 0). */
    public static ByteBuffer serialBytes(long serial) {
        return ByteBuffer.allocate(Long.BYTES).putLong(0, serial);
    }

    /** A unit's id: {@code <batch>:<16 lowercase hex digits>}, e.g. {@code 7:00000000000000ff}. */
    public static String unitId(int batchId, long serial) {
        return batchId + ":" + HexFormat.of().toHexDigits(serial);
    }
}
