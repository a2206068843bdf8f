package org.markauth.issuer.standards;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * One core indicator of a standard version: what is measured ({@code name}, {@code unit}), the
 * requirement as the standard words it, and optionally the numeric limits ({@code min}, {@code max},
 * both inclusive) that let a lab value be judged by the registry itself. An indicator without limits
 * (a visual check, "无裂纹") is judged by the lab, which records pass or fail.
 */
public record Indicator(String name, String unit, String requirement, Double min, Double max) {

    public Indicator {
        name = StandardText.required("indicator name", name, 100);
        unit = StandardText.optional("indicator unit", unit, 30);
        requirement = StandardText.required("requirement of indicator " + name, requirement, 300);
        if (min != null && !Double.isFinite(min) || max != null && !Double.isFinite(max)) {
            throw new IllegalArgumentException("the limits of indicator " + name + " must be finite numbers");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("indicator " + name + ": min " + min + " is above max " + max);
        }
    }

    /** Whether the registry judges a value itself (a limit is set) or the lab's verdict is needed. */
    public boolean hasLimits() {
        return min != null || max != null;
    }

    /**
     * The verdict on a lab value: pass when it lies within [min, max] (either bound may be absent).
     * Empty when this indicator has no limits; a value that is not a number is refused, naming it.
     */
    public Optional<Boolean> judge(String value) {
        if (!hasLimits()) {
            return Optional.empty();
        }
        double v;
        try {
            v = Double.parseDouble(value.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("indicator " + name + " has numeric limits" + limits()
                    + ": its value must be a number, got '" + value + "'");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("indicator " + name + ": the value must be a finite number, got '" + value + "'");
        }
        return Optional.of((min == null || v >= min) && (max == null || v <= max));
    }

    /** The limits as text, e.g. " [0.5, 3] %", or "" without limits. */
    public String limits() {
        if (!hasLimits()) {
            return "";
        }
        return " [" + (min == null ? "-∞" : num(min)) + ", " + (max == null ? "∞" : num(max)) + "]" + (unit == null ? "" : " " + unit);
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** What consumers read on the product page: the requirement with its unit. */
    public String consumerText() {
        return unit == null || requirement.contains(unit) ? requirement : requirement + " " + unit;
    }

    /** The indicator as JSON, as standards_versions.indicators and the tasks' copies store it and the APIs answer it. */
    public JsonObject toJson() {
        return new JsonObject().put("name", name).put("unit", unit).put("requirement", requirement).put("min", min).put("max", max);
    }

    public static Indicator fromJson(JsonObject j) {
        return new Indicator(j.getString("name"), j.getString("unit"), j.getString("requirement"), number(j, "min"), number(j, "max"));
    }

    private static Double number(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(field + " of an indicator must be a number, got '" + v + "'");
    }
}
