package org.markauth.verify.report;

import java.util.UUID;

/**
 * A photo's manifest: which report and position it belongs to, where its chunks are, and what
 * reading them back must give (size, chunk count, SHA-256). A photo exists for readers only once
 * its manifest is written, which is after all its chunks.
 */
public record StoredPhoto(UUID reportId, int index, UUID photoId, ImageType type, int bytes, int chunks, byte[] sha256) {
}
