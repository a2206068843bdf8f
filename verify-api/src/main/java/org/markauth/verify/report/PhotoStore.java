package org.markauth.verify.report;

import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * Where report photos live, out of the report's own row (a phone photo of several MiB does not fit
 * a Cassandra row, let alone a logged batch). {@link CassandraPhotoStore} is the one
 * implementation and the default: verify-api runs as several stateless instances with no shared
 * disk, and a report's photo is evidence that must be as durable, replicated and readable from
 * every instance as the report itself, which a local filesystem is not. An object store would fit
 * this interface as well.
 *
 * <p>The contract every implementation keeps: {@link #write} completes only when the photo is
 * durably stored and readable, and a photo whose write failed half-way is never listed or read
 * (its manifest is written last).
 */
public interface PhotoStore {

    /** Stores photo number {@code index} of report {@code reportId}; completes with its manifest. */
    Future<StoredPhoto> write(UUID reportId, int index, Photo photo);

    /** The complete photos of a report, by index; empty when it has none. */
    Future<List<StoredPhoto>> list(UUID reportId);

    /** The bytes of a listed photo, checked against its manifest (size and SHA-256). */
    Future<byte[]> read(StoredPhoto photo);
}
