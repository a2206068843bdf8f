package org.markauth.sdk.mark;

/**
 * The character rules of docs/mark-format.md section 8, in one place: which white space is stripped,
 * which characters are binary or invisible, and case folding. Case is folded in <b>ASCII only</b>
 * (a–z ↔ A–Z): Java's {@code equalsIgnoreCase}, {@code toUpperCase} and {@code regionMatches(true, …)}
 * fold Unicode, under which {@code ı} (U+0131) and {@code ſ} (U+017F) become I and S and the Kelvin
 * sign K (U+212A) becomes k, so a host a browser resolves elsewhere would read as the programme's.
 */
public final class ScanText {

    private ScanText() {
    }

    /**
     * The white space stripped from both ends of a scan, and nothing else: SP, HT, LF, CR (what
     * keyboard-wedge readers and copy-paste add) and GS U+001D (the GS1 group separator readers
     * in GS1 mode send).
     */
    public static boolean isStrippedSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x1D;
    }

    /** Strips {@link #isStrippedSpace} characters from both ends. */
    public static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isStrippedSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isStrippedSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /** C0 controls, DEL, C1 controls (U+0085 included), a surrogate (lone, or any: no mark needs one) or U+FFFD. */
    public static boolean isBinary(char c) {
        return c < 0x20 || (c >= 0x7F && c < 0xA0) || Character.isSurrogate(c) || c == 0xFFFD;
    }

    /**
     * Any space other than U+0020 and any invisible formatting character: Unicode general category
     * Zs, Zl, Zp or Cf (no-break space, U+2028, ideographic space, zero-width space, BOM, direction
     * marks and overrides …). Printed marks never contain one; a text that does was edited.
     */
    public static boolean isInvisible(char c) {
        if (c == ' ') {
            return false;
        }
        int t = Character.getType(c);
        return t == Character.SPACE_SEPARATOR || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR
                || t == Character.FORMAT;
    }

    /** ASCII upper case; every other character is left as it is. */
    public static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }

    /** ASCII upper case of a whole string (never Unicode case mapping). */
    public static String upper(String s) {
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) {
            out[i] = upper(out[i]);
        }
        return new String(out);
    }

    /** {@code a} equals {@code b} when a–z and A–Z are taken as equal, and nothing else. */
    public static boolean equalsIgnoreAsciiCase(String a, String b) {
        return a.length() == b.length() && regionMatchesIgnoreAsciiCase(a, 0, b);
    }

    /** {@code s} holds {@code what} at {@code offset}, a–z and A–Z taken as equal. */
    public static boolean regionMatchesIgnoreAsciiCase(String s, int offset, String what) {
        if (offset < 0 || offset + what.length() > s.length()) {
            return false;
        }
        for (int i = 0; i < what.length(); i++) {
            if (upper(s.charAt(offset + i)) != upper(what.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
