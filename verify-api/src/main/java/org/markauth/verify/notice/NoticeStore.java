package org.markauth.verify.notice;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.markauth.http.CqlFutures;

/**
 * The public notices (公示) the issuer's certification lifecycle publishes (V024 {@code cert_notices})
 * and the objections the public files against them ({@code cert_objections}, status PENDING: the
 * office rules on them in the issuer). verify-api reads notices and writes objections, nothing else.
 *
 * <p>A filing cannot flood a notice (V030): the same text from the same client (its keyed hash, never
 * the address) is folded onto the first row ({@code repeats}, {@code last_at}) rather than stored
 * again, and a notice with {@code maxOpen} objections awaiting the office takes no new one. Both are
 * decided from one read of the notice's partition (four small columns, paged): a notice's objections
 * are bounded by the cap while open and by the rate limit overall, and a counter kept elsewhere would
 * need its own table or a lightweight transaction on the notice row the issuer also writes. The price
 * is that filings racing each other may pass the cap, or store a repeat, by the number in flight.
 */
public final class NoticeStore {

    /** One notice as the public sees it. */
    public record Notice(UUID noticeId, String licenseeName, String productName, String standardNo, String standardVersion,
                         Instant opensAt, Instant closesAt, String status) {
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

        /** The notice already has {@code open} objections awaiting the office (at or above the cap): nothing stored. */
        record Full(int open) implements Filed {
        }
    }

    /** Rows read per page when a filing looks over the notice's objections. */
    static final int PAGE = 500;

    private final CqlSession session;
    private final PreparedStatement list;
    private final PreparedStatement one;
    private final PreparedStatement object;
    private final PreparedStatement scan;
    private final PreparedStatement repeat;

    public NoticeStore(CqlSession session) {
        this.session = session;
        String cols = "notice_id, licensee_name, product_name, standard_no, standard_version, opens_at, closes_at, status";
        this.list = session.prepare("SELECT " + cols + " FROM cert_notices WHERE bucket = 'all' LIMIT 200");
        this.one = session.prepare("SELECT " + cols + " FROM cert_notices WHERE bucket = 'all' AND notice_id = ?");
        this.object = session.prepare("INSERT INTO cert_objections (notice_id, objection_id, name, contact, text, status, client_hash, "
                + "fold_key, repeats, last_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, 1, ?)");
        this.scan = session.prepare("SELECT objection_id, status, fold_key, repeats FROM cert_objections WHERE notice_id = ?");
        this.repeat = session.prepare("UPDATE cert_objections SET repeats = ?, last_at = ? WHERE notice_id = ? AND objection_id = ?");
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
     * Files an objection from the client {@code clientHash} (hex): folded onto an earlier one with
     * the same text from the same client (whatever its status: a dismissed objection sent again is
     * not a new one), refused when {@code maxOpen} objections already await the office, else stored.
     */
    public Future<Filed> file(UUID noticeId, String clientHash, String name, String contact, String text, int maxOpen, Instant now) {
        String fold = foldKey(clientHash, text);
        return look(CqlFutures.future(session.executeAsync(scan.bind(noticeId).setPageSize(PAGE))), fold, new Look())
                .compose(l -> {
                    if (l.folded != null) {
                        int repeats = l.foldedRepeats + 1;
                        return CqlFutures.future(session.executeAsync(repeat.bind(repeats, now, noticeId, l.folded)))
                                .map(rs -> (Filed) new Filed.Folded(l.folded, repeats));
                    }
                    if (l.open >= maxOpen) {
                        return Future.succeededFuture(new Filed.Full(l.open));
                    }
                    UUID id = Uuids.timeBased();
                    return CqlFutures.future(session.executeAsync(object.bind(noticeId, id, name, contact, text, clientHash, fold, now)))
                            .map(rs -> (Filed) new Filed.Stored(id));
                });
    }

    /** What one read of a notice's objections found: how many await the office, and the row this filing repeats. */
    private static final class Look {
        int open;
        UUID folded;
        int foldedRepeats;
    }

    private Future<Look> look(Future<AsyncResultSet> page, String fold, Look l) {
        return page.compose(rs -> {
            for (Row r : rs.currentPage()) {
                if ("PENDING".equals(r.getString("status"))) {
                    l.open++;
                }
                if (l.folded == null && fold.equals(r.getString("fold_key"))) {
                    l.folded = r.getUuid("objection_id");
                    l.foldedRepeats = r.isNull("repeats") ? 1 : r.getInt("repeats");
                }
            }
            return rs.hasMorePages() ? look(CqlFutures.future(rs.fetchNextPage()), fold, l) : Future.succeededFuture(l);
        });
    }

    /**
     * The fold key: SHA-256 of the client hash and the text with its whitespace collapsed (a resend
     * with another line break is the same objection). The name and contact do not count: changing
     * them does not make a text a new objection.
     */
    static String foldKey(String clientHash, String text) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(clientHash.getBytes(StandardCharsets.UTF_8));
            d.update((byte) '\n');
            d.update(text.strip().replaceAll("\\s+", " ").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static Notice notice(Row r) {
        return new Notice(r.getUuid("notice_id"), r.getString("licensee_name"), r.getString("product_name"), r.getString("standard_no"),
                r.getString("standard_version"), r.getInstant("opens_at"), r.getInstant("closes_at"), r.getString("status"));
    }
}
