package org.markauth.ops.bench;

import java.util.Locale;

/**
 * One figure of a bench scenario, printed as the harness contract's closing line
 * ({@code RESULT <id> value=<n> baseline=<n> ratio=<n> unit=<u>}, see PERFORMANCE.md).
 *
 * @param id       e.g. {@code verify.warm} or {@code cassandra.insert}
 * @param value    the measured figure
 * @param baseline what it is compared with (measured in the same run, or a stated reference)
 * @param unit     e.g. {@code ops/s}, {@code ms}, {@code MiB}
 */
public record BenchResult(String id, double value, double baseline, String unit) {
    public BenchResult {
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("bench result id must be lower-case words joined by '.', got '" + id + "'");
        }
        if (unit == null || unit.isBlank() || unit.contains(" ")) {
            throw new IllegalArgumentException("bench result unit must be one word such as ops/s, got '" + unit + "'");
        }
    }

    /** value / baseline, or 0 when the baseline is 0. */
    public double ratio() {
        return baseline == 0 ? 0 : value / baseline;
    }

    public String line() {
        return String.format(Locale.ROOT, "RESULT %s value=%s baseline=%s ratio=%.3f unit=%s",
                id, number(value), number(baseline), ratio(), unit);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
