package org.markauth.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * API bearer tokens: {@code mak_} followed by 32 base32 characters (160 random bits). Only the
 * SHA-256 of the token is stored; a plain hash (no salt, no stretching) is right here because the
 * token is a high-entropy random value, not a password, and lookups must be a single key read.
 * The first 8 characters after the prefix are kept as a non-secret hint to tell keys apart.
 */
public final class ApiTokens {
    static final String PREFIX = "mak_";
    private static final int RANDOM_BYTES = 20;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int TOKEN_LENGTH = PREFIX.length() + 32;

    private final SecureRandom random;

    private ApiTokens(SecureRandom random) {
        this.random = random;
    }

    public static ApiTokens create() {
        return new ApiTokens(new SecureRandom());
    }

    /** A new random token; shown once to its owner and never stored. */
    public String newToken() {
        byte[] b = new byte[RANDOM_BYTES];
        random.nextBytes(b);
        StringBuilder sb = new StringBuilder(TOKEN_LENGTH).append(PREFIX);
        int buffer = 0;
        int bits = 0;
        for (byte x : b) {
            buffer = (buffer << 8) | (x & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        java.util.Arrays.fill(b, (byte) 0);
        return sb.toString();
    }

    /** Checks the shape cheaply before any hashing or lookup; bounded input. */
    public static boolean wellFormed(String token) {
        if (token == null || token.length() != TOKEN_LENGTH || !token.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            char c = token.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of the token text: the stored lookup key. */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /**
     * A credential's stable, non-secret id: {@code c} and the first 8 bytes of the token's SHA-256 in
     * hex. Derived, so a key issued before ids existed gets the same id on every instance; 64 bits of
     * a hash of a 160-bit random token tell nothing about the token.
     */
    public static String credentialId(byte[] hash) {
        return "c" + java.util.HexFormat.of().formatHex(hash, 0, 8);
    }

    /** True for the shape {@link #credentialId} produces; checked before any lookup. */
    public static boolean wellFormedCredentialId(String id) {
        return id != null && id.length() == 17 && id.charAt(0) == 'c' && id.substring(1).chars()
                .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** The non-secret hint stored beside the hash, e.g. {@code mak_ABCDEFGH}. */
    public static String hint(String token) {
        return token.substring(0, PREFIX.length() + 8);
    }

    /** Extracts the token from an {@code Authorization: Bearer …} header value. */
    public static Optional<String> fromAuthorizationHeader(String header) {
        if (header == null || header.length() > 200) {
            return Optional.empty();
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = h.substring(7).trim();
        return wellFormed(token) ? Optional.of(token) : Optional.empty();
    }
}
