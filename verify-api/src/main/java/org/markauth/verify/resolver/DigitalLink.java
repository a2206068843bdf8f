package org.markauth.verify.resolver;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import org.markauth.sdk.mark.Base32;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.Serial;

/**
 * A GS1 Digital Link URI with primary key AI 01 (GTIN), as this resolver reads it: the path
 * {@code /01/{gtin}[/22/{cpv}][/10/{lot}][/21/{serial}]} with an optional trailing slash, the data
 * attribute AI 17 (expiry, {@code YYMMDD}) in the query, and markauth's own {@code M} (the signature
 * part of a signed mark, docs/mark-format.md section 6).
 *
 * <p>GS1 Digital Link URI Syntax 1.2+ (the path is the primary key then its key
 * qualifiers in the fixed order 22, 10, 21, each an AI and its value as two path segments; data
 * attributes go in the query string as {@code AI=value}; values percent-encoded,
 * characters of GS1 AI encodable character set 82; GTIN-8/12/13 are written as GTIN-14 with
 * leading zeros, and are accepted here in the shorter forms too). GS1 General Specifications 3.4.1
 * (AI 10, up to 20 characters), 3.5.2 (AI 21, up to 20), 3.4.7 (AI 17, YYMMDD, DD 00 = the last day
 * of the month), 7.9.1 (check digit).
 *
 * <p>{@link #parse} never throws anything but {@link Refusal}, whose sentence says what is wrong:
 * the resolver answers it with 400 (GS1-Conformant Resolver Standard 1.x, conformance statement: "SHALL
 * extract and syntactically validate the URI and report errors with an HTTP response code of 400").
 * A syntactically valid link that names nothing markauth issued (AI 22, a serial that is not a
 * markauth serial) is not a syntax error: it is 404 later.
 *
 * @param gtin   14 digits with a valid check digit
 * @param cpv    AI 22 (consumer product variant) as given, or null
 * @param lot    AI 10 as given (decoded), or null
 * @param serial AI 21 as given (decoded), or null
 * @param expiry AI 17 from the query, or null
 * @param signed the {@code M} query value (signature part of a signed mark), or null
 */
public record DigitalLink(String gtin, String cpv, String lot, String serial, LocalDate expiry, String signed) {

    /** Longest path read (a GS1 DL with GTIN, lot and serial is under 80 characters; percent-encoding triples a few). */
    public static final int MAX_PATH = 256;
    /** AI 10 and AI 21 values: at most 20 characters (GS1 General Specifications 3.4.1, 3.5.2); AI 22 likewise. */
    public static final int MAX_VALUE = 20;

    /** A link that is not a syntactically valid GS1 Digital Link URI; the message is the sentence shown. */
    public static final class Refusal extends IllegalArgumentException {
        Refusal(String message) {
            super(message);
        }
    }

    /** The markauth serial (13 base32 characters, either ASCII case), or null when AI 21 is absent or not one. */
    public Serial markSerial() {
        if (serial == null || serial.length() != 13) {
            return null;
        }
        byte[] b = Base32.decode(serial.toUpperCase(java.util.Locale.ROOT));
        return b == null ? null : Serial.ofBytes(b);
    }

    /** The URI without query: {@code root}/01/{gtin}[/10/{lot}][/21/{serial}], values percent-encoded. */
    public String uri(String root) {
        StringBuilder b = new StringBuilder(root).append("/01/").append(gtin);
        if (cpv != null) {
            b.append("/22/").append(encode(cpv));
        }
        if (lot != null) {
            b.append("/10/").append(encode(lot));
        }
        if (serial != null) {
            b.append("/21/").append(encode(serial));
        }
        return b.toString();
    }

    /** The same link one level up: without the serial, or without the lot when there is no serial. */
    public DigitalLink withoutSerial() {
        return new DigitalLink(gtin, cpv, lot, null, expiry, null);
    }

