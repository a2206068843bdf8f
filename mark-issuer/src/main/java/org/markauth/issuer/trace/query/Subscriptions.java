package org.markauth.issuer.trace.query;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.keys.Kek;
import org.markauth.issuer.notify.UrlGuard;
import org.markauth.issuer.notify.Webhooks;
import org.markauth.issuer.trace.EpcisException;

/**
 * Query subscriptions (EPCIS 2.0 section 8.2.5 standing queries; REST binding
 * {@code POST /queries/{queryName}/subscriptions}): a webhook {@code dest} that receives the named
 * query's results as EPCISQueryDocuments, either on a {@link Schedule} or, with {@code stream: true},
 * as soon as events matching it are captured. Each delivery reports the events recorded since the
 * previous one (section 8.2.5.2: the first from {@code initialRecordTime}, default now), so a
 * subscription never reports an event twice unless a delivery is retried. {@code dest} passes the
 * issuer's webhook URL guard ({@link UrlGuard}: http(s), public addresses unless
 * {@code issuer.webhooks.allow-private}); the client's {@code signatureToken} is kept sealed under
 * the issuer's KEK and never shown again. A subscription belongs to its query's party; deleting the
 * query deletes them. Audited. Blocking ({@code dest} is resolved): run on worker threads.
 */
public final class Subscriptions {

    static final int MAX_PER_OWNER = 20;
    static final int MAX_TOKEN = 256;

    /** A subscription as stored (the sealed token stays inside: {@link #token} opens it for a delivery). */
    public record Subscription(UUID id, String owner, String queryName, String dest, boolean stream, Schedule schedule,
                               boolean reportIfEmpty, Instant initialRecordTime, Instant createdAt, String createdBy, byte[] sealedToken) {
    }

    /** A subscription's progress (V021 epcis_subscription_state). */
    public record State(UUID id, String owner, String queryName, Instant cursorTime, String cursorId, Instant nextAt, int attempts,
                        Instant lastNotifiedAt, Integer lastStatus, String lastError) {
    }

    /** A subscription with its progress, as the API shows it. */
    public record View(Subscription subscription, State state) {
    }

    final CqlSession s;
    final Webhooks.Settings settings;
    final Clock clock;
    private final Kek kek;
    private final ChangeRecorder changes;
    private final NamedQueries queries;
    private final UrlGuard guard;
    private final PreparedStatement insert;
    private final PreparedStatement insertState;
    private final PreparedStatement one;
    private final PreparedStatement byQuery;
    private final PreparedStatement byOwner;
    private final PreparedStatement remove;
    private final PreparedStatement removeState;
    private final PreparedStatement state;
    private final PreparedStatement states;

