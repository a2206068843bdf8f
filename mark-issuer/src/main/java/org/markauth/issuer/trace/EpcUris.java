package org.markauth.issuer.trace;

import static org.markauth.issuer.trace.Gs1Keys.checkOk;
import static org.markauth.issuer.trace.Gs1Keys.isCompanyPrefix;
import static org.markauth.issuer.trace.Gs1Keys.linkEncode;
import static org.markauth.issuer.trace.Gs1Keys.withCheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pure conversion between GS1's two URI forms of an identifier: the EPC URNs of the GS1 EPC Tag Data
 * Standard (TDS 2.x section 6, {@code urn:epc:id:sgtin:0614141.107346.2017}, class URIs
 * {@code urn:epc:class:lgtin:...}, pattern URIs {@code urn:epc:idpat:sgtin:...:*}) and the canonical GS1
 * Digital Link URI (GS1 Digital Link URI Syntax 1.2 section 4.11: host {@code https://id.gs1.org}, numeric
 * AIs, GTIN padded to 14 digits, no query string).
 *
 * <p>{@link #canonical(String)} is what the CBV 2.0 event hash (section 8.9, rules 17 and 18) needs: every EPC,
 * class, pattern or Digital Link URI (on any host) becomes the constrained canonical Digital Link URI holding
 * only the finest identification level (serial over lot, CPV dropped); anything else comes back as given, so
 * the caller can apply it to every value of an event. {@link #toEpcUrn(String, int)} goes back for the keys
 * markauth writes (SGTIN, SSCC, SGLN, LGTIN), which needs the GS1 company prefix length because a Digital Link
 * does not carry it.
 *
 * <p>Nothing here looks anything up: check digits are computed (GS1 General Specifications 7.9.1), and a URI
 * whose check digit or length is wrong is not canonicalised (returned as given).
 *
 * <p>The GS1 key syntax itself (check digits, GTIN padding, company-prefix split and join, set 82, URN and
 * Digital Link escapes, the canonical host) is {@link Gs1Keys}'; this class only maps schemes and AIs. It stays
 * lenient where {@link Gs1Keys#parse(String)} refuses: {@link #canonical(String)} must never fail and must keep
 * a URN's escapes as written (the event hash of an event depends on them), so it does not go through
 * {@link Gs1Keys.Sgtin}.
 */
public final class EpcUris {

    private static final String DL_HOST = Gs1Keys.CANONICAL_HOST;
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** Digital Link path short names (GS1 DL 1.2 table 6-1) -> numeric AI. */
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("gtin", "01"), Map.entry("itip", "8006"), Map.entry("cpid", "8010"), Map.entry("gln", "414"),
            Map.entry("party", "417"), Map.entry("gsrnp", "8017"), Map.entry("gsrn", "8018"), Map.entry("gcn", "255"),
            Map.entry("sscc", "00"), Map.entry("gdti", "253"), Map.entry("ginc", "401"), Map.entry("gsin", "402"),
            Map.entry("grai", "8003"), Map.entry("giai", "8004"), Map.entry("cpv", "22"), Map.entry("lot", "10"),
            Map.entry("ser", "21"), Map.entry("glnx", "254"), Map.entry("cpsn", "8011"));

    /** Primary keys a Digital Link path may start with. */
    private static final List<String> PRIMARY = List.of("00", "01", "253", "255", "401", "402", "414", "417",
            "8003", "8004", "8006", "8010", "8017", "8018");

    private EpcUris() {
    }

    /**
     * The constrained canonical GS1 Digital Link URI of an EPC URN, EPC class/pattern URN or Digital Link URI;
     * any other value (another scheme, a malformed key) unchanged.
     */
    public static String canonical(String uri) {
        if (uri == null) {
            return null;
        }
        try {
            String r;
            if (uri.startsWith("urn:epc:id:")) {
                r = fromEpcId(uri.substring("urn:epc:id:".length()));
            } else if (uri.startsWith("urn:epc:class:")) {
                r = fromEpcClass(uri.substring("urn:epc:class:".length()));
            } else if (uri.startsWith("urn:epc:idpat:")) {
                r = fromEpcPattern(uri.substring("urn:epc:idpat:".length()));
            } else if (uri.startsWith("https://") || uri.startsWith("http://")) {
                r = fromDigitalLink(uri);
            } else {
                r = null;
            }
            return r == null ? uri : r;
        } catch (RuntimeException e) {
            return uri; // not a well-formed key: kept as given, never an error for the caller
        }
    }

    /** True when {@link #canonical(String)} recognises the value as a GS1 key. */
    public static boolean isGs1Key(String uri) {
        if (uri == null) {
            return false;
        }
        return !canonical(uri).equals(uri) || (uri.startsWith("http") && fromDigitalLink(uri) != null);
    }

    // ---- EPC URNs (TDS 2.x section 6.3) ----------------------------------------------------------------

    private static String fromEpcId(String rest) {
        int colon = rest.indexOf(':');
        String scheme = rest.substring(0, colon);
        String body = rest.substring(colon + 1);
        int limit = switch (scheme) {
            case "giai", "ginc" -> 2;
            case "itip" -> 5;
            default -> 3;
        };
        String[] p = body.split("\\.", limit);
        String path = switch (scheme) {
            case "sgtin" -> p.length == 3 && gcpRef(p[0], p[1], 13) && serial(p[2], 20)
                    ? "/01/" + gtin(p[0], p[1]) + "/21/" + linkEncode(p[2]) : null;
            case "sscc" -> p.length == 2 && gcpRef(p[0], p[1], 17)
                    ? "/00/" + withCheck(Gs1Keys.join(p[0], p[1])) : null;
            case "sgln" -> p.length == 3 && gcpRef(p[0], p[1], 12) && serial(p[2], 20)
                    ? "/414/" + withCheck(p[0] + p[1]) + ("0".equals(p[2]) ? "" : "/254/" + linkEncode(p[2])) : null;
            case "grai" -> p.length == 3 && gcpRef(p[0], p[1], 12) && (p[2].isEmpty() || serial(p[2], 16))
                    ? "/8003/0" + withCheck(p[0] + p[1]) + linkEncode(p[2]) : null;
            case "giai" -> p.length == 2 && isCompanyPrefix(p[0]) && serial(p[1], 30 - p[0].length())
                    ? "/8004/" + p[0] + linkEncode(p[1]) : null;
            case "gsrn" -> p.length == 2 && gcpRef(p[0], p[1], 17) ? "/8018/" + withCheck(p[0] + p[1]) : null;
            case "gsrnp" -> p.length == 2 && gcpRef(p[0], p[1], 17) ? "/8017/" + withCheck(p[0] + p[1]) : null;
            case "gdti" -> p.length == 3 && gcpRef(p[0], p[1], 12) && (p[2].isEmpty() || serial(p[2], 17))
                    ? "/253/" + withCheck(p[0] + p[1]) + linkEncode(p[2]) : null;
            case "sgcn" -> p.length == 3 && gcpRef(p[0], p[1], 12) && DIGITS.matcher(p[2]).matches()
                    && p[2].length() <= 12 ? "/255/" + withCheck(p[0] + p[1]) + p[2] : null;
            case "ginc" -> p.length >= 2 && isCompanyPrefix(p[0])
                    ? "/401/" + p[0] + linkEncode(p[1]) : null;
            case "gsin" -> p.length == 2 && gcpRef(p[0], p[1], 16) ? "/402/" + withCheck(p[0] + p[1]) : null;
            case "pgln" -> p.length == 2 && gcpRef(p[0], p[1], 12) ? "/417/" + withCheck(p[0] + p[1]) : null;
            case "cpi" -> p.length == 3 && isCompanyPrefix(p[0]) && DIGITS.matcher(p[2]).matches()
                    ? "/8010/" + linkEncode(p[0] + p[1]) + "/8011/" + p[2] : null;
            case "itip" -> p.length == 5 && gcpRef(p[0], p[1], 13) && p[2].length() == 2 && p[3].length() == 2
                    && serial(p[4], 20) ? "/8006/" + gtin(p[0], p[1]) + p[2] + p[3] + "/21/" + linkEncode(p[4]) : null;
            case "upui" -> p.length == 3 && gcpRef(p[0], p[1], 13) && serial(p[2], 28)
                    ? "/01/" + gtin(p[0], p[1]) + "/235/" + linkEncode(p[2]) : null;
            default -> null;
        };
        return path == null ? null : DL_HOST + path;
    }

    private static String fromEpcClass(String rest) {
        if (!rest.startsWith("lgtin:")) {
            return null;
        }
        String[] p = rest.substring("lgtin:".length()).split("\\.", 3);
        return p.length == 3 && gcpRef(p[0], p[1], 13) && serial(p[2], 20)
                ? DL_HOST + "/01/" + gtin(p[0], p[1]) + "/10/" + linkEncode(p[2]) : null;
    }

    private static String fromEpcPattern(String rest) {
        int colon = rest.indexOf(':');
        String scheme = rest.substring(0, colon);
        String[] p = rest.substring(colon + 1).split("\\.", -1);
        if (!"*".equals(p[p.length - 1])) {
            return null;
        }
        return switch (scheme) {
            case "sgtin", "upui" -> p.length == 3 && gcpRef(p[0], p[1], 13) ? DL_HOST + "/01/" + gtin(p[0], p[1]) : null;
            case "grai" -> p.length == 3 && gcpRef(p[0], p[1], 12) ? DL_HOST + "/8003/0" + withCheck(p[0] + p[1]) : null;
            case "gdti" -> p.length == 3 && gcpRef(p[0], p[1], 12) ? DL_HOST + "/253/" + withCheck(p[0] + p[1]) : null;
            case "sgcn" -> p.length == 3 && gcpRef(p[0], p[1], 12) ? DL_HOST + "/255/" + withCheck(p[0] + p[1]) : null;
            case "cpi" -> p.length == 3 && isCompanyPrefix(p[0]) ? DL_HOST + "/8010/" + linkEncode(p[0] + p[1]) : null;
            case "itip" -> p.length == 5 && gcpRef(p[0], p[1], 13)
                    ? DL_HOST + "/8006/" + gtin(p[0], p[1]) + p[2] + p[3] : null;
            default -> null;
        };
    }

    // ---- GS1 Digital Link (DL 1.2 sections 4.x) -------------------------------------------------------

    private static String fromDigitalLink(String uri) {
        String s = uri;
        int cut = indexOfAny(s, '?', '#');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        int hostEnd = s.indexOf('/', s.indexOf("//") + 2);
        if (hostEnd < 0) {
            return null;
        }
        List<String> seg = new ArrayList<>(List.of(s.substring(hostEnd + 1).split("/", -1)));
        if (!seg.isEmpty() && seg.get(seg.size() - 1).isEmpty()) {
            seg.remove(seg.size() - 1); // trailing slash
        }
        int start = -1;
        for (int i = 0; i + 1 < seg.size(); i++) {
            if (PRIMARY.contains(ai(seg.get(i)))) {
                start = i;
                break;
            }
        }
        if (start < 0 || (seg.size() - start) % 2 != 0) {
            return null;
        }
        Map<String, String> ais = new LinkedHashMap<>();
        for (int i = start; i < seg.size(); i += 2) {
            ais.put(ai(seg.get(i)), seg.get(i + 1));
        }
        String key = ai(seg.get(start));
        String value = ais.get(key);
        if ("01".equals(key) && value != null) {
            value = Gs1Keys.gtin14(value);
        }
        if (value == null || value.isEmpty() || !keyValid(key, value)) {
            return null;
        }
        StringBuilder out = new StringBuilder(DL_HOST).append('/').append(key).append('/').append(value);
        // The finest level only (CBV 2.0 8.9 rule 18 (III)): serial over lot; CPV (22) never kept.
        for (String q : qualifiers(key)) {
            if (ais.containsKey(q)) {
                if (("10".equals(q)) && ais.containsKey("21")) {
                    continue;
                }
                out.append('/').append(q).append('/').append(ais.get(q));
            }
        }
        return out.toString();
    }

    private static List<String> qualifiers(String key) {
        return switch (key) {
            case "01" -> List.of("10", "21", "235");
            case "8006" -> List.of("10", "21");
            case "414" -> List.of("254");
            case "8010" -> List.of("8011");
            default -> List.of();
        };
    }

    private static boolean keyValid(String key, String v) {
        return switch (key) {
            case "00" -> v.length() == 18 && checkOk(v);
            case "01" -> v.length() == 14 && checkOk(v);
            case "414", "417" -> v.length() == 13 && checkOk(v);
            case "8017", "8018" -> v.length() == 18 && checkOk(v);
            case "402" -> v.length() == 17 && checkOk(v);
            case "8006" -> v.length() == 18 && DIGITS.matcher(v).matches() && checkOk(v.substring(0, 14));
            case "253", "255" -> v.length() >= 13 && DIGITS.matcher(v.substring(0, 13)).matches()
                    && checkOk(v.substring(0, 13));
            case "8003" -> v.length() >= 14 && DIGITS.matcher(v.substring(0, 14)).matches()
                    && checkOk(v.substring(1, 14));
            default -> true; // 401, 8004, 8010: alphanumeric keys without a check digit
        };
    }

    private static String ai(String segment) {
        return SHORT_NAMES.getOrDefault(segment, segment);
    }

    // ---- back to EPC URNs -----------------------------------------------------------------------------

    /**
     * The EPC URN of a Digital Link URI (any host) for an SGTIN ({@code /01/../21/..}), SSCC ({@code /00/..}),
     * SGLN ({@code /414/..[/254/..]}) or LGTIN class ({@code /01/../10/..}); the GS1 company prefix length
     * (6-12 digits) splits the key as TDS requires.
     *
     * @throws IllegalArgumentException when the URI is none of these or the prefix length does not fit
     */
    public static String toEpcUrn(String digitalLink, int companyPrefixLength) {
        Gs1Keys.requirePrefixLength(companyPrefixLength);
        String c = canonical(digitalLink);
        if (c == null || !c.startsWith(DL_HOST + "/")) {
            throw new IllegalArgumentException("'" + digitalLink + "' is not a GS1 Digital Link URI of a GS1 key");
        }
        String[] s = c.substring(DL_HOST.length() + 1).split("/");
        int n = companyPrefixLength;
        switch (s[0]) {
            case "01" -> {
                if (s.length == 4 && "21".equals(s[2])) {
                    return Gs1Keys.sgtinUrn(s[1], n, decode(s[3]));
                }
                if (s.length == 4 && "10".equals(s[2])) {
                    return "urn:epc:class:lgtin:" + Gs1Keys.split(s[1], n, 13) + "." + epcEncode(s[3]);
                }
            }
            case "00" -> {
                return Gs1Keys.ssccUrn(s[1], n);
            }
            case "414" -> {
                String v = s[1];
                return "urn:epc:id:sgln:" + v.substring(0, n) + "." + v.substring(n, 12) + "."
                        + (s.length == 4 ? epcEncode(s[3]) : "0");
            }
            default -> {
            }
        }
        throw new IllegalArgumentException("'" + digitalLink + "' is not an SGTIN, SSCC, SGLN or LGTIN Digital Link");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String gtin(String gcp, String indicatorAndRef) {
        return withCheck(Gs1Keys.join(gcp, indicatorAndRef));
    }

    private static boolean gcpRef(String gcp, String ref, int total) {
        return isCompanyPrefix(gcp) && (ref.isEmpty() || DIGITS.matcher(ref).matches()) && gcp.length() + ref.length() == total;
    }

    private static boolean serial(String s, int max) {
        return !s.isEmpty() && s.length() <= max * 3 && s.chars().allMatch(Gs1Keys::inSet82);
    }

    /** A Digital Link path value in EPC URN form: its escapes decoded, then TDS table A-1 escapes applied. */
    private static String epcEncode(String s) {
        return Gs1Keys.escapeUrn(decode(s));
    }

    private static String decode(String s) {
        String d = Gs1Keys.percentDecode(s);
        if (d == null) {
            throw new IllegalArgumentException("'" + s + "' has a '%' that does not start an escape of two hex digits");
        }
        return d;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
    }
}
