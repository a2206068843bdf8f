package org.markauth.drills;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Request bodies from an operation's OpenAPI schema: a valid one (every property, its value chosen
 * by the property's name from the seeded world, else by its type, enum and format), and the hostile
 * variants of it (a required property missing, a property of the wrong type).
 */
final class Bodies {

    /** Marks a property the valid body leaves out. */
    static final Object OMIT = new Object();

    private Bodies() {
    }

    /** A valid value of {@code schema}; {@code names} gives the values of properties by name (OMIT: leave out). */
    @SuppressWarnings("unchecked")
    static Object valid(Map<String, Object> schema, String name, Map<String, Object> names, SplittableRandom r) {
        if (name != null && names.containsKey(name)) {
            Object v = names.get(name);
            return v instanceof java.util.function.Supplier<?> s ? s.get() : v;
        }
        if (schema.get("enum") instanceof List<?> e && !e.isEmpty()) {
            return e.get(0);
        }
        String type = String.valueOf(schema.getOrDefault("type", schema.containsKey("properties") ? "object" : "string"));
        String format = String.valueOf(schema.get("format"));
        switch (type) {
            case "object" -> {
                JsonObject o = new JsonObject();
                Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                props.forEach((k, v) -> {
                    Object value = valid((Map<String, Object>) v, k, names, r);
                    if (value != OMIT) {
                        o.put(k, value);
                    }
                });
                return o;
            }
            case "array" -> {
                Object item = valid((Map<String, Object>) schema.getOrDefault("items", Map.of("type", "string")), null, names, r);
                return new JsonArray().add(item);
            }
            case "integer", "number" -> {
                return 1;
            }
            case "boolean" -> {
                return false;
            }
            default -> {
                return switch (format) {
                    case "date" -> "2026-11-01";
                    case "date-time" -> Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
                    case "uuid" -> UUID.randomUUID().toString();
                    case "uri" -> "https://img.example/drill.jpg";
                    case "binary" -> OMIT;
                    default -> "drill";
                };
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> required(Map<String, Object> schema) {
        return (List<String>) schema.getOrDefault("required", List.of());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> properties(Map<String, Object> schema) {
        return (Map<String, Map<String, Object>>) schema.getOrDefault("properties", Map.of());
    }

    /** A value of another JSON type than {@code schema}'s. */
    static Object wrongType(Map<String, Object> schema, SplittableRandom r) {
        String type = String.valueOf(schema.getOrDefault("type", "string"));
        List<Object> choices = new ArrayList<>(switch (type) {
            case "integer", "number" -> List.of("12", "abc", 1.5, "-1", "1e999", new JsonArray().add(1), new JsonObject().put("n", 1), true,
                    new java.math.BigInteger("99999999999999999999999999"), Long.MIN_VALUE);
            case "boolean" -> List.of("yes", 1, "true ", new JsonArray(), new JsonObject());
            case "array" -> List.of("x", 1, new JsonObject().put("a", 1), true);
            case "object" -> List.of("x", 1, new JsonArray().add("a"), false);
            default -> List.of(123, -7.25, true, new JsonArray().add("a").add(1), new JsonObject().put("a", "b"),
                    new java.math.BigInteger("123456789012345678901234567890"));
        });
        choices.add(null);
        return choices.get(r.nextInt(choices.size()));
    }
}
