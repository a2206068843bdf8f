package org.markauth.issuer.trace;

import java.util.HexFormat;

/** One marked item (a unit, a case or a pallet: cases carry marks of their own) by its batch and serial. */
public record UnitRef(int batchId, long serial) {

    public static final String URN_PREFIX = "urn:markauth:mark:";

    public UnitRef {
        if (batchId <= 0) {
            throw new IllegalArgumentException("batchId must be positive, got " + batchId);
        }
    }

    public String serialHex() {
        return HexFormat.of().toHexDigits(serial);
    }

    /** {@code urn:markauth:mark:<batch>:<16 hex digits>}: the EPC form that needs no signed code. */
    public String urn() {
        return URN_PREFIX + batchId + ":" + serialHex();
    }

    @Override
    public String toString() {
        return batchId + ":" + serialHex();
    }
}
