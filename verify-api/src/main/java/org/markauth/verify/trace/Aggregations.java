package org.markauth.verify.trace;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.markauth.http.CqlFutures;
import org.markauth.verify.cache.RegistryCache;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.MarkRow;
import org.markauth.verify.registry.RegistryReader;

/**
 * Reads, never writes, the aggregation the issuer records (V004): what a case or pallet holds now
 * ({@code aggregation_children}, one partition) and what holds a unit now
 * ({@code aggregation_parent}, one row). Each item's state comes through the registry cache (its
 * mark and batch), so a case viewed again costs its one partition read and cache hits.
 */
public final class Aggregations {

    /** Items counted at most; a larger container reads as "{@value} or more". */
    public static final int MAX_COUNTED = 5000;

    /** The case or pallet a unit is in now, and that container's own state. */
    public record Container(int batchId, long serial, String epc, Instant since, String state) {
    }

    private final CqlSession session;
    private final RegistryCache cache;
    private final PreparedStatement children;
    private final PreparedStatement parent;

    /** Prepares its statements (blocking). */
    public Aggregations(CqlSession session, RegistryCache cache) {
        this.session = session;
        this.cache = cache;
        this.children = session.prepare("SELECT child_batch, child_serial, child_epc, since FROM aggregation_children "
                + "WHERE parent_batch = ? AND parent_serial = ? LIMIT " + (MAX_COUNTED + 1));
        this.parent = session.prepare("SELECT parent_batch, parent_serial, parent_epc, since FROM aggregation_parent "
                + "WHERE child_batch = ? AND child_serial = ?");
    }

    /** What the item holds now: the count and the first {@code listed} items with their states. */
    public Future<Contents> contents(int batchId, long serial, int listed) {
        return CqlFutures.future(session.executeAsync(children.bind(batchId, RegistryReader.serialBytes(serial))
                        .setPageSize(MAX_COUNTED + 1)))
                .compose(rs -> {
                    List<Row> rows = new ArrayList<>();
                    rs.currentPage().forEach(rows::add);
                    List<Future<Contents.Item>> items = new ArrayList<>();
                    for (Row r : rows.subList(0, Math.min(listed, rows.size()))) {
                        int b = r.getInt("child_batch");
                        long s = serialOf(r.getByteBuffer("child_serial"));
                        items.add(state(b, s).map(st -> new Contents.Item(b, s, r.getString("child_epc"), r.getInstant("since"), st)));
                    }
                    return Future.all(items).map(x -> new Contents(Math.min(rows.size(), MAX_COUNTED), rows.size() > MAX_COUNTED,
                            items.stream().map(Future::result).toList()));
                });
    }

    /** The case or pallet the item is in now, if any. */
    public Future<Optional<Container>> container(int batchId, long serial) {
        return CqlFutures.future(session.executeAsync(parent.bind(batchId, RegistryReader.serialBytes(serial)))).compose(rs -> {
            Row r = rs.one();
            if (r == null) {
                return Future.succeededFuture(Optional.empty());
            }
            int b = r.getInt("parent_batch");
            long s = serialOf(r.getByteBuffer("parent_serial"));
            return state(b, s).map(st -> Optional.of(new Container(b, s, r.getString("parent_epc"), r.getInstant("since"), st)));
        });
    }

    /** The state verification would give the item (see {@link #state(Optional, Optional)}). */
    private Future<String> state(int batchId, long serial) {
        Future<Optional<MarkRow>> m = cache.mark(batchId, serial);
        Future<Optional<BatchView>> b = cache.batch(batchId);
        return Future.all(m, b).map(x -> state(m.result(), b.result()));
    }

    /**
     * A unit's state in the verifier's precedence (VerdictPolicy) without the product and licence
     * checks, which belong to the item's own scan: UNKNOWN_SERIAL, then its own or its range's
     * VOIDED / DECOMMISSIONED / NOT_ACTIVATED, then RECALLED, else ACTIVE.
     */
    static String state(Optional<MarkRow> mark, Optional<BatchView> batch) {
        if (mark.isEmpty() || batch.isEmpty()) {
            return "UNKNOWN_SERIAL";
        }
        MarkRow u = mark.get();
        if ("VOIDED".equals(u.state()) || "DECOMMISSIONED".equals(u.state())) {
            return u.state();
        }
        if (!"ACTIVE".equals(u.state())) {
            String action = batch.get().latestActionFor(u.seq()).orElse(null);
            if (!"ACTIVATE".equals(action)) {
                return "VOID".equals(action) ? "VOIDED" : "NOT_ACTIVATED";
            }
        }
        return batch.get().recalled() ? "RECALLED" : "ACTIVE";
    }

    private static long serialOf(ByteBuffer b) {
        return b.duplicate().getLong();
    }
}
