package org.markauth.verify.notice;

import com.datastax.oss.driver.api.core.CqlSession;
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

/**
 * The public notices (公示) the issuer's certification lifecycle publishes (V024 {@code cert_notices})
 * and the objections the public files against them ({@code cert_objections}, status PENDING: the
 * office rules on them in the issuer). verify-api reads notices and writes objections, nothing else.
 */
public final class NoticeStore {

    /** One notice as the public sees it. */
    public record Notice(UUID noticeId, String licenseeName, String productName, String standardNo, String standardVersion,
                         Instant opensAt, Instant closesAt, String status) {
        public boolean open(Instant now) {
            return "OPEN".equals(status) && !now.isBefore(opensAt) && now.isBefore(closesAt);
        }
    }

    private final CqlSession session;
    private final PreparedStatement list;
    private final PreparedStatement one;
    private final PreparedStatement object;

    public NoticeStore(CqlSession session) {
        this.session = session;
        String cols = "notice_id, licensee_name, product_name, standard_no, standard_version, opens_at, closes_at, status";
        this.list = session.prepare("SELECT " + cols + " FROM cert_notices WHERE bucket = 'all' LIMIT 200");
        this.one = session.prepare("SELECT " + cols + " FROM cert_notices WHERE bucket = 'all' AND notice_id = ?");
        this.object = session.prepare("INSERT INTO cert_objections (notice_id, objection_id, name, contact, text, status) "
                + "VALUES (?, ?, ?, ?, ?, 'PENDING')");
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

    /** Files an objection; its id. */
    public Future<UUID> object(UUID noticeId, String name, String contact, String text) {
        UUID id = Uuids.timeBased();
        return CqlFutures.future(session.executeAsync(object.bind(noticeId, id, name, contact, text))).map(rs -> id);
    }

    private static Notice notice(Row r) {
        return new Notice(r.getUuid("notice_id"), r.getString("licensee_name"), r.getString("product_name"), r.getString("standard_no"),
                r.getString("standard_version"), r.getInstant("opens_at"), r.getInstant("closes_at"), r.getString("status"));
    }
}
