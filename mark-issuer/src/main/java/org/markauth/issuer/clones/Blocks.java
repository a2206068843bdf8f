package org.markauth.issuer.clones;

import org.markauth.registry.MarkKey;
import org.markauth.registry.Invalidation;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.activation.Activation;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.batch.IssuancePipeline;

/**
 * Blocking and unblocking units as clones (V009 {@code mark_blocks}, {@code mark_block_history}).
 * A blocked unit answers CLONED at every verify-api instance within seconds (the change is recorded
 * with kind {@code block}, id {@code <batch>:<16 hex>}: audit trail, change_log, invalidation). Only
 * the regulator blocks and unblocks, always with a reason; officers may read. verify-api also blocks
 * codes automatically over their scan-count threshold (actor {@code verify-api:auto-block}).
 */
public final class Blocks {

    /** The block state of one unit; {@code blocked=false} after an unblock. */
    public record Block(int batchId, long serial, boolean blocked, Instant since, String actor, String reason, UUID alertId,
                        Integer productId) {
        public String serialHex() {
            return HexFormat.of().toHexDigits(serial);
        }
    }

    /** One block or unblock of a unit (BLOCK, UNBLOCK, AUTO_BLOCK). */
    public record Change(Instant at, String action, String actor, String reason, UUID alertId) {
    }

    static final int MAX_REASON = 500;

    private final CqlSession s;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final PreparedStatement unit;
    private final PreparedStatement product;
    private final PreparedStatement read;
    private final PreparedStatement write;
    private final PreparedStatement history;
    private final PreparedStatement readHistory;
    private final PreparedStatement all;

    public Blocks(CqlSession s, ChangeRecorder changes, Clock clock) {
        this.s = s;
        this.changes = changes;
        this.clock = clock;
        unit = s.prepare("SELECT seq FROM marks WHERE batch_id = ? AND bucket = ? AND serial = ?");
        product = s.prepare("SELECT product_id FROM batches WHERE batch_id = ?");
        read = s.prepare("SELECT blocked, since, actor, reason, alert_id, product_id FROM mark_blocks WHERE batch_id = ? AND serial = ?");
        write = s.prepare("INSERT INTO mark_blocks (batch_id, serial, blocked, since, actor, reason, alert_id, product_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        history = s.prepare("INSERT INTO mark_block_history (batch_id, serial, at, action, actor, reason, alert_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)");
        all = s.prepare("SELECT batch_id, serial, blocked FROM mark_blocks");
        readHistory = s.prepare("SELECT at, action, actor, reason, alert_id FROM mark_block_history WHERE batch_id = ? AND serial = ? LIMIT 100");
    }

    /** A serial as the API and console take it: 16 hex digits. */
    public static long serial(String hex) {
        String h = hex == null ? "" : hex.strip();
        if (h.length() != 16) {
            throw new IllegalArgumentException("serial must be 16 hex digits, got '" + hex + "'");
        }
        try {
            return HexFormat.fromHexDigitsToLong(h);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("serial must be 16 hex digits, got '" + hex + "'");
        }
    }

    /** The unit's block row, empty when it was never blocked. */
    public Optional<Block> find(Principal p, int batchId, long serial) {
        Permissions.requireRole(p, "read blocks", Role.REGULATOR, Role.OFFICER);
        Row r = s.execute(read.bind(batchId, MarkKey.serialBytes(serial))).one();
        return Optional.ofNullable(r).map(row -> new Block(batchId, serial, row.getBoolean("blocked"), row.getInstant("since"),
                row.getString("actor"), row.getString("reason"), row.getUuid("alert_id"),
                row.isNull("product_id") ? null : row.getInt("product_id")));
    }

    /**
     * Every unit blocked now, by batch: the status list's blocked units ({@code BlockedUnits}). A paged
     * scan of {@code mark_blocks} (no filtering: unblocked rows are skipped here), which stays small —
     * blocks are a tiny fraction of all units — and is read once per status-list build.
     */
    public Map<Integer, Set<Long>> blockedByBatch() {
        Map<Integer, Set<Long>> out = new HashMap<>();
        for (Row r : s.execute(all.bind())) {
            if (r.getBoolean("blocked")) {
                out.computeIfAbsent(r.getInt("batch_id"), b -> new HashSet<>()).add(r.getByteBuffer("serial").getLong(0));
            }
        }
        return out;
    }

    /** Blocks and unblocks of the unit, newest first. */
    public List<Change> history(Principal p, int batchId, long serial) {
        Permissions.requireRole(p, "read blocks", Role.REGULATOR, Role.OFFICER);
        List<Change> out = new ArrayList<>();
        for (Row r : s.execute(readHistory.bind(batchId, MarkKey.serialBytes(serial)))) {
            out.add(new Change(Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), r.getString("action"),
                    r.getString("actor"), r.getString("reason"), r.getUuid("alert_id")));
        }
        return out;
    }

