package org.markauth.sdk.image;

/** The 2D symbologies a mark is printed in and read from photos. */
public enum Symbology {
    /** QR Code, ISO/IEC 18004 (model 2, error correction M for marks): the default carrier. */
    QR_CODE,
    /**
     * Data Matrix ECC 200, ISO/IEC 16022: the carrier for small packs. A mark's URL is encoded as
     * plain data, without FNC1 in first position, as GS1 Digital Link URIs are carried in Data Matrix
     * (docs/mark-format.md, "Data Matrix").
     */
    DATA_MATRIX
}
