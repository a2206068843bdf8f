package org.markauth.ops.schema;

import java.time.Duration;
import java.time.Instant;

/** A row of {@code schema_migrations}: what was applied to a keyspace, and when. */
public record AppliedMigration(int version, String description, String checksum, Instant appliedAt, Duration duration) {
}
