package org.markauth.verify.block;

import org.markauth.registry.Invalidation;
import org.markauth.registry.MarkKey;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.github.benmanes.caffeine.cache.Cache;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.markauth.http.CqlFutures;
import org.markauth.verify.cache.LocalCaches;
import org.markauth.verify.cache.RedisTier;
import org.markauth.verify.cache.RegistryCache;
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
 *
 * <p>A code over its threshold is scanned again before every instance's cache shows its block row
 * (a clone storm scans it many times a second): the answer is kept here for a minute and a claim
 * in flight is shared, so a code costs this instance one conditional write, not one per scan. A
 * write that failed is not kept (the next scan over the threshold tries again).
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
    /** The answer for codes this instance claimed recently (true: blocked; false: the regulator unblocked it). */
    private final Cache<Code, Boolean> decided = LocalCaches.builder().expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000).build();
    private final ConcurrentHashMap<Code, Future<Boolean>> claiming = new ConcurrentHashMap<>();

    private record Code(int batchId, long serial) {
    }

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

    /**
     * Blocks the code unless it has a block row already.
     *
     * @return true when the code is blocked now (by this call or an earlier one); false when the
     *         regulator unblocked it, or the write failed (the next scan over the threshold tries again)
     */
    public Future<Boolean> block(int productId, int batchId, long serial, long count, int threshold) {
        Code code = new Code(batchId, serial);
        Boolean known = decided.getIfPresent(code);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        Future<Boolean> running = claiming.get(code);
        if (running != null) {
            return running;
        }
        Promise<Boolean> p = Promise.promise();
        if ((running = claiming.putIfAbsent(code, p.future())) != null) {
            return running;
        }
        claim(productId, batchId, serial, count, threshold).onComplete(ar -> {
            claiming.remove(code, p.future());
            if (ar.succeeded()) {
                decided.put(code, ar.result());
                p.complete(ar.result());
            } else {
                LOG.warn("auto-block of batch {} serial {} not written: {}; the next scan tries again", batchId,
                        Long.toHexString(serial), ar.cause().toString());
                p.complete(false);
            }
        });
        return p.future();
    }

    private Future<Boolean> claim(int productId, int batchId, long serial, long count, int threshold) {
        var s = MarkKey.serialBytes(serial);
        String reason = "scanned by " + count + " distinct clients, over the block threshold " + threshold + " of product " + productId;
        return CqlFutures.future(session.executeAsync(claim.bind(batchId, s, clock.instant(), ACTOR, reason, productId)))
                .compose(rs -> {
                    if (!rs.wasApplied()) {
                        Row existing = rs.one();
                        return Future.succeededFuture(existing != null && existing.getBoolean("blocked"));
                    }
                    return record(batchId, s, reason).map(true);
                });
    }

    private Future<Void> record(int batchId, ByteBuffer s, String reason) {
        long serial = s.getLong(0);
        Invalidation change = Invalidation.block(batchId, serial);
        UUID at = Uuids.timeBased();
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        BatchStatement b = BatchStatement.newInstance(BatchType.LOGGED,
                history.bind(batchId, s, at, ACTOR, reason),
                auditByDay.bind(day, at, ACTOR, change.encode(), reason),
                auditByEntity.bind(change.encode(), at, ACTOR, reason),
                changeLog.bind(day, at, change.id()));
        // the block row is written: its trail failing must not make this scan say otherwise
        return CqlFutures.future(session.executeAsync(b)).<Void>mapEmpty()
                .recover(e -> {
                    LOG.warn("auto-block {} written, its audit lines not: {}", change, e.toString());
                    return Future.succeededFuture();
                })
                .compose(x -> cache.invalidateBlock(batchId, serial).otherwiseEmpty())
                .compose(x -> redis.publish(channel, change.encode()).otherwiseEmpty())
                .mapEmpty();
    }
}
