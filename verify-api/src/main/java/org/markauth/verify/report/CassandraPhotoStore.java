package org.markauth.verify.report;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.markauth.http.CqlFutures;

/**
 * Report photos in Cassandra (V011): the bytes in {@code report_photo_chunks}, one partition per
 * photo, in chunks of {@link #CHUNK_BYTES} written as separate statements (never a batch: a
 * logged batch of a photo is what went over Cassandra's batch size limit), a few at a time; then
 * the photo's manifest row in {@code report_photos} (partition per report). The manifest is written
 * last, so a photo whose write failed half-way has no manifest and is never listed; its orphan
 * chunks cost space only. Both writes are idempotent (the same values again), so the driver may
 * retry them after a timeout. Reads page through the chunks a few at a time (no frame holds a whole
 * photo) and check size and SHA-256 against the manifest ({@link PhotoChunks}, which the officer app's
 * photos share).
 */
public final class CassandraPhotoStore implements PhotoStore {

    /** 256 KiB: far below the mutation and frame limits (16 MiB), 40 statements for a 10 MiB photo. */
    public static final int CHUNK_BYTES = PhotoChunks.CHUNK_BYTES;

    private final CqlSession session;
    private final PhotoChunks chunks;
    private final PreparedStatement insertManifest;
    private final PreparedStatement selectManifests;

    public CassandraPhotoStore(CqlSession session) {
        this.session = session;
        this.chunks = new PhotoChunks(session);
        insertManifest = session.prepare("INSERT INTO report_photos (report_id, idx, photo_id, content_type, bytes, "
                + "chunks, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)");
        selectManifests = session.prepare("SELECT idx, photo_id, content_type, bytes, chunks, sha256 FROM report_photos "
                + "WHERE report_id = ?");
    }

    @Override
    public Future<StoredPhoto> write(UUID reportId, int index, Photo photo) {
        byte[] data = photo.data();
        StoredPhoto stored = new StoredPhoto(reportId, index, UUID.randomUUID(), photo.type(), data.length,
                PhotoChunks.chunks(data.length), photo.sha256());
        return chunks.write(stored.photoId(), data).compose(v -> CqlFutures.future(session.executeAsync(insertManifest.bind(reportId, index,
                stored.photoId(), stored.type().mediaType(), stored.bytes(), stored.chunks(),
                ByteBuffer.wrap(stored.sha256())).setIdempotent(true)))).map(stored);
    }

    @Override
    public Future<List<StoredPhoto>> list(UUID reportId) {
        return CqlFutures.future(session.executeAsync(selectManifests.bind(reportId))).map(rs -> {
            List<StoredPhoto> out = new ArrayList<>();
            for (Row r : rs.currentPage()) {   // a report has a handful of photos: one page
                ImageType type = ImageType.ofMediaType(r.getString("content_type"));
                ByteBuffer sha = r.getByteBuffer("sha256");
                out.add(new StoredPhoto(reportId, r.getInt("idx"), r.getUuid("photo_id"), type, r.getInt("bytes"),
                        r.getInt("chunks"), sha == null ? null : bytes(sha)));
            }
            return out;
        });
    }

    @Override
    public Future<byte[]> read(StoredPhoto photo) {
        return chunks.read(photo.photoId(), photo.chunks(), photo.bytes(), photo.sha256(),
                "photo " + photo.photoId() + " of report " + photo.reportId());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
