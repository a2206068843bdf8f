package org.markauth.verify.registry;

import org.markauth.registry.LicenceStatus;
import org.markauth.registry.MarkKey;
import org.markauth.registry.RangeKind;
import org.markauth.registry.BatchState;
import org.markauth.registry.UnitState;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.markauth.http.CqlFutures;

/**
 * Point reads of the registry tables written by mark-issuer (V002), one partition per read.
 * The driver's CompletionStages become Vert.x Futures here and nowhere else.
 */
public final class RegistryReader {

    private final CqlSession session;
    private final PreparedStatement mark;
    private final PreparedStatement batch;
    private final PreparedStatement ranges;
    private final PreparedStatement product;
    private final PreparedStatement licence;
    private final PreparedStatement licensee;
    private final PreparedStatement licenceHistory;
    private final PreparedStatement trustList;
    private final PreparedStatement block;
    private final PreparedStatement rules;
    private final PreparedStatement certificate;

    public RegistryReader(CqlSession session) {
        this.session = session;
        this.mark = session.prepare("SELECT seq, state, state_at FROM marks WHERE batch_id = ? AND bucket = ? AND serial = ?");
        this.batch = session.prepare("SELECT product_id, licensee_id, lot, production_date, expiry_date, line_id, quantity, "
                + "state, recalled_at, recall_reason, recall_notice, created_at, certificate_no FROM batches WHERE batch_id = ?");
        this.ranges = session.prepare("SELECT at, first_seq, last_seq, action FROM batch_ranges WHERE batch_id = ?");
        this.product = session.prepare("SELECT licensee_id, name, name_en, model, category, gtin, standard_no, standard_title, "
                + "core_indicators, photo_urls, market_regions FROM products WHERE product_id = ?");
        this.licence = session.prepare("SELECT licence_no, valid_from, valid_until, status, status_since, status_reason "
                + "FROM licences WHERE product_id = ?");
        // newest first, bounded: a licence changes status a handful of times in its life
        this.licenceHistory = session.prepare("SELECT at, to_status FROM licence_history WHERE product_id = ? LIMIT 200");
        this.licensee = session.prepare("SELECT name, name_en, blacklisted, blacklist_reason, blacklisted_since "
                + "FROM licensees WHERE licensee_id = ?");
        this.trustList = session.prepare("SELECT sequence, document, signature FROM trust_lists WHERE list = 'current' LIMIT 1");
        this.block = session.prepare("SELECT blocked, since, actor, reason, alert_id FROM mark_blocks WHERE batch_id = ? AND serial = ?");
        this.rules = session.prepare("SELECT max_scans, scan_window_seconds, max_speed_kmh, min_travel_km, block_threshold, "
                + "off_market FROM clone_rules_by_product WHERE product_id = ?");
        this.certificate = session.prepare("SELECT product_id, licensee_id, licence_no, batch_id, licensee_name, licensee_name_en, "
                + "uscc, product_name, product_name_en, model, standard_no, standard_title, valid_from, valid_until, issued_at, "
                + "superseded_by, superseded_at FROM certificates WHERE certificate_no = ?");
    }

    public Future<Optional<MarkRow>> mark(int batchId, long serial) {
        return one(mark.bind(batchId, MarkKey.bucket(serial), MarkKey.serialBytes(serial)), "marks " + batchId)
                .map(r -> r.map(row -> new MarkRow(batchId, serial, row.getInt("seq"), UnitState.ofColumn(row.getString("state")),
                        row.getInstant("state_at"))));
    }

    public Future<Optional<BatchView>> batch(int batchId) {
        Future<Optional<Row>> b = one(batch.bind(batchId), "batches " + batchId);
        Future<List<BatchView.Range>> rs = all(ranges.bind(batchId), "batch_ranges " + batchId)
                .map(rows -> {
                    List<BatchView.Range> out = new ArrayList<>();
                    List<Row> sorted = new ArrayList<>(rows);
                    // timeuuid clustering ASC is already time order; sort anyway so a changed
                    // clustering order in a later migration cannot silently flip "latest".
                    sorted.sort(Comparator.comparingLong(r -> r.getUuid("at").timestamp()));
                    for (Row r : sorted) {
                        out.add(new BatchView.Range(r.getInt("first_seq"), r.getInt("last_seq"),
                                RangeKind.valueOf(r.getString("action")), instantOf(r.getUuid("at"))));
                    }
                    return out;
                });
        return Future.all(b, rs).map(x -> b.result().map(row -> new BatchView(batchId, row.getInt("product_id"),
                row.getString("licensee_id"), row.getString("lot"), row.getLocalDate("production_date"),
                row.getLocalDate("expiry_date"), row.getString("line_id"), row.getInt("quantity"),
                BatchState.ofColumn(row.getString("state")), row.getInstant("recalled_at"), row.getString("recall_reason"),
                row.getString("recall_notice"), row.getInstant("created_at"), rs.result(), row.getString("certificate_no"))));
    }

    /** The certificate numbered {@code no} (V025), absent when there is none. */
    public Future<Optional<CertificateView>> certificate(String no) {
        return one(certificate.bind(no), "certificates " + no).map(r -> r.map(row -> new CertificateView(no,
                row.getInt("product_id"), row.getString("licensee_id"), row.getString("licence_no"), row.getInt("batch_id"),
                row.getString("licensee_name"), row.getString("licensee_name_en"), row.getString("uscc"),
                row.getString("product_name"), row.getString("product_name_en"), row.getString("model"),
                row.getString("standard_no"), row.getString("standard_title"), row.getInstant("valid_from"),
                row.getInstant("valid_until"), row.getInstant("issued_at"), row.getString("superseded_by"),
                row.getInstant("superseded_at"))));
    }

