package org.markauth.verify.notice;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.markauth.http.CqlFutures;
import org.markauth.registry.ObjectionText;

/**
 * The public notices (公示) the issuer's certification lifecycle publishes (V024 {@code cert_notices})
 * and the objections the public files against them ({@code cert_objections}, status PENDING: the
 * office rules on them in the issuer). verify-api reads notices and writes objections, and records
 * on a notice that its cap refused someone (V030 {@code full_refusals}, {@code last_full_at}).
 *
 * <p>A filing cannot flood a notice, nor lock others out of it (V030). The same text from the same
 * client (its keyed hash, never the address; the text folded by {@link ObjectionText}) is counted on
 * the first row ({@code repeats}, {@code last_at}) rather than stored again; one client may have at
 * most {@code maxPerClient} objections awaiting the office on a notice (another text, one character
 * changed, is still one of those); and a notice with {@code maxOpen} objections awaiting the office
 * takes no new one from anyone, which only bounds memory and the office's queue: since many clients
 * together can reach it, each such refusal is written on the notice, and the issuer does not activate
 * the licence until the office has extended the notice past it (docs/certification.md).
 *
 * <p>All three are decided from one read of the notice's partition, five small columns (no name,
 * contact or text), paged ({@link Tally}). That read is bounded: PENDING rows by the cap (plus the
 * filings in flight), ruled ones by the office's own rulings, each round of which lets at most
 * {@code maxOpen} new rows in; and past {@link #MAX_ROWS} rows the read stops and the notice counts
 * as full. A counter kept elsewhere would need its own table or a lightweight transaction on the
 * notice row the issuer also writes. The price is that filings racing each other may pass a cap, or
 * store a repeat, by the number in flight, and that racing refusals may be counted once.
 */
public final class NoticeStore {

    /** One notice as the public sees it; {@code fullRefusals} how many filings its cap has refused. */
    public record Notice(UUID noticeId, String licenseeName, String productName, String standardNo, String standardVersion,
                         Instant opensAt, Instant closesAt, String status, int fullRefusals) {
        public boolean open(Instant now) {
            return "OPEN".equals(status) && !now.isBefore(opensAt) && now.isBefore(closesAt);
        }
    }

    /** What became of a filing. */
    public sealed interface Filed {
        /** Stored as a new objection. */
        record Stored(UUID objectionId) implements Filed {
        }

        /** The same client sent the same text before: counted on that objection ({@code repeats} times now). */
        record Folded(UUID objectionId, int repeats) implements Filed {
        }

        /** This client already has {@code pending} objections awaiting the office on this notice (at or above its cap): nothing stored. */
        record ClientFull(int pending) implements Filed {
        }

        /** The notice already has {@code open} objections awaiting the office (at or above the cap): nothing stored, the refusal recorded. */
        record Full(int open) implements Filed {
        }
    }

    /** Rows read per page when a filing looks over the notice's objections. */
    static final int PAGE = 500;
    /** The most rows one filing reads; a notice with more counts as full (each round of the office's rulings admits at most the cap). */
    static final int MAX_ROWS = 20_000;

    private final CqlSession session;
    private final PreparedStatement list;
    private final PreparedStatement one;
    private final PreparedStatement object;
    private final PreparedStatement scan;
    private final PreparedStatement repeat;
    private final PreparedStatement refused;

    public NoticeStore(CqlSession session) {
        this.session = session;
        String cols = "notice_id, licensee_name, product_name, standard_no, standard_version, opens_at, closes_at, status, full_refusals";
        this.list = session.prepare("SELECT " + cols + " FROM cert_notices WHERE bucket = 'all' LIMIT 200");
        this.one = session.prepare("SELECT " + cols + " FROM cert_notices WHERE bucket = 'all' AND notice_id = ?");
        this.object = session.prepare("INSERT INTO cert_objections (notice_id, objection_id, name, contact, text, status, client_hash, "
                + "fold_key, text_key, repeats, last_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, 1, ?)");
        this.scan = session.prepare("SELECT objection_id, status, client_hash, fold_key, repeats FROM cert_objections WHERE notice_id = ?");
        this.repeat = session.prepare("UPDATE cert_objections SET repeats = ?, last_at = ? WHERE notice_id = ? AND objection_id = ?");
        this.refused = session.prepare("UPDATE cert_notices SET full_refusals = ?, last_full_at = ? WHERE bucket = 'all' AND notice_id = ?");
    }

    /** The notices open at {@code now}, newest first. */
    public Future<List<Notice>> open(Instant now) {
        return CqlFutures.future(session.executeAsync(list.bind())).map(rs -> {
            List<Notice> out = new ArrayList<>();
            for (Row r : rs.currentPage()) {
                Notice n = notice(r);
                if (n.open(now)) {
                    out.add(n);
                }
            }
            return out;
        });
    }

