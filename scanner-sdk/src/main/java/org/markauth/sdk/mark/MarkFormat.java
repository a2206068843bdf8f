package org.markauth.sdk.mark;

import java.nio.charset.StandardCharsets;

/**
 * The constants of mark format version 1, specified in docs/mark-format.md (which is normative;
 * this class only mirrors it). Record layout, big-endian:
 *
 * <pre>
 * offset len field
 *  0      1  header: format version (high 4 bits, = 1) | algorithm code (low 4 bits)
 *  1      4  key id (first 4 bytes of SHA-256 of the raw public key)
 *  5      4  product id (uint32)
 *  9      4  batch id (uint32)
 * 13      8  serial
 * 21     64  signature over PREFIX || bytes 0..20 (plain form)
 *            or GS1_PREFIX || GTIN-14 ASCII digits || bytes 0..20 (GS1 Digital Link form)
 * total 85 bytes
 * </pre>
 */
public final class MarkFormat {
    public static final int VERSION = 1;
    public static final int HEADER_OFFSET = 0;
    public static final int KEY_ID_OFFSET = 1;
    public static final int PRODUCT_OFFSET = 5;
    public static final int BATCH_OFFSET = 9;
    public static final int SERIAL_OFFSET = 13;
    public static final int SIGNATURE_OFFSET = 21;
    /** Bytes covered by the signature (everything before it). */
    public static final int TBS_LENGTH = SIGNATURE_OFFSET;
    public static final int SIGNATURE_LENGTH = 64;
    public static final int RECORD_LENGTH = SIGNATURE_OFFSET + SIGNATURE_LENGTH;
    /** The GS1 form carries the serial in AI 21 and the record without it in the query. */
    public static final int GS1_QUERY_RECORD_LENGTH = RECORD_LENGTH - Serial.BYTES;

    /** Domain separation for the plain form's signature input. */
    public static final byte[] PREFIX = "MARKAUTH-MARK-v1".getBytes(StandardCharsets.US_ASCII);
    /** Domain separation for the GS1 Digital Link form's signature input. */
    public static final byte[] GS1_PREFIX = "MARKAUTH-GS1-v1".getBytes(StandardCharsets.US_ASCII);

    /** Scanned text longer than this is rejected before any other work. */
    public static final int MAX_INPUT_CHARS = 512;
    /** Host names longer than this are rejected (RFC 1035 limit). */
    public static final int MAX_HOST_CHARS = 253;

    /** Path of the plain form: {@code HTTPS://HOST/M/<BASE32 record>}. */
    public static final String PLAIN_PATH = "/M/";
    /** Query key of the GS1 form: {@code HTTPS://HOST/01/<GTIN>/21/<SERIAL>?M=<BASE32>}. */
    public static final String GS1_QUERY_KEY = "M";

    private MarkFormat() {
    }
}
