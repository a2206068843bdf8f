package org.markauth.verify.officer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.markauth.http.CqlFutures;
import org.markauth.verify.report.ImageType;
import org.markauth.verify.report.PhotoChunks;

/**
 * The officer app's photos, content-addressed by SHA-256 (V014 {@code officer_photos}): the
 * bytes as chunks in {@code report_photo_chunks} ({@link PhotoChunks}, as report photos), then the
 * manifest row with {@code IF NOT EXISTS}, so the first complete upload of a hash is the one kept
 * and a photo whose upload died half-way does not exist (its orphan chunks cost space only). A
 * second upload of the same bytes is answered from the manifest without writing anything.
 */
public final class OfficerPhotoStore {

    /** A stored photo's manifest. */
    public record StoredPhoto(String sha256, UUID photoId, ImageType type, int bytes, int chunks, String uploadedBy,
                              Instant uploadedAt) {
    }

    /** What an upload gave: the manifest, and whether this upload created it. */
    public record Uploaded(StoredPhoto photo, boolean created) {
    }

    private final CqlSession session;
    private final PhotoChunks chunks;
    private final Clock clock;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    public OfficerPhotoStore(CqlSession session, Clock clock) {
        this.session = session;
        this.chunks = new PhotoChunks(session);
        this.clock = clock;
        insert = session.prepare("INSERT INTO officer_photos (sha256, photo_id, content_type, bytes, chunks, uploaded_by, "
                + "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        select = session.prepare("SELECT sha256, photo_id, content_type, bytes, chunks, uploaded_by, uploaded_at "
                + "FROM officer_photos WHERE sha256 = ?");
    }

    /** The manifest of a photo by its SHA-256 (64 lowercase hex), or empty. */
    public Future<Optional<StoredPhoto>> find(String sha256) {
        return CqlFutures.future(session.executeAsync(select.bind(blob(sha256))))
                .map(rs -> Optional.ofNullable(rs.one()).map(OfficerPhotoStore::photo));
    }

    /** The manifests of the given photos that exist (in no particular order). */
    public Future<List<StoredPhoto>> findAll(List<String> sha256s) {
        List<Future<Optional<StoredPhoto>>> reads = sha256s.stream().map(this::find).toList();
        return Future.all(reads).map(x -> {
            List<StoredPhoto> out = new ArrayList<>();
            reads.forEach(f -> f.result().ifPresent(out::add));
            return out;
        });
    }

    /** Stores a checked photo whose SHA-256 is {@code sha256}; answers the existing manifest if it is stored already. */
    public Future<Uploaded> store(String sha256, ImageType type, byte[] data, String officer) {
        return find(sha256).compose(had -> {
            if (had.isPresent()) {
                return Future.succeededFuture(new Uploaded(had.get(), false));
            }
            UUID photoId = UUID.randomUUID();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            StoredPhoto p = new StoredPhoto(sha256, photoId, type, data.length, PhotoChunks.chunks(data.length), officer, now);
            return chunks.write(photoId, data)
                    .compose(v -> CqlFutures.future(session.executeAsync(insert.bind(blob(sha256), photoId, type.mediaType(),
                            p.bytes(), p.chunks(), officer, now))))
                    .map(rs -> rs.wasApplied() ? new Uploaded(p, true) : new Uploaded(photo(rs.one()), false));
        });
    }

    /** The bytes of a stored photo, checked against its manifest (size, SHA-256). */
    public Future<byte[]> read(StoredPhoto p) {
        return chunks.read(p.photoId(), p.chunks(), p.bytes(), HexFormat.of().parseHex(p.sha256()), "officer photo " + p.sha256());
    }

    private static ByteBuffer blob(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    private static StoredPhoto photo(Row r) {
        ByteBuffer sha = r.getByteBuffer("sha256");
        byte[] b = new byte[sha.remaining()];
        sha.duplicate().get(b);
        return new StoredPhoto(HexFormat.of().formatHex(b), r.getUuid("photo_id"), ImageType.ofMediaType(r.getString("content_type")),
                r.getInt("bytes"), r.getInt("chunks"), r.getString("uploaded_by"), r.getInstant("uploaded_at"));
    }
}