    /**
     * Blocks a unit: every later scan answers CLONED. Blocking a blocked unit again is refused
     * (409 ALREADY_BLOCKED) so that its first reason and alert stay on record.
     *
     * @param alertId the confirmed alert behind the block, or null for a manual block
     */
    public Block block(Principal p, int batchId, long serial, String reason, UUID alertId) {
        Permissions.requireRole(p, "block a code as cloned", Role.REGULATOR);
        String why = reason(reason);
        int productId = productOf(batchId, serial);
        Optional<Block> now = find(p, batchId, serial);
        if (now.isPresent() && now.get().blocked()) {
            throw new IssuerException.Conflict("ALREADY_BLOCKED", "unit " + MarkKey.unitId(batchId, serial) + " is blocked since "
                    + now.get().since() + " by " + now.get().actor() + "; unblock it first to block it with another reason");
        }
        return set(p, batchId, serial, productId, true, why, alertId);
    }

    /** Unblocks a unit: scans answer by its record and counts again; it is never blocked automatically again. */
    public Block unblock(Principal p, int batchId, long serial, String reason) {
        Permissions.requireRole(p, "unblock a code", Role.REGULATOR);
        String why = reason(reason);
        Optional<Block> now = find(p, batchId, serial);
        if (now.isEmpty() || !now.get().blocked()) {
            throw new IssuerException.Conflict("NOT_BLOCKED", "unit " + MarkKey.unitId(batchId, serial) + " is not blocked");
        }
        Integer productId = now.get().productId();
        return set(p, batchId, serial, productId == null ? productOf(batchId, serial) : productId, false, why, null);
    }

    private Block set(Principal p, int batchId, long serial, int productId, boolean blocked, String reason, UUID alertId) {
        Instant at = clock.instant();
        s.execute(write.bind(batchId, MarkKey.serialBytes(serial), blocked, at, p.userId(), reason, alertId, productId));
        s.execute(history.bind(batchId, MarkKey.serialBytes(serial), Uuids.timeBased(), blocked ? "BLOCK" : "UNBLOCK", p.userId(), reason, alertId));
        changes.record(p.userId(), blocked ? "mark.block" : "mark.unblock", Invalidation.block(batchId, serial),
                (alertId == null ? "" : "alert " + alertId + ": ") + reason);
        return new Block(batchId, serial, blocked, at, p.userId(), reason, alertId, productId);
    }

    /** The product of an issued unit; NotFound when the batch has no such serial. */
    private int productOf(int batchId, long serial) {
        if (s.execute(unit.bind(batchId, MarkKey.bucket(serial), MarkKey.serialBytes(serial))).one() == null) {
            throw new IssuerException.NotFound("mark", MarkKey.unitId(batchId, serial));
        }
        Row b = s.execute(product.bind(batchId)).one();
        if (b == null) {
            throw new IssuerException.NotFound("batch", batchId);
        }
        return b.getInt("product_id");
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason is required: say why (it is kept in the audit trail)");
        }
        if (reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("reason is " + reason.length() + " characters; at most " + MAX_REASON);
        }
        return reason.strip();
    }
}
