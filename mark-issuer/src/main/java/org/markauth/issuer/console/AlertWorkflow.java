package org.markauth.issuer.console;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.clones.Blocks;
import org.markauth.registry.AlertMove;
import org.markauth.registry.AlertStatus;

/**
 * The regulator's handling of counterfeit alerts raised by verify-api's rules (V003 tables):
 * OPEN (new) → INVESTIGATING → CONFIRMED or DISMISSED, OPEN may be dismissed at once. A move is a
 * lightweight transaction on {@code alert_by_id} (two officers clicking at once cannot both move
 * it), then the alert changes partition in {@code alerts_by_status} and the move is kept in
 * {@code alert_history} (V004) with who, when and the note. CONFIRMED blocks the alert's unit
 * ({@link Blocks}): from then on every scan of that code answers CLONED, until the regulator unblocks it.
 * The statuses, the allowed moves and the CQL of a move are registry-contract's {@link AlertStatus}
 * and {@link AlertMove}, shared with verify-api's officer work list (an officer takes an alert there).
 */
public final class AlertWorkflow {

    public static final List<String> STATUSES = java.util.Arrays.stream(AlertStatus.values()).map(Enum::name).toList();

    /**
     * An alert with its evidence (JSON text as the rule wrote it), the region of the scan that raised
     * it, who took it and the outcome recorded (each null when none).
     */
    public record Alert(UUID alertId, Instant at, UUID atId, String status, String rule, Integer batchId, ByteBuffer serial,
                        Integer productId, String summary, String evidence, String region, String takenBy, String finding) {

        public String serialHex() {
            if (serial == null) {
                return null;
            }
            return java.util.HexFormat.of().formatHex(org.markauth.issuer.batch.BatchStore.bytes(serial));
        }

        public Set<String> nextStatuses() {
            AlertStatus st = AlertStatus.ofColumn(status);
            return st == null ? Set.of() : st.next().stream().map(Enum::name).collect(java.util.stream.Collectors.toSet());
        }
    }

    public record Move(Instant at, String actor, String from, String to, String note) {
    }

    private final CqlSession s;
    private final Blocks blocks;
    private final PreparedStatement list;
    private final PreparedStatement byId;
    private final PreparedStatement setStatus;
    private final PreparedStatement removeFrom;
    private final PreparedStatement addTo;
    private final PreparedStatement history;
    private final PreparedStatement readHistory;
    private volatile java.util.function.BiConsumer<String, Alert> confirmed = (actor, a) -> { };

    /**
     * Sets who is told of each alert the regulator confirms, with the user who confirmed it: the
     * quality-credit file records a FORGED_MARKS case against the product's licensee at this one source.
     */
    public void onConfirmed(java.util.function.BiConsumer<String, Alert> listener) {
        this.confirmed = java.util.Objects.requireNonNull(listener, "listener");
    }

    public AlertWorkflow(CqlSession s, Blocks blocks) {
        this.s = s;
        this.blocks = blocks;
        list = s.prepare("SELECT alert_id FROM alerts_by_status WHERE status = ? LIMIT ?");
        byId = s.prepare(AlertMove.READ);
        setStatus = s.prepare(AlertMove.SET_STATUS);
        removeFrom = s.prepare(AlertMove.REMOVE_FROM);
        addTo = s.prepare(AlertMove.ADD_TO);
        history = s.prepare(AlertMove.HISTORY);
        readHistory = s.prepare(AlertMove.READ_HISTORY);
    }

