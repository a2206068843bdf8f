package org.markauth.issuer.recall;

import org.markauth.registry.Invalidation;
import org.markauth.registry.BatchState;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;

/**
 * Recalls a batch, or every batch of a product's lot, for the regulator or the owning
 * manufacturer. Each batch gets the contract's recall columns (state RECALLED, recalled_at,
 * reason, notice) and then its change is recorded through {@link ChangeRecorder} — change_log row
 * plus {@code batch:<id>} on Redis — which is how every verify-api instance drops its cached batch
 * within seconds; from then on its scans say RECALLED and the consumer page shows the notice.
 * Calls block on Cassandra: run them on worker threads.
 */
public final class Recalls {

    private static final int PLACES = 10;

    private final RecallStore store;
    private final BatchStore batches;
    private final Registry registry;
    private final ChangeRecorder changes;
    private final Clock clock;
    private volatile java.util.function.BiConsumer<String, Recall> recalled = (actor, r) -> { };

    /**
     * Sets who is told of each recall after it is recorded, with the user who recalled: the
     * quality-credit file records its RECALL event at this one source (wired once by the composition root).
     */
    public void listen(java.util.function.BiConsumer<String, Recall> listener) {
        this.recalled = java.util.Objects.requireNonNull(listener, "listener");
    }

    public Recalls(CqlSession session, BatchStore batches, Registry registry, ChangeRecorder changes, Clock clock) {
        this.store = new RecallStore(session);
        this.batches = batches;
        this.registry = registry;
        this.changes = changes;
        this.clock = clock;
    }

    /** Recalls one batch. */
    public Recall recallBatch(Principal p, int batchId, String reason, String notice) {
        Batch b = batches.batch(batchId).orElseThrow(() -> new IssuerException.NotFound("batch", batchId));
        Permissions.requireOwnOrHidden(p, true, b.licenseeId(), "batch", batchId);
        return recall(p, b.productId(), b.lot(), List.of(b), reason, notice);
    }

    /** Recalls every batch of {@code productId} with lot {@code lot}. */
    public Recall recallLot(Principal p, int productId, String lot, String reason, String notice) {
        Product pr = registry.findProduct(productId).orElseThrow(() -> new IssuerException.NotFound("product", productId));
        Permissions.requireOwnOrHidden(p, true, pr.licenseeId(), "product", productId);
        List<Batch> found = new ArrayList<>();
        for (int id : store.batchesOfLot(pr.licenseeId(), productId, lot)) {
            batches.batch(id).ifPresent(found::add);
        }
        if (found.isEmpty()) {
            throw new IssuerException.NotFound("lot of product " + productId, lot);
        }
        return recall(p, productId, lot, found, reason, notice);
    }

    private Recall recall(Principal p, int productId, String lot, List<Batch> targets, String reason, String notice) {
        Permissions.requireRole(p, "recall batches", Role.REGULATOR, Role.MANUFACTURER);
        for (Batch b : targets) {
            Permissions.requireActFor(p, "recall batches", b.licenseeId());
            if (b.state() == BatchState.RECALLED) {
                throw new IssuerException.Conflict("ALREADY_RECALLED", "batch " + b.batchId() + " is already recalled"
                        + store.recallOfBatch(b.batchId()).map(id -> " (recall " + id + ")").orElse("")
                        + "; see its recall instead");
            }
            if (b.state() == BatchState.ISSUING) {
                throw new IssuerException.Conflict("BATCH_ISSUING", "batch " + b.batchId()
                        + " is still being issued; recall it once its job is DONE (its units are not active yet)");
            }
        }
        Recall r = new Recall(Uuids.timeBased(), productId, lot, targets.stream().map(Batch::batchId).toList(),
                targets.get(0).licenseeId(), reason, notice, clock.instant(), p.userId());
        // the recall record first: a crash after it leaves a recall to retry, never a silent RECALLED batch
        store.insert(r);
        for (Batch b : targets) {
            store.markRecalled(b.batchId(), r);
            changes.record(p.userId(), "batch.recall", Invalidation.of(Invalidation.Kind.BATCH, b.idText()), "recall " + r.recallId() + ": " + reason);
        }
        recalled.accept(p.userId(), r);
        return r;
    }

    public Recall get(Principal p, UUID recallId) {
        Recall r = store.recall(recallId).orElseThrow(() -> new IssuerException.NotFound("recall", recallId));
        Permissions.requireOwnOrHidden(p, false, r.licenseeId(), "recall", recallId);
        return r;
    }

    /** Recalls of one year, newest first; a manufacturer sees its own. */
    public List<Recall> list(Principal p, int year, int limit) {
        List<Recall> out = new ArrayList<>();
        for (UUID id : store.ids(year, limit)) {
            store.recall(id).filter(r -> p.readsEverything() || p.mayActFor(r.licenseeId())).ifPresent(out::add);
        }
        return out;
    }

    /** Recalls of the current year, newest first. */
    public List<Recall> recent(Principal p, int limit) {
        return list(p, clock.instant().atZone(ZoneOffset.UTC).getYear(), limit);
    }

    /** Where the recalled units were last seen and how many scans happened after the recall. */
    public RecallReport report(Principal p, UUID recallId) {
        Recall r = get(p, recallId);
        List<RecallReport.BatchOutcome> out = new ArrayList<>();
        for (int b : r.batchIds()) {
            out.add(new RecallReport.BatchOutcome(b, store.scansRecalled(b), store.scanPlaces(b, PLACES),
                    store.locations(b, PLACES)));
        }
        return new RecallReport(r, out);
    }
}
