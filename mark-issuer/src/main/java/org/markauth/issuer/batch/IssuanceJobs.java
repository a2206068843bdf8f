package org.markauth.issuer.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Order, then issue": the one place that decides when an order starts minting. The HTTP API
 * answers an order at once and issues in the background here (clients poll the job's done/total);
 * the CLI orders, then issues on its own thread, writing the work order and a progress bar as the
 * marks are minted. Either way a repeated order (same idempotency key) resumes an interrupted
 * issuance from its last persisted chunk instead of minting twice.
 *
 * <p><b>Fair scheduling.</b> Background jobs wait in one queue per licensee. {@code workers} threads
 * take turns round-robin across the licensees that have work: a turn issues at most
 * {@code sliceUnits} units of the licensee's first job (a few pipeline chunks, persisted before the
 * turn ends), then the licensee goes to the back of the line. A 5,000,000-unit order is therefore
 * worked on in slices interleaved with every other licensee's, and a small order from another
 * licensee waits for at most one slice per licensee ahead of it, never for the big order to finish.
 * Within a licensee, its jobs run in order.
 *
 * <p><b>Bounds.</b> Nothing waits unbounded. A new order is refused before it is recorded
 * ({@link Batches.Admission}) when its licensee already has {@code maxJobsPerLicensee} jobs queued
 * or running, or when its units would take the licensee's units in flight (queued or running, not
 * yet stored) past {@code maxUnitsPerLicensee}: a 429 ({@link #QUEUE_FULL}) with Retry-After; and
 * when the instance already holds {@code maxJobsTotal} jobs: a 503 ({@link #BUSY}) with Retry-After.
 */
public final class IssuanceJobs implements AutoCloseable {

    /** The code of a licensee's full queue or spent quota (HTTP 429). */
    public static final String QUEUE_FULL = "ISSUANCE_QUEUE_FULL";
    /** The code of the instance's full queue (HTTP 503). */
    public static final String BUSY = "ISSUANCE_BUSY";

    private static final Logger LOG = LoggerFactory.getLogger(IssuanceJobs.class);

    /**
     * @param workers             threads taking turns (each turn runs the issuance pipeline, itself parallel)
     * @param sliceUnits          at most this many units per turn
     * @param maxJobsPerLicensee  jobs a licensee may have queued or running
     * @param maxJobsTotal        jobs the instance holds, all licensees together
     * @param maxUnitsPerLicensee units a licensee may have in flight (ordered, not yet stored)
     * @param retryAfterSeconds   what a refusal tells the client to wait
     */
    public record Settings(int workers, int sliceUnits, int maxJobsPerLicensee, int maxJobsTotal, long maxUnitsPerLicensee,
                           int retryAfterSeconds) {
        public Settings {
            if (workers < 1 || workers > 64) {
                throw new IllegalArgumentException("workers must be 1..64, got " + workers);
            }
            if (sliceUnits < 256) {
                throw new IllegalArgumentException("sliceUnits must be >= 256, got " + sliceUnits);
            }
            if (maxJobsPerLicensee < 1 || maxJobsTotal < maxJobsPerLicensee) {
                throw new IllegalArgumentException("need 1 <= maxJobsPerLicensee <= maxJobsTotal, got " + maxJobsPerLicensee + " and "
                        + maxJobsTotal);
            }
            if (maxUnitsPerLicensee < 1 || retryAfterSeconds < 1) {
                throw new IllegalArgumentException("maxUnitsPerLicensee and retryAfterSeconds must be positive");
            }
        }

        /** Two workers, 65,536 units a turn, 16 jobs and 10,000,000 units in flight per licensee, 256 jobs in all, retry in 30 s. */
        public static Settings defaults() {
            return new Settings(2, 65_536, 16, 256, 10_000_000L, 30);
        }
    }

    /** One background job: a batch and the units it holds against its licensee's quota (not yet stored). */
    private static final class Job {
        final String licensee;
        final Batch batch;
        long units;

        Job(String licensee, Batch batch, long units) {
            this.licensee = licensee;
            this.batch = batch;
            this.units = units;
        }
    }

    /** What a licensee holds: jobs queued or running, and their units not yet stored. */
    private static final class Load {
        int jobs;
        long units;
    }

    private final Batches batches;
    private final Settings settings;
    private final Object lock = new Object();
    /** Per licensee, its jobs waiting for their next turn, in order (a job being worked on is in none). */
    private final Map<String, ArrayDeque<Job>> waiting = new HashMap<>();
    /** The licensees with a waiting job, in turn order. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    private final Map<String, Load> loads = new HashMap<>();
    /** Batches queued or running here (a retried order does not queue them twice). */
    private final Set<Integer> held = new HashSet<>();
    private int jobs;
    private boolean closed;
    private final List<Thread> threads = new ArrayList<>();

    public IssuanceJobs(Batches batches) {
        this(batches, Settings.defaults());
    }

    public IssuanceJobs(Batches batches, Settings settings) {
        this.batches = batches;
        this.settings = settings;
        for (int i = 1; i <= settings.workers(); i++) {
            // daemon threads: a job cut short by the end of the process is resumed by the next order (Batches.needsIssuing)
            Thread t = new Thread(this::work, "issuance-job-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Records the order and, when it needs issuing here ({@link Batches#needsIssuing}: new, or
     * stalled elsewhere), queues its issuance in the background. Blocking (Cassandra). Refuses a
     * new order that the queues cannot take (see the class comment) without recording it; a retried
     * order whose batch must be resumed but cannot be queued now is refused the same way and
     * resumes when retried later.
     */
    public Batches.Ordered orderInBackground(Principal p, BatchOrder order) {
        Job[] admitted = {null};
        Batches.Ordered o;
        try {
            o = batches.order(p, order, (licensee, quantity) -> admitted[0] = admit(licensee, null, quantity));
        } catch (RuntimeException e) {
            release(admitted[0]);
            throw e;
        }
        if (o.created() && admitted[0] != null) {
            enqueue(admitted[0], o.batch());
            return o;
        }
        release(admitted[0]);   // a retry (or a lost race with one): nothing new to hold
        if (batches.needsIssuing(o) && !holds(o.batch().batchId())) {
            Batch b = o.batch();
            Job resumed = admit(b.licenseeId(), b, Math.max(0, b.quantity() - batches.stored(b.batchId())));
            if (resumed != null) {
                enqueue(resumed, b);
            }
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

    private boolean holds(int batchId) {
        synchronized (lock) {
            return held.contains(batchId);
        }
    }

    /** Jobs queued or running in this instance. */
    public int jobs() {
        synchronized (lock) {
            return jobs;
        }
    }

    // ------------------------------------------------------------------ the queues

    /**
     * Takes {@code units} of a licensee's quota and a place in the queues, or refuses. Returns null
     * when {@code batch} is already held here (a retry racing another).
     */
    private Job admit(String licensee, Batch batch, long units) {
        synchronized (lock) {
            if (batch != null && held.contains(batch.batchId())) {
                return null;
            }
            Load l = loads.computeIfAbsent(licensee, k -> new Load());
            if (l.jobs >= settings.maxJobsPerLicensee()) {
                forgetIfIdle(licensee, l);
                throw new IssuerException.Limited(QUEUE_FULL, "licensee " + licensee + " already has " + l.jobs
                        + " issuance jobs queued or running, the most it may have; order again when one is done (poll its job)",
                        settings.retryAfterSeconds());
            }
            if (l.units + units > settings.maxUnitsPerLicensee()) {
                forgetIfIdle(licensee, l);
                throw new IssuerException.Limited(QUEUE_FULL, "licensee " + licensee + " already has " + l.units
                        + " marks ordered and not yet issued; with " + units + " more it would pass its quota of "
                        + settings.maxUnitsPerLicensee() + " in flight; order again when its jobs have progressed",
                        settings.retryAfterSeconds());
            }
            if (jobs >= settings.maxJobsTotal()) {
                forgetIfIdle(licensee, l);
                throw new IssuerException.Unavailable(BUSY, "the issuer already holds " + jobs
                        + " issuance jobs, the most it queues; order again in " + settings.retryAfterSeconds() + " s", null);
            }
            l.jobs++;
            l.units += units;
            jobs++;
            if (batch != null) {
                held.add(batch.batchId());
            }
            return new Job(licensee, batch, units);
        }
    }

    private void forgetIfIdle(String licensee, Load l) {
        if (l.jobs == 0 && l.units == 0) {
            loads.remove(licensee);
        }
    }

    /** Gives back what an admitted job held (it finished, failed, or its order was not recorded). */
    private void release(Job j) {
        if (j == null) {
            return;
        }
        synchronized (lock) {
            Load l = loads.get(j.licensee);
            l.jobs--;
            l.units -= j.units;
            forgetIfIdle(j.licensee, l);
            jobs--;
            if (j.batch != null) {
                held.remove(j.batch.batchId());
            }
        }
    }

    private void enqueue(Job admitted, Batch batch) {
        Job j = admitted.batch == null ? new Job(admitted.licensee, batch, admitted.units) : admitted;
        synchronized (lock) {
            held.add(batch.batchId());
            if (closed) {
                return;   // the process is ending: the next order resumes it
            }
            ArrayDeque<Job> q = waiting.computeIfAbsent(j.licensee, k -> new ArrayDeque<>());
            q.addLast(j);
            if (q.size() == 1) {
                turns.addLast(j.licensee);
            }
            lock.notifyAll();
        }
    }

    /** The next turn's job: the first waiting job of the licensee whose turn it is. */
    private Job take() throws InterruptedException {
        synchronized (lock) {
            while (turns.isEmpty() && !closed) {
                lock.wait();
            }
            if (closed) {
                return null;
            }
            String licensee = turns.pollFirst();
            ArrayDeque<Job> q = waiting.get(licensee);
            Job j = q.pollFirst();
            if (q.isEmpty()) {
                waiting.remove(licensee);
            } else {
                turns.addLast(licensee);
            }
            return j;
        }
    }

    /** A job whose turn ended unfinished: first of its licensee's jobs again, its licensee at the back of the line. */
    private void requeue(Job j, long unitsLeft) {
        synchronized (lock) {
            Load l = loads.get(j.licensee);
            l.units -= j.units - unitsLeft;
            j.units = unitsLeft;
            if (closed) {
                return;
            }
            ArrayDeque<Job> q = waiting.computeIfAbsent(j.licensee, k -> new ArrayDeque<>());
            q.addFirst(j);
            if (q.size() == 1) {
                turns.addLast(j.licensee);
            }
            lock.notifyAll();
        }
    }

    private void work() {
        while (true) {
            Job j;
            try {
                j = take();
            } catch (InterruptedException e) {
                return;
            }
            if (j == null) {
                return;
            }
            try {
                int stored = batches.issue(j.batch, null, Batches.ProgressListener.none(), settings.sliceUnits());
                if (stored >= j.batch.quantity()) {
                    release(j);
                } else {
                    requeue(j, j.batch.quantity() - stored);
                }
            } catch (RuntimeException e) {
                // the job is FAILED with its resume point; a retried order resumes it
                LOG.warn("issuance of batch {} stopped: {}", j.batch.batchId(), e.getMessage());
                release(j);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        threads.forEach(Thread::interrupt);
    }
}
