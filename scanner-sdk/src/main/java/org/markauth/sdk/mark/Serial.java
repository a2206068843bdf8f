package org.markauth.sdk.mark;

import java.util.HexFormat;

/**
 * The 8-byte serial of one mark. The SDK treats it as opaque; the issuer makes it unique by
 * construction and unguessable (a keyed 64-bit permutation of batch id and index, see
 * docs/mark-format.md). Text forms: 16 lowercase hex digits, or 13 base32 characters (the GS1 AI 21
 * form).
 */
public record Serial(long value) {

    public static final int BYTES = 8;

    public static Serial ofBytes(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("serial must be " + BYTES + " bytes, got " + bytes.length);
        }
        return new Serial(fromBytes(bytes, 0));
    }

    static long fromBytes(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < BYTES; i++) {
            v = (v << 8) | (b[off + i] & 0xFFL);
        }
        return v;
    }

    /** Parses 16 hex digits; throws {@link IllegalArgumentException} otherwise. */
    public static Serial ofHex(String hex) {
        if (hex.length() != 16) {
            throw new IllegalArgumentException("serial hex must be 16 digits, got " + hex.length());
        }
        return new Serial(HexFormat.fromHexDigitsToLong(hex));
    }

    /** Parses 13 base32 characters; throws {@link IllegalArgumentException} otherwise. */
    public static Serial ofBase32(String text) {
        byte[] b = Base32.decode(text);
        if (b == null || b.length != BYTES) {
            throw new IllegalArgumentException("serial base32 must be 13 canonical characters: " + text);
        }
        return ofBytes(b);
    }

    public byte[] toBytes() {
        byte[] b = new byte[BYTES];
        writeTo(b, 0);
        return b;
    }

    void writeTo(byte[] b, int off) {
        for (int i = 0; i < BYTES; i++) {
            b[off + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    public String toHex() {
        return HexFormat.of().toHexDigits(value);
    }

    public String toBase32() {
        return Base32.encode(toBytes());
    }

    @Override
    public String toString() {
        return toHex();
    }
}
