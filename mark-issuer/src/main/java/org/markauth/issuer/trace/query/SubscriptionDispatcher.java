package org.markauth.issuer.trace.query;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.notify.Dispatcher;
import org.markauth.issuer.notify.GuardedPost;
import org.markauth.issuer.notify.UrlGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers query subscriptions (EPCIS 2.0 section 8.2.5; REST binding callback
 * {@code querySubscriptionResults}) from {@code issuer serve}, every {@code issuer.webhooks.poll-interval}
 * (the Cassandra work on a worker thread, the POST on the event loop). Each pass takes every
 * subscription whose {@code next_at} has come (a stream subscription is always due; a scheduled one at
 * its next query time) under a lease ({@code epcis_subscription_leases}, IF NOT EXISTS with a TTL
 * longer than a delivery, as {@code notify.Dispatcher} does for webhooks), so two issuer instances
 * never deliver one subscription at once, and:
 * <ol>
 * <li>runs the named query as its party, over the events recorded after the subscription's cursor and
 *     before now minus {@link #SETTLE} (a capture writes its index rows just after it takes its
 *     recordTime: reading only what is at least that old does not step over a row still being
 *     written), at most {@link #PER_DOCUMENT} events;</li>
 * <li>POSTs them as an EPCISQueryDocument (with {@code subscriptionID}) to {@code dest}, signed
 *     with the client's {@code signatureToken}: {@code GS1-Signature: t=<unix seconds>,v1=<hex
 *     HMAC-SHA256(token, t + "." + body)>} (the binding leaves the scheme to the implementation; this
 *     is the issuer's webhook signature). Nothing is sent when nothing matched, unless a scheduled
 *     subscription asked for {@code reportIfEmpty};</li>
 * <li>on a 2xx moves the cursor past what was sent and sets the next due time (now again when more
 *     is waiting, else the next query time); on a failure keeps the cursor and retries after the
 *     webhook backoff ({@code issuer.webhooks.backoff-*}), for as long as the subscription exists —
 *     giving up would lose events a stream promised.</li>
 * </ol>
 * At least once: a crash after the POST and before the cursor moves resends that document.
 */
public final class SubscriptionDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionDispatcher.class);
    static final Duration SETTLE = Duration.ofSeconds(10);
    static final int PER_DOCUMENT = 500;
    private static final int RUNS_PER_PASS = 50;
    /**
     * A scheduled subscription runs at most once a minute whatever its schedule says: the binding lets a
     * schedule name every second, which would make the issuer query and POST (reportIfEmpty) every second.
     */
    static final Duration MIN_SCHEDULE_INTERVAL = Duration.ofSeconds(60);
    private static final int MAX_ERROR = 300;

    private final Vertx vertx;
    private final Subscriptions subs;
    private final NamedQueries queries;
    private final QueryEngine engine;
    private final MeterRegistry meters;
    private final String holder;
    private final Clock clock;
    private final HttpClient http;
    private final AtomicBoolean running = new AtomicBoolean();
    private final PreparedStatement takeLease;
    private final PreparedStatement releaseLease;
    private final PreparedStatement delivered;
    private final PreparedStatement failed;
    private long timer = -1;

    /** @param holder this instance's name in the leases (unique per process) */
    public SubscriptionDispatcher(Vertx vertx, Subscriptions subs, NamedQueries queries, QueryEngine engine, MeterRegistry meters,
                                  String holder) {
        this.vertx = vertx;
        this.subs = subs;
        this.queries = queries;
        this.engine = engine;
        this.meters = meters;
        this.holder = holder;
        this.clock = subs.clock;
        int ms = (int) Math.min(Integer.MAX_VALUE, subs.settings.timeout().toMillis());
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(ms).setIdleTimeout(ms)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setVerifyHost(true).setKeepAlive(false));
        takeLease = subs.s.prepare("INSERT INTO epcis_subscription_leases (subscription_id, holder) VALUES (?, ?) IF NOT EXISTS USING TTL ?");
        releaseLease = subs.s.prepare("DELETE FROM epcis_subscription_leases WHERE subscription_id = ? IF holder = ?");
        delivered = subs.s.prepare("UPDATE epcis_subscription_state SET cursor_time = ?, cursor_id = ?, next_at = ?, attempts = 0, "
                + "last_notified_at = ?, last_status = ?, last_error = null WHERE shard = 0 AND subscription_id = ? IF EXISTS");
        failed = subs.s.prepare("UPDATE epcis_subscription_state SET next_at = ?, attempts = ?, last_status = ?, last_error = ? "
                + "WHERE shard = 0 AND subscription_id = ? IF EXISTS");
    }

    public SubscriptionDispatcher start() {
        long every = Math.max(10, subs.settings.pollInterval().toMillis());
        timer = vertx.setPeriodic(every, every, id -> pass());
        return this;
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        http.close();
    }

    /** One delivery prepared under this instance's lease. {@code body} null: nothing to send, only the cursor to move. */
    private record Run(Subscriptions.Subscription sub, Subscriptions.State state, String body, Instant cursorTime, String cursorId,
                       boolean more, UrlGuard.Target target, String refused) {
    }

    /** One pass; a pass still running makes this one skip. Completes with the number of documents POSTed. */
    public Future<Integer> pass() {
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        return vertx.executeBlocking(this::prepare, false)
                .compose(runs -> Future.all(runs.stream().map(this::deliver).toList())
                        .map((int) runs.stream().filter(r -> r.body() != null).count()))
                .onFailure(e -> LOG.warn("EPCIS subscription pass failed, will retry: {}", e.toString()))
                .onComplete(x -> running.set(false));
    }

    private List<Run> prepare() {
        Instant now = clock.instant();
        List<Run> out = new ArrayList<>();
        for (Subscriptions.State st : subs.states()) {
            if (out.size() >= RUNS_PER_PASS) {
                break;
            }
            if (st.nextAt() != null && st.nextAt().isAfter(now)) {
                continue;
            }
            int ttl = (int) Math.max(30, subs.settings.timeout().toSeconds() * 3 + 30);
            if (!subs.s.execute(takeLease.bind(st.id(), holder, ttl)).wasApplied()) {
                continue;                                       // another instance has it
            }
            try {
                Optional<Run> r = prepare(st.id(), now);
                if (r.isPresent()) {
                    out.add(r.get());
                } else {
                    release(st);
                }
            } catch (RuntimeException e) {
                LOG.warn("EPCIS subscription {} not prepared: {}", st.id(), e.toString());
                release(st);
            }
        }
        return out;
    }

    /** Re-reads the subscription under the lease and runs its query; empty when there is nothing to do now. */
    private Optional<Run> prepare(java.util.UUID id, Instant now) {
        Subscriptions.State st = subs.state(id).orElse(null);
        if (st == null || (st.nextAt() != null && st.nextAt().isAfter(now))) {
            return Optional.empty();                            // deleted, or delivered by another instance just now
        }
        Subscriptions.Subscription sub = subs.find(st.owner(), st.queryName(), id).orElse(null);
        NamedQueries.Named q = queries.find(st.owner(), st.queryName()).orElse(null);
        if (sub == null || q == null) {
            return Optional.empty();
        }
        Instant upTo = now.minus(SETTLE);
        Instant from = st.cursorTime() == null ? sub.initialRecordTime() : st.cursorTime();
        EpcisQuery run = q.query().forDelivery(from, upTo.isAfter(from) ? upTo : from.plusMillis(1));
        String token = st.cursorId() == null || st.cursorId().isEmpty() ? null
                : new QueryEngine.Token(st.cursorTime(), st.cursorId(), null, run.digest()).encode();
        QueryEngine.Page page = engine.run(NamedQueries.runAs(st.owner()), run, null, PER_DOCUMENT, token);
        Instant cursorTime = upTo.isAfter(from) ? upTo : from;
        String cursorId = "";
        boolean more = page.nextPageToken() != null;
        if (more) {
            QueryEngine.Token t = QueryEngine.Token.decode(page.nextPageToken(), run.digest());
            cursorTime = t.time();
            cursorId = t.id();
        }
        boolean send = !page.events().isEmpty() || (!sub.stream() && sub.reportIfEmpty());
        String body = send ? QueryDocuments.queryDocument(st.queryName(), id.toString(), page.events(), now).encode() : null;
        UrlGuard.Target target = null;
        String refused = null;
        if (send) {
            try {
                target = subs.target(sub.dest());
            } catch (IssuerException e) {
                refused = e.getMessage();
            }
        }
        return Optional.of(new Run(sub, st, body, cursorTime, cursorId, more, target, refused));
    }

    private Future<Void> deliver(Run r) {
        if (r.body() == null) {
            return vertx.executeBlocking(() -> {
                record(r, null, null);
                return null;
            }, false);
        }
        if (r.refused() != null) {
            return vertx.executeBlocking(() -> {
                record(r, null, r.refused());
                return null;
            }, false);
        }
        return GuardedPost.send(vertx, http, request(r), r.body(), subs.settings.timeout())
                .compose(x -> vertx.executeBlocking(() -> {
                    record(r, x.status(), x.error());
                    return (Void) null;
                }, false))
                .otherwise(e -> {
                    LOG.warn("EPCIS subscription {}: delivery not recorded: {}; its lease runs out and it is tried again", r.sub().id(),
                            e.toString());
                    return null;
                });
    }

    private RequestOptions request(Run r) {
        RequestOptions o = GuardedPost.options(r.target(), subs.settings.timeout())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("User-Agent", "markauth-epcis/1")
                .putHeader("GS1-EPCIS-Version", EpcisQueryRoutes.EPCIS_VERSION)
                .putHeader("GS1-CBV-Version", EpcisQueryRoutes.CBV_VERSION);
        byte[] token = subs.token(r.sub());
        if (token != null) {
            try {
                long t = clock.instant().getEpochSecond();
                o.putHeader("GS1-Signature", "t=" + t + ",v1=" + Dispatcher.sign(token, t, r.body()));
            } finally {
                Arrays.fill(token, (byte) 0);
            }
        }
        return o;
    }

    /** Records a run: on success (or nothing to send) the cursor moves and the next due time is set; on failure the retry. */
    private void record(Run r, Integer status, String error) {
        Instant now = clock.instant();
        boolean ok = r.body() == null || (status != null && status >= 200 && status < 300);
        try {
            if (ok) {
                Instant next = r.more() || r.sub().stream() ? now
                        : r.sub().schedule().next(now.plus(MIN_SCHEDULE_INTERVAL).minusSeconds(1))
                                .orElse(now.plus(Duration.ofDays(366 * 4)));
                subs.s.execute(delivered.bind(r.cursorTime(), r.cursorId(), next, r.body() == null ? r.state().lastNotifiedAt() : now,
                        status, r.sub().id()));
            } else {
                int n = r.state().attempts() + 1;
                String err = error == null ? null : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
                subs.s.execute(failed.bind(now.plus(subs.settings.backoff(n)), n, status, err, r.sub().id()));
                LOG.info("EPCIS subscription {} delivery {} failed: {}", r.sub().id(), n, err);
            }
        } finally {
            release(r.state());
        }
        if (r.body() != null) {
            meters.counter("issuer.epcis.subscriptions.deliveries", "outcome", ok ? "delivered" : "retry").increment();
        }
    }

    private void release(Subscriptions.State st) {
        subs.s.execute(releaseLease.bind(st.id(), holder));
    }
}
