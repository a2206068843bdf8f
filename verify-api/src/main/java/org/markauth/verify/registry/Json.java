package org.markauth.verify.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Null-tolerant conversions for the cache's JSON form of registry rows. */
final class Json {
    private Json() {
    }

    static String instant(Instant i) {
        return i == null ? null : i.toString();
    }

    static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    static String date(LocalDate d) {
        return d == null ? null : d.toString();
    }

    static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }

    static JsonObject map(Map<String, String> m) {
        JsonObject o = new JsonObject();
        m.forEach(o::put);
        return o;
    }

    static Map<String, String> map(JsonObject o) {
        Map<String, String> m = new LinkedHashMap<>();
        if (o != null) {
            o.forEach(e -> m.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return m;
    }

    static Set<String> set(JsonArray a) {
        Set<String> s = new LinkedHashSet<>();
        if (a != null) {
            a.forEach(v -> s.add(String.valueOf(v)));
        }
        return s;
    }

    static List<String> list(JsonArray a) {
        List<String> s = new ArrayList<>();
        if (a != null) {
            a.forEach(v -> s.add(String.valueOf(v)));
        }
        return s;
    }
}
