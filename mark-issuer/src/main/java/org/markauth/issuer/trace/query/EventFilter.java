package org.markauth.issuer.trace.query;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.markauth.issuer.trace.UnitRef;

/**
 * Whether a stored event matches an {@link EpcisQuery} (EPCIS 2.0 section 8.2.7.1, SimpleEventQuery):
 * every given parameter must hold (AND), a list parameter holds when any of its values does (OR).
 * Pure: the stored event comes in as {@link Stored}, mark EPCs are resolved by the function given.
 *
 * <p>Comparisons: CBV terms (bizStep, disposition, business transaction, source/destination and
 * error-reason types) compare as bare words whatever form was sent (bare, {@code urn:epcglobal:cbv:…}
 * or a {@code https://ns.gs1.org/cbv/…} / {@code https://ref.gs1.org/cbv/…} web URI); locations
 * compare exactly. {@code WD_readPoint}/{@code WD_bizLocation} ("with descendants") equal
 * {@code EQ_}: the repository holds no location master data, so a location has no descendants.
 * EPC matching is section 8.2.7.1.1's: equal EPCs, or a pattern ({@code urn:epc:idpat:…} with
 * {@code *} fields per the EPC Tag Data Standard; {@code urn:markauth:mark:<batch>:*} for every
 * mark of a batch, a batch being the programme's EPC class); a programme mark matches in any of its
 * forms (printed code or URN), because both name the same unit.
 */
public final class EventFilter {

    /** One stored event as the query sees it. */
    public record Stored(String hash, String eventType, Instant eventTime, Instant recordTime, String owner, JsonObject body,
                         Instant declaredAt, String declaredReason, JsonObject declaration, String context) {
    }

    private final EpcisQuery q;
    private final Function<String, Optional<UnitRef>> marks;
    private final Map<String, List<Pattern>> patterns = new HashMap<>();
    /**
     * The marks EPCs named, per request (a filter lives for one request): an EPC in GS1 form costs
     * registry reads to resolve, and the candidates of one query repeat the same EPCs many times.
     */
    private final Map<String, Optional<UnitRef>> resolved = new HashMap<>();
    static final int MAX_RESOLVED = 50_000;

    /** @param marks the programme mark an EPC names, or empty (a GS1 or other EPC); never throws */
    public EventFilter(EpcisQuery q, Function<String, Optional<UnitRef>> marks) {
        this.q = q;
        this.marks = marks;
        for (String k : List.of("MATCH_epc", "MATCH_parentID", "MATCH_inputEPC", "MATCH_outputEPC", "MATCH_anyEPC", "MATCH_epcClass",
                "MATCH_inputEPCClass", "MATCH_outputEPCClass", "MATCH_anyEPCClass")) {
            List<Pattern> ps = new ArrayList<>();
            for (String v : q.values(k)) {
                ps.add(pattern(k, v));
            }
            if (!ps.isEmpty()) {
                patterns.put(k, ps);
            }
        }
    }

    public boolean matches(Stored e) {
        JsonObject b = e.body();
        if (!q.eventTypes().isEmpty() && !q.eventTypes().contains(e.eventType())) {
            return false;
        }
        if (!within(e.eventTime(), q.geEventTime(), q.ltEventTime()) || !within(e.recordTime(), q.geRecordTime(), q.ltRecordTime())) {
            return false;
        }
        if (!eq("EQ_action", str(b, "action"), false) || !eq("EQ_bizStep", str(b, "bizStep"), true)
                || !eq("EQ_disposition", str(b, "disposition"), true) || !eq("EQ_readPoint", id(b, "readPoint"), false)
                || !eq("WD_readPoint", id(b, "readPoint"), false) || !eq("EQ_bizLocation", id(b, "bizLocation"), false)
                || !eq("WD_bizLocation", id(b, "bizLocation"), false) || !eq("EQ_transformationID", str(b, "transformationID"), false)) {
            return false;
        }
        JsonObject pd = b.getValue("persistentDisposition") instanceof JsonObject o ? o : new JsonObject();
        if (!any("EQ_persistentDisposition_set", strings(pd, "set"), true)
                || !any("EQ_persistentDisposition_unset", strings(pd, "unset"), true)) {
            return false;
        }
        if (!q.eventIds().isEmpty() && !q.eventIds().contains(e.hash()) && !q.eventIds().contains(str(b, "eventID"))) {
            return false;
        }
        if (!declaration(e)) {
            return false;
        }
        for (Map.Entry<String, List<String>> p : q.params().entrySet()) {
            if (EpcisQuery.typed(p.getKey()) && !typed(p.getKey(), p.getValue(), b)) {
                return false;
            }
        }
        List<String> epcs = strings(b, "epcList");
        List<String> children = strings(b, "childEPCs");
        List<String> inputs = strings(b, "inputEPCList");
        List<String> outputs = strings(b, "outputEPCList");
        String parent = str(b, "parentID");
        if (!epcMatch("MATCH_epc", concat(epcs, children)) || !epcMatch("MATCH_parentID", parent == null ? List.of() : List.of(parent))
                || !epcMatch("MATCH_inputEPC", inputs) || !epcMatch("MATCH_outputEPC", outputs)) {
            return false;
        }
        if (patterns.containsKey("MATCH_anyEPC")) {
            List<String> all = concat(concat(epcs, children), concat(inputs, outputs));
            if (parent != null) {
                all.add(parent);
            }
            if (!epcMatch("MATCH_anyEPC", all)) {
                return false;
            }
        }
        List<String> qty = concat(classes(b, "quantityList"), classes(b, "childQuantityList"));
        List<String> in = classes(b, "inputQuantityList");
        List<String> out = classes(b, "outputQuantityList");
        return epcMatch("MATCH_epcClass", qty) && epcMatch("MATCH_inputEPCClass", in) && epcMatch("MATCH_outputEPCClass", out)
                && epcMatch("MATCH_anyEPCClass", concat(concat(qty, in), out));
    }

