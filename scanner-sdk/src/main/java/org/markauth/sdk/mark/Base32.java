package org.markauth.sdk.mark;

/**
 * RFC 4648 section 6 base32 (alphabet A–Z 2–7) without padding, as used in the mark URL.
 *
 * <p>Decoding is strict so that one record has exactly one text form apart from letter case:
 * a length that no whole number of bytes produces, a character outside the alphabet, or non-zero
 * trailing bits are all rejected (returns {@code null}, never throws for bad text). Lowercase is
 * accepted because some scanner apps fold case; the decoded bytes, not the text, identify a mark.
 */
public final class Base32 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final byte[] DECODE = new byte[128];

    static {
        java.util.Arrays.fill(DECODE, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = (byte) i;
            DECODE[Character.toLowerCase(ALPHABET[i])] = (byte) i;
        }
    }

    private Base32() {
    }

    /** Number of characters {@link #encode} produces for {@code n} bytes. */
    public static int encodedLength(int n) {
        return (n * 8 + 4) / 5;
    }

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder(encodedLength(data.length));
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Decodes {@code text[from, to)}; {@code null} when it is not canonical unpadded base32. */
    public static byte[] decode(CharSequence text, int from, int to) {
        int chars = to - from;
        int bytes = chars * 5 / 8;
        if (chars < 0 || encodedLength(bytes) != chars) {
            return null;
        }
        byte[] out = new byte[bytes];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? DECODE[c] : -1;
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            return null; // non-zero padding bits: not the canonical form
        }
        return out;
    }

    public static byte[] decode(CharSequence text) {
        return decode(text, 0, text.length());
    }
}
