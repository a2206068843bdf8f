package org.markauth.ops.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The migration runner. Statements run with the target keyspace set per statement (protocol v5),
 * so migration files name tables without a keyspace and the caller's session is left untouched.
 * After each schema change it waits for schema agreement, so the next statement (or the next
 * node a client talks to) sees the change.
 */
final class CqlMigrator implements Migrator {
    private static final Logger log = LoggerFactory.getLogger(CqlMigrator.class);
    private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
    private static final Duration SCHEMA_AGREEMENT_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Per statement, whatever the session's request timeout: a schema change flushes system tables
     * and on a loaded node takes seconds (seen: over 5 s with the machine's load at 18 on 2 cores).
     */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    static final String TABLE = Migrator.HISTORY_TABLE;

    private final CqlSession session;
    private final String keyspace;
    private final CqlIdentifier keyspaceId;
    private final Replication replication;
    private final List<Migration> migrations;
    private final Clock clock;

    CqlMigrator(CqlSession session, String keyspace, Replication replication, List<Migration> migrations, Clock clock) {
        if (keyspace == null || !KEYSPACE.matcher(keyspace).matches()) {
            throw new IllegalArgumentException("keyspace name must be a letter then up to 47 letters, digits or '_', got '" + keyspace + "'");
        }
        this.session = session;
        this.keyspace = keyspace;
        this.keyspaceId = CqlIdentifier.fromInternal(keyspace);
        this.replication = replication;
        this.migrations = List.copyOf(migrations);
        this.clock = clock;
    }

    @Override
    public String keyspace() {
        return keyspace;
    }

    @Override
    public MigrationResult migrate() {
        ddl(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS " + keyspaceId.asCql(true)
                + " WITH replication = " + replication.toCql()).setTimeout(STATEMENT_TIMEOUT), "create keyspace " + keyspace);
        ddl(inKeyspace("CREATE TABLE IF NOT EXISTS " + TABLE + " (version int PRIMARY KEY, description text,"
                + " checksum text, applied_at timestamp, duration_ms bigint)"), "create " + TABLE);

        Map<Integer, AppliedMigration> done = new HashMap<>();
        applied().forEach(a -> done.put(a.version(), a));
        for (Migration m : migrations) {   // refuse before changing anything
            AppliedMigration a = done.get(m.version());
            if (a != null && !a.checksum().equals(m.checksum())) {
                throw new ChangedMigrationException(m.version(), m.fileName(), a.checksum(), m.checksum(), keyspace);
            }
        }
        List<AppliedMigration> appliedNow = new ArrayList<>();
        for (Migration m : migrations) {
            if (done.containsKey(m.version())) {
                continue;
            }
            appliedNow.add(apply(m));
        }
        return new MigrationResult(keyspace, appliedNow, done.size());
    }

    private AppliedMigration apply(Migration m) {
        Instant start = clock.instant();
        int n = 0;
        for (String cql : m.statements()) {
            n++;
            ddl(inKeyspace(cql), m.fileName() + " statement " + n + " of " + m.statements().size());
        }
        Instant end = clock.instant();
        AppliedMigration a = new AppliedMigration(m.version(), m.description(), m.checksum(), end, Duration.between(start, end));
        execute(inKeyspace("INSERT INTO " + TABLE + " (version, description, checksum, applied_at, duration_ms) VALUES (?, ?, ?, ?, ?)",
                a.version(), a.description(), a.checksum(), a.appliedAt(), a.duration().toMillis()), "record " + m.fileName());
        log.info("[{}] applied {} ({} statements, {} ms)", keyspace, m.fileName(), m.statements().size(), a.duration().toMillis());
        return a;
    }

    @Override
    public List<AppliedMigration> applied() {
        // asked of the node, not of the driver's schema metadata: a session that migrates many keyspaces
        // (the tests' fresh ones) runs with that metadata off, since refreshing it after every statement
        // costs more than the statement
        boolean exists = execute(SimpleStatement.newInstance(
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?", keyspace, TABLE)
                .setTimeout(STATEMENT_TIMEOUT), "look for " + TABLE).one() != null;
        if (!exists) {
            return List.of();
        }
        List<AppliedMigration> out = new ArrayList<>();
        ResultSet rs = execute(inKeyspace("SELECT version, description, checksum, applied_at, duration_ms FROM " + TABLE),
                "read " + TABLE);
        for (Row row : rs) {
            out.add(new AppliedMigration(row.getInt("version"), row.getString("description"), row.getString("checksum"),
                    row.getInstant("applied_at"), Duration.ofMillis(row.getLong("duration_ms"))));
        }
        out.sort(Comparator.comparingInt(AppliedMigration::version));
        return out;
    }

    private SimpleStatement inKeyspace(String cql, Object... values) {
        return SimpleStatement.newInstance(cql, values).setKeyspace(keyspaceId).setTimeout(STATEMENT_TIMEOUT);
    }

    private void ddl(SimpleStatement statement, String what) {
        ResultSet rs = execute(statement, what);
        if (!rs.getExecutionInfo().isSchemaInAgreement()) {
            awaitSchemaAgreement(what);
        }
    }

    private ResultSet execute(SimpleStatement statement, String what) {
        Instant deadline = clock.instant().plus(SCHEMA_AGREEMENT_TIMEOUT);
        while (true) {
            try {
                return session.execute(statement);
            } catch (com.datastax.oss.driver.api.core.servererrors.InvalidQueryException e) {
                // On a loaded multi-node cluster the driver can see "schema in agreement" before the
                // node coordinating the next statement has applied a table created just before
                // (found by ops/drills/multi-node.sh): wait for it instead of failing.
                String m = String.valueOf(e.getMessage());
                boolean notYet = m.contains("does not exist") || m.contains("unconfigured table");
                if (!notYet || clock.instant().isAfter(deadline)) {
                    throw failed(statement, what, e);
                }
                sleepBriefly();
            } catch (DriverException e) {
                throw failed(statement, what, e);
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted while waiting for the schema to reach every node", ie);
        }
    }

    private MigrationException failed(SimpleStatement statement, String what, DriverException e) {
        return new MigrationException("keyspace " + keyspace + ": " + what + " failed: " + e.getMessage()
                + " (statement: " + abbreviate(statement.getQuery()) + ")", e);
    }

    private void awaitSchemaAgreement(String what) {
        Instant deadline = clock.instant().plus(SCHEMA_AGREEMENT_TIMEOUT);
        while (!session.checkSchemaAgreement()) {
            if (clock.instant().isAfter(deadline)) {
                throw new MigrationException("keyspace " + keyspace + ": nodes did not agree on the schema within "
                        + SCHEMA_AGREEMENT_TIMEOUT.toSeconds() + " s after " + what + "; check that every node is up, then run migrate again");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationException("interrupted while waiting for schema agreement after " + what, e);
            }
        }
    }

    private static String abbreviate(String cql) {
        String one = cql.replaceAll("\\s+", " ");
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }
}
