package org.markauth.verify.rules;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.markauth.registry.MarkKey;

/**
 * The rows of a new OPEN alert (V003 alerts_by_status, alert_by_id, alerts_by_mark; V015 region), as
 * one logged batch so the three views agree. {@link AlertWriter} executes it for a rule hit; the demo
 * seed executes it for the alert it leaves an officer to work, so both write exactly the same rows.
 */
public final class AlertRows {

    private final PreparedStatement byStatus;
    private final PreparedStatement byId;
    private final PreparedStatement byMark;

    public AlertRows(CqlSession session) {
        this.byStatus = session.prepare("INSERT INTO alerts_by_status (status, at, alert_id, rule, batch_id, serial, "
                + "product_id, summary, region) VALUES ('OPEN', ?, ?, ?, ?, ?, ?, ?, ?)");
        this.byId = session.prepare("INSERT INTO alert_by_id (alert_id, at, status, rule, batch_id, serial, product_id, "
                + "summary, evidence, region) VALUES (?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?)");
        this.byMark = session.prepare("INSERT INTO alerts_by_mark (batch_id, serial, at, alert_id, rule, summary) "
                + "VALUES (?, ?, ?, ?, ?, ?)");
    }

    /**
     * A new OPEN alert for the hit on unit {@code batchId}/{@code serial}, raised now with a fresh id.
     *
     * @param region the tripping scan's region as the scan log keeps it (null when unknown)
     */
    public BatchStatement open(int productId, int batchId, long serial, String region, RuleHit hit) {
        UUID at = Uuids.timeBased();
        UUID id = UUID.randomUUID();
        ByteBuffer s = MarkKey.serialBytes(serial);
        return BatchStatement.newInstance(BatchType.LOGGED,
                byStatus.bind(at, id, hit.rule().name(), batchId, s, productId, hit.summary(), region),
                byId.bind(id, at, hit.rule().name(), batchId, s, productId, hit.summary(), hit.evidence().encode(), region),
                byMark.bind(batchId, s, at, id, hit.rule().name(), hit.summary()));
    }
}
