package org.markauth.verify.report;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.markauth.http.CqlFutures;

/**
 * Report photos in Cassandra (V011): the bytes in {@code report_photo_chunks}, one partition per
 * photo, in chunks of {@link #CHUNK_BYTES} written as separate statements (never a batch: a
 * logged batch of a photo is what went over Cassandra's batch size limit), a few at a time; then
 * the photo's manifest row in {@code report_photos} (partition per report). The manifest is written
 * last, so a photo whose write failed half-way has no manifest and is never listed; its orphan
 * chunks cost space only. Both writes are idempotent (the same values again), so the driver may
 * retry them after a timeout. Reads page through the chunks a few at a time (no frame holds a whole
 * photo) and check size and SHA-256 against the manifest.
 */
public final class CassandraPhotoStore implements PhotoStore {

    /** 256 KiB: far below the mutation and frame limits (16 MiB), 40 statements for a 10 MiB photo. */
    public static final int CHUNK_BYTES = 256 * 1024;
    /** Chunk writes in flight per photo: enough to fill the link, few enough not to crowd out scans. */
    static final int WRITES_IN_FLIGHT = 4;
    /** Chunks per page when reading: 1 MiB a round trip. */
    static final int CHUNKS_PER_PAGE = 4;

    private final CqlSession session;
    private final PreparedStatement insertChunk;
    private final PreparedStatement insertManifest;
    private final PreparedStatement selectManifests;
    private final PreparedStatement selectChunks;

    public CassandraPhotoStore(CqlSession session) {
        this.session = session;
        insertChunk = session.prepare("INSERT INTO report_photo_chunks (photo_id, chunk, data) VALUES (?, ?, ?)");
        insertManifest = session.prepare("INSERT INTO report_photos (report_id, idx, photo_id, content_type, bytes, "
                + "chunks, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)");
        selectManifests = session.prepare("SELECT idx, photo_id, content_type, bytes, chunks, sha256 FROM report_photos "
                + "WHERE report_id = ?");
        selectChunks = session.prepare("SELECT chunk, data FROM report_photo_chunks WHERE photo_id = ?");
    }

    @Override
    public Future<StoredPhoto> write(UUID reportId, int index, Photo photo) {
        byte[] data = photo.data();
        int chunks = (data.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
        StoredPhoto stored = new StoredPhoto(reportId, index, UUID.randomUUID(), photo.type(), data.length, chunks,
                photo.sha256());
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(WRITES_IN_FLIGHT, chunks); i++) {
            lanes.add(writeChunks(stored.photoId(), data, chunks, next));
        }
        return Future.all(lanes).compose(v -> CqlFutures.future(session.executeAsync(insertManifest.bind(reportId, index,
                stored.photoId(), stored.type().mediaType(), stored.bytes(), stored.chunks(),
                ByteBuffer.wrap(stored.sha256())).setIdempotent(true)))).map(stored);
    }

    /** One lane: writes the next unwritten chunk, then the next, until none is left. */
    private Future<Void> writeChunks(UUID photoId, byte[] data, int chunks, AtomicInteger next) {
        int i = next.getAndIncrement();
        if (i >= chunks) {
            return Future.succeededFuture();
        }
        int from = i * CHUNK_BYTES;
        ByteBuffer chunk = ByteBuffer.wrap(data, from, Math.min(CHUNK_BYTES, data.length - from)).slice();
        return CqlFutures.future(session.executeAsync(insertChunk.bind(photoId, i, chunk).setIdempotent(true)))
                .compose(rs -> writeChunks(photoId, data, chunks, next));
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
        byte[] out = new byte[photo.bytes()];
        int[] state = {0, 0};   // next chunk expected, bytes filled
        return CqlFutures.future(session.executeAsync(selectChunks.bind(photo.photoId()).setPageSize(CHUNKS_PER_PAGE)))
                .compose(rs -> readPages(rs, photo, out, state))
                .compose(v -> hashed(out))
                .compose(sha -> {
                    if (state[0] != photo.chunks() || state[1] != photo.bytes()
                            || photo.sha256() != null && !Arrays.equals(sha, photo.sha256())) {
                        return Future.failedFuture(new IllegalStateException("photo " + photo.photoId() + " of report "
                                + photo.reportId() + " does not match its manifest (" + state[0] + " chunks, " + state[1]
                                + " bytes read)"));
                    }
                    return Future.succeededFuture(out);
                });
    }

    private Future<Void> readPages(AsyncResultSet rs, StoredPhoto photo, byte[] out, int[] state) {
        for (Row r : rs.currentPage()) {
            ByteBuffer b = r.getByteBuffer("data");
            int n = b == null ? 0 : b.remaining();
            if (r.getInt("chunk") != state[0] || state[1] + n > out.length) {
                return Future.failedFuture(new IllegalStateException("photo " + photo.photoId() + ": chunk "
                        + r.getInt("chunk") + " out of place or over the manifest's size"));
            }
            if (b != null) {
                b.duplicate().get(out, state[1], n);
            }
            state[0]++;
            state[1] += n;
        }
        return rs.hasMorePages()
                ? CqlFutures.future(rs.fetchNextPage()).compose(more -> readPages(more, photo, out, state))
                : Future.succeededFuture();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** The SHA-256 of {@code data}, computed on a worker thread when called from a Vert.x context. */
    private static Future<byte[]> hashed(byte[] data) {
        Context ctx = Vertx.currentContext();
        return ctx == null ? Future.succeededFuture(Photo.sha256(data))
                : ctx.owner().executeBlocking(() -> Photo.sha256(data), false);
    }
}
