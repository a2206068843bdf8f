package org.markauth.ops.bench;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.markauth.config.CassandraSettings;
import org.markauth.ops.cassandra.Connection;
import org.markauth.ops.schema.Migration;
import org.markauth.ops.schema.Migrator;
import org.markauth.ops.schema.Replication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Cassandra baselines other scenarios compare with: single-row async inserts per second and
 * point reads per second on the node, from one client on the same machine, in a throw-away keyspace.
 * The reference figures it prints as baseline are this machine kind's (PERFORMANCE.md), so the ratio
 * shows whether today's node is in its usual shape.
 */
@Command(name = "bench-cassandra", mixinStandardHelpOptions = true,
        description = "Measure the Cassandra node's single-row async insert rate and point-read rate.")
public final class CassandraBaseline implements Callable<Integer> {
    static final double REFERENCE_INSERTS_PER_S = 12_500;   // PERFORMANCE.md: 10-15k/s
    static final double REFERENCE_READS_PER_S = 2_500;      // PERFORMANCE.md: 2-3k/s
    private static final Migration TABLE = Migration.of("V001__bench_kv.cql",
            "CREATE TABLE IF NOT EXISTS bench_kv (id bigint PRIMARY KEY, value blob);\n");

    @Mixin Connection connection;

    @Option(names = "--duration", defaultValue = "20", description = "measured seconds per phase (default ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "5", description = "unmeasured seconds before each phase (default ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--concurrency", defaultValue = "128", description = "requests in flight (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--value-bytes", defaultValue = "100", description = "size of each row's value (default ${DEFAULT-VALUE})")
    int valueBytes;

    @Override
    public Integer call() throws InterruptedException {
        if (durationSeconds < 1 || durationSeconds > 600 || warmupSeconds < 0 || warmupSeconds > 120) {
            throw new IllegalArgumentException("--duration must be 1-600 s and --warmup 0-120 s");
        }
        String keyspace = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        CassandraSettings settings = connection.settings(keyspace);
        try (CqlSession admin = Connection.open(settings, false)) {
            Migrator.create(admin, keyspace, Replication.simple(1), List.of(TABLE)).migrate();
            try (CqlSession session = Connection.open(settings, true)) {
                run(session);
            } finally {
                admin.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + CqlIdentifier.fromInternal(keyspace).asCql(true))
                        .setTimeout(Duration.ofSeconds(60)));
            }
        }
        return 0;
    }

    private void run(CqlSession session) throws InterruptedException {
        PreparedStatement insert = session.prepare("INSERT INTO bench_kv (id, value) VALUES (?, ?)");
        PreparedStatement select = session.prepare("SELECT value FROM bench_kv WHERE id = ?");
        ByteBuffer value = ByteBuffer.wrap(new byte[valueBytes]);
        AsyncLoad load = new AsyncLoad(concurrency);
        Duration warmup = Duration.ofSeconds(warmupSeconds);
        Duration duration = Duration.ofSeconds(durationSeconds);

        AsyncLoad.Outcome writes = load.run(warmup, duration,
                i -> session.executeAsync(insert.bind(i, value.duplicate())));
        report("insert", writes);

        // Ids are sequence numbers and warm-up took the lowest ones, so ids below this count were written.
        long written = Math.max(1, writes.completed());
        AsyncLoad.Outcome reads = load.run(warmup, duration,
                i -> session.executeAsync(select.bind(ThreadLocalRandom.current().nextLong(written))));
        report("read", reads);

        System.out.println(new BenchResult("cassandra.insert", Math.round(writes.ratePerSecond()), REFERENCE_INSERTS_PER_S, "ops/s").line());
        System.out.println(new BenchResult("cassandra.read", Math.round(reads.ratePerSecond()), REFERENCE_READS_PER_S, "ops/s").line());
    }

    private void report(String what, AsyncLoad.Outcome o) {
        System.out.printf("cassandra %-6s %,10d ok %,6d failed in %5.1f s = %,8.0f/s  latency ms p50 %.2f p99 %.2f max %.2f (concurrency %d)%n",
                what, o.completed(), o.failed(), o.elapsed().toMillis() / 1000.0, o.ratePerSecond(),
                o.percentileMillis(50), o.percentileMillis(99), o.latencyMicros().getMaxValue() / 1000.0, concurrency);
    }
}
