package org.markauth.verify.report;

import org.markauth.registry.MarkKey;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.markauth.http.CqlFutures;
import org.markauth.registry.NotificationEvent;
import org.markauth.verify.registry.RegistryReader;

/**
 * Writes a report and reads it back for officers. Writing, in this order: each photo through the
 * {@link PhotoStore} (chunks, then its manifest), then the regulator's inbox row
 * ({@code reports_by_day}) and the full record ({@code report_by_id}, without the photos) in one
 * small logged batch, and the optional contact separately with a one-year TTL (personal data kept
 * only as long as a follow-up is plausible). A report is written synchronously: the reporter is
 * told it arrived only when all of it did, and a report is in the inbox only once its photos are
 * complete. A failure half-way leaves no report in the inbox (orphan photo rows cost space only).
 * The {@code report.received} notification event (V019) is in the same logged batch as the inbox
 * rows: it exists exactly when the report does. Its licensee and product are read from the batch
 * row when the code verified (one read per report; reports are rare); otherwise the event names
 * none and only the regulator's webhooks receive it. It never carries the reporter's contact.
 *
 * <p>Reports written before V011 kept one photo in {@code report_by_id.photo}; {@link #photos}
 * lists it as photo 0, so they stay readable.
 */
public final class ReportStore {

    private final CqlSession session;
    private final PhotoStore photoStore;
    private final PreparedStatement byDay;
    private final PreparedStatement byId;
    private final PreparedStatement contact;
    private final PreparedStatement read;
    private final PreparedStatement legacyPhoto;
    private final PreparedStatement event;
    private final PreparedStatement batchOwner;

    public ReportStore(CqlSession session, PhotoStore photoStore) {
        this.session = session;
        this.photoStore = photoStore;
        this.byDay = session.prepare("INSERT INTO reports_by_day (day, at, report_id, code, verdict, batch_id, serial, "
                + "where_bought, seller, has_photo, cell, region, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.byId = session.prepare("INSERT INTO report_by_id (report_id, at, code, verdict, batch_id, serial, where_bought, "
                + "seller, photo_count, cell, region, ip_hash, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.contact = session.prepare("INSERT INTO report_contacts (report_id, contact) VALUES (?, ?) USING TTL 31536000");
        this.read = session.prepare("SELECT at, code, verdict, batch_id, serial, where_bought, seller, region, lang, "
                + "photo_count, photo_type FROM report_by_id WHERE report_id = ?");
        this.legacyPhoto = session.prepare("SELECT photo_type, photo FROM report_by_id WHERE report_id = ?");
        this.event = session.prepare(NotificationEvent.INSERT);
        this.batchOwner = session.prepare("SELECT product_id, licensee_id FROM batches WHERE batch_id = ?");
    }

    /** The product and licensee of a verified code's batch; both null when unknown. */
    private record Owner(Integer productId, String licenseeId) {
    }

    private Future<Owner> owner(Integer batchId) {
        if (batchId == null) {
            return Future.succeededFuture(new Owner(null, null));
        }
        return CqlFutures.future(session.executeAsync(batchOwner.bind(batchId))).map(rs -> {
            Row row = rs.one();
            return row == null ? new Owner(null, null) : new Owner(row.isNull("product_id") ? null : row.getInt("product_id"),
                    row.getString("licensee_id"));
        });
    }

    /** A report as an officer sees it (no contact, no client hash). */
    public record StoredReport(UUID id, Instant at, String code, String verdict, Integer batchId, Long serial,
                               String where, String seller, String region, String lang, List<StoredPhoto> photos) {
    }

    /** @param batchId/serial set only when the code's signature verified */
    public Future<UUID> save(Report r, String verdict, Integer batchId, Long serial, String cell, String region,
                             byte[] ipHash) {
        UUID at = Uuids.timeBased();
        UUID id = UUID.randomUUID();
        LocalDate day = LocalDate.ofInstant(RegistryReader.instantOf(at), ZoneOffset.UTC);
        ByteBuffer s = serial == null ? null : MarkKey.serialBytes(serial);
        Future<Void> photos = Future.succeededFuture();
        for (int i = 0; i < r.photos().size(); i++) {
            int index = i;
            photos = photos.compose(v -> photoStore.write(id, index, r.photos().get(index)).mapEmpty());
        }
        return photos.compose(v -> owner(batchId)).compose(owner -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("reportId", id.toString());
            data.put("verdict", verdict);
            data.put("serial", serial == null ? null : Long.toString(serial));
            data.put("where", r.where());
            data.put("seller", r.seller());
            data.put("photos", r.photos().size());
            data.put("region", region);
            NotificationEvent e = new NotificationEvent(UUID.randomUUID(), NotificationEvent.Type.REPORT_RECEIVED,
                    RegistryReader.instantOf(at), owner.licenseeId(), owner.productId(), batchId, data);
            BatchStatement b = BatchStatement.newInstance(BatchType.LOGGED,
                    byDay.bind(day, at, id, r.code(), verdict, batchId, s, r.where(), r.seller(), !r.photos().isEmpty(),
                            cell, region, r.lang()),
                    byId.bind(id, at, r.code(), verdict, batchId, s, r.where(), r.seller(), r.photos().size(), cell, region,
                            ipHash == null ? null : ByteBuffer.wrap(ipHash), r.lang()),
                    event.bind(e.insertValues()));
            Future<?> main = CqlFutures.future(session.executeAsync(b));
            Future<?> c = r.contact() == null ? Future.succeededFuture()
                    : CqlFutures.future(session.executeAsync(contact.bind(id, r.contact())));
            return Future.all(main, c);
        }).map(id);
    }

    /** The report, with its complete photos; empty when there is no such report. */
    public Future<Optional<StoredReport>> find(UUID id) {
        return CqlFutures.future(session.executeAsync(read.bind(id))).compose(rs -> {
            Row row = rs.one();
            if (row == null) {
                return Future.succeededFuture(Optional.empty());
            }
            return photos(id, row).map(ps -> {
                ByteBuffer serial = row.getByteBuffer("serial");
                return Optional.of(new StoredReport(id, RegistryReader.instantOf(row.getUuid("at")), row.getString("code"),
                        row.getString("verdict"), row.isNull("batch_id") ? null : row.getInt("batch_id"),
                        serial == null || serial.remaining() != Long.BYTES ? null : serial.getLong(serial.position()), row.getString("where_bought"),
                        row.getString("seller"), row.getString("region"), row.getString("lang"), ps));
            });
        });
    }

    private Future<List<StoredPhoto>> photos(UUID id, Row row) {
        if (row.isNull("photo_count") && row.getString("photo_type") != null) {
            // written before V011: the one photo in the row itself, listed as photo 0
            ImageType t = ImageType.ofMediaType(row.getString("photo_type"));
            return Future.succeededFuture(List.of(new StoredPhoto(id, 0, null, t == null ? ImageType.JPEG : t, -1, 0, null)));
        }
        return photoStore.list(id).map(ArrayList::new);
    }

    /** The bytes of a listed photo. */
    public Future<byte[]> photo(StoredPhoto p) {
        if (p.photoId() != null) {
            return photoStore.read(p);
        }
        return CqlFutures.future(session.executeAsync(legacyPhoto.bind(p.reportId()))).map(rs -> {
            ByteBuffer b = rs.one().getByteBuffer("photo");
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        });
    }
}
