package org.markauth.sdk.crypto;

import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A signing key's 4-byte id: the first 4 bytes of SHA-256 over the raw public key encoding
 * (32 bytes for Ed25519, the 65-byte uncompressed point for SM2), the same idea as the EU Digital
 * COVID Certificate's kid but shorter because every byte costs QR modules. 32 bits are plenty to
 * tell apart the handful of live keys of one programme; the trust list refuses two keys with the
 * same id, so an id collision is caught when the key is registered, never at verification time.
 * Text form: 8 lowercase hex digits.
 */
public record KeyId(int value) {

    public static final int BYTES = 4;

    /** Derives the id of a raw public key encoding. */
    public static KeyId of(byte[] rawPublicKey) {
        SHA256Digest d = new SHA256Digest();
        d.update(rawPublicKey, 0, rawPublicKey.length);
        byte[] h = new byte[32];
        d.doFinal(h, 0);
        return new KeyId(((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF));
    }

    /** Parses 8 hex digits; throws {@link IllegalArgumentException} otherwise. */
    public static KeyId ofHex(String hex) {
        if (hex == null || hex.length() != 8) {
            throw new IllegalArgumentException("key id must be 8 hex digits, got " + hex);
        }
        return new KeyId(HexFormat.fromHexDigits(hex));
    }

    public String toHex() {
        return HexFormat.of().toHexDigits(value);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
