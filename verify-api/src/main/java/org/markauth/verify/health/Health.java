package org.markauth.verify.health;

import static org.markauth.http.RouteMetrics.named;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.markauth.http.CqlFutures;
import org.markauth.verify.cache.RedisTier;

/**
 * Liveness and readiness. Live: the event loop answers. Ready: reports Cassandra, Redis and the
 * scan writer. Because verification survives either store being down (Redis: in-process tier and
 * Cassandra; Cassandra: cached verdicts, spilled scans), one store down is {@code DEGRADED} with
 * status 200, so a load balancer keeps sending traffic that can still be answered; 503 only while
 * starting or draining, or when both stores are down.
 */
public final class Health {

    private final CqlSession session;
    private final RedisTier redis;
    private final BooleanSupplier spilling;
    private final SimpleStatement probe;
    private volatile boolean draining;

    public Health(CqlSession session, RedisTier redis, BooleanSupplier spilling) {
        this.session = session;
        this.redis = redis;
        this.spilling = spilling;
        this.probe = SimpleStatement.newInstance("SELECT release_version FROM system.local").setTimeout(Duration.ofSeconds(1));
    }

    public void mount(Router r) {
        named(r.get("/health/live"), "health").handler(Health::live);
        named(r.get("/health/ready"), "health").handler(this::ready);
    }

    public void draining() {
        draining = true;
    }

    public static void live(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}");
    }

    public void ready(RoutingContext ctx) {
        Future<Boolean> cassandra = CqlFutures.future(session.executeAsync(probe)).map(rs -> true)
                .timeout(1500, TimeUnit.MILLISECONDS).otherwise(false);
        Future<Boolean> redisUp = redis.ping().map(v -> true).otherwise(false);
        Future.join(cassandra, redisUp).onComplete(x -> {
            boolean c = cassandra.result();
            boolean r = redisUp.result();
            String status = draining ? "DRAINING" : c && r ? "UP" : c || r ? "DEGRADED" : "DOWN";
            JsonObject body = new JsonObject().put("status", status)
                    .put("checks", new JsonObject()
                            .put("cassandra", c ? "UP" : "DOWN")
                            .put("redis", r ? "UP" : "DOWN")
                            .put("scanWriter", spilling.getAsBoolean() ? "SPILLING" : "DIRECT"));
            ctx.response().setStatusCode(draining || (!c && !r) ? 503 : 200)
                    .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(body.encode());
        });
    }
}
