package org.markauth.issuer.batch;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.markauth.access.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Order, then issue": the one place that decides when an order starts minting. The HTTP API
 * answers an order at once and issues in the background on this class's two threads (clients
 * poll the job's done/total); the CLI orders, then issues on its own thread, writing the work
 * order and a progress bar as the marks are minted. Either way a repeated order (same idempotency key)
 * resumes an interrupted issuance from its last persisted chunk instead of minting twice.
 */
public final class IssuanceJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IssuanceJobs.class);

    private final Batches batches;
    private final ExecutorService jobs;

    public IssuanceJobs(Batches batches) {
        this.batches = batches;
        // daemon threads: a job cut short by the end of the process is resumed by the next order (Batches.needsIssuing)
        this.jobs = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "issuance-job");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Records the order and, when it needs issuing here ({@link Batches#needsIssuing}: new, or
     * stalled elsewhere), starts the issuance in the background. Blocking (Cassandra).
     */
    public Batches.Ordered orderInBackground(Principal p, BatchOrder order) {
        Batches.Ordered o = batches.order(p, order);
        if (batches.needsIssuing(o)) {
            jobs.submit(() -> {
                try {
                    batches.issue(o.batch(), null, Batches.ProgressListener.none());
                } catch (RuntimeException e) {
                    LOG.warn("issuance of batch {} stopped: {}", o.batch().batchId(), e.getMessage());
                }
            });
        }
        return o;
    }

    /** Records the order only; the caller then issues it on its own thread with {@link #issueHere}. */
    public Batches.Ordered order(Principal p, BatchOrder order) {
        return batches.order(p, order);
    }

    /**
     * Issues (or resumes) the batch on the calling thread, streaming the minted codes to
     * {@code sink} (may be null) and reporting progress; an issued batch returns at once.
     */
    public void issueHere(Batch batch, ChunkSink sink, Batches.ProgressListener progress) {
        batches.issue(batch, sink, progress);
    }

    @Override
    public void close() {
        jobs.shutdownNow();
    }
}
