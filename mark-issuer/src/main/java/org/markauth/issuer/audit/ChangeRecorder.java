package org.markauth.issuer.audit;

import org.markauth.registry.Invalidation;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.markauth.issuer.invalidation.Invalidations;

/**
 * Records every change made by the issuer: a line in the audit trail (by day, and by entity), a
 * change_log row for verify-api's poller and an invalidation message. The entity's own write is
 * done by the caller first; a crash between the two loses at most one audit line, never a change
 * without its change_log row visible to verification (change_log is written here, in the same
 * logged batch as the audit lines, and before the Redis message).
 */
public final class ChangeRecorder {

    private final CqlSession session;
    private final Clock clock;
    private final Invalidations invalidations;
    private final PreparedStatement auditByDay;
    private final PreparedStatement auditByEntity;
    private final PreparedStatement changeLog;
    private final PreparedStatement readDay;
    private final PreparedStatement readEntity;

    public ChangeRecorder(CqlSession session, Clock clock, Invalidations invalidations) {
        this.session = session;
        this.clock = clock;
        this.invalidations = invalidations;
        this.auditByDay = session.prepare("INSERT INTO audit_log (day, at, actor, action, entity, detail) VALUES (?, ?, ?, ?, ?, ?)");
        this.auditByEntity = session.prepare("INSERT INTO audit_by_entity (entity, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)");
        this.changeLog = session.prepare("INSERT INTO change_log (day, at, kind, id) VALUES (?, ?, ?, ?)");
        this.readDay = session.prepare("SELECT at, actor, action, entity, detail FROM audit_log WHERE day = ? LIMIT ?");
        this.readEntity = session.prepare("SELECT at, actor, action, detail FROM audit_by_entity WHERE entity = ? LIMIT ?");
    }

    /**
     * Records a change.
     *
     * @param actor  user id of the principal
     * @param action e.g. {@code licence.suspend}
     * @param change what changed: the change_log row, the invalidation message and the audit entity
     * @param detail short human text, no secrets, no personal data beyond names of companies
     * @param also     more rows for the same logged batch (a notification event announcing the change, V019)
     */
    public void record(String actor, String action, Invalidation change, String detail, BatchableStatement<?>... also) {
        UUID at = Uuids.timeBased();
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String entity = change.encode();
        BatchStatement b = BatchStatement.newInstance(DefaultBatchType.LOGGED,
                auditByDay.bind(day, at, actor, action, entity, detail),
                auditByEntity.bind(entity, at, actor, action, detail),
                changeLog.bind(day, at, change.kind().wire(), change.id()));
        for (BatchableStatement<?> s : also) {
            b = b.add(s);
        }
        session.execute(b);
        invalidations.publish(change);
    }

    /**
     * An audit line only, for acts that change nothing verification caches (credential issue and
     * revoke, print downloads): no change_log row and no invalidation message.
     *
     * @param entity e.g. {@code batch:123}, {@code credential:c0123456789abcdef}
     */
    public void audit(String actor, String action, String entity, String detail) {
        UUID at = Uuids.timeBased();
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                auditByDay.bind(day, at, actor, action, entity, detail),
                auditByEntity.bind(entity, at, actor, action, detail)));
    }

    /** The audit trail of one day, newest first. */
    public List<AuditEntry> day(LocalDate day, int limit) {
        List<AuditEntry> out = new ArrayList<>();
        for (Row r : session.execute(readDay.bind(day, limit))) {
            out.add(new AuditEntry(Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), r.getString("actor"),
                    r.getString("action"), r.getString("entity"), r.getString("detail")));
        }
        return out;
    }

    /** The audit trail of one entity ({@code licensee:L1}, {@code product:5}), newest first. */
    public List<AuditEntry> entity(String entity, int limit) {
        List<AuditEntry> out = new ArrayList<>();
        for (Row r : session.execute(readEntity.bind(entity, limit))) {
            out.add(new AuditEntry(Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), r.getString("actor"),
                    r.getString("action"), entity, r.getString("detail")));
        }
        return out;
    }
}