    /** Alerts in one status, newest first. */
    public List<Alert> list(Principal p, String status, int limit) {
        Permissions.requireRole(p, "read counterfeit alerts", Role.REGULATOR, Role.OFFICER);
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + STATUSES + ", got '" + status + "'");
        }
        List<Alert> out = new ArrayList<>();
        for (Row r : s.execute(list.bind(status, limit))) {
            read(r.getUuid(0)).ifPresent(out::add);
        }
        return out;
    }

    public Alert get(Principal p, UUID id) {
        Permissions.requireRole(p, "read counterfeit alerts", Role.REGULATOR, Role.OFFICER);
        return read(id).orElseThrow(() -> new IssuerException.NotFound("alert", id));
    }

    public List<Move> history(Principal p, UUID id) {
        Permissions.requireRole(p, "read counterfeit alerts", Role.REGULATOR, Role.OFFICER);
        List<Move> out = new ArrayList<>();
        for (Row r : s.execute(readHistory.bind(id))) {
            out.add(new Move(Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), r.getString("actor"),
                    r.getString("from_status"), r.getString("to_status"), r.getString("note")));
        }
        return out;
    }

    /** Moves an alert to {@code to}; refuses moves the workflow does not allow and lost races. */
    public Alert move(Principal p, UUID id, String to, String note) {
        Permissions.requireRole(p, "handle counterfeit alerts", Role.REGULATOR);
        Alert a = get(p, id);
        if (!a.nextStatuses().contains(to)) {   // AlertStatus's moves
            throw new IssuerException.Refused("ALERT_TRANSITION", "alert " + id + " is " + a.status() + " and cannot become " + to
                    + "; allowed: " + (a.nextStatuses().isEmpty() ? "none (it is closed)" : a.nextStatuses()));
        }
        if (note != null && note.length() > 2000) {
            throw new IllegalArgumentException("note is " + note.length() + " characters; at most 2000");
        }
        // taking it (OPEN -> INVESTIGATING) names the taker; later moves keep who took it
        String takenBy = "INVESTIGATING".equals(to) ? p.userId() : a.takenBy();
        if (!s.execute(setStatus.bind(to, takenBy, id, a.status())).wasApplied()) {
            throw new IssuerException.Conflict("ALERT_CHANGED", "alert " + id + " was moved by someone else meanwhile; reload it");
        }
        if ("CONFIRMED".equals(to)) {
            blockUnit(p, a, note);
        }
        s.execute(removeFrom.bind(a.status(), a.atId()));
        s.execute(addTo.bind(to, a.atId(), id, a.rule(), a.batchId(), a.serial(), a.productId(), a.summary(), a.region(), takenBy));
        s.execute(history.bind(id, Uuids.timeBased(), p.userId(), a.status(), to, note));
        Alert moved = new Alert(a.alertId(), a.at(), a.atId(), to, a.rule(), a.batchId(), a.serial(), a.productId(), a.summary(),
                a.evidence(), a.region(), takenBy, a.finding());
        if ("CONFIRMED".equals(to)) {
            confirmed.accept(p.userId(), moved);
        }
        return moved;
    }

    /**
     * Blocks the confirmed alert's unit. Nothing to block when the alert names no unit or one the
     * registry does not hold (its code answers UNKNOWN_SERIAL anyway), or the unit is blocked already.
     */
    private void blockUnit(Principal p, Alert a, String note) {
        if (a.batchId() == null || a.serial() == null || a.serial().remaining() != 8) {
            return;
        }
        long serial = a.serial().getLong(a.serial().position());
        String reason = "alert confirmed: " + a.rule() + " " + a.summary() + (note == null || note.isBlank() ? "" : "; " + note);
        try {
            blocks.block(p, a.batchId(), serial, reason.length() > 500 ? reason.substring(0, 500) : reason, a.alertId());
        } catch (IssuerException.NotFound | IssuerException.Conflict e) {
            // no such unit, or already blocked: the confirmation stands on its own
        }
    }

    /** An alert whoever asks, for services that check access themselves (the portal: its licensee's products). */
    public Optional<Alert> find(UUID id) {
        return read(id);
    }

    private Optional<Alert> read(UUID id) {
        Row r = s.execute(byId.bind(id)).one();
        if (r == null) {
            return Optional.empty();
        }
        UUID at = r.getUuid("at");
        return Optional.of(new Alert(id, Instant.ofEpochMilli(Uuids.unixTimestamp(at)), at, r.getString("status"), r.getString("rule"),
                r.isNull("batch_id") ? null : r.getInt("batch_id"), r.getByteBuffer("serial"),
                r.isNull("product_id") ? null : r.getInt("product_id"), r.getString("summary"), r.getString("evidence"),
                r.getString("region"), r.getString("taken_by"), r.getString("finding")));
    }
}
