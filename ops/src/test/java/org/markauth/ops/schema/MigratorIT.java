package org.markauth.ops.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.datastax.oss.driver.api.core.CqlSession;
import org.markauth.ops.cassandra.CassandraEndpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against the real node: applies in order, re-applying is a no-op, an edited applied file is refused. */
class MigratorIT {
    // ops cannot use test-support (which is built on ops): the node, as TestStack reaches it
    private static CqlSession session;
    private static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void connect() {
        session = CassandraEndpoint.fromEnvironment().open(Optional.empty(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void dropAndClose() {
        if (session == null) {
            return;   // connect() failed; its error is the one to read
        }
        created.forEach(k -> session.execute("DROP KEYSPACE IF EXISTS " + k));
        session.close();
    }

    private static String keyspace() {
        String k = "migrator_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        created.add(k);
        return k;
    }

    private static final Migration ONE = Migration.of("V001__one.cql", "CREATE TABLE IF NOT EXISTS one (id text PRIMARY KEY);\n");
    private static final Migration TWO = Migration.of("V002__two.cql", """
            CREATE TABLE IF NOT EXISTS two (id text PRIMARY KEY, n int);
            INSERT INTO two (id, n) VALUES ('seed', 1);
            """);

    @Test
    void appliesInOrderAndRecordsVersionChecksumAndTime() {
        String ks = keyspace();
        MigrationResult result = Migrator.create(session, ks, Replication.simple(1), List.of(TWO, ONE)).migrate();

        assertThat(result.applied()).extracting(AppliedMigration::version).containsExactly(1, 2);
        assertThat(result.alreadyApplied()).isZero();
        List<AppliedMigration> recorded = Migrator.create(session, ks, Replication.simple(1), List.of(ONE, TWO)).applied();
        assertThat(recorded).extracting(AppliedMigration::checksum).containsExactly(ONE.checksum(), TWO.checksum());
        assertThat(recorded).allSatisfy(a -> assertThat(a.appliedAt()).isNotNull());
        assertThat(session.execute("SELECT n FROM " + ks + ".two WHERE id = 'seed'").one().getInt("n")).isEqualTo(1);
        assertThat(session.getMetadata().getKeyspace(CqlIdentifier.fromInternal(ks)).orElseThrow()
                .getReplication()).containsEntry("replication_factor", "1");
    }

    @Test
    void reapplyingIsANoOpAndANewVersionIsAppliedAlone() {
        String ks = keyspace();
        Migrator.create(session, ks, Replication.simple(1), List.of(ONE)).migrate();

        MigrationResult again = Migrator.create(session, ks, Replication.simple(1), List.of(ONE)).migrate();
        assertThat(again.applied()).isEmpty();
        assertThat(again.alreadyApplied()).isEqualTo(1);

        MigrationResult next = Migrator.create(session, ks, Replication.simple(1), List.of(ONE, TWO)).migrate();
        assertThat(next.applied()).extracting(AppliedMigration::version).containsExactly(2);
    }

    @Test
    void refusesToRunWhenAnAppliedFileWasChanged() {
        String ks = keyspace();
        Migrator.create(session, ks, Replication.simple(1), List.of(ONE)).migrate();
        Migration edited = Migration.of("V001__one.cql", "CREATE TABLE IF NOT EXISTS one (id text PRIMARY KEY, extra text);\n");

        assertThatThrownBy(() -> Migrator.create(session, ks, Replication.simple(1), List.of(edited, TWO)).migrate())
                .isInstanceOf(ChangedMigrationException.class)
                .hasMessageContaining("V001__one.cql was changed after it was applied to keyspace " + ks);
        assertThat(session.getMetadata().getKeyspace(CqlIdentifier.fromInternal(ks)).orElseThrow().getTable("two"))
                .as("nothing after the changed file is applied").isEmpty();
    }

    @Test
    void theProjectMigrationsApplyToAFreshKeyspace() {
        String ks = keyspace();
        MigrationResult result = Migrator.create(session, ks, Replication.simple(1)).migrate();
        assertThat(result.applied()).hasSameSizeAs(Migrations.fromClasspath());
    }
}
