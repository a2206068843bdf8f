package org.markauth.verify.app;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * How long each start-up step took, for the one INFO line operators read when the service is
 * ready ("started in 0.84 s: cassandra 0.41 s, ..."). Steps that run side by side overlap, so
 * their durations add up to more than the total; the total is what a load balancer waits for.
 */
final class StartupSteps {

    private final long started = System.nanoTime();
    private final Map<String, Long> steps = new LinkedHashMap<>();

    /** Starts {@code step} now and records how long its future took to succeed. */
    <T> Future<T> time(String step, Supplier<Future<T>> start) {
        long t = System.nanoTime();
        return start.get().onSuccess(x -> record(step, System.nanoTime() - t));
    }

    private synchronized void record(String step, long nanos) {
        steps.put(step, nanos);
    }

    /** Seconds since this object was made. */
    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** {@code 0.84 s (cassandra 0.41 s, ...)}: the total so far and each recorded step. */
    synchronized String summary() {
        StringJoiner j = new StringJoiner(", ", String.format(Locale.ROOT, "%.2f s (", elapsedSeconds()), ")");
        steps.forEach((step, nanos) -> j.add(String.format(Locale.ROOT, "%s %.2f s", step, nanos / 1e9)));
        return j.toString();
    }
}
