package org.markauth.verify.health;

import static org.markauth.http.RouteMetrics.named;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.markauth.http.CqlFutures;
import org.markauth.http.SecurityHeaders;
import org.markauth.verify.cache.RedisTier;

/**
 * Liveness and readiness. Live: the event loop answers. Ready: reports Cassandra, Redis and the
 * scan writer. Because verification survives either store being down (Redis: in-process tier and
 * Cassandra; Cassandra: cached verdicts, spilled scans), one store down is {@code DEGRADED} with
 * status 200, so a load balancer keeps sending traffic that can still be answered; 503 only while
 * starting or draining, or when both stores are down.
 *
 * <p>The store checks run in the background ({@link #start}: one round at a time, every
 * {@code every}), and the readiness route answers the last round's result at once: a probe costs no
 * Cassandra query and no Redis round trip, and it never waits on a slow store. A probe waiting on the
 * checks themselves (up to 1.5 s for Cassandra) timed out under a node-wide CPU overload on both
 * instances at once, which left a Service with no endpoint (the rolling-upgrade drill,
 * docs/reliability.md). A result older than three intervals (or none yet) is not trusted: the route
 * then runs a round and answers its result.
 */
public final class Health {

    /** How often the stores are checked: readiness reflects a store's loss or return within about a second. */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    /** One round of store checks and when it ended. */
    private record Checks(boolean cassandra, boolean redis, long atNanos) {
    }

    private final CqlSession session;
    private final RedisTier redis;
    private final BooleanSupplier spilling;
    private final SimpleStatement probe;
    private final AtomicReference<Future<Checks>> round = new AtomicReference<>();
    private volatile Checks last;
    private volatile boolean draining;
    private long staleNanos = Long.MAX_VALUE;
    private Vertx vertx;
    private long timer = -1;

    public Health(CqlSession session, RedisTier redis, BooleanSupplier spilling) {
        this.session = session;
        this.redis = redis;
        this.spilling = spilling;
        this.probe = SimpleStatement.newInstance("SELECT release_version FROM system.local").setTimeout(Duration.ofSeconds(1));
    }

    /** Checks the stores every {@code every} from now on (and once at once); {@link #stop} ends it. */
    public Health start(Vertx vertx, Duration every) {
        this.vertx = vertx;
        this.staleNanos = every.toNanos() * 3;
        check();
        timer = vertx.setPeriodic(every.toMillis(), id -> check());
        return this;
    }

    public void stop() {
        if (vertx != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public void mount(Router r) {
        named(r.get("/health/live"), "health").handler(Health::live);
        named(r.get("/health/ready"), "health").handler(this::ready);
    }

    public void draining() {
        draining = true;
    }

    public static void live(RoutingContext ctx) {
        ctx.response().putHeader(SecurityHeaders.CONTENT_TYPE, SecurityHeaders.JSON).end("{\"status\":\"UP\"}");
    }

    /** One round of checks: the round in flight if there is one, else a new one. */
    private Future<Checks> check() {
        Future<Checks> running = round.get();
        if (running != null) {
            return running;
        }
        Promise<Checks> p = Promise.promise();
        if (!round.compareAndSet(null, p.future())) {
            return round.get();
        }
        Future<Boolean> cassandra = CqlFutures.future(session.executeAsync(probe)).map(rs -> true)
                .timeout(1500, TimeUnit.MILLISECONDS).otherwise(false);
        Future<Boolean> redisUp = redis.ping().map(v -> true).otherwise(false);
        Future.join(cassandra, redisUp).onComplete(x -> {
            Checks c = new Checks(cassandra.result(), redisUp.result(), System.nanoTime());
            last = c;
            round.set(null);
            p.complete(c);
        });
        return p.future();
    }

    public void ready(RoutingContext ctx) {
        Checks c = last;
        if (c != null && System.nanoTime() - c.atNanos() <= staleNanos) {
            answer(ctx, c);
        } else {
            check().onComplete(x -> answer(ctx, x.result()));
        }
    }

    private void answer(RoutingContext ctx, Checks checks) {
        boolean c = checks.cassandra();
        boolean r = checks.redis();
        String status = draining ? "DRAINING" : c && r ? "UP" : c || r ? "DEGRADED" : "DOWN";
        JsonObject body = new JsonObject().put("status", status)
                .put("checks", new JsonObject()
                        .put("cassandra", c ? "UP" : "DOWN")
                        .put("redis", r ? "UP" : "DOWN")
                        .put("scanWriter", spilling.getAsBoolean() ? "SPILLING" : "DIRECT"))
                .put("checkedMsAgo", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - checks.atNanos()));
        ctx.response().setStatusCode(draining || (!c && !r) ? 503 : 200)
                .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
