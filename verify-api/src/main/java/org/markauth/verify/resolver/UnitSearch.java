package org.markauth.verify.resolver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.http.CqlFutures;
import org.markauth.registry.MarkKey;
import org.markauth.sdk.mark.Serial;
import org.markauth.verify.registry.RegistryException;
import org.markauth.verify.registry.RegistryReader;

/**
 * Finds the batch of a unit named only by GTIN (and lot) and serial, as an unsigned GS1 Digital
 * Link names it.
 *
 * <p>The printed serial is a keyed permutation of (batch id, index) whose key is the issuer's
 * secret (docs/mark-format.md section 4), and verify-api must not hold it; the {@code marks} table
 * is keyed by {@code (batch_id, bucket), serial}. So the search reads the licensee's
 * {@code batches_by_licensee} partition (newest first, at most {@link #SCAN_ROWS} rows), keeps the
 * product's batches (and the lot's, when the link names one), at most {@link #CANDIDATES} of them,
 * and reads the serial's {@code marks} row in each, {@link #WAVE} reads in parallel per wave,
 * newest batches first, stopping at the first wave that finds it. A unit in a batch older than the
 * newest {@link #CANDIDATES} of its product is not found (404); a lot in the link narrows the search
 * to that lot's batches, which is how an old unit is still reached.
 *
 * <p>Cost (measured by ResolverIT, a product with 40 batches, the unit in the oldest): one partition
 * read of batches_by_licensee plus 40 point reads of marks in two waves; the answer (where the serial
 * lives, or that it lives nowhere) is kept {@link #CACHE_TTL} in a Caffeine cache of
 * {@link #CACHE_ENTRIES} entries, so a repeated lookup costs nothing here. States are never cached:
 * the caller reads the mark and batch rows afresh, so a recall or a void shows at once.
 */
final class UnitSearch {

    static final int SCAN_ROWS = 5_000;
    static final int CANDIDATES = 256;
    static final int WAVE = 32;
    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    static final int CACHE_ENTRIES = 50_000;

    private record Key(String licenseeId, int productId, String lot, long serial) {
    }

    private record Candidates(String licenseeId, int productId, String lot) {
    }

    private final CqlSession session;
    private final RegistryReader reader;
    private final PreparedStatement byLicensee;
    private final Cache<Key, Optional<Integer>> found = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL)
            .maximumSize(CACHE_ENTRIES).build();
    /**
     * A product's (lot's) candidate batches, kept {@link #CACHE_TTL}: random serials (which always miss
     * {@link #found}) then cost the marks reads only, not a 5,000-row partition read each. A batch
     * ordered meanwhile is searched at the latest {@link #CACHE_TTL} later.
     */
    private final Cache<Candidates, List<Integer>> candidates = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL)
            .maximumSize(10_000).build();
    private final LongAdder partitionReads = new LongAdder();
    private final LongAdder markReads = new LongAdder();

    UnitSearch(CqlSession session, RegistryReader reader) {
        this.session = session;
        this.reader = reader;
        this.byLicensee = session.prepare("SELECT batch_id, product_id, lot FROM batches_by_licensee WHERE licensee_id = ? LIMIT ?");
    }

    /** The batches of the product (of the lot when not null), newest first, at most {@link #CANDIDATES}. */
    Future<List<Integer>> batches(String licenseeId, int productId, String lot) {
        Candidates key = new Candidates(licenseeId, productId, lot);
        List<Integer> known = candidates.getIfPresent(key);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return read(licenseeId, productId, lot).onSuccess(ids -> candidates.put(key, List.copyOf(ids)));
    }

    private Future<List<Integer>> read(String licenseeId, int productId, String lot) {
        partitionReads.increment();
        return CqlFutures.future(session.executeAsync(byLicensee.bind(licenseeId, SCAN_ROWS).setPageSize(SCAN_ROWS)))
                .recover(e -> Future.failedFuture(new RegistryException("reading batches_by_licensee " + licenseeId + " failed: "
                        + e.getMessage(), e)))
                .map(rs -> {
                    List<Integer> out = new ArrayList<>();
                    for (Row r : rs.currentPage()) {
                        if (r.getInt("product_id") == productId && (lot == null || lot.equals(r.getString("lot")))) {
                            out.add(r.getInt("batch_id"));
                            if (out.size() == CANDIDATES) {
                                break;
                            }
                        }
                    }
                    return out;
                });
    }

    /** The batch holding {@code serial} among the product's (lot's) candidate batches, or empty. */
    Future<Optional<Integer>> batchOf(String licenseeId, int productId, String lot, Serial serial) {
        Key k = new Key(licenseeId, productId, lot, serial.value());
        Optional<Integer> known = found.getIfPresent(k);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return batches(licenseeId, productId, lot).compose(ids -> wave(ids, 0, serial.value()))
                .onSuccess(r -> found.put(k, r));
    }

    private Future<Optional<Integer>> wave(List<Integer> ids, int from, long serial) {
        if (from >= ids.size()) {
            return Future.succeededFuture(Optional.empty());
        }
        List<Integer> part = ids.subList(from, Math.min(ids.size(), from + WAVE));
        List<Future<Optional<Integer>>> reads = new ArrayList<>();
        for (int id : part) {
            markReads.increment();
            reads.add(reader.mark(id, serial).map(m -> m.map(x -> id)));
        }
        return Future.all(reads).compose(all -> {
            for (Future<Optional<Integer>> f : reads) {   // newest first within the wave too
                if (f.result().isPresent()) {
                    return Future.succeededFuture(f.result());
                }
            }
            return wave(ids, from + WAVE, serial);
        });
    }

    /** Reads made so far: partitions of batches_by_licensee, and marks rows (for the cost measurement). */
    long[] reads() {
        return new long[] {partitionReads.sum(), markReads.sum()};
    }

    @Override
    public String toString() {
        return "UnitSearch[cached=" + found.estimatedSize() + ", partitionReads=" + partitionReads.sum() + ", markReads="
                + markReads.sum() + "]";
    }

    static String unitId(int batchId, Serial s) {
        return MarkKey.unitId(batchId, Objects.requireNonNull(s).value());
    }
}
