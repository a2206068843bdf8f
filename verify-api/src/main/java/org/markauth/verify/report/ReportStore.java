package org.markauth.verify.report;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.markauth.http.CqlFutures;
import org.markauth.verify.registry.RegistryReader;

/**
 * Writes a report to the regulator's inbox (reports_by_day) and its full record (report_by_id,
 * with the photo) in one logged batch, and the optional contact separately with a one-year TTL
 * (personal data kept only as long as a follow-up is plausible). Unlike scan records, a report is
 * written synchronously: the reporter is told it arrived only when it did.
 */
public final class ReportStore {

    private final CqlSession session;
    private final PreparedStatement byDay;
    private final PreparedStatement byId;
    private final PreparedStatement contact;

    public ReportStore(CqlSession session) {
        this.session = session;
        this.byDay = session.prepare("INSERT INTO reports_by_day (day, at, report_id, code, verdict, batch_id, serial, "
                + "where_bought, seller, has_photo, cell, region, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.byId = session.prepare("INSERT INTO report_by_id (report_id, at, code, verdict, batch_id, serial, where_bought, "
                + "seller, photo_type, photo, cell, region, ip_hash, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.contact = session.prepare("INSERT INTO report_contacts (report_id, contact) VALUES (?, ?) USING TTL 31536000");
    }

    /** @param batchId/serial set only when the code's signature verified */
    public Future<UUID> save(Report r, String verdict, Integer batchId, Long serial, String cell, String region,
                             byte[] ipHash) {
        UUID at = Uuids.timeBased();
        UUID id = UUID.randomUUID();
        LocalDate day = LocalDate.ofInstant(RegistryReader.instantOf(at), ZoneOffset.UTC);
        ByteBuffer s = serial == null ? null : RegistryReader.serialBytes(serial);
        BatchStatement b = BatchStatement.newInstance(BatchType.LOGGED,
                byDay.bind(day, at, id, r.code(), verdict, batchId, s, r.where(), r.seller(), r.photo() != null, cell,
                        region, r.lang()),
                byId.bind(id, at, r.code(), verdict, batchId, s, r.where(), r.seller(), r.photoType(),
                        r.photo() == null ? null : ByteBuffer.wrap(r.photo()), cell, region,
                        ipHash == null ? null : ByteBuffer.wrap(ipHash), r.lang()));
        Future<?> main = CqlFutures.future(session.executeAsync(b));
        Future<?> c = r.contact() == null ? Future.succeededFuture() : CqlFutures.future(session.executeAsync(contact.bind(id, r.contact())));
        return Future.all(main, c).map(id);
    }
}
