package org.markauth.ops.schema;

import java.util.List;

/**
 * What one {@link Migrator#migrate()} did.
 *
 * @param keyspace       the keyspace migrated
 * @param applied        migrations applied by this run, in order
 * @param alreadyApplied how many were found applied (with matching checksums) and skipped
 */
public record MigrationResult(String keyspace, List<AppliedMigration> applied, int alreadyApplied) {
    public MigrationResult {
        applied = List.copyOf(applied);
    }
}
