package org.markauth.issuer.recall;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.markauth.issuer.notify.Notifications;
import org.markauth.registry.NotificationEvent;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;

/**
 * Recall requests (V018): a manufacturer asks, the regulator decides. Asking checks what is asked
 * for exactly as a recall would (its own batch or lot, else "not found" as for a missing one), so a
 * request the regulator approves can run; approving runs {@link Recalls} as the approving
 * regulator, then marks the request APPROVED with the recall's id. A decision is a lightweight
 * transaction on the request's status: of two regulators deciding at once one wins, the other is
 * told it was decided meanwhile. Every step is audited ({@code recall-request:<id>}). Blocking.
 */
public final class RecallRequests {

    private final CqlSession session;
    private final BatchStore batches;
    private final Registry registry;
    private final Recalls recalls;
    private final RecallStore store;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final PreparedStatement insert;
    private final PreparedStatement byLicensee;
    private final PreparedStatement byStatus;
    private final PreparedStatement listLicensee;
    private final PreparedStatement listStatus;
    private final PreparedStatement read;
    private final PreparedStatement decide;
    private final PreparedStatement unlist;
    private final PreparedStatement undo;
    private final PreparedStatement setRecall;
    private final Notifications notifications;

    public RecallRequests(CqlSession session, BatchStore batches, Registry registry, Recalls recalls, ChangeRecorder changes,
                          Clock clock, Notifications notifications) {
        this.session = session;
        this.notifications = notifications;
        this.batches = batches;
        this.registry = registry;
        this.recalls = recalls;
        this.store = new RecallStore(session);
        this.changes = changes;
        this.clock = clock;
        insert = session.prepare("INSERT INTO recall_requests (request_id, licensee_id, product_id, lot, batch_id, reason, notice, "
                + "status, requested_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)");
        byLicensee = session.prepare("INSERT INTO recall_requests_by_licensee (licensee_id, request_id) VALUES (?, ?)");
        byStatus = session.prepare("INSERT INTO recall_requests_by_status (status, request_id) VALUES (?, ?)");
        listLicensee = session.prepare("SELECT request_id FROM recall_requests_by_licensee WHERE licensee_id = ? LIMIT ?");
        listStatus = session.prepare("SELECT request_id FROM recall_requests_by_status WHERE status = ? LIMIT ?");
        read = session.prepare("SELECT * FROM recall_requests WHERE request_id = ?");
        decide = session.prepare("UPDATE recall_requests SET status = ?, decided_by = ?, decided_at = ?, note = ?, recall_id = ? "
                + "WHERE request_id = ? IF status = 'PENDING'");
        unlist = session.prepare("DELETE FROM recall_requests_by_status WHERE status = ? AND request_id = ?");
        undo = session.prepare("UPDATE recall_requests SET status = 'PENDING', decided_by = null, decided_at = null, note = null "
                + "WHERE request_id = ? IF status = 'APPROVED' AND decided_at = ? AND recall_id = null");
        setRecall = session.prepare("UPDATE recall_requests SET recall_id = ? WHERE request_id = ? IF status = 'APPROVED'");
    }

