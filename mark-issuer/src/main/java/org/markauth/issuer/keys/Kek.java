package org.markauth.issuer.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.markauth.config.Secret;

/**
 * The key-encryption key (KEK) and the envelope it seals secrets in: AES-256-GCM (NIST SP 800-38D)
 * with a fresh random 96-bit nonce per seal and the owner's id (key id, secret name) as additional
 * authenticated data, so an encrypted private key copied onto another key's row does not open.
 *
 * <p>Envelope layout (version 2): {@code 0x02 || KEK id (8) || nonce (12) || ciphertext || tag (16)},
 * where the header ({@code 0x02 || KEK id}) is authenticated with the owner's id. The KEK id is
 * {@code HMAC-SHA256(KEK, "markauth/kek-id/v1")} cut to 8 bytes: it names the KEK a secret is
 * sealed under without revealing anything about it, so {@code issuer keys reseal} can tell which
 * rows a half-finished run already moved, and a wrong {@code issuer.kek} is reported as such.
 * Version 1 envelopes ({@code 0x01 || nonce || ciphertext || tag}, no KEK id) are still opened;
 * nothing writes them any more.
 *
 * <p>The KEK is given by reference, never by value on a command line or in a config file:
 * {@code file:/path} (the file holds the 32 bytes as base64 or 64 hex digits, or 32 raw bytes) or
 * {@code env:NAME} (the variable holds base64 or hex). In production the KEK, or the signing keys
 * themselves, belong in an HSM; see docs/issuer.md.
 */
public final class Kek {

    public static final int KEY_BYTES = 32;
    private static final byte V1 = 1;
    private static final byte V2 = 2;
    private static final int ID_BYTES = 8;
    private static final int HEADER = 1 + ID_BYTES;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] ID_LABEL = "markauth/kek-id/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final SecureRandom random;
    private final byte[] id;

    private Kek(byte[] key, SecureRandom random) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the KEK must be " + KEY_BYTES + " bytes (AES-256), got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            this.id = Arrays.copyOf(mac.doFinal(ID_LABEL), ID_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** This KEK's id, {@code kek:} and 16 hex digits: safe to log and print. */
    public String id() {
        return label(id);
    }

    /**
     * The id of the KEK an envelope was sealed under, when the envelope records it (version 2);
     * empty for a version-1 envelope or bytes that are no envelope.
     */
    public static Optional<String> sealedUnder(byte[] envelope) {
        if (envelope == null || envelope.length < HEADER + NONCE + TAG_BITS / 8 || envelope[0] != V2) {
            return Optional.empty();
        }
        return Optional.of(label(Arrays.copyOfRange(envelope, 1, HEADER)));
    }

    /** Whether {@code envelope} records this KEK as the one it was sealed under. */
    public boolean sealedThis(byte[] envelope) {
        return sealedUnder(envelope).map(id()::equals).orElse(false);
    }

    private static String label(byte[] id) {
        return "kek:" + HexFormat.of().formatHex(id);
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

    /** Encrypts {@code secret} bound to {@code aad} into a version-2 envelope; the caller zeroes {@code secret}. */
    public byte[] seal(byte[] secret, byte[] aad) {
        byte[] out = new byte[HEADER + NONCE + secret.length + TAG_BITS / 8];
        out[0] = V2;
        System.arraycopy(id, 0, out, 1, ID_BYTES);
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, HEADER, NONCE);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(out, 0, HEADER);
            c.updateAAD(aad);
            c.doFinal(secret, 0, secret.length, out, HEADER + NONCE);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM sealing failed", e);
        }
    }

    /** Decrypts an envelope made by {@link #seal} with the same {@code aad}; the caller zeroes the result. */
    public byte[] open(byte[] envelope, byte[] aad) {
        if (envelope != null && envelope.length >= 1 + NONCE + TAG_BITS / 8 && envelope[0] == V1) {
            return decrypt(envelope, 1, false, aad);
        }
        if (envelope == null || envelope.length < HEADER + NONCE + TAG_BITS / 8 || envelope[0] != V2) {
            throw new KeyStoreException("KEK_ENVELOPE", "encrypted secret is not a version-1 or version-2 AES-GCM envelope");
        }
        String under = sealedUnder(envelope).orElseThrow();
        if (!under.equals(id())) {
            throw new KeyStoreException("KEK_MISMATCH", "encrypted secret was sealed under " + under + ", not under this KEK ("
                    + id() + "): wrong KEK (after `issuer keys reseal`, issuer.kek must name the new one)");
        }
        return decrypt(envelope, HEADER, true, aad);
    }

    /** Opens the GCM body after a header of {@code header} bytes; version 1 authenticates no header, version 2 its whole header. */
    private byte[] decrypt(byte[] envelope, int header, boolean authenticateHeader, byte[] aad) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, envelope, header, NONCE));
            if (authenticateHeader) {
                c.updateAAD(envelope, 0, header);
            }
            c.updateAAD(aad);
            return c.doFinal(envelope, header + NONCE, envelope.length - header - NONCE);
        } catch (AEADBadTagException e) {
            throw new KeyStoreException("KEK_MISMATCH",
                    "encrypted secret does not open with this KEK (wrong KEK, or the envelope belongs to another key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM opening failed", e);
        }
    }
}
