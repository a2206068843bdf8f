package org.markauth.drills;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one drill found: its figures (in the order they were taken) and its failed checks. Its
 * {@link #line()} is the drill's last output line, {@code DRILL <scenario> PASS|FAIL key=value ...},
 * which ops/drills/all.sh collects.
 */
final class DrillReport {

    private final String scenario;
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    DrillReport(String scenario) {
        this.scenario = scenario;
    }

    /** A progress line, time-stamped. */
    static void say(String s) {
        System.out.printf("%s %s%n", Instant.now().toString().substring(11, 23), s);
        System.out.flush();
    }

    synchronized void figure(String name, Object value) {
        figures.put(name, String.valueOf(value));
    }

    synchronized void check(boolean ok, String what) {
        System.out.println("CHECK " + (ok ? "ok    " : "FAILED") + " " + what);
        if (!ok) {
            failures.add(what);
        }
    }

    /** A failure that is not a check (the drill could not run as planned). */
    synchronized void fail(String what) {
        failures.add(what);
    }

    synchronized boolean passed() {
        return failures.isEmpty();
    }

    /** Prints every failure, then the result line. */
    synchronized void print() {
        StringBuilder line = new StringBuilder("DRILL " + scenario + (failures.isEmpty() ? " PASS" : " FAIL"));
        figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        failures.forEach(f -> System.out.println("CHECK FAILED: " + f));
        System.out.println(line);
    }
}
