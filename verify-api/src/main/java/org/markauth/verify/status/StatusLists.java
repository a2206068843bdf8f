package org.markauth.verify.status;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.markauth.http.ApiError;
import org.markauth.sdk.status.StatusListCodec;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.verify.web.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the signed status list the issuer stores in {@code status_lists} (V010):
 * {@code GET /api/v1/status-list} answers the newest full document, {@code ?since=n} the signed
 * deltas n+1 … newest back to back (or the full document when they are no longer all kept or
 * would be larger), 204 when n is the newest. The newest full document is verified against the
 * pinned roots before it is served, like the trust list, and re-read at most every
 * {@code maxAge}; the old one is served while a new one loads.
 */
public final class StatusLists {

    private static final Logger LOG = LoggerFactory.getLogger(StatusLists.class);

    private record Snapshot(long sequence, byte[] full, Instant at) {
    }

    private final Vertx vertx;
    private final CqlSession session;
    private final List<TrustRoot> roots;
    private final Clock clock;
    private final Duration maxAge;
    private final PreparedStatement head;
    private final PreparedStatement deltas;
    private volatile Snapshot snapshot;
    private Future<Snapshot> loading;

    /** Prepares its statements: construct off the event loop. */
    public StatusLists(Vertx vertx, CqlSession session, List<TrustRoot> roots, Clock clock, Duration maxAge) {
        this.vertx = vertx;
        this.session = session;
        this.roots = List.copyOf(roots);
        this.clock = clock;
        this.maxAge = maxAge;
        head = session.prepare("SELECT sequence, full_document FROM status_lists WHERE list = 'current' LIMIT 1");
        deltas = session.prepare("SELECT sequence, delta_document FROM status_lists WHERE list = 'current' "
                + "AND sequence > ? AND sequence <= ?");
    }

    public void mount(Router r) {
        mount(r, RoutingContext::next);
    }

    /**
     * Mounts the route behind {@code limit} (the verify routes' per-client rate limit): a delta chain
     * is a Cassandra read, and the route is open to anyone.
     */
    public void mount(Router r, io.vertx.core.Handler<RoutingContext> limit) {
        r.get("/api/v1/status-list").handler(limit).handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        Long since = since(ctx.request().getParam("since"));
        current().onSuccess(s -> {
            if (s == null) {
                ctx.fail(new ApiError(ErrorCode.NOT_FOUND, "no status list is published yet"));
                return;
            }
            ctx.response().putHeader("X-Status-List-Sequence", Long.toString(s.sequence()));
            if (since != null && since == s.sequence()) {
                ctx.response().putHeader("Cache-Control", "no-cache").setStatusCode(204).end();
                return;
            }
            if (since == null || since == 0 || since > s.sequence()) {
                full(ctx, s);
                return;
            }
            vertx.executeBlocking(() -> chain(since, s), false).onSuccess(chain -> {
                if (chain.isEmpty()) {
                    full(ctx, s);
                } else {
                    ctx.response().putHeader("Content-Type", StatusListCodec.MEDIA_TYPE).putHeader("Cache-Control", "no-cache")
                            .end(Buffer.buffer(chain.get()));
                }
            }).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    private static void full(RoutingContext ctx, Snapshot s) {
        String etag = "\"sl-" + s.sequence() + "\"";
        ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "public, max-age=60");
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("Content-Type", StatusListCodec.MEDIA_TYPE).end(Buffer.buffer(s.full()));
    }

    private static Long since(String p) {
        if (p == null) {
            return null;
        }
        if (!p.matches("[0-9]{1,18}")) {
            throw ErrorCode.badParameter("since must be the sequence of the status list you hold (a whole number ≥ 0), got '"
                    + (p.length() > 40 ? p.substring(0, 40) + "…" : p) + "'");
        }
        return Long.parseLong(p);
    }

    /** The deltas since → newest in order, or empty when one is missing or they outweigh the full list. */
    private Optional<byte[]> chain(long since, Snapshot s) {
        List<Row> rows = new ArrayList<>();
        session.execute(deltas.bind(since, s.sequence())).forEach(rows::add);
        if (rows.size() != s.sequence() - since) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = rows.size() - 1; i >= 0; i--) {       // rows come newest first
            ByteBuffer d = rows.get(i).getByteBuffer("delta_document");
            if (d == null) {
                return Optional.empty();
            }
            byte[] b = new byte[d.remaining()];
            d.duplicate().get(b);
            out.writeBytes(b);
            if (out.size() >= s.full().length) {
                return Optional.empty();
            }
        }
        return Optional.of(out.toByteArray());
    }

    private synchronized Future<Snapshot> current() {
        Snapshot s = snapshot;
        boolean stale = s == null || s.at().plus(maxAge).isBefore(clock.instant());
        if (stale && loading == null) {
            loading = vertx.executeBlocking(this::load, false).onComplete(x -> {
                synchronized (this) {
                    loading = null;
                    if (x.succeeded() && x.result() != null) {
                        snapshot = x.result();
                    } else if (x.failed()) {
                        LOG.warn("status list reload failed, serving sequence {}: {}", s == null ? "none" : s.sequence(),
                                x.cause().getMessage());
                    }
                }
            });
        }
        return s != null ? Future.succeededFuture(s) : loading;
    }

    /** The newest list, verified; null when none is published. A list that does not verify is never served. */
    private Snapshot load() {
        Row r = session.execute(head.bind()).one();
        if (r == null || r.getByteBuffer("full_document") == null) {
            return null;
        }
        ByteBuffer b = r.getByteBuffer("full_document");
        byte[] full = new byte[b.remaining()];
        b.duplicate().get(full);
        long seq = StatusListCodec.decodeAndVerify(full, roots).sequence();
        Snapshot prev = snapshot;
        if (prev != null && seq < prev.sequence()) {
            LOG.warn("refusing status list {}: older than the one served ({})", seq, prev.sequence());
            return new Snapshot(prev.sequence(), prev.full(), clock.instant());
        }
        return new Snapshot(seq, full, clock.instant());
    }
}
