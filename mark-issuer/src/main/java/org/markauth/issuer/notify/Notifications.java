package org.markauth.issuer.notify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.auth.Permissions;
import org.markauth.registry.NotificationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification event log (V019 {@code notification_events}) on the issuer's side: producers add
 * an event, the console and the webhook dispatcher read it.
 *
 * <p>How a producer adds one, in order of preference: {@link #row} gives the INSERT to put into the
 * producer's own logged batch (the issuer's licence changes ride in the audit batch of
 * {@code ChangeRecorder}, a recall in the recall record's batch), so the event exists exactly when
 * the change does; {@link #publish} writes it on its own, after the change, for producers with no
 * batch to join (the portal's recall requests). A failed {@link #publish} does not undo or fail the
 * caller's action, which is already done: it is logged at WARN with the event's id and type and
 * counted ({@code issuer.notifications.unwritten}), so a lost event is never silent.
 * Calls block on Cassandra: run them on worker threads.
 */
public final class Notifications {

    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    /** How far back {@link #recent} walks, hour by hour, for the console's newest-first list. */
    static final Duration LOOKBACK = Duration.ofDays(31);

    private final CqlSession session;
    private final Clock clock;
    private final PreparedStatement insert;
    private final PreparedStatement newest;
    private final PreparedStatement range;
    private final PreparedStatement one;
    private final Counter unwritten;

    public Notifications(CqlSession session, Clock clock, MeterRegistry meters) {
        this.session = session;
        this.clock = clock;
        this.insert = session.prepare(NotificationEvent.INSERT);
        String cols = "SELECT event_id, type, occurred_at, licensee_id, product_id, batch_id, data FROM notification_events ";
        this.newest = session.prepare(cols + "WHERE bucket = ? LIMIT ?");
        this.range = session.prepare(cols + "WHERE bucket = ? AND occurred_at >= ? AND occurred_at <= ? ORDER BY occurred_at ASC LIMIT ?");
        this.one = session.prepare(cols + "WHERE bucket = ? AND occurred_at = ? AND event_id = ?");
        this.unwritten = Counter.builder("issuer.notifications.unwritten")
                .description("notification events a producer's action could not write (logged at WARN)").register(meters);
    }

    /** The INSERT of {@code e}, for the producer's own logged batch. */
    public BoundStatement row(NotificationEvent e) {
        return insert.bind(e.insertValues());
    }

    /** The INSERT of {@code e} prepared on {@code session}, for producers built before this service (Registry, Recalls). */
    public static BoundStatement row(PreparedStatement insert, NotificationEvent e) {
        return insert.bind(e.insertValues());
    }

    /**
     * Writes {@code e} on its own (see the class comment); never throws for a store failure.
     *
     * @return true when written
     */
    public boolean publish(NotificationEvent e) {
        try {
            session.execute(row(e));
            return true;
        } catch (RuntimeException x) {
            unwritten.increment();
            LOG.warn("notification event {} ({}) not written: {}; the action it announces stands, its webhooks will not hear of it",
                    e.id(), e.type().wire(), x.toString());
            return false;
        }
    }

    /**
     * The newest events first, of the given types (all when empty), at most {@code limit}, walking
     * back hour by hour over at most {@link #LOOKBACK}: the regulator's console.
     */
    public List<NotificationEvent> recent(Principal p, Set<NotificationEvent.Type> types, int limit) {
        Permissions.requireRole(p, "read every notification event", Role.REGULATOR);
        List<NotificationEvent> out = new ArrayList<>();
        Instant now = clock.instant();
        Instant oldest = now.minus(LOOKBACK);
        int perBucket = types.isEmpty() ? limit : 5000;
        // a day of hourly partitions read at once, newest first, until the limit or the lookback is reached
        for (Instant day = now; out.size() < limit && !day.isBefore(oldest); day = day.minus(Duration.ofHours(24))) {
            List<java.util.concurrent.CompletableFuture<com.datastax.oss.driver.api.core.cql.AsyncResultSet>> hours = new ArrayList<>();
            for (int h = 0; h < 24 && !day.minus(Duration.ofHours(h)).isBefore(oldest); h++) {
                hours.add(session.executeAsync(newest.bind(NotificationEvent.bucket(day.minus(Duration.ofHours(h))), perBucket))
                        .toCompletableFuture());
            }
            for (var f : hours) {
                var rs = f.join();
                for (Row r : rs.currentPage()) {     // one page: perBucket is within the driver's page size
                    NotificationEvent e = event(r);
                    if (out.size() < limit && (types.isEmpty() || types.contains(e.type()))) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    /** Events of {@code from..to} (inclusive) oldest first, at most {@code limit}: the dispatcher's fan-out. */
    List<NotificationEvent> between(Instant from, Instant to, int limit) {
        List<NotificationEvent> out = new ArrayList<>();
        Instant h = from.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        while (!h.isAfter(to) && out.size() < limit) {
            for (Row r : session.execute(range.bind(NotificationEvent.bucket(h), from, to, limit - out.size()))) {
                out.add(event(r));
            }
            h = h.plus(Duration.ofHours(1));
        }
        return out;
    }

    /** One event by its key. */
    Optional<NotificationEvent> find(Instant occurredAt, UUID eventId) {
        Row r = session.execute(one.bind(NotificationEvent.bucket(occurredAt), occurredAt, eventId)).one();
        return r == null ? Optional.empty() : Optional.of(event(r));
    }

    /** JsonObject/JsonArray as plain maps and lists, all the way down (what NotificationEvent encodes). */
    static Object plain(Object v) {
        if (v instanceof JsonObject o) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            o.forEach(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (v instanceof io.vertx.core.json.JsonArray a) {
            List<Object> l = new ArrayList<>();
            a.forEach(x -> l.add(plain(x)));
            return l;
        }
        return v;
    }

    private static NotificationEvent event(Row r) {
        String data = r.getString("data");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = data == null ? Map.of() : (Map<String, Object>) plain(new JsonObject(data));
        return new NotificationEvent(r.getUuid("event_id"), NotificationEvent.Type.ofWire(r.getString("type")),
                r.getInstant("occurred_at"), r.getString("licensee_id"), r.isNull("product_id") ? null : r.getInt("product_id"),
                r.isNull("batch_id") ? null : r.getInt("batch_id"), m);
    }
}
