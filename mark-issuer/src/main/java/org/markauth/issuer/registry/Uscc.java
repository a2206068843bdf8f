package org.markauth.issuer.registry;

/**
 * The unified social credit code of a Chinese legal entity, GB 32100-2015: 18 characters from the
 * 31-character alphabet {@code 0-9 A-H J-N P-R T U W X Y} (no I, O, S, V, Z). Position 1 is the
 * registration authority, 2 the entity type, 3-8 the administrative division (digits), 9-17 the
 * organisation code and 18 the check character: with weights {@code 3^(i) mod 31} for positions
 * 1..17, check = 31 - (sum of value x weight mod 31), where 31 maps to 0.
 */
public final class Uscc {

    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private Uscc() {
    }

    /** {@code null} when {@code code} is a valid USCC, else a sentence saying what is wrong. */
    public static String problem(String code) {
        if (code == null || code.length() != 18) {
            return "a unified social credit code has 18 characters, got "
                    + (code == null ? "none" : code.length());
        }
        int sum = 0;
        for (int i = 0; i < 18; i++) {
            int v = ALPHABET.indexOf(code.charAt(i));
            if (v < 0) {
                return "character " + (i + 1) + " '" + code.charAt(i)
                        + "' is not allowed in a unified social credit code (GB 32100: 0-9 and A-Y without I O S V Z, upper case)";
            }
            if (i >= 2 && i <= 7 && v > 9) {
                return "characters 3-8 of a unified social credit code are the administrative division code and must be digits";
            }
            if (i < 17) {
                sum += v * WEIGHTS[i];
            }
        }
        char expected = checkCharacter(sum);
        if (expected != code.charAt(17)) {
            return "check character of unified social credit code " + code + " should be '" + expected
                    + "' (GB 32100); the code is mistyped";
        }
        return null;
    }

    public static boolean isValid(String code) {
        return problem(code) == null;
    }

    private static char checkCharacter(int sum) {
        int c = 31 - sum % 31;
        return ALPHABET.charAt(c == 31 ? 0 : c);
    }

    /** Appends the check character to 17 valid characters (for fixtures and tools). */
    public static String withCheckCharacter(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need 17 characters, got " + first17.length());
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = ALPHABET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("character " + (i + 1) + " not in the GB 32100 alphabet");
            }
            sum += v * WEIGHTS[i];
        }
        return first17 + checkCharacter(sum);
    }
}