    /** The notice {@code id}; none for an id that is not time-based (notice ids are timeuuids: no such notice can exist). */
    public Future<Optional<Notice>> find(UUID id) {
        if (id.version() != 1) {
            return Future.succeededFuture(Optional.empty());
        }
        return CqlFutures.future(session.executeAsync(one.bind(id))).map(rs -> Optional.ofNullable(rs.one()).map(NoticeStore::notice));
    }

    /**
     * Files an objection to {@code n} from the client {@code clientHash} (hex): folded onto an
     * earlier one with the same text from the same client (whatever its status: a dismissed
     * objection sent again is not a new one); refused when that client already has
     * {@code maxPerClient} objections awaiting the office, or when {@code maxOpen} from anyone do
     * (then the refusal is written on the notice); else stored.
     */
    public Future<Filed> file(Notice n, String clientHash, String name, String contact, String text, int maxOpen, int maxPerClient,
                              Instant now) {
        UUID noticeId = n.noticeId();
        Tally t = new Tally(clientHash, ObjectionText.foldKey(clientHash, text));
        return look(CqlFutures.future(session.executeAsync(scan.bind(noticeId).setPageSize(PAGE))), t)
                .compose(l -> {
                    Filed verdict = l.verdict(maxOpen, maxPerClient);
                    if (verdict instanceof Filed.Folded f) {
                        return CqlFutures.future(session.executeAsync(repeat.bind(f.repeats(), now, noticeId, f.objectionId()))).map(rs -> verdict);
                    }
                    if (verdict instanceof Filed.Full) {
                        return CqlFutures.future(session.executeAsync(refused.bind(n.fullRefusals() + 1, now, noticeId))).map(rs -> verdict);
                    }
                    if (verdict instanceof Filed.ClientFull) {
                        return Future.succeededFuture(verdict);
                    }
                    UUID id = Uuids.timeBased();
                    return CqlFutures.future(session.executeAsync(object.bind(noticeId, id, name, contact, text, clientHash, t.fold,
                                    ObjectionText.textKey(text), now)))
                            .map(rs -> (Filed) new Filed.Stored(id));
                });
    }

    /**
     * What one read of a notice's objections found: how many await the office, how many of those
     * are this client's, the row this filing repeats, and whether the read stopped at
     * {@link #MAX_ROWS}. Fed row by row, so the rule is tested without a database.
     */
    static final class Tally {
        final String client;
        final String fold;
        int rows;
        int open;
        int mine;
        UUID folded;
        int foldedRepeats;

        Tally(String client, String fold) {
            this.client = client;
            this.fold = fold;
        }

        /** One row; false once the read should stop. */
        boolean add(UUID objectionId, String status, String clientHash, String foldKey, Integer repeats) {
            rows++;
            if ("PENDING".equals(status)) {
                open++;
                if (client.equals(clientHash)) {
                    mine++;
                }
            }
            if (folded == null && fold.equals(foldKey)) {
                folded = objectionId;
                foldedRepeats = repeats == null ? 1 : repeats;
            }
            return rows < MAX_ROWS;
        }

        /** A repeat is folded (it adds no row); then this client's cap; then everyone's. Stored is returned with no id (the caller makes one). */
        Filed verdict(int maxOpen, int maxPerClient) {
            if (folded != null) {
                return new Filed.Folded(folded, foldedRepeats + 1);
            }
            if (mine >= maxPerClient) {
                return new Filed.ClientFull(mine);
            }
            if (open >= maxOpen || rows >= MAX_ROWS) {
                return new Filed.Full(open);
            }
            return new Filed.Stored(null);
        }
    }

    private Future<Tally> look(Future<AsyncResultSet> page, Tally t) {
        return page.compose(rs -> {
            for (Row r : rs.currentPage()) {
                if (!t.add(r.getUuid("objection_id"), r.getString("status"), r.getString("client_hash"), r.getString("fold_key"),
                        r.isNull("repeats") ? null : r.getInt("repeats"))) {
                    return Future.succeededFuture(t);
                }
            }
            return rs.hasMorePages() ? look(CqlFutures.future(rs.fetchNextPage()), t) : Future.succeededFuture(t);
        });
    }

    private static Notice notice(Row r) {
        return new Notice(r.getUuid("notice_id"), r.getString("licensee_name"), r.getString("product_name"), r.getString("standard_no"),
                r.getString("standard_version"), r.getInstant("opens_at"), r.getInstant("closes_at"), r.getString("status"),
                r.isNull("full_refusals") ? 0 : r.getInt("full_refusals"));
    }
}
