package org.markauth.sdk.mark;

/**
 * A GTIN-14 as used in a GS1 Digital Link (AI 01): 14 digits, the last one the GS1 mod-10 check
 * digit (GS1 General Specifications 7.9.1). Shorter GTINs are left-padded with zeros by the caller.
 */
public record Gtin(String digits) {

    public Gtin {
        if (!isValid(digits)) {
            throw new IllegalArgumentException("GTIN must be 14 digits with a valid GS1 check digit: " + digits);
        }
    }

    /** Never throws; {@code false} for null, wrong length, non-digits or a wrong check digit. */
    public static boolean isValid(CharSequence s) {
        if (s == null || s.length() != 14) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            sum += (c - '0') * (i % 2 == 0 ? 3 : 1);
        }
        char last = s.charAt(13);
        return last >= '0' && last <= '9' && (10 - sum % 10) % 10 == last - '0';
    }

    /** Appends the correct check digit to 13 digits. */
    public static Gtin withCheckDigit(String first13) {
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            sum += (first13.charAt(i) - '0') * (i % 2 == 0 ? 3 : 1);
        }
        return new Gtin(first13 + (10 - sum % 10) % 10);
    }

    @Override
    public String toString() {
        return digits;
    }
}
