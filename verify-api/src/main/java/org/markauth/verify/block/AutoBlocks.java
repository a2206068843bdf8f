package org.markauth.verify.block;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.markauth.http.CqlFutures;
import org.markauth.verify.cache.RedisTier;
import org.markauth.verify.cache.RegistryCache;
import org.markauth.verify.registry.RegistryReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks a code whose scan count passed its product's block threshold (V009 {@code mark_blocks}).
 * The actor is the service itself, {@value #ACTOR}; the block is recorded like a regulator's: a
 * history row, an audit line (audit_log and audit_by_entity under {@code block:<batch>:<serialhex>},
 * action {@code mark.auto-block}) and a change_log row, then this instance drops its cache entry and
 * publishes the invalidation so every other instance answers CLONED within seconds.
 *
 * <p>The row is claimed with {@code IF NOT EXISTS}: a code the regulator unblocked keeps its row
 * (blocked = false) and is never blocked again automatically — the regulator decided; the rules
 * still raise alerts. Two instances passing the threshold at once write one block.
 */
public final class AutoBlocks {

    /** Who the audit trail names for automatic blocks. */
    public static final String ACTOR = "verify-api:auto-block";

    private static final Logger LOG = LoggerFactory.getLogger(AutoBlocks.class);

    private final CqlSession session;
    private final RegistryCache cache;
    private final RedisTier redis;
    private final String channel;
    private final Clock clock;
    private final PreparedStatement claim;
    private final PreparedStatement history;
    private final PreparedStatement auditByDay;
    private final PreparedStatement auditByEntity;
    private final PreparedStatement changeLog;

    /** @param channel the invalidation channel the issuer publishes on ({@code verify.invalidation.channel}) */
    public AutoBlocks(CqlSession session, RegistryCache cache, RedisTier redis, String channel, Clock clock) {
        this.session = session;
        this.cache = cache;
        this.redis = redis;
        this.channel = channel;
        this.clock = clock;
        this.claim = session.prepare("INSERT INTO mark_blocks (batch_id, serial, blocked, since, actor, reason, product_id) "
                + "VALUES (?, ?, true, ?, ?, ?, ?) IF NOT EXISTS");
        this.history = session.prepare("INSERT INTO mark_block_history (batch_id, serial, at, action, actor, reason) "
                + "VALUES (?, ?, ?, 'AUTO_BLOCK', ?, ?)");
        this.auditByDay = session.prepare("INSERT INTO audit_log (day, at, actor, action, entity, detail) "
                + "VALUES (?, ?, ?, 'mark.auto-block', ?, ?)");
        this.auditByEntity = session.prepare("INSERT INTO audit_by_entity (entity, at, actor, action, detail) "
                + "VALUES (?, ?, ?, 'mark.auto-block', ?)");
        this.changeLog = session.prepare("INSERT INTO change_log (day, at, kind, id) VALUES (?, ?, 'block', ?)");
    }

    /** The id of a unit in block invalidations and audit entities: {@code <batch>:<16 hex digits>}. */
    public static String id(int batchId, long serial) {
        return batchId + ":" + String.format("%016x", serial);
    }

    /**
     * Blocks the code unless it has a block row already.
     *
     * @return true when the code is blocked now (by this call or an earlier one); false when the
     *         regulator unblocked it, or the write failed (the next scan over the threshold tries again)
     */
    public Future<Boolean> block(int productId, int batchId, long serial, long count, int threshold) {
        var s = RegistryReader.serialBytes(serial);
        String reason = "scanned by " + count + " distinct clients, over the block threshold " + threshold + " of product " + productId;
        return CqlFutures.future(session.executeAsync(claim.bind(batchId, s, clock.instant(), ACTOR, reason, productId)))
                .compose(rs -> {
                    if (!rs.wasApplied()) {
                        Row existing = rs.one();
                        return Future.succeededFuture(existing != null && existing.getBoolean("blocked"));
                    }
                    return record(batchId, s, reason).map(true);
                })
                .recover(e -> {
                    LOG.warn("auto-block of batch {} serial {} not written: {}; the next scan tries again", batchId,
                            Long.toHexString(serial), e.toString());
                    return Future.succeededFuture(false);
                });
    }

    private Future<Void> record(int batchId, java.nio.ByteBuffer s, String reason) {
        long serial = s.getLong(0);
        String id = id(batchId, serial);
        UUID at = Uuids.timeBased();
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        BatchStatement b = BatchStatement.newInstance(BatchType.LOGGED,
                history.bind(batchId, s, at, ACTOR, reason),
                auditByDay.bind(day, at, ACTOR, "block:" + id, reason),
                auditByEntity.bind("block:" + id, at, ACTOR, reason),
                changeLog.bind(day, at, id));
        // the block row is written: its trail failing must not make this scan say otherwise
        return CqlFutures.future(session.executeAsync(b)).<Void>mapEmpty()
                .recover(e -> {
                    LOG.warn("auto-block {} written, its audit lines not: {}", id, e.toString());
                    return Future.succeededFuture();
                })
                .compose(x -> cache.invalidateBlock(batchId, serial).otherwiseEmpty())
                .compose(x -> redis.publish(channel, "block:" + id).otherwiseEmpty())
                .mapEmpty();
    }
}
