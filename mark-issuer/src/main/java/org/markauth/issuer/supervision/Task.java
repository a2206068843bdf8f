package org.markauth.issuer.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.markauth.issuer.standards.Indicator;

/**
 * A sampling task: one drawn enterprise's drawn product, sampled by its drawn inspectors by the due
 * date and tested against the core indicators of the standard version the product was linked to when
 * the task was opened: {@code indicators} is that copy, so re-linking the product or revising the
 * standard later does not change what the task is judged by (null only for a task opened before V029,
 * which is judged by the product's current link). OPEN until a result fails (FAILED) or every indicator
 * has a passing result (PASSED); VOIDED when its draw was voided while it was open.
 */
public record Task(UUID taskId, UUID drawId, String licenseeId, int productId, String standardId, String version,
                   List<Indicator> indicators, List<String> inspectors, LocalDate dueOn, Status status, Instant updatedAt) {

    public enum Status { OPEN, PASSED, FAILED, VOIDED }

    public Task {
        inspectors = List.copyOf(inspectors);
        indicators = indicators == null ? null : List.copyOf(indicators);
    }

    Task with(Status s, Instant now) {
        return new Task(taskId, drawId, licenseeId, productId, standardId, version, indicators, inspectors, dueOn, s, now);
    }

    /** Whether the task carries its own copy of the indicators (every task opened since V029). */
    public boolean hasIndicatorCopy() {
        return indicators != null;
    }
}
