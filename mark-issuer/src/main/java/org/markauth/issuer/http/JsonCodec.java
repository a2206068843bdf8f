package org.markauth.issuer.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed reads of JSON fields for every feature's codec: a wrongly typed field is reported by name
 * (an IllegalArgumentException, a 400). The features decode through their records' constructors,
 * so JSON cannot skip validation.
 */
public final class JsonCodec {

    private JsonCodec() {
    }

    /** Each item encoded by {@code f}, in order. */
    public static <T> JsonArray array(List<T> items, Function<T, JsonObject> f) {
        JsonArray a = new JsonArray();
        items.forEach(i -> a.add(f.apply(i)));
        return a;
    }

    /** An instant as ISO-8601 text, or null. */
    public static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    // ------------------------------------------------------------------ in

    public static String string(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException(field + " must be a string");
    }

    public static String requiredString(JsonObject j, String field) {
        String v = string(j, field);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return v;
    }

    public static int integer(JsonObject j, String field, int dflt) {
        Object v = j.getValue(field);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        throw new IllegalArgumentException(field + " must be a whole number (32-bit)");
    }

    public static LocalDate date(JsonObject j, String field) {
        String v = string(j, field);
        try {
            return v == null ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be a date YYYY-MM-DD, got '" + v + "'");
        }
    }

    public static Instant instant(JsonObject j, String field) {
        String v = requiredString(j, field);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(field + " must be an ISO-8601 instant (2026-01-01T00:00:00Z) or date, got '" + v + "'");
            }
        }
    }

    public static Map<String, String> stringMap(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof JsonObject o)) {
            throw new IllegalArgumentException(field + " must be an object of strings");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : o.fieldNames()) {
            m.put(k, string(o, k));
        }
        return m;
    }

    public static List<String> stringList(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw new IllegalArgumentException(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException(field + " must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }
}
