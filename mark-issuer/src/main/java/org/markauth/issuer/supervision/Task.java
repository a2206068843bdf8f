package org.markauth.issuer.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A sampling task: one drawn enterprise's drawn product, sampled by its drawn inspectors by the due
 * date and tested against the core indicators of the standard version the product is linked to.
 * OPEN until a result fails (FAILED) or every indicator has a passing result (PASSED).
 */
public record Task(UUID taskId, UUID drawId, String licenseeId, int productId, String standardId, String version,
                   List<String> inspectors, LocalDate dueOn, Status status, Instant updatedAt) {

    public enum Status { OPEN, PASSED, FAILED }

    public Task {
        inspectors = List.copyOf(inspectors);
    }

    Task with(Status s, String standard, String ver, Instant now) {
        return new Task(taskId, drawId, licenseeId, productId, standard, ver, inspectors, dueOn, s, now);
    }
}
