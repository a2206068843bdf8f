package org.markauth.testing;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.registry.BatchState;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.MarkKey;
import org.markauth.registry.RangeKind;
import org.markauth.registry.UnitState;

/**
 * Registry rows (licensees, products and licences, batches, ranges, marks) written as the issuer
 * writes them: the states are registry-contract's enums and the marks key is its {@link MarkKey},
 * the same the issuer writes with, so "as the issuer writes them" holds by construction. For the tests of the services that read them. The issuer's own
 * tests write through the issuer instead.
 */
public final class RegistryRows {

    private final CqlSession session;
    private final SecureRandom random = new SecureRandom();

    public RegistryRows(CqlSession session) {
        this.session = session;
    }

    /** A fresh positive id for a product or a batch. */
    public int newId() {
        return 1 + random.nextInt(Integer.MAX_VALUE - 1);
    }

    public void licensee(String id, String name) {
        session.execute("INSERT INTO licensees (licensee_id, name, name_en, blacklisted, created_at) VALUES (?, ?, ?, false, ?)",
                id, name, name + " Co.", Instant.now());
    }

    public void blacklist(String licenseeId, String reason) {
        session.execute("UPDATE licensees SET blacklisted = true, blacklist_reason = ?, blacklisted_since = ? WHERE licensee_id = ?",
                reason, Instant.now(), licenseeId);
    }

    /** A product and its licence (valid from a year ago to a year ahead), whose status is {@code licenceStatus} since {@code statusSince}. */
    public void product(int productId, String licenseeId, LicenceStatus licenceStatus, Instant statusSince, Set<String> markets) {
        session.execute("INSERT INTO products (product_id, licensee_id, name, name_en, model, standard_no, standard_title, "
                        + "core_indicators, market_regions, photo_urls) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                productId, licenseeId, "电热水壶", "Electric kettle", "K-" + productId, "T/FS 001-2024", "先进标准",
                Map.of("能效", "一级"), markets, List.of());
        session.execute("INSERT INTO licences (product_id, licence_no, licensee_id, valid_from, valid_until, status, status_since) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", productId, "FS-" + productId, licenseeId,
                Instant.now().minus(Duration.ofDays(365)), Instant.now().plus(Duration.ofDays(365)), licenceStatus.name(), statusSince);
    }

    /** A product whose licence has the given status, since and validUntil (valid from a year before now). */
    public void product(int productId, String licenseeId, LicenceStatus licenceStatus, Instant statusSince, Instant validUntil) {
        product(productId, licenseeId, licenceStatus, statusSince, Set.of());
        session.execute("UPDATE licences SET valid_until = ? WHERE product_id = ?", validUntil, productId);
    }

    /** A licence_history row: the licence became {@code to} at {@code at}. */
    public void licenceChange(int productId, Instant at, LicenceStatus to) {
        session.execute("INSERT INTO licence_history (product_id, at, actor, to_status, reason) VALUES (?, ?, 'office-1', ?, 'it')",
                productId, Uuids.startOf(at.toEpochMilli()), to.name());
    }

    /** A batch of 100 units made ten days ago; a RECALLED batch carries a recall notice, as the issuer's recall writes it. */
    public void batch(int batchId, int productId, String licenseeId, BatchState state, LocalDate expiry, Instant createdAt) {
        session.execute("INSERT INTO batches (batch_id, product_id, licensee_id, lot, production_date, expiry_date, quantity, "
                        + "state, recall_notice, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                batchId, productId, licenseeId, "LOT-" + batchId, LocalDate.now(ZoneOffset.UTC).minusDays(10), expiry, 100,
                state.name(), state == BatchState.RECALLED ? "Stop using; return to the shop." : null, createdAt);
    }

    /** A range written now by the line. */
    public void range(int batchId, int first, int last, RangeKind action) {
        // a time-based id, unique even for two ranges written in the same millisecond
        range(batchId, first, last, action, Uuids.timeBased());
    }

    /** A range written at {@code at} (when the line activated or voided it). */
    public void range(int batchId, int first, int last, RangeKind action, Instant at) {
        range(batchId, first, last, action, Uuids.startOf(at.toEpochMilli()));
    }

    private void range(int batchId, int first, int last, RangeKind action, UUID at) {
        session.execute("INSERT INTO batch_ranges (batch_id, at, first_seq, last_seq, action, actor) VALUES (?, ?, ?, ?, ?, 'line-1')",
                batchId, at, first, last, action.name());
    }

    /** Writes a mark row with a random serial (state null: no override, as issued) and returns the serial. */
    public long mark(int batchId, int seq, UnitState state) {
        long serial = random.nextLong();
        session.execute("INSERT INTO marks (batch_id, bucket, serial, seq, state, state_at) VALUES (?, ?, ?, ?, ?, ?)",
                batchId, MarkKey.bucket(serial), MarkKey.serialBytes(serial), seq, state == null ? null : state.name(),
                state == null ? null : Instant.now());
        return serial;
    }

    /**
     * Writes {@code n} issued marks (seq {@code firstSeq} on, serials from a seed of the batch, so a
     * rerun writes the same ones) at {@code consistency}, 32 in flight, and returns their serials.
     * With {@code acked}, each acknowledged write is counted there and a serial whose write failed is
     * 0 in the result (not issued, so not to be checked afterwards); without it a failure is printed.
     */
    public long[] marks(int batchId, int firstSeq, int n, ConsistencyLevel consistency, LongAdder acked) throws InterruptedException {
        PreparedStatement ins = session.prepare("INSERT INTO marks (batch_id, bucket, serial, seq) VALUES (?, ?, ?, ?)");
        SplittableRandom r = new SplittableRandom(batchId * 31L + firstSeq);
        long[] out = new long[n];
        Semaphore inFlight = new Semaphore(32);
        for (int i = 0; i < n; i++) {
            long s = r.nextLong();
            out[i] = s;
            inFlight.acquire();
            int index = i;
            session.executeAsync(ins.bind(batchId, MarkKey.bucket(s), MarkKey.serialBytes(s), firstSeq + i)
                            .setConsistencyLevel(consistency).setTimeout(Duration.ofSeconds(10)))
                    .whenComplete((rs, e) -> {
                        if (e == null && acked != null) {
                            acked.increment();
                        } else if (e != null && acked == null) {
                            System.err.println("mark insert failed: " + e);
                        } else if (e != null) {
                            out[index] = 0;
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(32);
        inFlight.release(32);
        return out;
    }
}