    public Subscriptions(CqlSession s, Kek kek, NamedQueries queries, ChangeRecorder changes, Clock clock, Webhooks.Settings settings) {
        this.s = s;
        this.kek = kek;
        this.queries = queries;
        this.changes = changes;
        this.clock = clock;
        this.settings = settings;
        this.guard = new UrlGuard(settings.allowPrivate());
        queries.subscriptions(this);
        String cols = "SELECT owner, query_name, subscription_id, dest, sealed_token, stream, schedule, report_if_empty, initial_record_time, "
                + "created_at, created_by FROM epcis_subscriptions ";
        insert = s.prepare("INSERT INTO epcis_subscriptions (owner, query_name, subscription_id, dest, sealed_token, stream, schedule, "
                + "report_if_empty, initial_record_time, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertState = s.prepare("INSERT INTO epcis_subscription_state (shard, subscription_id, owner, query_name, cursor_time, cursor_id, "
                + "next_at, attempts) VALUES (0, ?, ?, ?, ?, ?, ?, 0)");
        one = s.prepare(cols + "WHERE owner = ? AND query_name = ? AND subscription_id = ?");
        byQuery = s.prepare(cols + "WHERE owner = ? AND query_name = ?");
        byOwner = s.prepare("SELECT subscription_id FROM epcis_subscriptions WHERE owner = ? LIMIT ?");
        remove = s.prepare("DELETE FROM epcis_subscriptions WHERE owner = ? AND query_name = ? AND subscription_id = ?");
        removeState = s.prepare("DELETE FROM epcis_subscription_state WHERE shard = 0 AND subscription_id = ?");
        String stateCols = "SELECT subscription_id, owner, query_name, cursor_time, cursor_id, next_at, attempts, last_notified_at, "
                + "last_status, last_error FROM epcis_subscription_state WHERE shard = 0";
        state = s.prepare(stateCols + " AND subscription_id = ?");
        states = s.prepare(stateCols + " LIMIT 10000");
    }

    public View create(Principal p, String queryName, JsonObject body) {
        String owner = NamedQueries.owner(p);
        queries.get(p, queryName);
        for (String k : body.fieldNames()) {
            if (!List.of("dest", "signatureToken", "reportIfEmpty", "initialRecordTime", "schedule", "stream").contains(k)) {
                throw controls("has no field '" + EpcisQuery.shorten(k) + "'; its fields are dest, signatureToken, reportIfEmpty, "
                        + "initialRecordTime and schedule or stream");
            }
        }
        if (!(body.getValue("dest") instanceof String dest) || dest.isBlank()) {
            throw controls("needs dest: the http(s) URL the results are POSTed to");
        }
        try {
            guard.check(dest);
        } catch (IssuerException.BadInput e) {
            throw new EpcisException("INVALID_DEST", "dest: " + e.getMessage());
        }
        Object st = body.getValue("stream");
        Object sc = body.getValue("schedule");
        if (st != null && !(st instanceof Boolean)) {
            throw controls("stream must be true or absent");
        }
        boolean stream = Boolean.TRUE.equals(st);
        if (stream == (sc != null)) {
            throw controls(stream ? "takes stream: true or a schedule, not both" : "needs a schedule or stream: true (EPCIS 2.0: "
                    + "the repository must know when to report)");
        }
        if (sc != null && !(sc instanceof JsonObject)) {
            throw controls("schedule must be an object such as {\"hour\": \"1\", \"minute\": \"5\"}");
        }
        Schedule schedule = stream ? null : Schedule.parse((JsonObject) sc);
        Object rie = body.getValue("reportIfEmpty");
        if (rie != null && !(rie instanceof Boolean)) {
            throw controls("reportIfEmpty must be true or false");
        }
        if (stream && Boolean.TRUE.equals(rie)) {
            throw controls("reportIfEmpty applies to a schedule; a stream reports only when events match");
        }
        Object tok = body.getValue("signatureToken");
        if (tok != null && (!(tok instanceof String t) || t.isEmpty() || t.length() > MAX_TOKEN)) {
            throw controls("signatureToken must be a string of 1-" + MAX_TOKEN + " characters");
        }
        Instant now = clock.instant();
        Instant initial = now;
        if (body.getValue("initialRecordTime") != null) {
            try {
                initial = OffsetDateTime.parse(String.valueOf(body.getValue("initialRecordTime"))).toInstant();
            } catch (DateTimeParseException e) {
                throw controls("initialRecordTime must be an ISO 8601 date-time with offset");
            }
        }
        if (s.execute(byOwner.bind(owner, MAX_PER_OWNER + 1)).all().size() >= MAX_PER_OWNER) {
            throw new IssuerException.Refused("TOO_MANY_SUBSCRIPTIONS", "a party keeps at most " + MAX_PER_OWNER
                    + " query subscriptions; delete one first");
        }
        UUID id = UUID.randomUUID();
        byte[] sealed = null;
        if (tok != null) {
            byte[] plain = ((String) tok).getBytes(StandardCharsets.UTF_8);
            try {
                sealed = kek.seal(plain, aad(id));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
        Instant next = stream ? now : schedule.next(now).orElseThrow(() -> controls("schedule " + schedule.toJson().encode()
                + " names no time in the next four years"));
        Subscription sub = new Subscription(id, owner, queryName, dest.strip(), stream, schedule, Boolean.TRUE.equals(rie), initial, now,
                p.userId(), sealed);
        s.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                insert.bind(owner, queryName, id, sub.dest(), sealed == null ? null : ByteBuffer.wrap(sealed), stream,
                        schedule == null ? null : schedule.toJson().encode(), sub.reportIfEmpty(), initial, now, p.userId()),
                insertState.bind(id, owner, queryName, initial, "", next)));
        changes.audit(p.userId(), "epcis.subscription.create", "epcis-subscription:" + id, owner + " " + queryName + " -> " + sub.dest());
        return new View(sub, state(id).orElseThrow());
    }

    public List<View> list(Principal p, String queryName) {
        String owner = NamedQueries.owner(p);
        queries.get(p, queryName);
        List<View> out = new ArrayList<>();
        for (Row r : s.execute(byQuery.bind(owner, queryName))) {
            Subscription sub = subscription(r);
            state(sub.id()).ifPresent(st -> out.add(new View(sub, st)));
        }
        return out;
    }

    public View get(Principal p, String queryName, String id) {
        String owner = NamedQueries.owner(p);
        queries.get(p, queryName);
        UUID u = uuid(id);
        return find(owner, queryName, u).flatMap(sub -> state(u).map(st -> new View(sub, st)))
                .orElseThrow(() -> new IssuerException.NotFound("subscription", id));
    }

    public void delete(Principal p, String queryName, String id) {
        View v = get(p, queryName, id);
        drop(v.subscription());
        changes.audit(p.userId(), "epcis.subscription.delete", "epcis-subscription:" + id, v.subscription().dest());
    }

    /** Removes every subscription of a query (the query is being deleted). */
    void deleteAll(Principal p, String owner, String queryName) {
        for (Row r : s.execute(byQuery.bind(owner, queryName))) {
            Subscription sub = subscription(r);
            drop(sub);
            changes.audit(p.userId(), "epcis.subscription.delete", "epcis-subscription:" + sub.id(), "with query " + queryName);
        }
    }

    private void drop(Subscription sub) {
        s.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED, remove.bind(sub.owner(), sub.queryName(), sub.id()),
                removeState.bind(sub.id())));
    }

    Optional<Subscription> find(String owner, String queryName, UUID id) {
        return Optional.ofNullable(s.execute(one.bind(owner, queryName, id)).one()).map(Subscriptions::subscription);
    }

    Optional<State> state(UUID id) {
        return Optional.ofNullable(s.execute(state.bind(id)).one()).map(Subscriptions::state);
    }

    List<State> states() {
        List<State> out = new ArrayList<>();
        s.execute(states.bind()).forEach(r -> out.add(state(r)));
        return out;
    }

    /** The guarded target of a delivery (checked again before each: DNS may have changed). */
    UrlGuard.Target target(String dest) {
        return guard.check(dest);
    }

    /** The client's signatureToken, opened for one delivery; the caller zeroes it. Null when it gave none. */
    byte[] token(Subscription sub) {
        return sub.sealedToken() == null ? null : kek.open(sub.sealedToken(), aad(sub.id()));
    }

    static byte[] aad(UUID id) {
        return ("epcis-subscription:" + id).getBytes(StandardCharsets.UTF_8);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IssuerException.NotFound("subscription", id);
        }
    }

    private static Subscription subscription(Row r) {
        ByteBuffer tok = r.getByteBuffer("sealed_token");
        byte[] sealed = null;
        if (tok != null) {
            sealed = new byte[tok.remaining()];
            tok.duplicate().get(sealed);
        }
        String sc = r.getString("schedule");
        return new Subscription(r.getUuid("subscription_id"), r.getString("owner"), r.getString("query_name"), r.getString("dest"),
                Boolean.TRUE.equals(r.getBoolean("stream")), sc == null ? null : Schedule.parse(new JsonObject(sc)),
                Boolean.TRUE.equals(r.getBoolean("report_if_empty")), r.getInstant("initial_record_time"), r.getInstant("created_at"),
                r.getString("created_by"), sealed);
    }

    private static State state(Row r) {
        return new State(r.getUuid("subscription_id"), r.getString("owner"), r.getString("query_name"), r.getInstant("cursor_time"),
                r.getString("cursor_id"), r.getInstant("next_at"), r.isNull("attempts") ? 0 : r.getInt("attempts"),
                r.getInstant("last_notified_at"), r.isNull("last_status") ? null : r.getInt("last_status"), r.getString("last_error"));
    }

    private static IssuerException controls(String message) {
        return Schedule.invalid("the subscription " + message);
    }
}
