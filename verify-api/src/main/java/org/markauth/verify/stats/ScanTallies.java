package org.markauth.verify.stats;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.markauth.http.CqlFutures;
import org.markauth.verify.check.Verification;
import org.markauth.verify.scan.ScanOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-aggregated scan statistics for the regulator's console and recall reports (V004): scans per
 * product and per licensee per day and verdict, per batch and verdict (RECALLED = scans after a
 * recall), and the coarse places where each batch was last scanned. Scans are tallied in memory
 * and added to Cassandra counters every {@code interval} — a handful of writes per interval
 * instead of four per scan on the hot path. A failed flush puts its counts back for the next one;
 * a crash loses at most one interval of statistics (scan records themselves are unaffected).
 */
public final class ScanTallies extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ScanTallies.class);

    private record ProductDay(int productId, LocalDate day, String verdict) {
    }

    private record LicenseeDay(String licenseeId, LocalDate day, String verdict) {
    }

    private record BatchVerdict(int batchId, String verdict) {
    }

    private record BatchPlace(int batchId, String place) {
    }

    private final CqlSession session;
    private final Duration interval;
    private final Map<ProductDay, AtomicLong> products = new ConcurrentHashMap<>();
    private final Map<LicenseeDay, AtomicLong> licensees = new ConcurrentHashMap<>();
    private final Map<BatchVerdict, AtomicLong> batches = new ConcurrentHashMap<>();
    private final AtomicReference<Map<BatchPlace, Instant>> places = new AtomicReference<>(new ConcurrentHashMap<>());
    private final PreparedStatement byProduct;
    private final PreparedStatement byLicensee;
    private final PreparedStatement byBatch;
    private final PreparedStatement place;
    private long timer = -1;

    /** Prepares statements (blocking): build it off the event loop. */
    public ScanTallies(CqlSession session, Duration interval) {
        this.session = session;
        this.interval = interval;
        byProduct = session.prepare("UPDATE scan_stats_by_product SET scans = scans + ? WHERE product_id = ? AND day = ? AND verdict = ?");
        byLicensee = session.prepare("UPDATE scan_stats_by_licensee SET scans = scans + ? WHERE licensee_id = ? AND day = ? AND verdict = ?");
        byBatch = session.prepare("UPDATE batch_scan_counts SET scans = scans + ? WHERE batch_id = ? AND verdict = ?");
        place = session.prepare("INSERT INTO batch_scan_places (batch_id, place, last_at) VALUES (?, ?, ?)");
    }

    /** Counts one answered verification of a registered unit; anything else (forgeries, malformed, certificates) is not tallied here. */
    public void add(Verification v, ScanOrigin o) {
        // a licence certificate's scans are not a product's: never tallied with its units (docs/certificates.md)
        if (!(v instanceof Verification.Checked c) || c.batch() == null || c.unit() == null || c.batch().certificate()) {
            return;
        }
        String verdict = c.code().name();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(c.at().getEpochSecond(), 86_400L));   // UTC; ofInstant builds zone rules per call
        products.computeIfAbsent(new ProductDay(c.batch().productId(), day, verdict), k -> new AtomicLong()).incrementAndGet();
        licensees.computeIfAbsent(new LicenseeDay(c.batch().licenseeId(), day, verdict), k -> new AtomicLong()).incrementAndGet();
        batches.computeIfAbsent(new BatchVerdict(c.batch().batchId(), verdict), k -> new AtomicLong()).incrementAndGet();
        String where = o.cell() != null ? o.cell() : o.region();
        if (where != null) {
            places.get().merge(new BatchPlace(c.batch().batchId(), where), c.at(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(interval.toMillis(), id -> flush());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return flush();
    }

    /** Writes what was tallied since the last flush (one counter update per key, not per scan). */
    public Future<Void> flush() {
        List<Future<?>> writes = new ArrayList<>();
        drain(products, (k, n) -> byProduct.bind(n, k.productId(), k.day(), k.verdict()), writes);
        drain(licensees, (k, n) -> byLicensee.bind(n, k.licenseeId(), k.day(), k.verdict()), writes);
        drain(batches, (k, n) -> byBatch.bind(n, k.batchId(), k.verdict()), writes);
        Map<BatchPlace, Instant> seen = places.getAndSet(new ConcurrentHashMap<>());
        seen.forEach((k, at) -> writes.add(CqlFutures.future(session.executeAsync(place.bind(k.batchId(), k.place(), at)))));
        return Future.join(writes).<Void>mapEmpty().otherwiseEmpty();
    }

    private <K> void drain(Map<K, AtomicLong> m, BiFunction<K, Long, Statement<?>> update,
                           List<Future<?>> writes) {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        m.forEach((k, count) -> {
            long n = count.getAndSet(0);
            if (n > 0) {
                writes.add(CqlFutures.future(session.executeAsync(update.apply(k, n))).onFailure(e -> {
                    LOG.warn("scan statistics for {} not written ({}); kept for the next flush", k, e.getMessage());
                    count.addAndGet(n);
                }));
            } else if (k instanceof ProductDay p && p.day().isBefore(yesterday) || k instanceof LicenseeDay l && l.day().isBefore(yesterday)) {
                m.remove(k, count);   // an idle key of a past day
            }
        });
    }
}
