package org.markauth.issuer.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;

/**
 * What issuance does, for Prometheus (names as exported):
 * <ul>
 *   <li>{@code issuer_batches_ordered_total}: orders that created a batch (retries do not count);</li>
 *   <li>{@code issuer_marks_issued_total}: marks stored by issuance runs, per chunk as it is persisted;</li>
 *   <li>{@code issuer_codes_signed_total{purpose}}: codes signed, {@code issue} (an issuance run
 *       writing a work order) or {@code print} (a print file derived again); its rate is the signing rate;</li>
 *   <li>{@code issuer_batch_issue_seconds{outcome}}: duration of issuance runs, {@code done} or
 *       {@code failed}, with a histogram from 10 ms to an hour (a background job runs once per turn
 *       of {@link IssuanceJobs});</li>
 *   <li>{@code issuer_batch_issue_running}: issuance runs in progress in this instance.</li>
 * </ul>
 * Counters move per chunk (thousands of marks), so the cost per mark is nil.
 */
public final class IssuanceMetrics {

    private final Counter ordered;
    private final Counter issued;
    private final Counter signedIssue;
    private final Counter signedPrint;
    private final Timer done;
    private final Timer failed;
    private final MeterRegistry registry;

    /** Registers the meters; {@code running} is the live set of batches being issued (its size is the gauge). */
    public IssuanceMetrics(MeterRegistry registry, Collection<?> running) {
        this.registry = registry;
        this.ordered = Counter.builder("issuer.batches.ordered").description("orders that created a batch").register(registry);
        this.issued = Counter.builder("issuer.marks.issued").description("marks stored by issuance runs").register(registry);
        this.signedIssue = signed("issue");
        this.signedPrint = signed("print");
        this.done = run("done");
        this.failed = run("failed");
        Gauge.builder("issuer.batch.issue.running", running, Collection::size).description("issuance runs in progress")
                .register(registry);
    }

    private Counter signed(String purpose) {
        return Counter.builder("issuer.codes.signed").tag("purpose", purpose).description("codes signed").register(registry);
    }

    private Timer run(String outcome) {
        return Timer.builder("issuer.batch.issue").tag("outcome", outcome).description("issuance runs")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    void ordered() {
        ordered.increment();
    }

    /** Counts a persisted chunk of {@code marks} marks; {@code signed} when the run also signed their codes. */
    void issued(int marks, boolean signed) {
        issued.increment(marks);
        if (signed) {
            signedIssue.increment(marks);
        }
    }

    void printed(int codes) {
        signedPrint.increment(codes);
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void finished(Timer.Sample sample, boolean ok) {
        sample.stop(ok ? done : failed);
    }
}
