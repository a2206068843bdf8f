package org.markauth.issuer.batch;

import org.markauth.registry.Invalidation;
import org.markauth.registry.BatchState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;

/**
 * Ordering and issuing batches of marks.
 *
 * <p>{@link #order} is idempotent per (licensee, idempotency key): the key is claimed with a
 * lightweight transaction together with a freshly drawn random batch id, so a retried request —
 * even one racing the first on another instance — gets the first attempt's batch. The batch id is
 * then claimed with IF NOT EXISTS (one round trip per batch, never per mark); together with the
 * serial permutation this makes serials unique across instances by construction.
 *
 * <p>{@link #issue} writes the marks (inactive: no state, no range) through the
 * {@link IssuancePipeline}, persisting done/total as it goes; a run that died is resumed from the
 * last persisted {@code done} by calling {@link #issue} again (rows are idempotent upserts).
 * Calls block on Cassandra: never call them on an event loop.
 */
public final class Batches {

    /** The line of a licence certificate's one-unit batch, reserved for the office (docs/certificates.md). */
    public static final String CERTIFICATE_LINE = "certificate";
    /** The idempotency-key prefix of certificate batches, reserved likewise. */
    public static final String CERTIFICATE_KEY_PREFIX = "certificate-";

    private static final int MAX_ID_ATTEMPTS = 8;

    private final BatchStore store;
    private final Registry registry;
    private final ChangeRecorder changes;
    private final IssuancePipeline pipeline;
    private final Minting minting;
    private final Clock clock;
    private final int maxQuantity;
    private final SecureRandom random = new SecureRandom();
    private final Set<Integer> running = ConcurrentHashMap.newKeySet();
    private final IssuanceMetrics metrics;
    private final LicenceGate gate;
    private volatile java.util.function.Consumer<String> creditGate = licenseeId -> { };

    public Batches(BatchStore store, Registry registry, ChangeRecorder changes, IssuancePipeline pipeline, Minting minting,
                   Clock clock, int maxQuantity, MeterRegistry meters) {
        this.store = store;
        this.registry = registry;
        this.changes = changes;
        this.pipeline = pipeline;
        this.minting = minting;
        this.clock = clock;
        this.maxQuantity = maxQuantity;
        this.metrics = new IssuanceMetrics(meters, running);
        this.gate = new LicenceGate(registry, clock);
    }

    /** Refuses (422) unless the batch's licence is usable now; the one rule behind every gated operation. */
    public void requireLicensed(Batch b, String done) {
        gate.require(b.productId(), b.licenseeId(), done);
    }

    /**
     * Sets the quality-credit check every new order passes after the licence gate: it throws (422
     * CREDIT_GRADE_D) for a licensee the programme's grading rule has put at D (docs/credit.md). Set
     * once by the composition root; the credit package reads the registry, so batch cannot call it directly.
     */
    public void gateOrders(java.util.function.Consumer<String> credit) {
        this.creditGate = java.util.Objects.requireNonNull(credit, "credit");
    }

    /** The outcome of an order: the batch, and whether this call created it (false for a retry). */
    public record Ordered(Batch batch, boolean created) {
    }

    /**
     * Records an order (the batch row, state ISSUING, and a QUEUED job); does not mint. Refuses
     * with {@link IssuerException.Refused} when the licence is not usable ({@link LicenceGate}).
     */
    public Ordered order(Principal p, BatchOrder o) {
        return order(p, o, (licenseeId, quantity) -> { });
    }

    /**
     * Whether a new order may be taken into issuance: asked once the order is valid and allowed, just
     * before it is recorded, so that a refusal (a full queue, a licensee's quota) leaves nothing behind.
     */
    @FunctionalInterface
    public interface Admission {
        /** Throws ({@link IssuerException.Limited}, {@link IssuerException.Unavailable}) to refuse the order. */
        void admit(String licenseeId, int quantity);
    }

