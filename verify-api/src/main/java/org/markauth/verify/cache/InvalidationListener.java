package org.markauth.verify.cache;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import org.markauth.http.CqlFutures;
import org.markauth.verify.registry.RegistryReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops cache entries when the registry changes, on every instance, within seconds. Two paths,
 * because either alone can miss: Redis pub/sub on the invalidation channel (fast, but a message
 * sent while this instance was disconnected is lost) and polling the change_log table every
 * {@code poll} (slower, but it cannot miss). Each pub/sub message is applied twice, at once and
 * again after {@code poll}: a concurrent miss that read the old row just before the change may
 * otherwise write it back into Redis after the first drop.
 *
 * <p>Each subscription has a client of its own, closed when the subscription is given up. In
 * {@code redis.mode=cluster} the connection is one per node and its end handler fires when any of
 * them ends (a master killed that held no subscription of ours included): the whole client is then
 * closed and a new one subscribes, on whichever master is up, instead of a second subscription
 * beside the first and a client left open at every failover.
 */
public final class InvalidationListener extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationListener.class);

    private final RedisOptions redisOptions;
    private final String channel;
    private final CqlSession session;
    private final Duration poll;
    private final Consumer<String> apply;
    private PreparedStatement changes;
    private RedisConnection conn;
    private Redis client;
    private UUID lastSeen;
    private long pollTimer = -1;
    private volatile boolean stopping;
    private volatile boolean subscribed;
    private long reconnectDelay = 200;

    /** @param apply receives each message {@code <kind>:<id>}, on this verticle's event loop */
    public InvalidationListener(RedisOptions redisOptions, String channel, CqlSession session, Duration poll,
                                Consumer<String> apply) {
        this.redisOptions = redisOptions;
        this.channel = channel;
        this.session = session;
        this.poll = poll;
        this.apply = apply;
    }

    public boolean subscribed() {
        return subscribed;
    }

    @Override
    public Future<?> start() {
        lastSeen = Uuids.startOf(System.currentTimeMillis() - poll.toMillis());
        return vertx.executeBlocking(() -> session.prepare("SELECT at, kind, id FROM change_log WHERE day = ? AND at > ?"))
                .onSuccess(ps -> {
                    changes = ps;
                    pollTimer = vertx.setPeriodic(poll.toMillis(), t -> pollOnce());
                    subscribe();
                }).mapEmpty();
    }

    private void subscribe() {
        if (stopping) {
            return;
        }
        Redis next = Redis.createClient(vertx, redisOptions);
        client = next;
        next.connect().compose(c -> {
            conn = c;
            c.handler(this::onPush);
            c.exceptionHandler(e -> LOG.debug("invalidation connection error: {}", e.toString()));
            c.endHandler(v -> {
                if (conn != c) {
                    return;   // given up already: closing it ends each of its node connections
                }
                giveUp();
                if (!stopping) {
                    LOG.warn("invalidation subscription lost; resubscribing (change_log polling covers the gap)");
                    retryLater();
                }
            });
            return c.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
        }).onSuccess(r -> {
            if (client == next) {
                subscribed = true;
                reconnectDelay = 200;
                LOG.info("subscribed to {}", channel);
            }
        }).onFailure(e -> {
            if (client == next) {   // else the end handler gave it up already, and retries itself
                giveUp();
                retryLater();
            }
        });
    }

    /** Closes the current connection and its client (on this verticle's event loop). */
    private Future<Void> giveUp() {
        subscribed = false;
        RedisConnection c = conn;
        Redis r = client;
        conn = null;
        client = null;
        Future<Void> closed = c == null ? Future.succeededFuture() : c.close().otherwiseEmpty();
        return closed.eventually(() -> r == null ? Future.succeededFuture() : r.close().otherwiseEmpty());
    }

    private void retryLater() {
        if (stopping) {
            return;
        }
        long d = reconnectDelay;
        reconnectDelay = Math.min(5_000, reconnectDelay * 2);
        vertx.setTimer(d, t -> subscribe());
    }

    private void onPush(Response r) {
        // ["message", channel, payload] arrives as a PUSH (RESP3) or MULTI (RESP2) reply
        if (r == null || (r.type() != ResponseType.PUSH && r.type() != ResponseType.MULTI) || r.size() < 3
                || !"message".equals(r.get(0).toString())) {
            return;
        }
        String msg = r.get(2).toString();
        apply.accept(msg);
        vertx.setTimer(poll.toMillis(), t -> {
            if (!stopping) {
                apply.accept(msg);
            }
        });
    }

    private void pollOnce() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate lastDay = LocalDate.ofInstant(RegistryReader.instantOf(lastSeen), ZoneOffset.UTC);
        Future<Void> f = Future.succeededFuture();
        for (LocalDate d = lastDay; !d.isAfter(today); d = d.plusDays(1)) {
            LocalDate day = d;
            f = f.compose(v -> readDay(day));
        }
        f.onFailure(e -> LOG.debug("change_log poll failed: {}", e.toString()));
    }

    private Future<Void> readDay(LocalDate day) {
        return CqlFutures.future(session.executeAsync(changes.bind(day, lastSeen))).map(rs -> {
            for (Row row : rs.currentPage()) {
                UUID at = row.getUuid("at");
                apply.accept(row.getString("kind") + ":" + row.getString("id"));
                if (at.timestamp() > lastSeen.timestamp()) {
                    lastSeen = at;
                }
            }
            return null;
        });
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        return giveUp();
    }
}
