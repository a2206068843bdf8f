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
 * (a 400 {@code INVALID_FIELD}, a missing one {@code MISSING_FIELD}: a {@link Refusal}, an
 * IllegalArgumentException said in the request's language). Never Vert.x's own {@code getInteger},
 * {@code getBoolean}...: they throw a ClassCastException (a 500) for a value of the wrong type. The features decode through their records' constructors,
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
        throw invalid("field.string", field);
    }

    /** A boolean field, {@code dflt} when absent. */
    public static boolean bool(JsonObject j, String field, boolean dflt) {
        Object v = j.getValue(field);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw invalid("field.boolean", field);
    }

    /** An optional whole-number field: null when absent. */
    public static Integer optionalInteger(JsonObject j, String field) {
        return j.getValue(field) == null ? null : integer(j, field, 0);
    }

    private static Refusal.Failure invalid(String key, Object... args) {
        return Refusal.badRequest(Refusal.INVALID_FIELD, key, args).failure();
    }

    public static String requiredString(JsonObject j, String field) {
        String v = string(j, field);
        if (v == null || v.isBlank()) {
            throw Refusal.badRequest(Refusal.MISSING_FIELD, "field.required", field).failure();
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
        throw invalid("field.integer", field);
    }

    public static LocalDate date(JsonObject j, String field) {
        String v = string(j, field);
        try {
            return v == null ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw invalid("field.date", field, v);
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
                throw invalid("field.instant", field, v);
            }
        }
    }

    public static Map<String, String> stringMap(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof JsonObject o)) {
            throw invalid("field.object-of-strings", field);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : o.fieldNames()) {
            if (o.getValue(k) != null && !(o.getValue(k) instanceof String)) {
                throw invalid("field.object-of-strings", field);
            }
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
            throw invalid("field.array-of-strings", field);
        }
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String s)) {
                throw invalid("field.array-of-strings", field);
            }
            out.add(s);
        }
        return out;
    }
}