    /** As {@link #order(Principal, BatchOrder)}, asking {@code admission} before a new batch is recorded (never for a retry). */
    public Ordered order(Principal p, BatchOrder o, Admission admission) {
        Permissions.requireRole(p, "order marks", Role.MANUFACTURER, Role.REGULATOR);
        Product product = registry.findProduct(o.productId())
                .orElseThrow(() -> new IssuerException.NotFound("product", o.productId()));
        Permissions.requireOwnOrHidden(p, true, product.licenseeId(), "product", o.productId());
        if (p.role() != Role.REGULATOR && (CERTIFICATE_LINE.equals(o.lineId())
                || o.idempotencyKey().startsWith(CERTIFICATE_KEY_PREFIX))) {
            // a licence certificate's one-unit batch is the office's (Certificates): its line and keys are reserved,
            // so no manufacturer order can take a certificate revision's key first or pass for a certificate
            throw new IllegalArgumentException("line '" + CERTIFICATE_LINE + "' and idempotency keys starting '" + CERTIFICATE_KEY_PREFIX
                    + "' are reserved for licence certificates; choose another line or key");
        }
        String licenseeId = product.licenseeId();
        byte[] fingerprint = o.fingerprint();
        Optional<BatchStore.Claimed> prior = store.existingKey(licenseeId, o.idempotencyKey());
        if (prior.isPresent()) {
            return retried(prior.get(), fingerprint, o);
        }
        if (o.quantity() > maxQuantity) {
            throw new IssuerException.Refused("QUANTITY_TOO_LARGE", "quantity " + o.quantity() + " exceeds the limit of "
                    + maxQuantity + " marks per batch; split the order into several batches");
        }
        gate.require(product.productId(), product.licenseeId(), "ordered");
        creditGate.accept(licenseeId);
        int keyId = minting.activeKeyId();
        admission.admit(licenseeId, o.quantity());
        Instant now = clock.instant();
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            int batchId = 1 + random.nextInt(Integer.MAX_VALUE - 1);
            Optional<BatchStore.Claimed> raced = store.claimKey(licenseeId, o.idempotencyKey(), batchId, fingerprint, now);
            if (raced.isPresent()) {
                return retried(raced.get(), fingerprint, o);
            }
            Batch b = new Batch(batchId, o.productId(), licenseeId, o.lot(), o.productionDate(), o.expiryDate(), o.lineId(),
                    o.quantity(), keyId, BatchState.ISSUING, o.idempotencyKey(), now, p.userId());
            if (store.claim(b)) {
                store.startJob(batchId, o.quantity(), now);
                store.index(b);
                metrics.ordered();
                changes.record(p.userId(), "batch.order", Invalidation.of(Invalidation.Kind.BATCH, b.idText()),
                        o.quantity() + " marks of product " + o.productId() + ", lot " + o.lot() + ", line " + o.lineId());
                return new Ordered(b, true);
            }
            // the batch id is taken (probability ~ batches / 2^31): drop our key claim, draw another id
            store.releaseKey(licenseeId, o.idempotencyKey(), batchId);
        }
        throw new IllegalStateException("no free batch id after " + MAX_ID_ATTEMPTS + " random attempts");
    }

    private Ordered retried(BatchStore.Claimed c, byte[] fingerprint, BatchOrder o) {
        if (!MessageDigest.isEqual(c.requestHash(), fingerprint)) {
            throw new IssuerException.Conflict("IDEMPOTENCY_KEY_REUSED", "idempotency key " + o.idempotencyKey()
                    + " was already used for a different order (batch " + c.batchId() + "); use a new key for a new order");
        }
        Batch b = store.batch(c.batchId()).orElseThrow(() -> new IssuerException.Unavailable("BATCH_PENDING",
                "the first attempt with idempotency key " + o.idempotencyKey() + " is still being recorded; retry in a moment", null));
        return new Ordered(b, false);
    }

    /**
     * Mints and stores the batch's marks from where the last run stopped, streaming codes to
     * {@code sink} if given (the sink then receives only the units minted by this run).
     *
     * @param progress receives (done, total) after each chunk, on the calling thread
     */
    public void issue(Batch batch, ChunkSink sink, ProgressListener progress) {
        issue(batch, sink, progress, Integer.MAX_VALUE);
    }

    /**
     * Mints and stores at most {@code maxUnits} more of the batch's marks, from where the last run
     * stopped (one turn of the fair scheduler, {@link IssuanceJobs}); the batch becomes ISSUED with
     * the turn that stores its last unit. Returns how many units are stored in all.
     */
    public int issue(Batch batch, ChunkSink sink, ProgressListener progress, int maxUnits) {
        if (batch.state() != BatchState.ISSUING) {
            return batch.quantity();
        }
        if (maxUnits < 1) {
            throw new IllegalArgumentException("maxUnits must be >= 1, got " + maxUnits);
        }
        if (sink != null) {
            requireLicensed(batch, "printed");   // streaming codes while minting is printing them
        }
        if (!running.add(batch.batchId())) {
            throw new IssuerException.Conflict("ISSUING", "batch " + batch.batchId() + " is already being issued by this instance");
        }
        Timer.Sample run = metrics.start();
        try {
            int from = store.job(batch.batchId()).map(JobStatus::done).orElse(0) + 1;
            int to = (int) Math.min(batch.quantity(), (long) from - 1 + maxUnits);
            String gtin = registry.findProduct(batch.productId()).map(Product::gtin).orElse(null);
            store.progress(batch.batchId(), JobStatus.State.RUNNING, from - 1, clock.instant(), null);
            IntConsumer onChunk = chunkSizes(from, n -> metrics.issued(n, sink != null)).andThen(done -> {
                store.progress(batch.batchId(), JobStatus.State.RUNNING, done, clock.instant(), null);
                progress.onProgress(done, batch.quantity());
            });
            try {
                pipeline.run(batch.batchId(), from, to, minting.minters(batch, gtin), true, sink, onChunk);
            } catch (RuntimeException e) {
                metrics.finished(run, false);
                int done = store.job(batch.batchId()).map(JobStatus::done).orElse(0);
                store.progress(batch.batchId(), JobStatus.State.FAILED, done, clock.instant(),
                        "stopped at " + done + " of " + batch.quantity() + ": " + e.getMessage() + "; issue again to resume");
                throw e;
            }
            if (to < batch.quantity()) {
                metrics.finished(run, true);
                return to;   // RUNNING, resumed by the next turn
            }
            store.setState(batch.batchId(), BatchState.ISSUED);
            store.progress(batch.batchId(), JobStatus.State.DONE, batch.quantity(), clock.instant(), null);
            metrics.finished(run, true);
            changes.record(batch.createdBy(), "batch.issued", Invalidation.of(Invalidation.Kind.BATCH, batch.idText()), batch.quantity() + " marks stored, inactive");
            return batch.quantity();
        } finally {
            running.remove(batch.batchId());
        }
    }

    /** Turns the pipeline's progress reports (last sequence number done) into chunk sizes, for the counters. */
    private static IntConsumer chunkSizes(int fromSeq, IntConsumer sizes) {
        int[] last = {fromSeq - 1};
        return done -> {
            sizes.accept(done - last[0]);
            last[0] = done;
        };
    }

    /** How many of the batch's units are stored (its job's {@code done}; 0 before its first chunk). */
    public int stored(int batchId) {
        return store.job(batchId).map(JobStatus::done).orElse(0);
    }

    /** True while this instance issues the batch. */
    public boolean isRunning(int batchId) {
        return running.contains(batchId);
    }

    /**
     * Whether an order answer should (re)start issuance here: a new batch, or an ISSUING batch whose
     * job failed or has not reported progress for {@link #STALE_AFTER} (its instance died).
     */
    public boolean needsIssuing(Ordered o) {
        Batch b = o.batch();
        if (b.state() != BatchState.ISSUING || isRunning(b.batchId())) {
            return false;
        }
        if (o.created()) {
            return true;
        }
        return store.job(b.batchId()).map(j -> j.state() == JobStatus.State.FAILED
                || j.updatedAt() == null || j.updatedAt().isBefore(clock.instant().minus(STALE_AFTER))).orElse(true);
    }

    /** A running job writes progress every chunk (seconds); this long without it means its instance is gone. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(2);


    /**
     * The batch if its codes may be printed now: readable by the caller, issued, and under a usable
     * licence (a print file is signed codes, so printing and reprinting are gated like activation).
     * The HTTP route calls it before it starts streaming, so a refusal is a 422, not a broken download.
     */
    public Batch printable(Principal p, int batchId) {
        Batch b = get(p, batchId);
        if (b.state() == BatchState.ISSUING) {
            throw new IssuerException.Conflict("BATCH_ISSUING", "batch " + batchId + " is still being issued; print it when its job is DONE");
        }
        requireLicensed(b, "printed");
        return b;
    }

    /** Streams a batch's print file again (same codes for Ed25519 keys); nothing is written to Cassandra. */
    public void print(Principal p, int batchId, int fromSeq, int toSeq, ChunkSink sink) {
        Batch b = printable(p, batchId);
        int from = Math.max(1, fromSeq);
        int to = Math.min(b.quantity(), toSeq);
        String gtin = registry.findProduct(b.productId()).map(Product::gtin).orElse(null);
        pipeline.run(batchId, from, to, minting.minters(b, gtin), false, sink, chunkSizes(from, metrics::printed));
    }

    public Batch get(Principal p, int batchId) {
        Batch b = find(batchId);
        Permissions.requireOwnOrHidden(p, false, b.licenseeId(), "batch", batchId);
        return b;
    }

    /** For services that check access themselves. */
    public Batch find(int batchId) {
        return store.batch(batchId).orElseThrow(() -> new IssuerException.NotFound("batch", batchId));
    }

    public JobStatus status(Principal p, int batchId) {
        get(p, batchId);
        return store.job(batchId).orElseThrow(() -> new IssuerException.NotFound("job of batch", batchId));
    }

    /** A licensee's batches, newest first. */
    public List<Batch> list(Principal p, String licenseeId, int limit) {
        Permissions.requireRead(p, "batches", licenseeId);
        List<Batch> out = new ArrayList<>();
        for (int id : store.batchIdsOf(licenseeId, limit)) {
            store.batch(id).ifPresent(out::add);
        }
        return out;
    }

    /** Progress of a long run. */
    @FunctionalInterface
    public interface ProgressListener {
        void onProgress(int done, int total);

        static ProgressListener none() {
            return (d, t) -> { };
        }
    }
}
