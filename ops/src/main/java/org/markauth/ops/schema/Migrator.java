package org.markauth.ops.schema;

import com.datastax.oss.driver.api.core.CqlSession;

import java.time.Clock;
import java.util.List;

/**
 * Applies the versioned CQL files to one keyspace, in order, once each.
 *
 * <p>It creates the keyspace (with the given replication) and its {@code schema_migrations} table
 * when missing, skips the versions already recorded there, and refuses to run when a recorded file's
 * checksum no longer matches ({@link ChangedMigrationException}). Cassandra DDL is not transactional:
 * a file that fails half-way is not recorded and runs again from its start next time, so migration
 * files use {@code IF NOT EXISTS}.
 *
 * <pre>{@code
 * try (CqlSession session = CqlSession.builder().withLocalDatacenter("datacenter1").build()) {
 *     Migrator.create(session, "markauth", Replication.simple(1)).migrate();
 * }
 * }</pre>
 *
 * <p>No maintained migration library fitted: the Cassandra ones (cassandra-migration, cognitor's,
 * Liquibase's extension) target the old com.datastax driver 3.x/4.x coordinates or need JDBC, while
 * this project uses the org.apache.cassandra driver 4.19 against Cassandra 5. This runner is small.
 */
public interface Migrator {

    /** The table, in the migrated keyspace, that records the applied versions. */
    String HISTORY_TABLE = "schema_migrations";

    /** A migrator for the project's own migrations ({@code db/migration} on the classpath). */
    static Migrator create(CqlSession session, String keyspace, Replication replication) {
        return create(session, keyspace, replication, Migrations.fromClasspath());
    }

    /** A migrator for the given migrations (tests, tools). */
    static Migrator create(CqlSession session, String keyspace, Replication replication, List<Migration> migrations) {
        return new CqlMigrator(session, keyspace, replication, Migrations.ordered(migrations), Clock.systemUTC());
    }

    /** Creates the keyspace if needed and applies every migration not applied yet. */
    MigrationResult migrate();

    /** What {@code schema_migrations} records, by version; empty when the keyspace or table does not exist. */
    List<AppliedMigration> applied();

    /** The keyspace this migrator works on. */
    String keyspace();
}
