package org.markauth.verify.rules;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import org.markauth.http.CqlFutures;
import org.markauth.verify.cache.RedisTier;
import org.markauth.verify.registry.RegistryReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns rule hits into alert rows for the regulator (alerts_by_status, alert_by_id,
 * alerts_by_mark, in one logged batch so the three views agree). One alert per rule and code per
 * dedupe window, claimed in Redis with SET NX; with Redis down an alert may repeat, never vanish.
 */
public final class AlertWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AlertWriter.class);

    private final CqlSession session;
    private final RedisTier redis;
    private final RuleSettings settings;
    private final PreparedStatement byStatus;
    private final PreparedStatement byId;
    private final PreparedStatement byMark;

    public AlertWriter(CqlSession session, RedisTier redis, RuleSettings settings) {
        this.session = session;
        this.redis = redis;
        this.settings = settings;
        this.byStatus = session.prepare("INSERT INTO alerts_by_status (status, at, alert_id, rule, batch_id, serial, "
                + "product_id, summary) VALUES ('OPEN', ?, ?, ?, ?, ?, ?, ?)");
        this.byId = session.prepare("INSERT INTO alert_by_id (alert_id, at, status, rule, batch_id, serial, product_id, "
                + "summary, evidence) VALUES (?, ?, 'OPEN', ?, ?, ?, ?, ?, ?)");
        this.byMark = session.prepare("INSERT INTO alerts_by_mark (batch_id, serial, at, alert_id, rule, summary) "
                + "VALUES (?, ?, ?, ?, ?, ?)");
    }

    /** Raises each hit not raised within the dedupe window; completes when written (never fails). */
    public Future<Void> raise(int productId, int batchId, long serial, List<RuleHit> hits) {
        return Future.all(hits.stream().map(h -> raiseOne(productId, batchId, serial, h)).toList()).mapEmpty();
    }

    private Future<Void> raiseOne(int productId, int batchId, long serial, RuleHit hit) {
        String claim = redis.key("alert:" + hit.rule() + ":" + batchId + ":" + Long.toHexString(serial));
        return redis.call("SET NX alert", a -> a.set(List.of(claim, "1", "NX", "PX",
                        Long.toString(settings.alertDedupe().toMillis()))))
                .map(r -> r != null)
                .otherwise(true)
                .compose(first -> first ? write(productId, batchId, serial, hit) : Future.succeededFuture());
    }

    private Future<Void> write(int productId, int batchId, long serial, RuleHit hit) {
        UUID at = Uuids.timeBased();
        UUID id = UUID.randomUUID();
        var s = RegistryReader.serialBytes(serial);
        BatchStatement b = BatchStatement.newInstance(BatchType.LOGGED,
                byStatus.bind(at, id, hit.rule().name(), batchId, s, productId, hit.summary()),
                byId.bind(id, at, hit.rule().name(), batchId, s, productId, hit.summary(), hit.evidence().encode()),
                byMark.bind(batchId, s, at, id, hit.rule().name(), hit.summary()));
        return CqlFutures.future(session.executeAsync(b)).<Void>mapEmpty().recover(e -> {
            LOG.warn("alert {} for batch {} not written: {}; the rule fires again on the next scan", hit.rule(), batchId,
                    e.toString());
            return Future.succeededFuture();
        });
    }
}
