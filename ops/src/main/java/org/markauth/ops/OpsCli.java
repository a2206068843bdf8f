package org.markauth.ops;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import org.markauth.config.CassandraSettings;
import org.markauth.ops.cassandra.CassandraUnreachableException;
import org.markauth.ops.cassandra.Connection;
import org.markauth.ops.schema.AppliedMigration;
import org.markauth.ops.schema.Migration;
import org.markauth.ops.schema.MigrationResult;
import org.markauth.ops.schema.Migrations;
import org.markauth.ops.schema.Migrator;
import org.markauth.ops.schema.Replication;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The ops command line ({@code ops/cli}): schema migrations and Cassandra probes. Every failure
 * prints one line naming what is wrong and what to do, and exits 1 (2 for a wrong command line).
 */
@Command(name = "ops/cli", mixinStandardHelpOptions = true, version = "markauth ops",
        description = "markauth operations: schema migrations and Cassandra probes.",
        subcommands = {OpsCli.Migrate.class, OpsCli.Applied.class, OpsCli.WaitCql.class, OpsCli.CassandraVersion.class,
                org.markauth.ops.bench.CassandraBaseline.class})
public final class OpsCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new OpsCli());
        // The last occurrence wins, so wrapper scripts can put defaults before the user's options.
        cli.setOverwrittenOptionsAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("ops/cli: " + ex.getMessage() + " (see " + ex.getCommandLine().getCommandName() + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Our own exceptions (ops, service-config) and argument errors already read as one line.
            boolean ours = ex.getClass().getName().startsWith("org.markauth.") || ex instanceof IllegalArgumentException;
            String message = ours ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            cmd.getErr().println("ops/cli: " + message);
            return 1;
        });
        return cli.execute(args);
    }

    public static final class KeyspaceOption {
        @Option(names = "--keyspace", paramLabel = "NAME",
                description = "keyspace (default: cassandra.keyspace, env MARKAUTH_CASSANDRA_KEYSPACE, else markauth)")
        String keyspace;
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Create the keyspace if needed and apply the schema migrations not applied yet.")
    static final class Migrate implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin KeyspaceOption keyspace;

        @Option(names = "--replication", paramLabel = "SPEC",
                defaultValue = "${env:MARKAUTH_CASSANDRA_REPLICATION:-SimpleStrategy:1}",
                description = "keyspace replication when it is created: SimpleStrategy:1 or "
                        + "NetworkTopologyStrategy:dc1=3,dc2=3 (env MARKAUTH_CASSANDRA_REPLICATION, default ${DEFAULT-VALUE})")
        String replication;

        @Override
        public Integer call() {
            Replication r = Replication.parse(replication);
            CassandraSettings settings = connection.settings(keyspace.keyspace);
            try (CqlSession session = Connection.open(settings, false)) {
                List<Migration> all = Migrations.fromClasspath();
                MigrationResult result = Migrator.create(session, settings.keyspace(), r, all).migrate();
                for (AppliedMigration a : result.applied()) {
                    System.out.printf("applied V%03d %s (%d ms)%n", a.version(), a.description(), a.duration().toMillis());
                }
                System.out.printf("keyspace %s is at version %d (%d applied now, %d already applied, %d known)%n",
                        result.keyspace(), all.get(all.size() - 1).version(),
                        result.applied().size(), result.alreadyApplied(), all.size());
            }
            return 0;
        }
    }

    @Command(name = "applied", mixinStandardHelpOptions = true, description = "List the migrations applied to a keyspace.")
    static final class Applied implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin KeyspaceOption keyspace;

        @Override
        public Integer call() {
            CassandraSettings settings = connection.settings(keyspace.keyspace);
            try (CqlSession session = Connection.open(settings, false)) {
                List<AppliedMigration> applied = Migrator.create(session, settings.keyspace(), Replication.simple(1)).applied();
                if (applied.isEmpty()) {
                    System.out.println("keyspace " + settings.keyspace() + ": no migration applied (run ops/cli migrate)");
                }
                for (AppliedMigration a : applied) {
                    System.out.printf("V%03d  %-30s  %s  %s  %d ms%n", a.version(), a.description(),
                            a.checksum().substring(0, 12), a.appliedAt(), a.duration().toMillis());
                }
            }
            return 0;
        }
    }

    @Command(name = "wait-cql", mixinStandardHelpOptions = true,
            description = "Wait until Cassandra answers a CQL query, or fail after the timeout.")
    static final class WaitCql implements Callable<Integer> {
        @Mixin Connection connection;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "give up after this long (default ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() throws InterruptedException {
            Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
            while (true) {
                try (CqlSession session = Connection.open(connection.settings(null), false)) {
                    session.execute("SELECT release_version FROM system.local");
                    return 0;
                } catch (CassandraUnreachableException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw e;
                    }
                    Thread.sleep(1000);
                }
            }
        }
    }

    @Command(name = "cassandra-version", mixinStandardHelpOptions = true,
            description = "Print the release_version of the node the driver connects to.")
    static final class CassandraVersion implements Callable<Integer> {
        @Mixin Connection connection;

        @Override
        public Integer call() {
            try (CqlSession session = Connection.open(connection.settings(null), false)) {
                Row row = session.execute("SELECT release_version FROM system.local").one();
                System.out.println(row == null ? "unknown" : row.getString("release_version"));
            }
            return 0;
        }
    }
}
