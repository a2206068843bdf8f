package org.markauth.verify.officer;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * An officer's inspection or seizure of one unit, validated from the request body.
 *
 * @param kind   INSPECTION or SEIZURE
 * @param result PASSED, SUSPECT, COUNTERFEIT or SEIZED
 */
public record Inspection(String kind, String result, String place, String note) {

    static final Set<String> KINDS = Set.of("INSPECTION", "SEIZURE");
    static final Set<String> RESULTS = Set.of("PASSED", "SUSPECT", "COUNTERFEIT", "SEIZED");

    public Inspection {
        if (kind == null || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be one of " + KINDS + ", got " + kind);
        }
        if (result == null || !RESULTS.contains(result)) {
            throw new IllegalArgumentException("result must be one of " + RESULTS + ", got " + result);
        }
        if (place != null && place.length() > 200) {
            throw new IllegalArgumentException("place is at most 200 characters");
        }
        if (note != null && note.length() > 2000) {
            throw new IllegalArgumentException("note is at most 2000 characters");
        }
    }

    static Inspection fromJson(JsonObject j) {
        return new Inspection(str(j, "kind"), str(j, "result"), str(j, "place"), str(j, "note"));
    }

    private static String str(JsonObject j, String k) {
        Object v = j.getValue(k);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(k + " must be a string");
        }
        return (String) v;
    }
}
