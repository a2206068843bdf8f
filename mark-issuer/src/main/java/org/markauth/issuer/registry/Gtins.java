package org.markauth.issuer.registry;

import org.markauth.sdk.mark.Gtin;

/**
 * GTIN input as people type it (GTIN-8, -12, -13 or -14), left-padded to GTIN-14 (GS1 General
 * Specifications 3.3.2) and checked with the SDK's GS1 mod-10 rule.
 */
final class Gtins {

    private Gtins() {
    }

    static String normalize(String gtin) {
        String g = gtin.strip();
        if (!g.matches("\\d{8}|\\d{12}|\\d{13}|\\d{14}")) {
            throw new IllegalArgumentException("gtin must be 8, 12, 13 or 14 digits, got '" + gtin + "'");
        }
        String padded = "0".repeat(14 - g.length()) + g;
        if (!Gtin.isValid(padded)) {
            char expected = Gtin.withCheckDigit(padded.substring(0, 13)).digits().charAt(13);
            throw new IllegalArgumentException("gtin " + gtin + " has a wrong check digit: expected " + expected
                    + " (GS1 mod 10); the number is mistyped");
        }
        return padded;
    }
}