    /** A manufacturer asks for the recall of its batch ({@code batchId}) or of its product's lot ({@code productId}, {@code lot}). */
    public RecallRequest request(Principal p, Integer batchId, Integer productId, String lot, String reason, String notice) {
        Permissions.requireRole(p, "request recalls", Role.MANUFACTURER);
        String licensee;
        int product;
        String theLot;
        if (batchId != null) {
            Batch b = batches.batch(batchId).orElseThrow(() -> new IssuerException.NotFound("batch", batchId));
            Permissions.requireOwnOrHidden(p, true, b.licenseeId(), "batch", batchId);
            licensee = b.licenseeId();
            product = b.productId();
            theLot = b.lot();
        } else {
            if (productId == null || lot == null || lot.isBlank()) {
                throw new IllegalArgumentException("a recall request names a batch (batchId) or a product's lot (productId and lot)");
            }
            Product pr = registry.findProduct(productId).orElseThrow(() -> new IssuerException.NotFound("product", productId));
            Permissions.requireOwnOrHidden(p, true, pr.licenseeId(), "product", productId);
            if (store.batchesOfLot(pr.licenseeId(), productId, lot.strip()).isEmpty()) {
                throw new IssuerException.NotFound("lot of product " + productId, lot.strip());
            }
            licensee = pr.licenseeId();
            product = productId;
            theLot = lot.strip();
        }
        UUID id = Uuids.timeBased();
        RecallRequest r = new RecallRequest(id, licensee, product, theLot, batchId, reason, notice, RecallRequest.Status.PENDING,
                instant(id), p.userId(), null, null, null, null);
        // the request, its two listings and its notification event (recall.requested) exist together or not at all
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                insert.bind(id, licensee, product, theLot, batchId, reason, notice, p.userId()),
                byLicensee.bind(licensee, id), byStatus.bind(RecallRequest.Status.PENDING.name(), id),
                notifications.row(event(NotificationEvent.Type.RECALL_REQUESTED, r))));
        changes.audit(p.userId(), "recall.request", "recall-request:" + id, r.target() + ": " + reason);
        return r;
    }

    /** One request: the regulator any, a manufacturer its own (another's is "not found", as a missing one). */
    public RecallRequest get(Principal p, UUID id) {
        Permissions.requireRole(p, "read recall requests", Role.REGULATOR, Role.MANUFACTURER);
        RecallRequest r = find(id).orElseThrow(() -> new IssuerException.NotFound("recall request", id));
        Permissions.requireOwnOrHidden(p, false, r.licenseeId(), "recall request", id);
        return r;
    }

    /** Newest first: a manufacturer its own (optionally in one status), the regulator those in {@code status} (PENDING when null). */
    public List<RecallRequest> list(Principal p, RecallRequest.Status status, int limit) {
        Permissions.requireRole(p, "read recall requests", Role.REGULATOR, Role.MANUFACTURER);
        List<RecallRequest> out = new ArrayList<>();
        if (p.role() == Role.MANUFACTURER) {
            for (Row row : session.execute(listLicensee.bind(p.licenseeId().orElseThrow(), limit))) {
                find(row.getUuid(0)).filter(r -> status == null || r.status() == status).ifPresent(out::add);
            }
        } else {
            RecallRequest.Status st = status == null ? RecallRequest.Status.PENDING : status;
            for (Row row : session.execute(listStatus.bind(st.name(), limit))) {
                find(row.getUuid(0)).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * The regulator approves: the decision is taken first (the LWT from PENDING, so of two regulators
     * approving, or one approving while another rejects, exactly one decides and the recall runs at
     * most once), then the recall runs as the regulator and its id is added; a recall that fails puts
     * the request back to PENDING. An issuer stopped between the two leaves it APPROVED without a
     * recall id: the regulator recalls the batch by hand.
     */
    public RecallRequest approve(Principal p, UUID id, String note) {
        Permissions.requireRole(p, "approve recall requests", Role.REGULATOR);
        RecallRequest r = pending(p, id);
        checkNote(note);
        Instant claimed = claim(p, r, RecallRequest.Status.APPROVED, note);
        Recall recall;
        try {
            recall = r.batchId() != null ? recalls.recallBatch(p, r.batchId(), r.reason(), r.notice())
                    : recalls.recallLot(p, r.productId(), r.lot(), r.reason(), r.notice());
        } catch (RuntimeException e) {
            session.execute(undo.bind(r.requestId(), claimed));
            throw e;
        }
        session.execute(setRecall.bind(recall.recallId(), r.requestId()));
        RecallRequest done = decided(p, r, RecallRequest.Status.APPROVED, note, recall.recallId(), claimed);
        changes.audit(p.userId(), "recall.request.approve", "recall-request:" + id, "recall " + recall.recallId()
                + (note == null || note.isBlank() ? "" : ": " + note));
        return done;
    }

    /** The regulator rejects, saying why in the note (the manufacturer reads it). */
    public RecallRequest reject(Principal p, UUID id, String note) {
        Permissions.requireRole(p, "reject recall requests", Role.REGULATOR);
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("note is required to reject a recall request: the manufacturer reads why");
        }
        checkNote(note);
        RecallRequest r = pending(p, id);
        RecallRequest done = decided(p, r, RecallRequest.Status.REJECTED, note, null, claim(p, r, RecallRequest.Status.REJECTED, note));
        changes.audit(p.userId(), "recall.request.reject", "recall-request:" + id, note);
        return done;
    }

    private RecallRequest pending(Principal p, UUID id) {
        RecallRequest r = get(p, id);
        if (r.status() != RecallRequest.Status.PENDING) {
            throw new IssuerException.Conflict("RECALL_REQUEST_DECIDED", "recall request " + id + " was already " + r.status()
                    + " by " + r.decidedBy() + "; nothing was changed");
        }
        return r;
    }

    /** The decision, taken with an LWT from PENDING (one of two concurrent deciders wins); its time. */
    private Instant claim(Principal p, RecallRequest r, RecallRequest.Status to, String note) {
        Instant now = clock.instant();
        String n = note == null || note.isBlank() ? null : note.strip();
        if (!session.execute(decide.bind(to.name(), p.userId(), now, n, null, r.requestId())).wasApplied()) {
            throw new IssuerException.Conflict("RECALL_REQUEST_DECIDED", "recall request " + r.requestId()
                    + " was decided by someone else meanwhile; reload it");
        }
        return now;
    }

    private RecallRequest decided(Principal p, RecallRequest r, RecallRequest.Status to, String note, UUID recallId, Instant now) {
        String n = note == null || note.isBlank() ? null : note.strip();
        RecallRequest done = new RecallRequest(r.requestId(), r.licenseeId(), r.productId(), r.lot(), r.batchId(), r.reason(),
                r.notice(), to, r.requestedAt(), r.requestedBy(), p.userId(), now, n, recallId);
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED, unlist.bind(RecallRequest.Status.PENDING.name(),
                r.requestId()), byStatus.bind(to.name(), r.requestId()), notifications.row(event(NotificationEvent.Type.RECALL_DECIDED,
                done))));
        return done;
    }

    /** The notification event of a request or its decision (docs/api-issuer.md, "Webhooks"). */
    private NotificationEvent event(NotificationEvent.Type type, RecallRequest r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestId", r.requestId().toString());
        data.put("batchId", r.batchId());
        data.put("lot", r.lot());
        data.put("reason", r.reason());
        if (type == NotificationEvent.Type.RECALL_DECIDED) {
            data.put("decision", r.status().name());
            data.put("note", r.note());
            data.put("recallId", r.recallId() == null ? null : r.recallId().toString());
        }
        return NotificationEvent.of(type, clock.instant(), r.licenseeId(), r.productId(), r.batchId(), data);
    }

    private static void checkNote(String note) {
        if (note != null && note.length() > RecallRequest.MAX_NOTE) {
            throw new IllegalArgumentException("note is " + note.length() + " characters; at most " + RecallRequest.MAX_NOTE);
        }
    }

    private Optional<RecallRequest> find(UUID id) {
        Row r = id.version() != 1 ? null : session.execute(read.bind(id)).one();
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new RecallRequest(id, r.getString("licensee_id"), r.getInt("product_id"), r.getString("lot"),
                r.isNull("batch_id") ? null : r.getInt("batch_id"), r.getString("reason"), r.getString("notice"),
                RecallRequest.Status.valueOf(r.getString("status")), instant(id), r.getString("requested_by"),
                r.getString("decided_by"), r.getInstant("decided_at"), r.getString("note"), r.getUuid("recall_id")));
    }

    private static Instant instant(UUID timeBased) {
        return Instant.ofEpochMilli(Uuids.unixTimestamp(timeBased));
    }
}