    private boolean declaration(Stored e) {
        boolean declared = e.declaredAt() != null;
        boolean needs = Boolean.TRUE.equals(q.existsErrorDeclaration()) || q.geErrorDeclarationTime() != null
                || q.ltErrorDeclarationTime() != null || q.params().containsKey("EQ_errorReason")
                || q.params().containsKey("EQ_correctiveEventID");
        if (!needs) {
            return true;
        }
        if (!declared) {
            return false;
        }
        JsonObject d = e.declaration() == null ? new JsonObject() : e.declaration();
        Instant at = e.declaredAt();
        try {
            if (d.getValue("declarationTime") instanceof String s) {
                at = OffsetDateTime.parse(s).toInstant();
            }
        } catch (DateTimeParseException ignored) {
            // the column's time stands
        }
        String reason = e.declaredReason() != null ? e.declaredReason() : str(d, "reason");
        return within(at, q.geErrorDeclarationTime(), q.ltErrorDeclarationTime()) && eq("EQ_errorReason", reason, true)
                && any("EQ_correctiveEventID", strings(d, "correctiveEventIDs"), false);
    }

    /** EQ_bizTransaction_type, EQ_source_type, EQ_destination_type: an entry of that (CBV-normalised) type with one of the values. */
    private static boolean typed(String param, List<String> values, JsonObject b) {
        String[] kind = param.startsWith("EQ_bizTransaction_") ? new String[] {"bizTransactionList", "bizTransaction"}
                : param.startsWith("EQ_source_") ? new String[] {"sourceList", "source"} : new String[] {"destinationList", "destination"};
        String type = bare(param.substring(param.indexOf('_', 3) + 1));
        if (!(b.getValue(kind[0]) instanceof JsonArray list)) {
            return false;
        }
        for (Object o : list) {
            if (o instanceof JsonObject x && x.getValue("type") instanceof String t && bare(t).equals(type)
                    && x.getValue(kind[1]) instanceof String v && values.contains(v)) {
                return true;
            }
        }
        return false;
    }

    private boolean eq(String param, String value, boolean cbv) {
        List<String> want = q.values(param);
        if (want.isEmpty()) {
            return true;
        }
        if (value == null) {
            return false;
        }
        return cbv ? want.stream().anyMatch(w -> bare(w).equals(bare(value))) : want.contains(value);
    }

    private boolean any(String param, List<String> have, boolean cbv) {
        List<String> want = q.values(param);
        if (want.isEmpty()) {
            return true;
        }
        for (String h : have) {
            if (cbv ? want.stream().anyMatch(w -> bare(w).equals(bare(h))) : want.contains(h)) {
                return true;
            }
        }
        return false;
    }

