package org.markauth.issuer.registry;

/**
 * GTIN input as people type it (GTIN-8, -12, -13 or -14) normalised to GTIN-14 with its GS1
 * mod-10 check digit verified (GS1 General Specifications 7.9.1).
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
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            sum += (padded.charAt(i) - '0') * (i % 2 == 0 ? 3 : 1);
        }
        int check = (10 - sum % 10) % 10;
        if (check != padded.charAt(13) - '0') {
            throw new IllegalArgumentException("gtin " + gtin + " has a wrong check digit: expected " + check
                    + " (GS1 mod 10); the number is mistyped");
        }
        return padded;
    }
}
