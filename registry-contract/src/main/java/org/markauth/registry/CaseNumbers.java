package org.markauth.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Case numbers and lookup codes. A case number ({@code TS2026-000123}: 投诉 + year + a per-year
 * sequence) is what the consumer quotes on the phone, so it is short and guessable; the lookup code
 * (8 characters of an alphabet without 0/O, 1/I/L, 40 bits from {@link SecureRandom}) is what
 * opens the case's public page. Codes are compared in constant time ({@link #sameCode}). Shared by
 * the issuer, which allocates both (V026 complaint_cases), and verify-api, whose /cases page looks
 * a case up.
 */
public final class CaseNumbers {

    public static final Pattern CASE_NO = Pattern.compile("TS(\\d{4})-(\\d{6})");
    /** Crockford-like: no 0/O, 1/I/L, U; what a consumer reads off a message without confusion. */
    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int CODE_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CaseNumbers() {
    }

    /** {@code TS2026-000123}. */
    public static String format(int year, int seq) {
        if (year < 2000 || year > 9999 || seq < 1 || seq > 999_999) {
            throw new IllegalArgumentException("a case number has a 4-digit year and a sequence 1..999999, got " + year + "/" + seq);
        }
        return String.format("TS%04d-%06d", year, seq);
    }

    /** Whether {@code s} has a case number's shape (upper case, as issued). */
    public static boolean wellFormed(String s) {
        return s != null && CASE_NO.matcher(s).matches();
    }

    /** The case number as typed (spaces, lower case) in its issued form, or null when it is not one. */
    public static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        String s = typed.strip().toUpperCase(java.util.Locale.ROOT);
        return wellFormed(s) ? s : null;
    }

    /** A fresh lookup code. */
    public static String newCode() {
        StringBuilder b = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /**
     * Whether the typed code is the case's, in time independent of where they differ (both are
     * hashed first, so neither length nor content leaks through timing). Case and spaces are ignored.
     */
    public static boolean sameCode(String stored, String typed) {
        if (stored == null || typed == null) {
            return false;
        }
        String t = typed.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
        return MessageDigest.isEqual(sha256(stored), sha256(t));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Yuan with two decimals from fen: 12345 → "123.45". */
    public static String yuan(long fen) {
        return (fen < 0 ? "-" : "") + Math.abs(fen) / 100 + "." + String.format("%02d", Math.abs(fen) % 100);
    }
}