    /**
     * Reads {@code rawPath} (as received, not yet percent-decoded; it starts with {@code /01/}) and
     * the query parameters {@code 17} and {@code M}.
     *
     * @throws Refusal when it is not a valid GS1 Digital Link URI
     */
    public static DigitalLink parse(String rawPath, Map<String, String> query) {
        if (rawPath == null || !rawPath.startsWith("/01/")) {
            throw new Refusal("the path must start with /01/ followed by a GTIN");
        }
        if (rawPath.length() > MAX_PATH) {
            throw new Refusal("the path is " + rawPath.length() + " characters long; a GS1 Digital Link read here has at most " + MAX_PATH);
        }
        String p = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;   // tolerated (resolver standard 4.3)
        String[] seg = p.substring(1).split("/", -1);
        if (seg.length % 2 != 0) {
            throw new Refusal("after /01/{gtin} the path must be pairs of an AI and its value (22, 10, 21 in that order)");
        }
        String gtin = gtin(decode(seg[1], "the GTIN"));
        String cpv = null;
        String lot = null;
        String serial = null;
        int order = 0;   // qualifiers in the order 22, 10, 21, each at most once (URI syntax 4.3)
        for (int i = 2; i < seg.length; i += 2) {
            String ai = seg[i];
            String value = decode(seg[i + 1], "the value of AI " + clip(ai));
            int rank = switch (ai) {
                case "22" -> 1;
                case "10" -> 2;
                case "21" -> 3;
                default -> throw new Refusal("'" + clip(ai) + "' is not a key qualifier of a GTIN; only 22, 10 and 21 may follow /01/{gtin}");
            };
            if (rank <= order) {
                throw new Refusal("key qualifiers must appear once each, in the order 22, 10, 21; AI " + ai + " is out of place");
            }
            order = rank;
            checkValue(ai, value);
            switch (ai) {
                case "22" -> cpv = value;
                case "10" -> lot = value;
                default -> serial = value;
            }
        }
        LocalDate expiry = expiry(query.get("17"));
        String signed = query.get("M");
        return new DigitalLink(gtin, cpv, lot, serial, expiry, signed == null || signed.isEmpty() ? null : signed);
    }

    private static String gtin(String v) {
        if (v.isEmpty() || v.length() > 14 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Refusal("the GTIN must be 8, 12, 13 or 14 digits; got '" + clip(v) + "'");
        }
        if (v.length() != 8 && v.length() < 12) {
            throw new Refusal("the GTIN must be 8, 12, 13 or 14 digits; got " + v.length());
        }
        String g = "0".repeat(14 - v.length()) + v;
        if (!Gtin.isValid(g)) {
            throw new Refusal("the GTIN " + v + " has a wrong check digit (GS1 mod-10)");
        }
        return g;
    }

    private static void checkValue(String ai, String v) {
        if (v.isEmpty() || v.length() > MAX_VALUE) {
            throw new Refusal("the value of AI " + ai + " must be 1 to " + MAX_VALUE + " characters; got " + v.length());
        }
        for (int i = 0; i < v.length(); i++) {
            if (!cset82(v.charAt(i))) {
                throw new Refusal("the value of AI " + ai + " has a character outside GS1's character set 82 at position " + (i + 1));
            }
        }
    }

    /** GS1 AI encodable character set 82 (General Specifications figure 7.11-1). */
    static boolean cset82(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!\"%&'()*+,-./:;<=>?_".indexOf(c) >= 0;
    }

    private static LocalDate expiry(String v) {
        if (v == null) {
            return null;
        }
        if (v.length() != 6 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Refusal("the expiry date (AI 17) must be six digits YYMMDD; got '" + clip(v) + "'");
        }
        int yy = Integer.parseInt(v.substring(0, 2));
        int mm = Integer.parseInt(v.substring(2, 4));
        int dd = Integer.parseInt(v.substring(4, 6));
        try {
            // General Specifications 7.12: the century is the one that puts the year within -49..+50 of now;
            // markauth's products are recent enough that 20YY is that year for the life of the programme
            YearMonth ym = YearMonth.of(2000 + yy, mm);
            return dd == 0 ? ym.atEndOfMonth() : ym.atDay(dd);
        } catch (DateTimeException e) {
            throw new Refusal("the expiry date (AI 17) " + v + " is not a date");
        }
    }

    /** Percent-decodes one path segment (UTF-8; '+' is a plus); refuses broken escapes and control characters. */
    private static String decode(String s, String what) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new Refusal(what + " has a broken percent-escape");
                }
                out[n++] = (byte) (Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c < 128) {
                out[n++] = (byte) c;
            } else {
                throw new Refusal(what + " has a character that is not percent-encoded");
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static String encode(String v) {
        StringBuilder b = new StringBuilder();
        for (byte x : v.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xFF));
            }
        }
        return b.toString();
    }

    private static String clip(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "…";
    }
}
