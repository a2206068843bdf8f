package org.markauth.issuer.trace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CBV 2.0 event hash (GS1 Core Business Vocabulary 2.0, section 8.9 "Event hash ID"): a fingerprint of an
 * EPCIS event that does not depend on how the event was written (JSON or XML, field order, list order, time
 * zone, CBV terms as bare words, URNs or web URIs, EPCs as EPC URNs or Digital Link URIs on any host).
 *
 * <p>The pre-hash string is built exactly as 8.9 prescribes: {@code eventType=<type>}, then the event's fields
 * in the canonical property order (8.9.2: eventTime, eventTimeZoneOffset, certificationInfo, parentID,
 * epcList, inputEPCList, childEPCs, the quantity lists, outputEPCList, action, transformationID, bizStep,
 * disposition, persistentDisposition, readPoint, bizLocation, sensorElementList), then the rest (see below); each value as {@code key=value}, nothing between elements,
 * list members and repeated elements in case-sensitive code-point order, a list's name once. Values are
 * normalised: trimmed; times in UTC with milliseconds (the 4th decimal rounds half up); numbers without trailing
 * zeros; CBV terms (bare words, {@code urn:epcglobal:cbv:...} URNs, CURIEs) as their {@code https://ref.gs1.org/cbv/}
 * URIs and measurement types/alarm conditions as {@code https://gs1.org/voc/} URIs; every GS1 key as its
 * constrained canonical Digital Link URI ({@link EpcUris#canonical}); extension names as
 * {@code {namespace IRI}localName} from the document's {@code @context}, each extension's nested elements
 * sorted, extensions inside readPoint/bizLocation/sensor elements at the end of their parent. Left out, as 8.9
 * says: {@code eventID}, {@code recordTime}, {@code errorDeclaration} (so a declaration of error has the hash of
 * the event it declares) and comments. SHA-256 of the UTF-8 string, written as RFC 6920 {@code ni:} URI with
 * {@code ?ver=CBV2.0}.
 *
 * <p>GS1's reference implementation (the Python {@code epcis-event-hash-generator} the CBV points to) is the
 * oracle where the text leaves room: its published vectors put {@code bizTransactionList},
 * {@code destinationList}, {@code ilmd} and {@code sourceList} after {@code sensorElementList}, sorted by code
 * point together with the user extensions (so destinationList before sourceList, unlike the 8.9.2 table), and
 * this does the same, so the hashes agree with the ones partners compute with it. Where its JSON reading differs
 * from its own XML reading, this gives the XML answer (the algorithm must not depend on the syntax): numbers are
 * normalised exactly (no binary floating point), a JSON boolean is {@code true}/{@code false}, CURIEs of the
 * EPCIS context's prefixes ({@code cbvmda:}, {@code gs1:}) are expanded, numeric-looking text of
 * {@code stringValue}/{@code uom}/{@code hexBinaryValue} is kept as text. EventHashTest lists the vectors.
 */
public final class EventHash {

    private static final String CBV = "https://ref.gs1.org/cbv/";
    private static final String GS1_VOC = "https://gs1.org/voc/";

    /** Prefixes the EPCIS 2.0 JSON-LD context defines (epcis-context.jsonld); a document's own win. */
    private static final Map<String, String> STANDARD_PREFIXES = Map.of(
            "epcis", "https://ref.gs1.org/epcis/", "cbv", CBV, "cbvmda", "urn:epcglobal:cbv:mda:", "gs1", GS1_VOC,
            "rdfs", "http://www.w3.org/2000/01/rdf-schema#", "owl", "http://www.w3.org/2002/07/owl#",
            "xsd", "http://www.w3.org/2001/XMLSchema#", "dcterms", "http://purl.org/dc/terms/");

    /** CBV 1.x URNs -> CBV 2.0 web URIs (8.9 rule 14). */
    private static final Map<String, String> CBV_URNS = Map.of(
            "urn:epcglobal:cbv:bizstep:", CBV + "BizStep-", "urn:epcglobal:cbv:disp:", CBV + "Disp-",
            "urn:epcglobal:cbv:btt:", CBV + "BTT-", "urn:epcglobal:cbv:sdt:", CBV + "SDT-",
            "urn:epcglobal:cbv:er:", CBV + "ER-");

    private static final List<String> EPC_LISTS = List.of("epcList", "inputEPCList", "childEPCs", "outputEPCList");
    private static final List<String> QUANTITY_LISTS =
            List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList");
    private static final List<String> METADATA_ORDER = List.of("time", "startTime", "endTime", "deviceID",
            "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules");
    private static final List<String> REPORT_ORDER = List.of("type", "exception", "deviceID", "deviceMetadata",
            "rawData", "dataProcessingMethod", "time", "microorganism", "chemicalSubstance", "value", "component",
            "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev",
            "percRank", "percValue", "uom", "coordinateReferenceSystem");
    private static final List<String> EVENT_ORDER = List.of("eventTime", "eventTimeZoneOffset", "certificationInfo",
            "parentID", "epcList", "inputEPCList", "childEPCs", "quantityList", "childQuantityList",
            "inputQuantityList", "outputEPCList", "outputQuantityList", "action", "transformationID", "bizStep",
            "disposition", "persistentDisposition", "readPoint", "bizLocation", "sensorElementList");
    /**
     * Standard fields that GS1's reference generator writes among the extensions, in code-point order with them
     * (its published vectors put destinationList before sourceList and both after sensorElementList).
     */
    private static final List<String> SORTED_WITH_EXTENSIONS =
            List.of("bizTransactionList", "sourceList", "destinationList", "ilmd");
    /** Event members that are not part of the hash (8.9: identity, capture bookkeeping, comments). */
    private static final Set<String> NOT_HASHED =
            Set.of("type", "eventID", "recordTime", "errorDeclaration", "rdfs:comment", "comment", "#text");

    private static final Pattern TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d+))?(Z|z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    /** Case-sensitive lexical order by code point (= UTF-8 byte order), 8.9 rules 10-12. */
    private static final Comparator<String> LEXICAL = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private EventHash() {
    }

    /**
     * The event's hash as {@code ni:///sha-256;<64 hex>?ver=CBV2.0}.
     *
     * @param event      one event of an EPCIS 2.0 JSON(-LD) document, as sent (any field order, CBV terms as
     *                   bare words, URNs or web URIs, EPCs as URNs or GS1 Digital Link URIs)
     * @param namespaces the document's @context prefixes (prefix -> namespace IRI) for extension fields
     */
    public static String of(JsonObject event, Map<String, String> namespaces) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(preHash(event, namespaces).getBytes(StandardCharsets.UTF_8));
            return "ni:///sha-256;" + HexFormat.of().formatHex(d) + "?ver=CBV2.0";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** The pre-hash string of 8.9 (what {@link #of} hashes); public so a partner can compare theirs. */
    public static String preHash(JsonObject event, Map<String, String> namespaces) {
        Map<String, String> ns = new HashMap<>(STANDARD_PREFIXES);
        if (namespaces != null) {
            ns.putAll(namespaces);
        }
        return new Builder(ns).event(event);
    }

    /** The prefixes of an EPCIS document's {@code @context} (a string, an object or an array of both). */
    public static Map<String, String> namespaces(Object context) {
        Map<String, String> out = new HashMap<>();
        if (context instanceof JsonArray a) {
            for (Object o : a) {
                out.putAll(namespaces(o));
            }
        } else if (context instanceof JsonObject o) {
            for (Map.Entry<String, Object> e : o) {
                if (e.getValue() instanceof String iri && !e.getKey().startsWith("@")) {
                    out.put(e.getKey(), iri);
                }
            }
        }
        return out;
    }

    private record Builder(Map<String, String> ns) {

        String event(JsonObject e) {
            StringBuilder sb = new StringBuilder("eventType=").append(text(e.getValue("type")));
            for (String f : EVENT_ORDER) {
                Object v = e.getValue(f);
                if (v != null) {
                    sb.append(field(f, v));
                }
            }
            List<String> ext = new ArrayList<>();
            for (Map.Entry<String, Object> m : e) {
                String k = m.getKey();
                if (SORTED_WITH_EXTENSIONS.contains(k)) {
                    ext.add(field(k, m.getValue()));
                } else if (!EVENT_ORDER.contains(k) && !NOT_HASHED.contains(k) && !k.startsWith("@")) {
                    ext.addAll(extension(k, m.getValue()));
                }
            }
            sorted(ext).forEach(sb::append);
            return sb.toString();
        }

        private String field(String name, Object v) {
            if (EPC_LISTS.contains(name)) {
                return named(name, sorted(each(v).stream().map(x -> kv("epc", value(x))).toList()));
            }
            if (QUANTITY_LISTS.contains(name)) {
                return named(name, sorted(each(v).stream().map(this::quantityElement).toList()));
            }
            return switch (name) {
                case "eventTime" -> kv(name, time(v));
                case "eventTimeZoneOffset" -> kv(name, text(v));
                case "certificationInfo" -> String.join("", sorted(each(v).stream().map(x -> kv(name, value(x))).toList()));
                case "bizStep" -> kv(name, cbv(v, "BizStep-"));
                case "disposition" -> kv(name, cbv(v, "Disp-"));
                case "persistentDisposition" -> persistentDisposition(v);
                case "readPoint", "bizLocation" -> location(name, v);
                case "bizTransactionList" -> typedList(name, "bizTransaction", "BTT-", v);
                case "sourceList" -> typedList(name, "source", "SDT-", v);
                case "destinationList" -> typedList(name, "destination", "SDT-", v);
                case "sensorElementList" -> named(name, sorted(each(v).stream().map(this::sensorElement).toList()));
                case "ilmd" -> v instanceof JsonObject o ? named(name, sorted(extensions(o))) : "";
                default -> kv(name, value(v)); // parentID, action, transformationID
            };
        }

        private String quantityElement(Object o) {
            if (!(o instanceof JsonObject q)) {
                return "";
            }
            String s = kv("epcClass", value(q.getValue("epcClass"))) + kv("quantity", number(q.getValue("quantity")))
                    + kv("uom", text(q.getValue("uom")));
            return s.isEmpty() ? "" : "quantityElement" + s;
        }

        private String persistentDisposition(Object v) {
            if (!(v instanceof JsonObject o)) {
                return "";
            }
            String s = String.join("", sorted(each(o.getValue("set")).stream().map(x -> kv("set", cbv(x, "Disp-"))).toList()))
                    + String.join("", sorted(each(o.getValue("unset")).stream().map(x -> kv("unset", cbv(x, "Disp-"))).toList()));
            return s.isEmpty() ? "" : "persistentDisposition" + s;
        }

        private String location(String name, Object v) {
            if (!(v instanceof JsonObject o)) {
                return kv(name, value(v));
            }
            String s = kv("id", value(o.getValue("id"))) + String.join("", sorted(extensions(o, "id")));
            return s.isEmpty() ? "" : name + s;
        }

        /** bizTransactionList/sourceList/destinationList: per element its type (8.9 rule 13) then its value. */
        private String typedList(String name, String member, String typePrefix, Object v) {
            List<String> items = new ArrayList<>();
            for (Object x : each(v)) {
                if (x instanceof JsonObject o) {
                    items.add(kv("type", cbv(o.getValue("type"), typePrefix)) + kv(member, value(o.getValue(member))));
                }
            }
            return named(name, sorted(items));
        }

        private String sensorElement(Object x) {
            if (!(x instanceof JsonObject o)) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            if (o.getValue("sensorMetadata") instanceof JsonObject m) {
                sb.append(named("sensorMetadata", ordered(m, METADATA_ORDER) + String.join("",
                        sorted(extensions(m, METADATA_ORDER.toArray(String[]::new))))));
            }
            List<String> reports = new ArrayList<>();
            for (Object r : each(o.getValue("sensorReport"))) {
                if (r instanceof JsonObject ro) {
                    reports.add(named("sensorReport", ordered(ro, REPORT_ORDER)
                            + String.join("", sorted(extensions(ro, REPORT_ORDER.toArray(String[]::new))))));
                }
            }
            sb.append(String.join("", sorted(reports)));
            sb.append(String.join("", sorted(extensions(o, "sensorMetadata", "sensorReport"))));
            return named("sensorElement", sb.toString());
        }

        private String ordered(JsonObject o, List<String> order) {
            StringBuilder sb = new StringBuilder();
            for (String k : order) {
                Object v = o.getValue(k);
                if (v == null) {
                    continue;
                }
                String s = switch (k) {
                    case "time", "startTime", "endTime" -> time(v);
                    case "type", "exception" -> vocab(v, GS1_VOC, "");
                    case "component" -> vocab(v, CBV, "Comp-");
                    case "value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue" -> number(v);
                    case "uom", "stringValue", "hexBinaryValue" -> text(v);
                    default -> value(v);
                };
                sb.append(kv(k, s));
            }
            return sb.toString();
        }

        // ---- user extensions (8.9 rules 19-21) ----

        private List<String> extensions(JsonObject o, String... skip) {
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, Object> m : o) {
                if (!List.of(skip).contains(m.getKey()) && !NOT_HASHED.contains(m.getKey())
                        && !m.getKey().startsWith("@")) {
                    out.addAll(extension(m.getKey(), m.getValue()));
                }
            }
            return out;
        }

        /** One extension member; an array gives one element per member (repeated XML elements). */
        private List<String> extension(String key, Object v) {
            String name = expandName(key);
            if (v instanceof JsonArray a) {
                List<String> out = new ArrayList<>();
                for (Object x : a) {
                    out.addAll(extension(key, x));
                }
                return out;
            }
            if (v instanceof JsonObject o && o.containsKey("@value")) {
                return extension(key, o.getValue("@value")); // a typed JSON-LD literal: the type is notation
            }
            if (v instanceof JsonObject o) {
                String text = o.getValue("#text") == null ? "" : value(o.getValue("#text"));
                return List.of(name + (text.isEmpty() ? "" : "=" + text) + String.join("", sorted(extensions(o))));
            }
            if (v == null) {
                return List.of(name);
            }
            String s = value(v);
            return List.of(s.isEmpty() ? name : name + "=" + s);
        }

        private String expandName(String key) {
            int colon = key.indexOf(':');
            if (colon > 0) {
                String iri = ns.get(key.substring(0, colon));
                if (iri != null) {
                    return "{" + iri + "}" + key.substring(colon + 1);
                }
            }
            return key;
        }

        // ---- values ----

        /** A value of no special kind: trimmed, CURIE expanded, CBV URN as URI, number normalised, GS1 key canonical. */
        private String value(Object v) {
            if (v instanceof Number || v instanceof Boolean) {
                return number(v);
            }
            String s = text(v);
            if (s.isEmpty()) {
                return s;
            }
            s = curie(s);
            for (Map.Entry<String, String> u : CBV_URNS.entrySet()) {
                if (s.startsWith(u.getKey())) {
                    return u.getValue() + s.substring(u.getKey().length());
                }
            }
            if (NUMBER.matcher(s).matches()) {
                return number(s);
            }
            return EpcUris.canonical(s);
        }

        private String cbv(Object v, String termPrefix) {
            return vocab(v, CBV, termPrefix);
        }

        /** A vocabulary term: a bare word is the standard vocabulary's (8.9 rule 16), anything else a URI. */
        private String vocab(Object v, String base, String termPrefix) {
            String s = text(v);
            if (s.isEmpty()) {
                return s;
            }
            return s.indexOf(':') < 0 ? base + termPrefix + s : value(s);
        }

        private String curie(String s) {
            int colon = s.indexOf(':');
            if (colon > 0 && !s.startsWith("//", colon + 1)) {
                String iri = ns.get(s.substring(0, colon));
                if (iri != null) {
                    return iri + s.substring(colon + 1);
                }
            }
            return s;
        }
    }

    // ---- scalar normalisation ----

    private static String text(Object v) {
        if (v == null || v instanceof JsonObject || v instanceof JsonArray) {
            return "";
        }
        return v.toString().strip();
    }

    /** 8.9 rules 6-7: numbers without trailing zeros or exponent; booleans as in XML; other text trimmed. */
    static String number(Object v) {
        if (v instanceof Boolean b) {
            return b.toString();
        }
        String s = text(v);
        if (!NUMBER.matcher(s).matches()) {
            return s;
        }
        BigDecimal d = new BigDecimal(s.startsWith("+") ? s.substring(1) : s).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** 8.9 rules 8-9: UTC, 'Z', millisecond precision, the 4th decimal rounding half up. */
    static String time(Object v) {
        String s = text(v);
        Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            return s;
        }
        try {
            LocalDateTime t = LocalDateTime.parse(m.group(1));
            String frac = m.group(2) == null ? "" : m.group(2);
            int millis = Integer.parseInt((frac + "000").substring(0, 3));
            boolean up = frac.length() > 3 && frac.charAt(3) >= '5';
            t = t.plusNanos((millis + (up ? 1 : 0)) * 1_000_000L);
            String off = m.group(3);
            if (off != null && !off.equalsIgnoreCase("Z")) {
                t = t.atOffset(ZoneOffset.of(off.length() == 5 ? off.substring(0, 3) + ":" + off.substring(3) : off))
                        .withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return OUT.format(t);
        } catch (java.time.DateTimeException e) {
            return s;
        }
    }

    private static List<Object> each(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof JsonArray a) {
            List<Object> out = new ArrayList<>();
            a.forEach(out::add);
            return out;
        }
        return List.of(v);
    }

    private static List<String> sorted(List<String> items) {
        List<String> out = new ArrayList<>(items);
        out.removeIf(String::isEmpty);
        out.sort(LEXICAL);
        return out;
    }

    private static String named(String name, List<String> items) {
        return items.isEmpty() ? "" : name + String.join("", items);
    }

    private static String named(String name, String content) {
        return content.isEmpty() ? "" : name + content;
    }

    private static String kv(String key, String value) {
        return value == null || value.isEmpty() ? "" : key + "=" + value;
    }
}
