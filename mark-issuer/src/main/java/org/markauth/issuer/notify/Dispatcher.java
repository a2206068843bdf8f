package org.markauth.issuer.notify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.markauth.issuer.IssuerException;
import org.markauth.registry.NotificationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notification events to webhooks, at least once, from {@code issuer serve} (a Vert.x
 * timer; the Cassandra work on a worker thread, the HTTP requests on the event loop). Each pass:
 * <ol>
 * <li><b>fan-out</b>: the events since the shared cursor (and those of the two minutes before it,
 *     read apart, so a row written late by a producer whose clock lags is not missed) become one {@code webhook_deliveries} row per receiving webhook, created
 *     with IF NOT EXISTS (two instances make it once), and a {@code webhook_pending} row;</li>
 * <li><b>due</b>: the pending deliveries whose next try has come, each taken under a lease
 *     ({@code webhook_leases}, IF NOT EXISTS with a TTL longer than an attempt), re-read under it
 *     (another instance may have just delivered it), then POSTed;</li>
 * <li><b>record</b>: the attempt in the log, the delivery's state (2xx: DELIVERED; otherwise PENDING
 *     with the next try {@link Webhooks.Settings#backoff} later, or FAILED after the last attempt),
 *     the pending row moved or removed, the lease released.</li>
 * </ol>
 * Everything a delivery needs is in Cassandra, so pending deliveries survive a restart; a crash
 * mid-attempt leaves the lease to run out and the attempt to be made again (at least once: the
 * event id, the same on every attempt, lets the receiver drop a repeat).
 *
 * <p>The request: {@code POST} the event's JSON ({@link NotificationEvent#toJson}) with
 * {@code Markauth-Event-Id}, {@code Markauth-Event-Type} and {@code Markauth-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, to the address {@link UrlGuard}
 * checked (no redirects followed).
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration OVERLAP = Duration.ofMinutes(2);
    private static final int EVENTS_PER_PASS = 500;
    private static final int ATTEMPTS_PER_PASS = 50;
    /** At most this many attempts of one webhook a pass: a receiver with a long backlog does not take every slot. */
    static final int ATTEMPTS_PER_WEBHOOK = 10;
    private static final int MAX_ERROR = 300;

    private final Vertx vertx;
    private final Webhooks hooks;
    private final Notifications events;
    private final CqlSession session;
    private final Webhooks.Settings settings;
    private final Clock clock;
    private final String holder;
    private final HttpClient http;
    private final MeterRegistry meters;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    private final PreparedStatement readCursor;
    private final PreparedStatement writeCursor;
    private final PreparedStatement readDelivery;
    private final PreparedStatement createDelivery;
    private final PreparedStatement insertPending;
    private final PreparedStatement duePending;
    private final PreparedStatement deletePending;
    private final PreparedStatement takeLease;
    private final PreparedStatement releaseLease;
    private final PreparedStatement updateDelivery;
    private final PreparedStatement insertAttempt;

    /** @param holder this instance's name in the leases (unique per process) */
    public Dispatcher(Vertx vertx, Webhooks hooks, Notifications events, MeterRegistry meters, String holder) {
        this.vertx = vertx;
        this.hooks = hooks;
        this.events = events;
        this.session = hooks.session;
        this.settings = hooks.settings;
        this.clock = hooks.clock;
        this.meters = meters;
        this.holder = holder;
        int ms = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(ms).setIdleTimeout(ms)
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS).setVerifyHost(true).setKeepAlive(false));
        readCursor = session.prepare("SELECT at FROM notification_cursor WHERE name = 'fanout'");
        writeCursor = session.prepare("UPDATE notification_cursor SET at = ? WHERE name = 'fanout'");
        readDelivery = session.prepare("SELECT state, attempts, next_at FROM webhook_deliveries WHERE webhook_id = ? "
                + "AND occurred_at = ? AND event_id = ?");
        createDelivery = session.prepare("INSERT INTO webhook_deliveries (webhook_id, occurred_at, event_id, event_type, state, "
                + "attempts, next_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?) IF NOT EXISTS");
        insertPending = session.prepare("INSERT INTO webhook_pending (shard, webhook_id, event_id, occurred_at, next_at) "
                + "VALUES (0, ?, ?, ?, ?)");
        duePending = session.prepare("SELECT webhook_id, event_id, occurred_at, next_at FROM webhook_pending WHERE shard = 0 LIMIT 10000");
        deletePending = session.prepare("DELETE FROM webhook_pending WHERE shard = 0 AND webhook_id = ? AND event_id = ?");
        takeLease = session.prepare("INSERT INTO webhook_leases (webhook_id, event_id, holder) VALUES (?, ?, ?) IF NOT EXISTS "
                + "USING TTL ?");
        releaseLease = session.prepare("DELETE FROM webhook_leases WHERE webhook_id = ? AND event_id = ? IF holder = ?");
        updateDelivery = session.prepare("UPDATE webhook_deliveries SET state = ?, attempts = ?, last_at = ?, last_status = ?, "
                + "last_error = ?, next_at = ? WHERE webhook_id = ? AND occurred_at = ? AND event_id = ?");
        insertAttempt = session.prepare("INSERT INTO webhook_attempts (webhook_id, occurred_at, event_id, attempt, at, status, "
                + "error, next_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Starts the timer (every {@code issuer.webhooks.poll-interval}). */
    public Dispatcher start() {
        long every = Math.max(10, settings.pollInterval().toMillis());
        timer = vertx.setPeriodic(every, every, id -> pass());
        return this;
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        http.close();
    }

    /** One pass; a pass still running makes this one skip. Completes when its attempts are recorded. */
    public Future<Integer> pass() {
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        return vertx.executeBlocking(this::prepare, false)
                .compose(leased -> Future.all(leased.stream().map(this::attempt).toList()).map(leased.size()))
                .onFailure(e -> LOG.warn("webhook dispatch pass failed, will retry: {}", e.toString()))
                .onComplete(x -> running.set(false));
    }

    /** A delivery taken under this instance's lease, ready to send. */
    private record Leased(Webhooks.Subscriber to, NotificationEvent event, int attemptsBefore, UrlGuard.Target target,
                          String refused) {
    }

    private List<Leased> prepare() {
        Map<UUID, Webhooks.Subscriber> hooksById = hooks.all();
        fanOut(hooksById);
        Instant now = clock.instant();
        List<Leased> out = new ArrayList<>();
        Map<UUID, Integer> perHook = new java.util.HashMap<>();
        for (Row p : session.execute(duePending.bind())) {
            if (out.size() >= ATTEMPTS_PER_PASS) {
                break;
            }
            Instant next = p.getInstant("next_at");
            if (next != null && next.isAfter(now)) {
                continue;
            }
            UUID w = p.getUuid("webhook_id");
            UUID e = p.getUuid("event_id");
            Instant at = p.getInstant("occurred_at");
            Webhooks.Subscriber to = hooksById.get(w);
            if (to == null) {
                session.execute(deletePending.bind(w, e));    // the webhook was deleted
                continue;
            }
            if (perHook.getOrDefault(w, 0) >= ATTEMPTS_PER_WEBHOOK) {
                continue;                                       // its turn again next pass
            }
            int ttl = (int) Math.max(30, settings.timeout().toSeconds() * 3 + 30);
            if (!session.execute(takeLease.bind(w, e, holder, ttl)).wasApplied()) {
                continue;                                       // another instance has it
            }
            Row d = session.execute(readDelivery.bind(w, at, e)).one();
            if (d == null || !"PENDING".equals(d.getString("state"))) {
                session.execute(deletePending.bind(w, e));
                release(w, e);
                continue;
            }
            Instant dueAt = d.getInstant("next_at");
            if (dueAt != null && dueAt.isAfter(now)) {
                release(w, e);                                  // the pending row was stale; its delivery is not due
                continue;
            }
            Optional<NotificationEvent> ev = events.find(at, e);
            int before = d.isNull("attempts") ? 0 : d.getInt("attempts");
            if (ev.isEmpty()) {
                record(to, at, e, "?", before + 1, null, "the event is no longer in the log (expired)", true);
                continue;
            }
            UrlGuard.Target target = null;
            String refused = null;
            try {
                target = hooks.target(to.webhook().url());
            } catch (IssuerException x) {
                refused = x.getMessage();
            }
            perHook.merge(w, 1, Integer::sum);
            out.add(new Leased(to, ev.get(), before, target, refused));
        }
        return out;
    }

    /** Turns the events since the cursor into deliveries; moves the cursor. */
    private void fanOut(Map<UUID, Webhooks.Subscriber> hooksById) {
        Instant now = clock.instant();
        Row c = session.execute(readCursor.bind()).one();
        Instant cursor = c == null || c.getInstant("at") == null ? now.minus(OVERLAP) : c.getInstant("at");
        if (hooksById.isEmpty()) {
            session.execute(writeCursor.bind(now));
            return;
        }
        // the overlap before the cursor (rows written late: their own bounded read, so a burst there
        // cannot hold the cursor back), then what is new, at most EVENTS_PER_PASS a pass
        List<NotificationEvent> fresh = events.between(cursor, now, EVENTS_PER_PASS);
        Instant reached = fresh.size() < EVENTS_PER_PASS ? now : fresh.get(fresh.size() - 1).occurredAt();
        List<NotificationEvent> list = new ArrayList<>(events.between(cursor.minus(OVERLAP), cursor.minusMillis(1), EVENTS_PER_PASS));
        list.addAll(fresh);
        for (NotificationEvent e : list) {
            for (Webhooks.Subscriber s : hooksById.values()) {
                if (!s.webhook().receives(e)) {
                    continue;
                }
                UUID w = s.webhook().webhookId();
                Row d = session.execute(readDelivery.bind(w, e.occurredAt(), e.id())).one();
                if (d == null) {
                    if (session.execute(createDelivery.bind(w, e.occurredAt(), e.id(), e.type().wire(), now)).wasApplied()) {
                        session.execute(insertPending.bind(w, e.id(), e.occurredAt(), now));
                    }
                } else if ("PENDING".equals(d.getString("state")) && !d.isNull("attempts") && d.getInt("attempts") == 0) {
                    // created, never tried: make sure it is queued (a crash between the two writes above)
                    session.execute(insertPending.bind(w, e.id(), e.occurredAt(), d.getInstant("next_at")));
                }
            }
        }
        if (reached.isAfter(cursor)) {
            session.execute(writeCursor.bind(reached));
        }
    }

    /** Sends one leased delivery and records the outcome (never fails). */
    private Future<Void> attempt(Leased l) {
        int n = l.attemptsBefore() + 1;
        UUID w = l.to().webhook().webhookId();
        if (l.refused() != null) {
            return vertx.executeBlocking(() -> {
                record(l.to(), l.event().occurredAt(), l.event().id(), l.event().type().wire(), n, null, l.refused(), false);
                return null;
            }, false);
        }
        String body = l.event().toJson();
        long t = clock.instant().getEpochSecond();
        String signature;
        byte[] secret = hooks.secret(l.to());
        try {
            signature = "t=" + t + ",v1=" + sign(secret, t, body);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        RequestOptions o = GuardedPost.options(l.target(), settings.timeout())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("User-Agent", "markauth-webhooks/1")
                .putHeader("Markauth-Event-Id", l.event().id().toString())
                .putHeader("Markauth-Event-Type", l.event().type().wire())
                .putHeader("Markauth-Signature", signature);
        return GuardedPost.send(vertx, http, o, body, settings.timeout())
                .compose(r -> vertx.executeBlocking(() -> {
                    record(l.to(), l.event().occurredAt(), l.event().id(), l.event().type().wire(), n, r.status(), r.error(), false);
                    return (Void) null;
                }, false))
                .otherwise(e -> {
                    LOG.warn("webhook {} event {}: attempt {} not recorded: {}; its lease runs out and it is tried again", w,
                            l.event().id(), n, e.toString());
                    return null;
                });
    }

    /** Records attempt {@code n}: the log row, the delivery's new state, the pending row, the lease. */
    private void record(Webhooks.Subscriber to, Instant at, UUID event, String type, int n, Integer status, String error,
                        boolean giveUp) {
        UUID w = to.webhook().webhookId();
        Instant now = clock.instant();
        boolean ok = status != null && status >= 200 && status < 300;
        boolean failed = !ok && (giveUp || n >= settings.maxAttempts());
        Instant next = ok || failed ? null : now.plus(settings.backoff(n));
        String state = ok ? "DELIVERED" : failed ? "FAILED" : "PENDING";
        String err = error == null ? null : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        if (failed && err != null) {
            err = err + " (gave up after attempt " + n + ")";
        }
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                insertAttempt.bind(w, at, event, n, now, status, err, next),
                updateDelivery.bind(state, n, now, status, err, next, w, at, event)));
        if (next == null) {
            session.execute(deletePending.bind(w, event));
        } else {
            session.execute(insertPending.bind(w, event, at, next));
        }
        release(w, event);
        meters.counter("issuer.webhooks.attempts", "outcome", ok ? "delivered" : failed ? "failed" : "retry").increment();
        if (failed) {
            LOG.warn("webhook {} gave up on event {} ({}) after {} attempt(s): {}", w, event, type, n, err);
        }
    }

    private void release(UUID w, UUID e) {
        session.execute(releaseLease.bind(w, e, holder));
    }

    /** {@code hex(HMAC-SHA256(secret, t + "." + body))} (RFC 2104): what {@code v1=} carries. */
    public static String sign(byte[] secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
