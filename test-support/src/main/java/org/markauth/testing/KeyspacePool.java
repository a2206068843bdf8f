package org.markauth.testing;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.markauth.ops.cassandra.CassandraEndpoint;
import org.markauth.ops.schema.Migrator;
import org.markauth.ops.schema.Replication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The migrated test keyspaces of this JVM that no test holds, emptied and ready for the next test class.
 *
 * <p>Creating a keyspace with every migration (some 135 tables) costs the local node about 1.5 s, and
 * dropping it another second, most of it CPU (each table's metrics registered, then unregistered, and
 * the whole schema's digest computed after every change); a build creates one per test class, over a
 * hundred. Emptying a keyspace's tables ({@code TRUNCATE}, all at once) costs about 0.1 s. So a closed
 * keyspace is emptied and kept here, and the next {@link TestStack#freshKeyspace} of this JVM (same
 * node, same replication) takes it instead of creating one; the pool's keyspaces are dropped when the
 * JVM exits (through a session opened then: the pool holds none, so a JVM whose main method ends still exits).
 *
 * <p>A keyspace is kept only when its schema is still the one it was created with (keyspace, tables,
 * columns, types, indexes, views: a test that altered it gets its keyspace dropped, as before) and
 * every table emptied without error. The migrations' history table keeps its rows, so the keyspace
 * stays migrated.
 */
final class KeyspacePool {
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);
    private static final long EXIT_DROP_SECONDS = 20;
    private static final List<String> SCHEMA_TABLES = List.of("keyspaces", "tables", "columns", "types", "indexes", "views");

    private static final KeyspacePool INSTANCE = new KeyspacePool();

    /** A keyspace of the pool: where it lives, its replication and its schema when it was created. */
    record Pooled(CassandraEndpoint endpoint, String name, Replication replication, String schema) {
    }

    private final Deque<Pooled> free = new ArrayDeque<>();
    private boolean hooked;

    static KeyspacePool instance() {
        return INSTANCE;
    }

    /** A free keyspace of {@code endpoint} with {@code replication}, taken out of the pool. */
    synchronized Optional<Pooled> take(CassandraEndpoint endpoint, Replication replication) {
        for (var it = free.iterator(); it.hasNext(); ) {
            Pooled p = it.next();
            if (p.endpoint().equals(endpoint) && p.replication().equals(replication)) {
                it.remove();
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A keyspace just created and migrated (through {@code session}), described for a later {@link #release}. */
    Pooled created(CqlSession session, CassandraEndpoint endpoint, String name, Replication replication) {
        return new Pooled(endpoint, name, replication, schema(session, name));
    }

    /**
     * Empties {@code p}'s tables and keeps it for the next test class; drops it instead when its schema
     * changed or emptying failed.
     */
    void release(CqlSession preferred, Pooled p) {
        boolean kept = false;
        try {
            kept = withSession(preferred, p.endpoint(), session -> {
                if (!schema(session, p.name()).equals(p.schema())) {
                    return false;
                }
                empty(session, p.name());
                return true;
            });
        } catch (RuntimeException e) {
            System.err.println("test keyspace " + p.name() + " could not be emptied, so it is dropped: " + e.getMessage());
        }
        if (kept) {
            synchronized (this) {
                free.push(p);
                hookOnce();
            }
        } else {
            drop(preferred, p);
        }
    }

    /** Drops {@code p} now (it is not kept). */
    void drop(CqlSession preferred, Pooled p) {
        withSession(preferred, p.endpoint(), session -> session.execute(dropStatement(p.name())));
    }

    /**
     * Runs {@code work} on {@code preferred} (the test stack's session), or on a session of its own when that one is
     * closed already. The pool keeps no session open: one would keep a JVM whose main method ended from exiting.
     */
    private static <T> T withSession(CqlSession preferred, CassandraEndpoint endpoint, Function<CqlSession, T> work) {
        if (!preferred.isClosed()) {
            return work.apply(preferred);
        }
        try (CqlSession own = endpoint.openForSchemaChanges(Duration.ofSeconds(5))) {
            return work.apply(own);
        }
    }

    private static SimpleStatement dropStatement(String name) {
        return SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + CqlIdentifier.fromInternal(name).asCql(true))
                .setTimeout(DDL_TIMEOUT);
    }

    private static void empty(CqlSession session, String keyspace) {
        List<CompletableFuture<?>> truncates = new ArrayList<>();
        for (Row r : session.execute(SimpleStatement.newInstance(
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace))) {
            String table = r.getString(0);
            if (!Migrator.HISTORY_TABLE.equals(table)) {
                truncates.add(session.executeAsync(SimpleStatement.newInstance("TRUNCATE "
                        + CqlIdentifier.fromInternal(keyspace).asCql(true) + "." + CqlIdentifier.fromInternal(table).asCql(true))
                        .setTimeout(DDL_TIMEOUT)).toCompletableFuture());
            }
        }
        CompletableFuture.allOf(truncates.toArray(CompletableFuture[]::new)).join();
    }

    /** A digest of every row the node's {@code system_schema} holds about {@code keyspace}. */
    private static String schema(CqlSession session, String keyspace) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String table : SCHEMA_TABLES) {
            List<String> rows = new ArrayList<>();
            for (Row r : session.execute(SimpleStatement.newInstance(
                    "SELECT * FROM system_schema." + table + " WHERE keyspace_name = ?", keyspace))) {
                rows.add(r.getFormattedContents());
            }
            rows.sort(null);
            digest.update((table + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void hookOnce() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, "test-keyspace-pool-drop"));
        }
    }

    /** At exit: drops every free keyspace (a keyspace still held, e.g. kept for inspection, stays), a session per node. */
    private void dropAll() {
        Map<CassandraEndpoint, List<String>> byNode = new HashMap<>();
        synchronized (this) {
            free.forEach(p -> byNode.computeIfAbsent(p.endpoint(), e -> new ArrayList<>()).add(p.name()));
            free.clear();
        }
        byNode.forEach((endpoint, names) -> {
            try (CqlSession session = endpoint.openForSchemaChanges(Duration.ofSeconds(5))) {
                List<CompletableFuture<?>> drops = new ArrayList<>();
                names.forEach(n -> drops.add(session.executeAsync(dropStatement(n)).toCompletableFuture()));
                CompletableFuture.allOf(drops.toArray(CompletableFuture[]::new)).get(EXIT_DROP_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("dropping the pooled test keyspaces " + names + " at exit: " + e);
            }
        });
    }
}