    /**
     * The product joined with its licence. A product row without a licence row fails the read
     * ({@link RegistryException#incomplete}) instead of answering a view: the verifier reaches a
     * product only through a batch, and the issuer orders batches only for licensed products and
     * never deletes a licence (revocation is a status), so that pair means a replica that has not
     * seen the licence yet or a lost write. A failed read is not cached; the next request reads again.
     */
    public Future<Optional<ProductView>> product(int productId) {
        Future<Optional<Row>> p = one(product.bind(productId), "products " + productId);
        Future<Optional<Row>> l = one(licence.bind(productId), "licences " + productId);
        Future<List<ProductView.StatusChange>> h = all(licenceHistory.bind(productId), "licence_history " + productId)
                .map(rows -> rows.stream().map(r -> new ProductView.StatusChange(instantOf(r.getUuid("at")), LicenceStatus.valueOf(r.getString("to_status"))))
                        .toList());
        return Future.all(p, l, h).compose(x -> {
            if (p.result().isPresent() && l.result().isEmpty()) {
                return Future.failedFuture(RegistryException.incomplete("product " + productId + " has no licences row"));
            }
            return Future.succeededFuture(p.result().map(row -> {
                Row lic = l.result().orElseThrow();
                return new ProductView(productId, row.getString("licensee_id"), row.getString("name"),
                        row.getString("name_en"), row.getString("model"), row.getString("category"), row.getString("gtin"),
                        row.getString("standard_no"), row.getString("standard_title"),
                        row.getMap("core_indicators", String.class, String.class),
                        row.getList("photo_urls", String.class), row.getSet("market_regions", String.class),
                        lic.getString("licence_no"), LicenceStatus.ofColumn(lic.getString("status")), lic.getInstant("valid_from"),
                        lic.getInstant("valid_until"), lic.getInstant("status_since"), lic.getString("status_reason"),
                        h.result());
            }));
        });
    }

    public Future<Optional<LicenseeView>> licensee(String licenseeId) {
        return one(licensee.bind(licenseeId), "licensees " + licenseeId)
                .map(r -> r.map(row -> new LicenseeView(licenseeId, row.getString("name"), row.getString("name_en"),
                        row.getBoolean("blacklisted"), row.getString("blacklist_reason"),
                        row.getInstant("blacklisted_since"))));
    }

    /** The unit's block row (V009), absent when it was never blocked. */
    public Future<Optional<BlockView>> block(int batchId, long serial) {
        return one(block.bind(batchId, MarkKey.serialBytes(serial)), "mark_blocks " + batchId)
                .map(r -> r.map(row -> new BlockView(batchId, serial, row.getBoolean("blocked"), row.getInstant("since"),
                        row.getString("actor"), row.getString("reason"), row.getUuid("alert_id"))));
    }

    /** The product's clone-rule overrides (V009), absent when the defaults apply. */
    public Future<Optional<RuleOverrides>> ruleOverrides(int productId) {
        return one(rules.bind(productId), "clone_rules_by_product " + productId)
                .map(r -> r.map(row -> new RuleOverrides(productId, integer(row, "max_scans"),
                        integer(row, "scan_window_seconds"), integer(row, "max_speed_kmh"), integer(row, "min_travel_km"),
                        integer(row, "block_threshold"), row.isNull("off_market") ? null : row.getBoolean("off_market"))));
    }

    private static Integer integer(Row row, String column) {
        return row.isNull(column) ? null : row.getInt(column);
    }

    /** The latest published trust list: (sequence, canonical document, signature). */
    public record SignedDocument(long sequence, byte[] document, byte[] signature) {
    }

    public Future<Optional<SignedDocument>> latestTrustList() {
        return one(trustList.bind(), "trust_lists current").map(r -> r.map(row -> new SignedDocument(
                row.getLong("sequence"), bytes(row.getByteBuffer("document")), bytes(row.getByteBuffer("signature")))));
    }

    static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return new byte[0];
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** Milliseconds since the epoch of a version-1 (time) UUID. */
    public static Instant instantOf(UUID timeuuid) {
        return Instant.ofEpochMilli((timeuuid.timestamp() - 0x01B21DD213814000L) / 10_000);
    }

    private Future<Optional<Row>> one(Statement<?> st, String what) {
        return from(session.executeAsync(st), what).map(rs -> Optional.ofNullable(rs.one()));
    }

    private Future<List<Row>> all(Statement<?> st, String what) {
        // batch_ranges and licence_history partitions hold a handful of rows: the first page is all of it.
        return from(session.executeAsync(st), what).map(rs -> {
            List<Row> rows = new ArrayList<>();
            rs.currentPage().forEach(rows::add);
            return rows;
        });
    }

    private static Future<AsyncResultSet> from(CompletionStage<AsyncResultSet> stage, String what) {
        return CqlFutures.future(stage)
                .recover(e -> Future.failedFuture(new RegistryException("reading " + what + " failed: " + e.getMessage(), e)));
    }
}
