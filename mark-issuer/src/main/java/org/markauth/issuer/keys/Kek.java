package org.markauth.issuer.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.markauth.config.Secret;

/**
 * The key-encryption key (KEK) and the envelope it seals secrets in: AES-256-GCM (NIST SP 800-38D)
 * with a fresh random 96-bit nonce per seal and the owner's id (key id, secret name) as additional
 * authenticated data, so an encrypted private key copied onto another key's row does not open.
 *
 * <p>Envelope layout: {@code 0x01 (version) || nonce (12) || ciphertext || tag (16)}.
 *
 * <p>The KEK is given by reference, never by value on a command line or in a config file:
 * {@code file:/path} (the file holds the 32 bytes as base64 or 64 hex digits, or 32 raw bytes) or
 * {@code env:NAME} (the variable holds base64 or hex). In production the KEK, or the signing keys
 * themselves, belong in an HSM; see docs/issuer.md.
 */
public final class Kek {

    public static final int KEY_BYTES = 32;
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    private Kek(byte[] key, SecureRandom random) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the KEK must be " + KEY_BYTES + " bytes (AES-256), got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    /** Uses (and then zeroes) {@code key}. */
    public static Kek of(byte[] key) {
        try {
            return new Kek(key, new SecureRandom());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Loads the KEK from its reference ({@code file:PATH} or {@code env:NAME}); the value is 32 raw
     * bytes (files only), 64 hex digits or base64 of 32 bytes.
     */
    public static Kek fromSecret(Secret secret) {
        byte[] raw;
        try {
            raw = secret.reveal();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("KEK " + secret + ": " + e.getMessage(), e);
        }
        try {
            return of(raw.length == KEY_BYTES ? raw.clone() : decode(trim(raw), secret.toString()));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] trim(byte[] raw) {
        int end = raw.length;
        while (end > 0 && Character.isWhitespace(raw[end - 1])) {
            end--;
        }
        return Arrays.copyOf(raw, end);
    }

    private static byte[] decode(byte[] text, String reference) {
        String s = new String(text, StandardCharsets.US_ASCII);
        try {
            byte[] key = s.length() == 2 * KEY_BYTES ? HexFormat.of().parseHex(s) : Base64.getDecoder().decode(s);
            if (key.length != KEY_BYTES) {
                Arrays.fill(key, (byte) 0);
                throw new IllegalArgumentException("KEK reference " + reference + " holds " + key.length
                        + " bytes; it must hold 32 (base64 or 64 hex digits)");
            }
            return key;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("KEK reference")) {
                throw e;
            }
            throw new IllegalArgumentException("KEK reference " + reference + " is neither base64 nor 64 hex digits");
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    /** A fresh random KEK encoded as base64, for `issuer admin new-kek`. */
    public static String generateEncoded() {
        byte[] k = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(k);
        try {
            return Base64.getEncoder().encodeToString(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Encrypts {@code secret} bound to {@code aad}; the caller zeroes {@code secret}. */
    public byte[] seal(byte[] secret, byte[] aad) {
        byte[] out = new byte[1 + NONCE + secret.length + TAG_BITS / 8];
        out[0] = VERSION;
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 1, NONCE);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            c.doFinal(secret, 0, secret.length, out, 1 + NONCE);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM sealing failed", e);
        }
    }

    /** Decrypts an envelope made by {@link #seal} with the same {@code aad}; the caller zeroes the result. */
    public byte[] open(byte[] envelope, byte[] aad) {
        if (envelope == null || envelope.length < 1 + NONCE + TAG_BITS / 8 || envelope[0] != VERSION) {
            throw new KeyStoreException("KEK_ENVELOPE", "encrypted secret is not a version-1 AES-GCM envelope");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, envelope, 1, NONCE));
            c.updateAAD(aad);
            return c.doFinal(envelope, 1 + NONCE, envelope.length - 1 - NONCE);
        } catch (AEADBadTagException e) {
            throw new KeyStoreException("KEK_MISMATCH",
                    "encrypted secret does not open with this KEK (wrong KEK, or the envelope belongs to another key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM opening failed", e);
        }
    }
}
