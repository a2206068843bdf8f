package org.markauth.issuer.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The syntax of the two GS1 keys markauth speaks for instance-level EPCs, with no lookup: SGTIN
 * (GTIN + AI 21 serial) and SSCC, in their EPC pure-identity URN and GS1 Digital Link URI forms.
 *
 * <ul>
 *   <li>SGTIN URN, GS1 EPC Tag Data Standard 2.x section 6.3.1:
 *       {@code urn:epc:id:sgtin:<CompanyPrefix>.<Indicator><ItemRef>.<Serial>}: the company prefix and
 *       indicator + item reference together are 13 digits (the GTIN-14 without its check digit,
 *       indicator moved to the front of the second field); the serial is the AI 21 value, 1-20
 *       characters of GS1's character set 82, with {@code " % & / < > ?} escaped as {@code %XX}
 *       (TDS Table A-1; any other {@code %XX} of set 82 is decoded too).</li>
 *   <li>SSCC URN, TDS 2.x section 6.3.2: {@code urn:epc:id:sscc:<CompanyPrefix>.<Extension><SerialRef>}:
 *       17 digits in all (the SSCC-18 without its check digit, extension digit moved to the front of
 *       the second field).</li>
 *   <li>GS1 Digital Link URI syntax 1.2 (sections 4 and 5): {@code http(s)://<any host>[/<path prefix>]/01/<GTIN>[/22/<cpv>][/10/<lot>]/21/<serial>[?...]}
 *       (GTIN-8, -12 or -13 are zero-padded to 14, section 4.6) and {@code .../00/<SSCC-18>}. The
 *       qualifiers 22 and 10 are read past: the serial alone names the item.</li>
 * </ul>
 * The company prefix is 6 to 12 digits (TDS 2.x section 6.3.1, "GS1 Company Prefix"). Check digits
 * are GS1 mod 10 (GS1 General Specifications 7.9.1); a URN carries none, a Digital Link must carry the
 * right one. Which mark a key names is {@link Gs1Marks}' business.
 *
 * <p>This class owns GS1 key syntax for the whole package: {@link EpcUris} (every EPC scheme to its canonical
 * Digital Link, for the event hash) uses its check digits, company-prefix split/join, set 82 and escapes.
 */
public final class Gs1Keys {

    public static final String SGTIN_URN = "urn:epc:id:sgtin:";
    public static final String SSCC_URN = "urn:epc:id:sscc:";
    /** Where canonical Digital Link URIs point (GS1 Digital Link 1.2 section 4.11: id.gs1.org is the canonical host). */
    public static final String CANONICAL_HOST = "https://id.gs1.org";
    static final int MAX_SERIAL = 20;

    /** An instance-level GS1 key read from an EPC. */
    public sealed interface Key permits Sgtin, Sscc {
    }

    /** A GTIN-14 (check digit included and right) and its AI 21 serial (decoded, 1-20 characters of set 82). */
    public record Sgtin(String gtin, String serial) implements Key {
        public Sgtin {
            if (!isDigits(gtin, 14) || checkDigit(gtin.substring(0, 13)) != gtin.charAt(13)) {
                throw new IllegalArgumentException("GTIN must be 14 digits with its GS1 check digit, got '" + gtin + "'");
            }
            if (serial == null || serial.isEmpty() || serial.length() > MAX_SERIAL || !serial.chars().allMatch(Gs1Keys::inSet82)) {
                throw new IllegalArgumentException("an AI 21 serial is 1-" + MAX_SERIAL + " characters of GS1 set 82");
            }
        }
    }

    /** An SSCC-18 with its check digit. */
    public record Sscc(String sscc) implements Key {
        public Sscc {
            if (!isDigits(sscc, 18) || checkDigit(sscc.substring(0, 17)) != sscc.charAt(17)) {
                throw new IllegalArgumentException("SSCC must be 18 digits with its GS1 check digit, got '" + sscc + "'");
            }
        }
    }

    private Gs1Keys() {
    }

    // ------------------------------------------------------------------ reading

    /** True when {@code epc} is written in an SGTIN or SSCC form (URN, or a URI whose path has /01/ or /00/). */
    public static boolean looksGs1(String epc) {
        String lower = epc.toLowerCase(Locale.ROOT);
        return lower.startsWith(SGTIN_URN) || lower.startsWith(SSCC_URN)
                || ((lower.startsWith("https://") || lower.startsWith("http://")) && (lower.contains("/01/") || lower.contains("/00/")));
    }

    /**
     * The key an SGTIN/SSCC URN or Digital Link names.
     *
     * @throws EpcisException MALFORMED_EPC with a sentence naming the rule broken, for text in one of
     *                        these forms that breaks it (wrong digit count, check digit, serial characters)
     */
    public static Key parse(String epc) {
        String lower = epc.toLowerCase(Locale.ROOT);
        if (lower.startsWith(SGTIN_URN)) {
            return sgtinUrn(epc, epc.substring(SGTIN_URN.length()));
        }
        if (lower.startsWith(SSCC_URN)) {
            return ssccUrn(epc, epc.substring(SSCC_URN.length()));
        }
        return digitalLink(epc);
    }

    private static Key sgtinUrn(String epc, String body) {
        String[] p = body.split("\\.", 3);   // a serial may hold '.' (TDS Table A-1 leaves it unescaped)
        if (p.length != 3 || !isCompanyPrefix(p[0]) || !isDigits(p[1], 13 - p[0].length())) {
            throw malformed(epc, "an SGTIN URN is " + SGTIN_URN + "<company prefix, 6-12 digits>.<indicator and item "
                    + "reference, 13 digits with the prefix>.<serial> (GS1 EPC Tag Data Standard 6.3.1)");
        }
        return sgtin(epc, withCheck(join(p[0], p[1])), unescape(epc, p[2]));
    }

    private static Key ssccUrn(String epc, String body) {
        String[] p = body.split("\\.", -1);
        if (p.length != 2 || !isCompanyPrefix(p[0]) || !isDigits(p[1], 17 - p[0].length())) {
            throw malformed(epc, "an SSCC URN is " + SSCC_URN + "<company prefix, 6-12 digits>.<extension digit and serial "
                    + "reference, 17 digits with the prefix> (GS1 EPC Tag Data Standard 6.3.2)");
        }
        return new Sscc(withCheck(join(p[0], p[1])));
    }

    private static Key digitalLink(String epc) {
        int scheme = epc.indexOf("://");
        int pathStart = scheme < 0 ? -1 : epc.indexOf('/', scheme + 3);
        if (pathStart < 0) {
            throw malformed(epc, "a GS1 Digital Link URI is https://<host>/01/<GTIN>/21/<serial> or https://<host>/00/<SSCC>");
        }
        int end = epc.length();
        for (char c : new char[] {'?', '#'}) {
            int i = epc.indexOf(c, pathStart);
            end = i >= 0 ? Math.min(end, i) : end;
        }
        String[] seg = epc.substring(pathStart + 1, end).split("/", -1);
        // the primary key is the first "01" or "00" segment followed by the rest of a valid key path
        for (int i = 0; i + 1 < seg.length; i++) {
            if (seg[i].equals("00")) {
                if (i + 2 != seg.length) {
                    throw malformed(epc, "an SSCC Digital Link has no qualifier after /00/<SSCC> (GS1 Digital Link 1.2 section 4.5)");
                }
                String sscc = unescape(epc, seg[i + 1]);
                if (!isDigits(sscc, 18)) {
                    throw malformed(epc, "AI 00 is an SSCC of 18 digits, got '" + clip(sscc) + "'");
                }
                if (checkDigit(sscc.substring(0, 17)) != sscc.charAt(17)) {
                    throw malformed(epc, "SSCC " + sscc + " has a wrong check digit: expected " + checkDigit(sscc.substring(0, 17)));
                }
                return new Sscc(sscc);
            }
            if (seg[i].equals("01")) {
                return sgtinLink(epc, seg, i);
            }
        }
        throw malformed(epc, "a GS1 Digital Link URI is https://<host>/01/<GTIN>/21/<serial> or https://<host>/00/<SSCC>");
    }

    /** {@code 01/<gtin>} then qualifiers in the order 22, 10, 21 (GS1 Digital Link 1.2 section 4.5); 21 is required here. */
    private static Key sgtinLink(String epc, String[] seg, int at) {
        String given = unescape(epc, seg[at + 1]);
        String gtin = gtin14(given);
        if (gtin == null) {
            throw malformed(epc, "AI 01 is a GTIN of 8, 12, 13 or 14 digits, got '" + clip(given) + "'");
        }
        if (checkDigit(gtin.substring(0, 13)) != gtin.charAt(13)) {
            throw malformed(epc, "GTIN " + gtin + " has a wrong check digit: expected " + checkDigit(gtin.substring(0, 13)));
        }
        String serial = null;
        int order = 0;
        for (int i = at + 2; i < seg.length; i += 2) {
            int rank = switch (seg[i]) {
                case "22" -> 1;
                case "10" -> 2;
                case "21" -> 3;
                default -> -1;
            };
            if (rank <= order || i + 1 >= seg.length || seg[i + 1].isEmpty()) {
                throw malformed(epc, "after /01/<GTIN> a Digital Link has the qualifiers /22/, /10/, /21/ in that order, each "
                        + "with a value (GS1 Digital Link 1.2 section 4.5)");
            }
            order = rank;
            if (rank == 3) {
                serial = unescape(epc, seg[i + 1]);
            }
        }
        if (serial == null) {
            throw new EpcisException("FOREIGN_EPC", "EPC '" + clip(epc) + "' names a product class (GTIN " + gtin
                    + ") without a serial (/21/): an EPC names one item; add its serial");
        }
        return sgtin(epc, gtin, serial);
    }

    private static Sgtin sgtin(String epc, String gtin, String serial) {
        if (serial.isEmpty() || serial.length() > MAX_SERIAL || !serial.chars().allMatch(Gs1Keys::inSet82)) {
            throw malformed(epc, "an AI 21 serial is 1-" + MAX_SERIAL + " characters of GS1 character set 82");
        }
        return new Sgtin(gtin, serial);
    }

    /** Decodes %XX escapes (TDS Table A-1, RFC 3986); a malformed escape is refused. */
    private static String unescape(String epc, String s) {
        String decoded = percentDecode(s);
        if (decoded == null) {
            throw malformed(epc, "'%' starts an escape of two hex digits (%XX)");
        }
        return decoded;
    }

    /**
     * {@code s} with its %XX escapes decoded (TDS Table A-1, RFC 3986), each escape one ISO 8859-1 character;
     * null when a '%' does not start two hex digits. A non-ASCII character becomes one outside set 82.
     */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    return null;
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                out.write(c > 0x7F ? '?' + 0x80 : c);   // a non-ASCII character: never in set 82, refused by the caller
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------ writing

    /** {@code urn:epc:id:sgtin:...} of a GTIN-14 whose first {@code prefixLength} digits after the indicator are the company prefix. */
    public static String sgtinUrn(String gtin, int prefixLength, String serial) {
        new Sgtin(gtin, serial);
        return SGTIN_URN + split(gtin, prefixLength, 13) + "." + escapeUrn(serial);
    }

    /** {@code urn:epc:id:sscc:...} of an SSCC-18 whose company prefix has {@code prefixLength} digits. */
    public static String ssccUrn(String sscc, int prefixLength) {
        new Sscc(sscc);
        return SSCC_URN + split(sscc, prefixLength, 17);
    }

    /**
     * {@code https://id.gs1.org/01/<gtin>/21/<serial>}, the canonical Digital Link (the one
     * {@link EpcUris#canonical(String)} gives for this key's URN): the serial escaped as in the URN, then
     * {@link #linkEncode(String)}.
     */
    public static String digitalLink(Sgtin k) {
        return CANONICAL_HOST + "/01/" + k.gtin() + "/21/" + linkEncode(escapeUrn(k.serial()));
    }

    /** {@code https://id.gs1.org/00/<sscc>}. */
    public static String digitalLink(Sscc k) {
        return CANONICAL_HOST + "/00/" + k.sscc();
    }

    /** The SSCC-18 of extension digit + company prefix + serial reference (17 digits) with its check digit. */
    public static String sscc(String first17) {
        if (!isDigits(first17, 17)) {
            throw new IllegalArgumentException("an SSCC without its check digit is 17 digits, got '" + first17 + "'");
        }
        return withCheck(first17);
    }

    // ------------------------------------------------------------------ key syntax shared with EpcUris

    /** {@code digits} followed by its GS1 check digit. */
    static String withCheck(String digits) {
        return digits + checkDigit(digits);
    }

    /** True when {@code digits} is all digits and its last one is the GS1 check digit of the others. */
    static boolean checkOk(String digits) {
        return isDigits(digits, digits.length()) && checkDigit(digits.substring(0, digits.length() - 1)) == digits.charAt(digits.length() - 1);
    }

    /** A GS1 Company Prefix: 6 to 12 digits (TDS 2.x section 6.3.1). */
    static boolean isCompanyPrefix(String s) {
        return s != null && s.length() >= 6 && s.length() <= 12 && isDigits(s, s.length());
    }

    /**
     * The key digits (no check digit) of an EPC URN's company prefix and its second field: for SGTIN and SSCC
     * the second field starts with the indicator / extension digit, which goes in front (TDS 2.x 6.3.1, 6.3.2).
     */
    static String join(String companyPrefix, String indicatorAndRef) {
        return indicatorAndRef.charAt(0) + companyPrefix + indicatorAndRef.substring(1);
    }

    /**
     * The reverse of {@link #join}: {@code <prefix>.<indicator><ref>} of the first {@code digits} digits of a
     * GTIN-14 ({@code digits} 13) or SSCC-18 (17) whose company prefix has {@code prefixLength} digits.
     */
    static String split(String key, int prefixLength, int digits) {
        requirePrefixLength(prefixLength);
        return key.substring(1, 1 + prefixLength) + "." + key.charAt(0) + key.substring(1 + prefixLength, digits);
    }

    /** A GTIN-8, -12, -13 or -14 as a GTIN-14 (GS1 Digital Link 1.2 section 4.6), or null when it is none of these. */
    static String gtin14(String gtin) {
        if (!(isDigits(gtin, 8) || isDigits(gtin, 12) || isDigits(gtin, 13) || isDigits(gtin, 14))) {
            return null;
        }
        return "0".repeat(14 - gtin.length()) + gtin;
    }

    /** GS1 mod 10 check digit of {@code digits} (General Specifications 7.9.1): weights 3,1,3... from the right. */
    public static char checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            sum += d * (i % 2 == 0 ? 3 : 1);
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    static void requirePrefixLength(int n) {
        if (n < 6 || n > 12) {
            throw new IllegalArgumentException("a GS1 Company Prefix has 6 to 12 digits, got " + n);
        }
    }

    /** TDS Table A-1: the characters of set 82 an EPC URN escapes as %XX. */
    static String escapeUrn(String serial) {
        StringBuilder b = new StringBuilder();
        for (char c : serial.toCharArray()) {
            switch (c) {
                case '"', '%', '&', '/', '<', '>', '?' -> b.append('%').append(String.format("%02X", (int) c));
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * An EPC URN component (TDS escapes such as {@code %2F} kept as they are) in canonical Digital Link form:
     * the characters GS1 Digital Link 1.2 table 7-1 requires percent-encoded in a path segment are encoded.
     * The CBV 2.0 event hash (section 8.9) depends on this exact output: EventHashTest pins it.
     */
    static String linkEncode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '!' -> b.append("%21");
                case '(' -> b.append("%28");
                case ')' -> b.append("%29");
                case '*' -> b.append("%2A");
                case '+' -> b.append("%2B");
                case ',' -> b.append("%2C");
                case ':' -> b.append("%3A");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** GS1 General Specifications Figure 7.11-1, character set 82. */
    static boolean inSet82(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || "!\"%&'()*+,-./:;<=>?_".indexOf(c) >= 0;
    }

    static boolean isDigits(String s, int n) {
        if (s == null || s.length() != n || n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static EpcisException malformed(String epc, String rule) {
        return new EpcisException("MALFORMED_EPC", "EPC '" + clip(epc) + "' is not a valid GS1 key: " + rule);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
