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
 * A photo's bytes in {@code report_photo_chunks} (V011): one partition per photo, chunks of
 * {@link #CHUNK_BYTES} written as separate idempotent statements (never a batch), a few at a
 * time; read back a few chunks a page and checked against what the manifest says (chunk count,
 * size, SHA-256). Shared by the report photos ({@link CassandraPhotoStore}) and the officer app's
 * photos, each of which writes its own manifest after the chunks.
 */
public final class PhotoChunks {

    /** 256 KiB: far below the mutation and frame limits (16 MiB), 40 statements for a 10 MiB photo. */
    public static final int CHUNK_BYTES = 256 * 1024;
    /** Chunk writes in flight per photo: enough to fill the link, few enough not to crowd out scans. */
    static final int WRITES_IN_FLIGHT = 4;
    /** Chunks per page when reading: 1 MiB a round trip. */
    static final int CHUNKS_PER_PAGE = 4;

    private final CqlSession session;
    private final PreparedStatement insertChunk;
    private final PreparedStatement selectChunks;

    public PhotoChunks(CqlSession session) {
        this.session = session;
        insertChunk = session.prepare("INSERT INTO report_photo_chunks (photo_id, chunk, data) VALUES (?, ?, ?)");
        selectChunks = session.prepare("SELECT chunk, data FROM report_photo_chunks WHERE photo_id = ?");
    }

    /** How many chunks {@code bytes} take. */
    public static int chunks(int bytes) {
        return (bytes + CHUNK_BYTES - 1) / CHUNK_BYTES;
    }

    /** Writes {@code data} as the chunks of {@code photoId}; completes when every chunk is written. */
    public Future<Void> write(UUID photoId, byte[] data) {
        int chunks = chunks(data.length);
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(WRITES_IN_FLIGHT, chunks); i++) {
            lanes.add(writeChunks(photoId, data, chunks, next));
        }
        return Future.all(lanes).mapEmpty();
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

    /**
     * The bytes of {@code photoId}, checked against its manifest: {@code chunks} chunks in order,
     * {@code bytes} bytes, and the SHA-256 when {@code sha256} is not null. {@code what} names the
     * photo in the failure's message.
     */
    public Future<byte[]> read(UUID photoId, int chunks, int bytes, byte[] sha256, String what) {
        byte[] out = new byte[bytes];
        int[] state = {0, 0};   // next chunk expected, bytes filled
        return CqlFutures.future(session.executeAsync(selectChunks.bind(photoId).setPageSize(CHUNKS_PER_PAGE)))
                .compose(rs -> readPages(rs, what, out, state))
                .compose(v -> hashed(out))
                .compose(sha -> {
                    if (state[0] != chunks || state[1] != bytes || sha256 != null && !Arrays.equals(sha, sha256)) {
                        return Future.failedFuture(new IllegalStateException(what + " does not match its manifest ("
                                + state[0] + " chunks, " + state[1] + " bytes read)"));
                    }
                    return Future.succeededFuture(out);
                });
    }

    private Future<Void> readPages(AsyncResultSet rs, String what, byte[] out, int[] state) {
        for (Row r : rs.currentPage()) {
            ByteBuffer b = r.getByteBuffer("data");
            int n = b == null ? 0 : b.remaining();
            if (r.getInt("chunk") != state[0] || state[1] + n > out.length) {
                return Future.failedFuture(new IllegalStateException(what + ": chunk "
                        + r.getInt("chunk") + " out of place or over the manifest's size"));
            }
            if (b != null) {
                b.duplicate().get(out, state[1], n);
            }
            state[0]++;
            state[1] += n;
        }
        return rs.hasMorePages()
                ? CqlFutures.future(rs.fetchNextPage()).compose(more -> readPages(more, what, out, state))
                : Future.succeededFuture();
    }

    /** The SHA-256 of {@code data}, computed on a worker thread when called from a Vert.x context. */
    static Future<byte[]> hashed(byte[] data) {
        Context ctx = Vertx.currentContext();
        return ctx == null ? Future.succeededFuture(Photo.sha256(data))
                : ctx.owner().executeBlocking(() -> Photo.sha256(data), false);
    }
}
