package org.markauth.issuer.certification;

import java.time.Instant;
import java.util.UUID;

/** An evidence file's description (its bytes are fetched apart). */
public record EvidenceFile(UUID fileId, String name, String contentType, int size, String sha256, String uploadedBy, Instant uploadedAt) {
}
