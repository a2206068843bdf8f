package org.markauth.sdk.mark;

import java.util.Objects;

/**
 * What a mark says about its unit: the programme-assigned licensed-product number, the
 * issuer-allocated global batch number and the unit's serial, plus the GTIN when the mark is printed
 * in the GS1 Digital Link form (the GTIN is then covered by the signature too).
 *
 * @param productId licensed-product number, unsigned 32-bit (0 … 4294967295)
 * @param batchId   global batch number, unsigned 32-bit
 * @param serial    the unit's opaque 8-byte serial
 * @param gtin      the GTIN for the GS1 form, or {@code null} for the plain form
 */
public record MarkContent(long productId, long batchId, Serial serial, Gtin gtin) {

    public static final long MAX_ID = 0xFFFF_FFFFL;

    public MarkContent {
        checkId("productId", productId);
        checkId("batchId", batchId);
        Objects.requireNonNull(serial, "serial");
    }

    public MarkContent(long productId, long batchId, Serial serial) {
        this(productId, batchId, serial, null);
    }

    private static void checkId(String name, long v) {
        if (v < 0 || v > MAX_ID) {
            throw new IllegalArgumentException(name + " must be an unsigned 32-bit number (0.." + MAX_ID + "), got " + v);
        }
    }

    public boolean isGs1() {
        return gtin != null;
    }
}
