package org.markauth.sdk.mark;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;

/**
 * A mark as printed: its content, the signing key's id and algorithm, and the 64-byte signature.
 * Equality is by value (the signature bytes included). The text forms are defined in
 * docs/mark-format.md; {@link MarkCodec} parses them back.
 */
public record SignedMark(MarkContent content, SignatureAlgorithm algorithm, KeyId keyId, byte[] signature) {

    public SignedMark {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keyId, "keyId");
        if (signature == null || signature.length != MarkFormat.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be " + MarkFormat.SIGNATURE_LENGTH + " bytes");
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The 85-byte record (header … signature). */
    public byte[] payloadBytes() {
        byte[] r = new byte[MarkFormat.RECORD_LENGTH];
        writeTbs(r, content, algorithm, keyId);
        System.arraycopy(signature, 0, r, MarkFormat.SIGNATURE_OFFSET, MarkFormat.SIGNATURE_LENGTH);
        return r;
    }

    /** The base32 text of {@link #payloadBytes()}: the verify-api's identity of this mark. */
    public String payloadText() {
        return Base32.encode(payloadBytes());
    }

    /** The exact bytes the signature covers. */
    public byte[] signatureInput() {
        return signatureInput(content, algorithm, keyId);
    }

    /** The bytes a signer signs for this content under this key. */
    public static byte[] signatureInput(MarkContent content, SignatureAlgorithm algorithm, KeyId keyId) {
        byte[] tbs = new byte[MarkFormat.TBS_LENGTH];
        writeTbs(tbs, content, algorithm, keyId);
        return signatureInput(tbs, 0, content.gtin());
    }

    static byte[] signatureInput(byte[] record, int off, Gtin gtin) {
        byte[] prefix = gtin == null ? MarkFormat.PREFIX : MarkFormat.GS1_PREFIX;
        int g = gtin == null ? 0 : 14;
        byte[] in = new byte[prefix.length + g + MarkFormat.TBS_LENGTH];
        System.arraycopy(prefix, 0, in, 0, prefix.length);
        if (gtin != null) {
            System.arraycopy(gtin.digits().getBytes(StandardCharsets.US_ASCII), 0, in, prefix.length, 14);
        }
        System.arraycopy(record, off, in, prefix.length + g, MarkFormat.TBS_LENGTH);
        return in;
    }

    private static void writeTbs(byte[] r, MarkContent c, SignatureAlgorithm alg, KeyId keyId) {
        r[MarkFormat.HEADER_OFFSET] = (byte) ((MarkFormat.VERSION << 4) | alg.code());
        putInt(r, MarkFormat.KEY_ID_OFFSET, keyId.value());
        putInt(r, MarkFormat.PRODUCT_OFFSET, (int) c.productId());
        putInt(r, MarkFormat.BATCH_OFFSET, (int) c.batchId());
        c.serial().writeTo(r, MarkFormat.SERIAL_OFFSET);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /**
     * The URL to print in the QR code: {@code HTTPS://HOST/M/<BASE32>} for the plain form, or
     * {@code HTTPS://HOST/01/<GTIN>/21/<SERIAL>?M=<BASE32>} when the content has a GTIN. Upper case
     * throughout so that the plain form stays in QR alphanumeric mode.
     */
    public String toUrl(String host) {
        String h = ScanText.upper(host);
        if (!MarkCodec.isValidHost(h)) {
            throw new IllegalArgumentException("not a valid host name: " + host);
        }
        if (content.gtin() == null) {
            return "HTTPS://" + h + MarkFormat.PLAIN_PATH + payloadText();
        }
        byte[] full = payloadBytes();
        byte[] query = new byte[MarkFormat.GS1_QUERY_RECORD_LENGTH];
        System.arraycopy(full, 0, query, 0, MarkFormat.SERIAL_OFFSET);
        System.arraycopy(full, MarkFormat.SERIAL_OFFSET + Serial.BYTES, query, MarkFormat.SERIAL_OFFSET,
                MarkFormat.RECORD_LENGTH - MarkFormat.SERIAL_OFFSET - Serial.BYTES);
        return "HTTPS://" + h + "/01/" + content.gtin().digits() + "/21/" + content.serial().toBase32()
                + "?" + MarkFormat.GS1_QUERY_KEY + "=" + Base32.encode(query);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedMark m && content.equals(m.content) && algorithm == m.algorithm
                && keyId.equals(m.keyId) && Arrays.equals(signature, m.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(content, algorithm, keyId) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedMark[" + content + ", " + algorithm + ", keyId=" + keyId + "]";
    }
}
