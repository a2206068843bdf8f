package org.markauth.issuer.trace.query;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.markauth.issuer.trace.EpcisException;

/**
 * One EPCIS 2.0 SimpleEventQuery (EPCIS 2.0 section 8.2.7.1, its REST form in GS1's
 * {@code REST Bindings/openapi.yaml}: query-string parameters with pipe-delimited lists, or the JSON
 * object of a named query per {@code query-schema.json}), parsed and checked once. A parameter this
 * repository does not evaluate is refused with 400 naming it (EPCIS's QueryParameterException),
 * never ignored: an ignored filter would widen the result silently.
 *
 * <p>Values are kept as given; {@link EventFilter} compares them with the stored events.
 */
public record EpcisQuery(Map<String, List<String>> params, List<String> eventTypes, Instant geEventTime, Instant ltEventTime,
                         Instant geRecordTime, Instant ltRecordTime, Boolean existsErrorDeclaration,
                         Instant geErrorDeclarationTime, Instant ltErrorDeclarationTime, String orderBy, boolean descending,
                         Integer eventCountLimit, Integer maxEventCount, List<String> eventIds, String licensee) {

    /** The query-string parameters that page a result; not part of the query itself. */
    static final Set<String> PAGING = Set.of("perPage", "nextPageToken");
    /** Legacy export parameters of GET /events (docs/api-trace.md): epc=, from=, to=, licensee=. */
    static final Set<String> LEGACY = Set.of("epc", "from", "to", "licensee");
    static final int MAX_VALUES = 100;
    static final int MAX_COUNT = 1000;

    /** List-valued parameters compared with a field of the event (exact, after CBV normalisation where the field is a CBV term). */
    static final Set<String> LISTS = Set.of("eventType", "EQ_action", "EQ_bizStep", "EQ_disposition", "EQ_readPoint", "WD_readPoint",
            "EQ_bizLocation", "WD_bizLocation", "EQ_transformationID", "EQ_persistentDisposition_set",
            "EQ_persistentDisposition_unset", "MATCH_epc", "MATCH_parentID", "MATCH_inputEPC", "MATCH_outputEPC", "MATCH_anyEPC",
            "MATCH_epcClass", "MATCH_inputEPCClass", "MATCH_outputEPCClass", "MATCH_anyEPCClass", "EQ_eventID", "EQ_errorReason",
            "EQ_correctiveEventID");
    static final Set<String> TIMES = Set.of("GE_eventTime", "LT_eventTime", "GE_recordTime", "LT_recordTime",
            "GE_errorDeclarationTime", "LT_errorDeclarationTime");
    /** Parameters with the type in their name (EPCIS 2.0 section 8.2.7.1: EQ_bizTransaction_type, EQ_source_type, EQ_destination_type). */
    static final List<String> TYPED = List.of("EQ_bizTransaction_", "EQ_source_", "EQ_destination_");
    static final Set<String> SCALARS = Set.of("EXISTS_errorDeclaration", "orderBy", "orderDirection", "eventCountLimit",
            "maxEventCount");

    public EpcisQuery {
        params = Map.copyOf(params);
        eventTypes = List.copyOf(eventTypes);
        eventIds = List.copyOf(eventIds);
    }

    /** The values of a list parameter, or an empty list. */
    public List<String> values(String name) {
        return params.getOrDefault(name, List.of());
    }

    /** Whether the query orders or bounds by recordTime rather than eventTime (which index it scans). */
    public boolean byRecordTime() {
        if (orderBy != null) {
            return orderBy.equals("recordTime");
        }
        return (geRecordTime != null || ltRecordTime != null) && geEventTime == null && ltEventTime == null;
    }

    /**
     * A stable digest of the query (sorted names and values): a page token carries it, so a token is
     * refused with another query's parameters.
     */
    public String digest() {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> s.append(k).append('=').append(String.join("|", v)).append('&'));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** The query as the JSON object of a named query (query-schema.json: lists as arrays, times as strings). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        new TreeMap<>(params).forEach((k, v) -> {
            if (LISTS.contains(k) || typed(k)) {
                o.put(k, new JsonArray(new ArrayList<>(v)));
            } else if (k.equals("EXISTS_errorDeclaration")) {
                o.put(k, Boolean.parseBoolean(v.get(0)));
            } else if (k.equals("eventCountLimit") || k.equals("maxEventCount")) {
                o.put(k, Integer.parseInt(v.get(0)));
            } else {
                o.put(k, v.get(0));
            }
        });
        return o;
    }

    /**
     * The query a subscription delivery runs (section 8.2.5.2): this query's filters, with recordTime
     * limited to [from, upTo) (within the query's own recordTime bounds), in recordTime order
     * ascending; orderBy, orderDirection, eventCountLimit and maxEventCount of the saved query do not
     * apply to deliveries.
     */
    EpcisQuery forDelivery(Instant from, Instant upTo) {
        Map<String, List<String>> p = new LinkedHashMap<>(params);
        for (String k : List.of("orderBy", "orderDirection", "eventCountLimit", "maxEventCount")) {
            p.remove(k);
        }
        Instant ge = geRecordTime != null && geRecordTime.isAfter(from) ? geRecordTime : from;
        Instant lt = ltRecordTime != null && ltRecordTime.isBefore(upTo) ? ltRecordTime : upTo;
        if (!ge.isBefore(lt)) {
            lt = ge.plusMillis(1);
        }
        p.put("GE_recordTime", List.of(ge.toString()));
        p.put("LT_recordTime", List.of(lt.toString()));
        p.put("orderBy", List.of("recordTime"));
        p.put("orderDirection", List.of("ASC"));
        return parse(p, false);
    }

    // ------------------------------------------------------------------ parsing

    /**
     * Parses query-string parameters (each value may hold a pipe-delimited list; a parameter given
     * twice adds to its list). {@code legacy}: whether the legacy export parameters are accepted.
     */
    public static EpcisQuery fromQueryString(Map<String, List<String>> raw, boolean legacy) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        raw.forEach((k, vs) -> {
            if (PAGING.contains(k)) {
                return;
            }
            List<String> out = new ArrayList<>();
            for (String v : vs) {
                if (LISTS.contains(k) || typed(k)) {
                    for (String part : v.split("\\|", -1)) {
                        out.add(part);
                    }
                } else {
                    out.add(v);
                }
            }
            p.put(k, out);
        });
        return parse(p, legacy);
    }

    /** Parses the {@code query} object of a named query (query-schema.json). */
    public static EpcisQuery fromJson(JsonObject q) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : q) {
            String k = e.getKey();
            Object v = e.getValue();
            List<String> out = new ArrayList<>();
            if (v instanceof JsonArray a) {
                for (Object x : a) {
                    if (!(x instanceof String s)) {
                        throw bad(k, "must be an array of strings");
                    }
                    out.add(s);
                }
            } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.add(String.valueOf(v));
            } else {
                throw bad(k, "must be a string, a number, a boolean or an array of strings");
            }
            p.put(k, out);
        }
        if (p.keySet().stream().anyMatch(k -> PAGING.contains(k) || LEGACY.contains(k))) {
            throw bad(p.keySet().stream().filter(k -> PAGING.contains(k) || LEGACY.contains(k)).findFirst().get(),
                    "belongs to a request, not to a named query's definition");
        }
        return parse(p, false);
    }

    static boolean typed(String k) {
        return TYPED.stream().anyMatch(t -> k.startsWith(t) && k.length() > t.length());
    }

    static EpcisQuery parse(Map<String, List<String>> p, boolean legacy) {
        for (Map.Entry<String, List<String>> e : p.entrySet()) {
            String k = e.getKey();
            boolean known = LISTS.contains(k) || TIMES.contains(k) || SCALARS.contains(k) || typed(k) || (legacy && LEGACY.contains(k));
            if (!known) {
                throw new EpcisException("QUERY_PARAMETER_UNSUPPORTED", "query parameter '" + shorten(k) + "' is not supported by this "
                        + "repository (docs/api-trace.md, \"Query\", lists the supported EPCIS 2.0 parameters and why the others are "
                        + "left out); remove it");
            }
            List<String> v = e.getValue();
            if (v.isEmpty() || v.size() > MAX_VALUES || v.stream().anyMatch(x -> x == null || x.isBlank() || x.length() > 512)) {
                throw bad(k, "needs 1-" + MAX_VALUES + " non-empty values of at most 512 characters");
            }
            if (!LISTS.contains(k) && !typed(k) && v.size() > 1) {
                throw bad(k, "takes one value, got " + v.size());
            }
        }
        for (String a : p.getOrDefault("EQ_action", List.of())) {
            if (!Set.of("ADD", "OBSERVE", "DELETE").contains(a)) {
                throw bad("EQ_action", "values must be ADD, OBSERVE or DELETE, got '" + shorten(a) + "'");
            }
        }
        String orderBy = one(p, "orderBy");
        if (orderBy != null && !orderBy.equals("eventTime") && !orderBy.equals("recordTime")) {
            throw bad("orderBy", "must be eventTime or recordTime (ordering by extension fields is not supported), got '"
                    + shorten(orderBy) + "'");
        }
        String dir = one(p, "orderDirection");
        if (dir != null && !dir.equals("ASC") && !dir.equals("DESC")) {
            throw bad("orderDirection", "must be ASC or DESC, got '" + shorten(dir) + "'");
        }
        if (dir != null && orderBy == null) {
            throw bad("orderDirection", "needs orderBy");
        }
        Integer limit = count(p, "eventCountLimit");
        Integer max = count(p, "maxEventCount");
        if (limit != null && max != null) {
            throw bad("eventCountLimit", "and maxEventCount are mutually exclusive (EPCIS 2.0 section 8.2.7.1); give one");
        }
        if (limit != null && orderBy == null) {
            throw bad("eventCountLimit", "needs orderBy (it keeps the first N events in that order)");
        }
        String exists = one(p, "EXISTS_errorDeclaration");
        if (exists != null && !exists.equals("true") && !exists.equals("false")) {
            throw bad("EXISTS_errorDeclaration", "must be true or false, got '" + shorten(exists) + "'");
        }
        Instant geE = time(p, "GE_eventTime");
        Instant ltE = time(p, "LT_eventTime");
        Instant geR = time(p, "GE_recordTime");
        Instant ltR = time(p, "LT_recordTime");
        if (legacy && (p.containsKey("from") || p.containsKey("to"))) {
            if (geE != null || ltE != null) {
                throw bad("from", "and to (the legacy period) cannot be combined with GE_eventTime/LT_eventTime; use those alone");
            }
            LocalDate from = date(p, "from");
            LocalDate to = date(p, "to");
            if (from == null || to == null) {
                throw bad(from == null ? "from" : "to", "is required with " + (from == null ? "to" : "from") + " (YYYY-MM-DD, UTC days)");
            }
            if (to.isBefore(from)) {
                throw bad("to", "is before from (" + from + " .. " + to + ")");
            }
            geE = from.atStartOfDay().toInstant(ZoneOffset.UTC);
            ltE = to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (geE != null && ltE != null && !geE.isBefore(ltE)) {
            throw bad("LT_eventTime", "must be after GE_eventTime (" + geE + "), got " + ltE);
        }
        if (geR != null && ltR != null && !geR.isBefore(ltR)) {
            throw bad("LT_recordTime", "must be after GE_recordTime (" + geR + "), got " + ltR);
        }
        String licensee = legacy ? one(p, "licensee") : null;
        return new EpcisQuery(p, p.getOrDefault("eventType", List.of()), geE, ltE, geR, ltR,
                exists == null ? null : Boolean.valueOf(exists), time(p, "GE_errorDeclarationTime"),
                time(p, "LT_errorDeclarationTime"), orderBy, orderBy != null && !"ASC".equals(dir), limit, max,
                p.getOrDefault("EQ_eventID", List.of()), licensee);
    }

    private static String one(Map<String, List<String>> p, String k) {
        List<String> v = p.get(k);
        return v == null ? null : v.get(0);
    }

    private static Integer count(Map<String, List<String>> p, String k) {
        String v = one(p, k);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 1 || n > MAX_COUNT) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(k, "must be a whole number from 1 to " + MAX_COUNT + ", got '" + shorten(v) + "'");
        }
    }

    static Instant time(Map<String, List<String>> p, String k) {
        String v = one(p, k);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(k, "must be an ISO 8601 date-time with offset (2026-11-20T00:00:00Z or ...+08:00), got '" + shorten(v) + "'");
        }
    }

    private static LocalDate date(Map<String, List<String>> p, String k) {
        String v = one(p, k);
        try {
            return v == null ? null : LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw bad(k, "must be a date YYYY-MM-DD, got '" + shorten(v) + "'");
        }
    }

    static EpcisException bad(String param, String what) {
        return new EpcisException("QUERY_PARAMETER_INVALID", "query parameter " + shorten(param) + " " + what);
    }

    static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