    private boolean epcMatch(String param, List<String> have) {
        List<Pattern> ps = patterns.get(param);
        if (ps == null) {
            return true;
        }
        for (String epc : have) {
            Optional<UnitRef> u = resolved.get(epc);    // a programme mark in any form Epcs.parse reads (SGTIN, SSCC too)
            if (u == null) {
                u = marks.apply(epc);
                if (resolved.size() < MAX_RESOLVED) {
                    resolved.put(epc, u);
                }
            }
            for (Pattern p : ps) {
                if (p.matches(epc, u)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean within(Instant t, Instant ge, Instant lt) {
        return (ge == null || (t != null && !t.isBefore(ge))) && (lt == null || (t != null && t.isBefore(lt)));
    }

    // ------------------------------------------------------------------ EPC patterns (section 8.2.7.1.1)

    /** One MATCH_ value: an exact EPC (a programme mark in any form), a batch of marks, or a GS1 pattern URI. */
    record Pattern(String exact, UnitRef unit, Integer batch, String[] idpat) {

        boolean matches(String epc, Optional<UnitRef> u) {
            if (unit != null) {
                return u.isPresent() && u.get().equals(unit);
            }
            if (batch != null) {
                return u.isPresent() && u.get().batchId() == batch;
            }
            if (idpat != null) {
                return gs1(idpat, epc);
            }
            return exact.equals(epc);
        }
    }

    private Pattern pattern(String param, String v) {
        if (v.startsWith("urn:markauth:mark:") && v.endsWith(":*")) {
            String b = v.substring("urn:markauth:mark:".length(), v.length() - 2);
            try {
                return new Pattern(null, null, Integer.parseInt(b), null);
            } catch (NumberFormatException e) {
                throw EpcisQuery.bad(param, "pattern '" + EpcisQuery.shorten(v) + "' is not urn:markauth:mark:<batch id>:*");
            }
        }
        if (v.startsWith("urn:epc:idpat:")) {
            String[] parts = v.substring("urn:epc:idpat:".length()).split(":", 2);
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw EpcisQuery.bad(param, "pattern '" + EpcisQuery.shorten(v) + "' is not urn:epc:idpat:<scheme>:<fields>");
            }
            return new Pattern(null, null, null, new String[] {parts[0], parts[1]});
        }
        Optional<UnitRef> u = marks.apply(v);
        if (u.isPresent()) {
            return new Pattern(null, u.get(), null, null);
        }
        return new Pattern(v, null, null, null);
    }

    /**
     * A GS1 EPC pattern (TDS: {@code urn:epc:idpat:sgtin:0614141.112345.*}) against an EPC
     * ({@code urn:epc:id:sgtin:0614141.112345.400}) or an EPC class in the same scheme family: the
     * scheme names the same kind and each field is {@code *} or equal.
     */
    static boolean gs1(String[] pat, String epc) {
        String rest = epc.startsWith("urn:epc:id:") ? epc.substring("urn:epc:id:".length())
                : epc.startsWith("urn:epc:idpat:") ? epc.substring("urn:epc:idpat:".length())
                : epc.startsWith("urn:epc:class:") ? epc.substring("urn:epc:class:".length()) : null;
        if (rest == null) {
            return false;
        }
        String[] s = rest.split(":", 2);
        if (s.length != 2) {
            return false;
        }
        String scheme = s[0].equals("lgtin") ? "sgtin" : s[0];
        if (!scheme.equals(pat[0])) {
            return false;
        }
        String[] want = pat[1].split("\\.", -1);
        String[] have = s[1].split("\\.", -1);
        if (want.length != have.length && !(s[0].equals("lgtin") && want.length == have.length)) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (!want[i].equals("*") && !want[i].equals(have[i])) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ JSON helpers

    /** The bare word of a CBV term in any of its forms (section 8.2.7.1 compares terms, not spellings). */
    static String bare(String v) {
        if (v == null) {
            return null;
        }
        if (v.startsWith("urn:epcglobal:cbv:")) {
            int i = v.lastIndexOf(':');
            return v.substring(i + 1);
        }
        if (v.startsWith("https://ns.gs1.org/cbv/") || v.startsWith("https://ref.gs1.org/cbv/") || v.startsWith("https://gs1.org/voc/")) {
            int i = v.indexOf('-', v.lastIndexOf('/'));
            return i < 0 ? v : v.substring(i + 1);
        }
        return v;
    }

    static String str(JsonObject b, String k) {
        return b.getValue(k) instanceof String s ? s : null;
    }

    static String id(JsonObject b, String k) {
        return b.getValue(k) instanceof JsonObject o ? str(o, "id") : null;
    }

    static List<String> strings(JsonObject b, String k) {
        List<String> out = new ArrayList<>();
        if (b.getValue(k) instanceof JsonArray a) {
            for (Object o : a) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static List<String> classes(JsonObject b, String k) {
        List<String> out = new ArrayList<>();
        if (b.getValue(k) instanceof JsonArray a) {
            for (Object o : a) {
                if (o instanceof JsonObject x && x.getValue("epcClass") instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
