package org.markauth.verify.rules;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.markauth.registry.MarkKey;
import org.markauth.registry.NotificationEvent;
import org.markauth.verify.registry.RegistryReader;

/**
 * The rows of a new OPEN alert (V003 alerts_by_status, alert_by_id, alerts_by_mark; V015 region), as
 * one logged batch so the three views agree. {@link AlertWriter} executes it for a rule hit; the demo
 * seed executes it for the alert it leaves an officer to work, so both write exactly the same rows.
 */
public final class AlertRows {

    private final PreparedStatement byStatus;
    private final PreparedStatement byId;
    private final PreparedStatement byMark;
    private final PreparedStatement event;

    public AlertRows(CqlSession session) {
        this.byStatus = session.prepare("INSERT INTO alerts_by_status (status, at, alert_id, rule, batch_id, serial, "
                + "product_id, summary, region) VALUES ('OPEN', ?, ?, ?, ?, ?, ?, ?, ?)");
        this.byId = session.prepare("INSERT INTO alert_by_id (alert_id, at, status, rule, batch_id, serial, product_id, "
                + "summary, evidence, region) VALUES (?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?)");
        this.byMark = session.prepare("INSERT INTO alerts_by_mark (batch_id, serial, at, alert_id, rule, summary) "
                + "VALUES (?, ?, ?, ?, ?, ?)");
        this.event = session.prepare(NotificationEvent.INSERT);
    }

    /**
     * A new OPEN alert for the hit on unit {@code batchId}/{@code serial}, raised now with a fresh id.
     *
     * @param region the tripping scan's region as the scan log keeps it (null when unknown)
     */
    public BatchStatement open(int productId, int batchId, long serial, String region, RuleHit hit) {
        return open(productId, null, batchId, serial, region, hit);
    }

    /**
     * As above, with the licensee the product belongs to (from the registry data the verification
     * already read), so the {@code alert.raised} event reaches that manufacturer's webhooks; null
     * when unknown (then only the regulator's).
     */
    public BatchStatement open(int productId, String licenseeId, int batchId, long serial, String region, RuleHit hit) {
        UUID at = Uuids.timeBased();
        UUID id = UUID.randomUUID();
        ByteBuffer s = MarkKey.serialBytes(serial);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alertId", id.toString());
        data.put("rule", hit.rule().name());
        data.put("summary", hit.summary());
        data.put("serial", Long.toString(serial));
        data.put("region", region);
        NotificationEvent e = new NotificationEvent(UUID.randomUUID(), NotificationEvent.Type.ALERT_RAISED,
                RegistryReader.instantOf(at), licenseeId, productId, batchId, data);
        return BatchStatement.newInstance(BatchType.LOGGED,
                byStatus.bind(at, id, hit.rule().name(), batchId, s, productId, hit.summary(), region),
                byId.bind(id, at, hit.rule().name(), batchId, s, productId, hit.summary(), hit.evidence().encode(), region),
                byMark.bind(batchId, s, at, id, hit.rule().name(), hit.summary()),
                event.bind(e.insertValues()));
    }
}
