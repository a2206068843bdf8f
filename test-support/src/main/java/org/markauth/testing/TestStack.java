package org.markauth.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import org.markauth.config.CassandraSettings;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;
import org.markauth.ops.cassandra.CassandraEndpoint;
import org.markauth.ops.schema.Migrator;
import org.markauth.ops.schema.Replication;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What every module's integration tests ({@code *IT}) use to reach the real local stack that the
 * build brings up before them ({@code ops/stack up}, bound to pre-integration-test).
 *
 * <p>Each test class takes its own keyspace, with every migration applied and no rows, and hands it
 * back afterwards (emptied, it serves a later class), so classes never see each other's rows:
 * <pre>{@code
 * static TestStack stack;
 * static TestKeyspace ks;
 *
 * @BeforeAll static void up() { stack = TestStack.connect(); ks = stack.freshKeyspace("issuer_it"); }
 * @AfterAll static void down() { ks.close(); stack.close(); }
 * // ks.session() is bound to the keyspace; ks.name() is its name; stack.redisUrl() is Redis;
 * // ks.settings() is the services' CassandraSettings pointing at it: CqlSessions.open(ks.settings(), true).
 * }</pre>
 *
 * <p>Where: system properties {@code markauth.cassandra.contact-points}, {@code markauth.cassandra.local-datacenter},
 * {@code markauth.redis.url}, else the environment ({@code MARKAUTH_CASSANDRA_CONTACT_POINTS},
 * {@code MARKAUTH_CASSANDRA_LOCAL_DATACENTER}, {@code MARKAUTH_REDIS_URL}), else the stack's defaults.
 * When nothing answers, {@link #connect()} fails with a message saying to run {@code ops/stack up}.
 */
public final class TestStack implements AutoCloseable {
    private final CassandraEndpoint endpoint;
    private final CqlSession session;
    private final String redisUrl;

    private TestStack(CassandraEndpoint endpoint, CqlSession session, String redisUrl) {
        this.endpoint = endpoint;
        this.session = session;
        this.redisUrl = redisUrl;
    }

    /**
     * Connects to the configured Cassandra node (the session is not bound to a keyspace). The session
     * creates, migrates and drops the test keyspaces, so it keeps no schema metadata (see
     * {@link CassandraEndpoint#openForSchemaChanges}): ask the node ({@code system_schema}) what exists.
     */
    public static TestStack connect() {
        CassandraEndpoint endpoint = CassandraEndpoint.fromEnvironment();
        return new TestStack(endpoint, endpoint.openForSchemaChanges(Duration.ofSeconds(5)), redisUrlFromEnvironment());
    }

    /** The stack's Redis without its Cassandra (for tests that need only Redis, see {@link RedisFixture}). */
    public static String redisUrlFromEnvironment() {
        return System.getProperty("markauth.redis.url",
                Optional.ofNullable(System.getenv("MARKAUTH_REDIS_URL")).orElse("redis://127.0.0.1:6379"));
    }

    /**
     * A keyspace with every migration applied and no rows (SimpleStrategy, factor 1), and a session bound
     * to it. Close the result when done: its tables are emptied and the keyspace serves a later test
     * class of this JVM (creating one costs the node 2–3 s, emptying it 0.1 s); the JVM's free keyspaces
     * are dropped when it exits. Do not name other things (Redis keys, files) after {@link TestKeyspace#name()}:
     * a later class may hold the same name.
     *
     * @param prefix lower-case letters, digits and '_', at most 30 characters (e.g. "issuer_it"): a new
     *               keyspace is named {@code <prefix>_<random>}; a reused one keeps its first name
     */
    public TestKeyspace freshKeyspace(String prefix) {
        return freshKeyspace(prefix, Replication.simple(1));
    }

    /**
     * The same with {@code replication} from the start (a multi-datacenter cluster: a SimpleStrategy
     * keyspace would put replicas in any datacenter, out of LOCAL_QUORUM's reach).
     */
    public TestKeyspace freshKeyspace(String prefix, Replication replication) {
        if (prefix == null || !prefix.matches("[a-z][a-z0-9_]{0,29}")) {
            throw new IllegalArgumentException("keyspace prefix must be lower-case letters, digits or '_' (at most 30), got '" + prefix + "'");
        }
        KeyspacePool pool = KeyspacePool.instance();
        KeyspacePool.Pooled pooled = pool.take(endpoint, replication).orElseGet(() -> {
            String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            Migrator.create(session, name, replication).migrate();
            return pool.created(session, endpoint, name, replication);
        });
        CqlSession bound = endpoint.open(Optional.of(pooled.name()), Duration.ofSeconds(5));
        return new TestKeyspace(pooled.name(), bound, settings().withKeyspace(pooled.name()),
                () -> pool.release(session, pooled), () -> pool.drop(session, pooled));
    }

    /** A session to the node, not bound to any keyspace; closed by {@link #close()}. */
    public CqlSession session() {
        return session;
    }

    /** Where the node is (contact points and local datacenter). */
    public CassandraEndpoint cassandra() {
        return endpoint;
    }

    /**
     * The node as the services' typed configuration (keyspace {@code markauth}); a service under test
     * takes {@link TestKeyspace#settings()} instead, which points at the test's own keyspace.
     */
    public CassandraSettings settings() {
        return CassandraSettings.read(new ConfigReader(ConfigSource.of(Map.of(
                "cassandra.contact-points", endpoint.describe(),
                "cassandra.local-datacenter", endpoint.localDc()))));
    }

    /** The Redis the stack provides, e.g. {@code redis://127.0.0.1:6379}. */
    public String redisUrl() {
        return redisUrl;
    }

    /**
     * How the services under test reach Redis, as their {@code redis.*} settings (a mutable map):
     * {@code redis.urls} ({@link #redisUrl()} unless set) and, when set, {@code redis.mode} and
     * {@code redis.master-name}. Read from the system properties {@code markauth.redis.urls},
     * {@code markauth.redis.mode}, {@code markauth.redis.master-name}, else the environment
     * ({@code MARKAUTH_REDIS_URLS}, {@code MARKAUTH_REDIS_MODE}, {@code MARKAUTH_REDIS_MASTER_NAME}): a
     * drill points its services at a Sentinel or a Redis Cluster this way, while the tests' own clients
     * keep the standalone {@link #redisUrl()}.
     */
    public Map<String, String> redisSettings() {
        return redisSettings(redisUrl);
    }

    /** {@link #redisSettings()} with {@code standaloneUrl} as the default URL. */
    static Map<String, String> redisSettings(String standaloneUrl) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("redis.urls", redisSetting("urls").orElse(standaloneUrl));
        redisSetting("mode").ifPresent(v -> m.put("redis.mode", v));
        redisSetting("master-name").ifPresent(v -> m.put("redis.master-name", v));
        return m;
    }

    private static Optional<String> redisSetting(String key) {
        return Optional.ofNullable(System.getProperty("markauth.redis." + key)).or(() -> Optional.ofNullable(
                System.getenv("MARKAUTH_REDIS_" + key.toUpperCase(Locale.ROOT).replace('-', '_'))));
    }

    @Override
    public void close() {
        session.close();
    }
}
