package org.markauth.issuer.batch;

import java.time.Instant;

/** Progress of a batch's issuance (table {@code batch_jobs}): what the API shows as done/total. */
public record JobStatus(int batchId, State state, int done, int total, String error, Instant startedAt,
                        Instant updatedAt, Instant finishedAt) {

    public enum State { QUEUED, RUNNING, DONE, FAILED }
}
