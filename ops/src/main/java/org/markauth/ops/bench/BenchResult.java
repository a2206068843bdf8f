package org.markauth.ops.bench;

import java.util.Locale;

/**
 * One figure of a bench scenario, printed as the harness contract's closing line
 * ({@code RESULT <id> value=<n> baseline=<n> ratio=<n> unit=<u>}, see PERFORMANCE.md). The ratio is
 * always "higher is better": value ÷ baseline for a rate ({@link #BenchResult(String, double, double, String)}),
 * baseline ÷ value for a cost such as CPU µs per request, milliseconds or MiB ({@link #cost}).
 *
 * @param id          e.g. {@code verify.warm} or {@code cassandra.insert}
 * @param value       the measured figure
 * @param baseline    what it is compared with (measured in the same run, or a stated reference)
 * @param unit        e.g. {@code ops/s}, {@code ms}, {@code MiB}
 * @param lowerBetter true for a cost (ratio = baseline ÷ value), false for a rate (ratio = value ÷ baseline)
 */
public record BenchResult(String id, double value, double baseline, String unit, boolean lowerBetter) {
    public BenchResult {
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("bench result id must be lower-case words joined by '.', got '" + id + "'");
        }
        if (unit == null || unit.isBlank() || unit.contains(" ")) {
            throw new IllegalArgumentException("bench result unit must be one word such as ops/s, got '" + unit + "'");
        }
    }

    /** A rate, where more is better: ratio = value ÷ baseline. */
    public BenchResult(String id, double value, double baseline, String unit) {
        this(id, value, baseline, unit, false);
    }

    /** A cost (CPU µs per request, ms, s, MiB), where less is better: ratio = baseline ÷ value. */
    public static BenchResult cost(String id, double value, double baseline, String unit) {
        return new BenchResult(id, value, baseline, unit, true);
    }

    /** value ÷ baseline for a rate, baseline ÷ value for a cost; 0 when the divisor is 0 or a figure is unknown (NaN). */
    public double ratio() {
        double num = lowerBetter ? baseline : value;
        double den = lowerBetter ? value : baseline;
        return den == 0 || Double.isNaN(num) || Double.isNaN(den) ? 0 : num / den;
    }

    public String line() {
        return String.format(Locale.ROOT, "RESULT %s value=%s baseline=%s ratio=%.3f unit=%s",
                id, number(value), number(baseline), ratio(), unit);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
