package org.markauth.verify.rules;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.markauth.http.CqlFutures;
import org.markauth.verify.cache.LocalCaches;
import org.markauth.verify.cache.RedisTier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns rule hits into alert rows for the regulator (alerts_by_status, alert_by_id,
 * alerts_by_mark, in one logged batch so the three views agree), with the region of the scan that
 * tripped the rule (as the scan log keeps it: what places the alert in an officer's area). One alert per rule and code per
 * dedupe window, claimed in Redis with SET NX; with Redis down an alert may repeat, never vanish.
 *
 * <p>A cloned code is scanned again and again, and each scan hits the same rules: the claim is
 * first taken in this process (a Caffeine entry that expires with the window), so only the first
 * hit of a rule and code per instance per window asks Redis, and the others cost a map lookup.
 * When another instance holds the Redis claim, this one remembers it for what is left of that
 * claim (PTTL), so the window is the same for all. An alert that could not be written drops both
 * claims, and the next hit tries again.
 */
public final class AlertWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AlertWriter.class);

    private final CqlSession session;
    private final RedisTier redis;
    private final RuleSettings settings;
    private final AlertRows rows;
    /** Claims held here: rule and code, each for what is left of its window (nanoseconds, the value). */
    private final Cache<Claim, Long> claimed;

    private record Claim(Rule rule, int batchId, long serial) {
    }

    public AlertWriter(CqlSession session, RedisTier redis, RuleSettings settings) {
        this.session = session;
        this.redis = redis;
        this.settings = settings;
        this.rows = new AlertRows(session);
        this.claimed = LocalCaches.builder().maximumSize(1_000_000).expireAfter(new Expiry<Claim, Long>() {
            @Override
            public long expireAfterCreate(Claim k, Long ttl, long now) {
                return ttl;
            }

            @Override
            public long expireAfterUpdate(Claim k, Long ttl, long now, long current) {
                return ttl;
            }

            @Override
            public long expireAfterRead(Claim k, Long ttl, long now, long current) {
                return current;
            }
        }).build();
    }

    /**
     * Raises each hit not raised within the dedupe window; completes when written (never fails).
     *
     * @param region the tripping scan's region (null when unknown)
     */
    public Future<Void> raise(int productId, int batchId, long serial, String region, List<RuleHit> hits) {
        return raise(productId, null, batchId, serial, region, hits);
    }

    /**
     * As above, naming the product's licensee (the batch the verification read), which the alert's
     * notification event carries (V019; written in the alert's own logged batch, {@link AlertRows}).
     */
    public Future<Void> raise(int productId, String licenseeId, int batchId, long serial, String region, List<RuleHit> hits) {
        if (hits.size() == 1) {
            return raiseOne(productId, licenseeId, batchId, serial, region, hits.get(0));
        }
        return Future.all(hits.stream().map(h -> raiseOne(productId, licenseeId, batchId, serial, region, h)).toList()).mapEmpty();
    }

    private Future<Void> raiseOne(int productId, String licenseeId, int batchId, long serial, String region, RuleHit hit) {
        Claim here = new Claim(hit.rule(), batchId, serial);
        long window = settings.alertDedupe().toNanos();
        if (claimed.asMap().putIfAbsent(here, window) != null) {
            return Future.succeededFuture();   // raised (or being raised) within the window
        }
        String claim = redis.key("alert:" + hit.rule() + ":" + batchId + ":" + Long.toHexString(serial));
        return redis.call("SET NX alert", a -> a.set(List.of(claim, "1", "NX", "PX",
                        Long.toString(settings.alertDedupe().toMillis()))))
                .map(r -> r != null)
                .otherwise(true)
                .compose(first -> {
                    if (first) {
                        return write(productId, licenseeId, batchId, serial, region, hit).onSuccess(written -> {
                            if (!written) {   // not raised: the next hit tries again
                                claimed.invalidate(here);
                                redis.del(List.of(claim));
                            }
                        }).mapEmpty();
                    }
                    // another instance raised it: keep its claim here for what is left of its window
                    return redis.call("PTTL alert", a -> a.pttl(claim)).map(ms -> {
                        long left = ms == null ? -1 : ms.toLong();
                        if (left > 0) {
                            claimed.put(here, TimeUnit.MILLISECONDS.toNanos(left));
                        }
                        return (Void) null;
                    }).otherwiseEmpty();
                });
    }

    /** Writes the alert; true when written (never fails). */
    private Future<Boolean> write(int productId, String licenseeId, int batchId, long serial, String region, RuleHit hit) {
        BatchStatement b = rows.open(productId, licenseeId, batchId, serial, region, hit);
        return CqlFutures.future(session.executeAsync(b)).map(true).recover(e -> {
            LOG.warn("alert {} for batch {} not written: {}; the rule fires again on the next scan", hit.rule(), batchId,
                    e.toString());
            return Future.succeededFuture(false);
        });
    }
}
