package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.markauth.ops.schema.Replication;
import org.markauth.testing.Programme;
import org.markauth.testing.RegistryRows;
import org.markauth.testing.StackConfig;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;
import org.markauth.testing.Worlds;

/**
 * The drill's world: a fresh keyspace (at the drill's replication) with a published trust
 * list and one genuine batch of {@code --marks} issued marks, their codes, an HTTP client, and the
 * verify-api child processes over it ({@code --instances} alike ones, sharing the keyspace and one Redis key
 * prefix as instances behind a load balancer do, and any a drill adds with {@link #addVerify}).
 */
final class DrillWorld implements AutoCloseable {

    static final String HOST = "MARK.EXAMPLE.CN";

    final Vertx vertx = Vertx.vertx();
    final TestStack stack;
    final TestKeyspace ks;
    final CqlSession session;
    final Programme programme = new Programme(HOST);
    final RegistryRows rows;
    final int product;
    final int batch;
    final long[] serials;
    final String[] uris;
    /** The first verify-api instance's port and process (the single-instance drills use only these). */
    final int port;
    final DrillHttp http;
    /** The first verify-api (the drill's local datacenter), started by DrillMain. */
    final VerifyProcess verify;
    /** Every verify-api of the drill, the first being {@link #verify}; the load spreads over them. */
    final List<VerifyProcess> verifies = new ArrayList<>();
    /** The verify-api instances' Redis key prefix (at most 32 characters): the keyspace's random part. */
    final String redisPrefix;
    private final DrillOptions options;
    private final boolean keepKeyspace;

    private final Map<String, String> scenarioSettings;

    private DrillWorld(DrillOptions o, Map<String, String> scenarioSettings, TestStack stack, TestKeyspace ks) throws Exception {
        this.scenarioSettings = Map.copyOf(scenarioSettings);
        this.stack = stack;
        this.ks = ks;
        this.session = ks.session();
        this.options = o;
        this.keepKeyspace = o.keepKeyspace();
        this.rows = new RegistryRows(session);
        programme.publishTrustList(session, 1);
        awaitSchemaOnEveryNode();
        if (o.replicationFactor() > 1 && o.replication().isEmpty()) {
            replicate(Replication.simple(o.replicationFactor()));
        }
        Worlds.GenuineBatch genuine = Worlds.genuineBatch(rows, o.marks());
        product = genuine.productId();
        batch = genuine.batchId();
        serials = rows.marks(batch, 1, o.marks(), ConsistencyLevel.LOCAL_ONE, null);
        uris = new String[o.marks()];
        for (int i = 0; i < uris.length; i++) {
            uris[i] = "/api/v1/verify?code=" + URLEncoder.encode(programme.url(product, batch, serials[i]), StandardCharsets.UTF_8);
        }
        say("keyspace " + ks.name() + ": " + uris.length + " issued marks in batch " + batch);
        http = new DrillHttp(vertx, 64, 2000);
        redisPrefix = "drill:" + ks.name().substring(ks.name().length() - 12) + ":";
        for (int i = 0; i < Math.max(1, o.instances()); i++) {
            // each instance its own journal and spill folder (the first keeps the single-instance drills' names)
            addVerify(i == 0 ? "verify-api" : "verify-api-" + (i + 1), Map.of());
        }
        verify = verifies.get(0);
        port = verify.port();
    }

    /**
     * Another verify-api over the same keyspace on a port of its own, with the drill's settings and
     * {@code overrides} (another datacenter's contact points, its own Redis prefix...). Not started.
     */
    VerifyProcess addVerify(String name, Map<String, String> overrides) throws Exception {
        Path spill = options.work().resolve("spill" + name.substring("verify-api".length()));
        Map<String, String> settings = new HashMap<>(verifyConfig(options, freePort(), spill));
        settings.putAll(overrides);
        VerifyProcess v = new VerifyProcess(name, options.work(), this, settings, options.scenario());
        verifies.add(v);
        return v;
    }

    /** Sets up the world (retrying the keyspace: a loaded cluster can report schema agreement before a node serves it). */
    static DrillWorld open(DrillOptions o, Map<String, String> scenarioSettings) throws Exception {
        say("setting up a fresh keyspace (replication " + o.replication().orElse("factor " + o.replicationFactor()) + ") on "
                + System.getenv().getOrDefault("MARKAUTH_CASSANDRA_CONTACT_POINTS", "the local stack"));
        TestStack stack = TestStack.connect();
        for (int attempt = 1; ; attempt++) {
            TestKeyspace ks = null;
            try {
                String prefix = "drill_" + o.scenario().replace('-', '_');
                // a datacenter-aware replication from the start (two-dc); otherwise factor 1, raised below
                ks = o.replication().isPresent() ? stack.freshKeyspace(prefix, Replication.parse(o.replication().get()))
                        : stack.freshKeyspace(prefix);
                return new DrillWorld(o, scenarioSettings, stack, ks);
            } catch (RuntimeException e) {
                if (ks != null) {
                    ks.drop();
                }
                if (attempt >= 4) {
                    stack.close();
                    throw e;
                }
                say("keyspace setup failed (" + e.getMessage() + "); retrying with a new keyspace");
                Thread.sleep(5000);
            }
        }
    }

    /** A verify-api's settings: the world's, then the scenario's ({@link Scenario#verifySettings()}). */
    Map<String, String> verifyConfig(DrillOptions o, int port, Path spill) {
        Map<String, String> m = StackConfig.verifyApi(stack, ks, redisPrefix, HOST, programme.trustRoots(), spill);
        // a fixed port (the same after a restart), the drill's consistency, no scan rules in the way
        // of load, and production-like scan timings and client addresses
        m.putAll(Map.of("http.port", String.valueOf(port), "cassandra.consistency", o.consistency(),
                "verify.rules.max-scans", "0", "verify.rules.max-speed-kmh", "0",
                "verify.scan.flush-interval", "100ms", "verify.scan.write-timeout", "5s", "verify.scan.retry-interval", "2s",
                "verify.trust-forwarded-for", "false"));
        if (o.scenario().equals("redis-cluster")) {
            // a rate limit that counts (its keys are one of the families the drill checks) but never refuses
            m.put("verify.rate-limit.per-minute", "10000000");
        }
        if (o.scenario().equals("hostile")) {
            // a request the loaded machine answers late is no fault of its input: only a true fault may answer 5xx
            m.put("http.request-timeout", "60s");
            // the drill's lanes send photo reports (up to 3 MiB) side by side: past the default 4 bodies in
            // flight the service sheds them with 503 REPORTS_BUSY, by design, and the valid case's report
            // met that (2 of 3, 2026-12-06) once the issuer's rate limit no longer paced the drill
            m.put("verify.report.max-in-flight", "64");
        }
        m.putAll(scenarioSettings);
        return m;
    }

    /**
     * Raises the keyspace's replication, then rewrites the trust list and reads it back at ALL: the
     * read repairs any replica that a write coordinated before the new replication reached it missed.
     */
    private void replicate(Replication replication) throws InterruptedException {
        session.execute(SimpleStatement.newInstance("ALTER KEYSPACE " + ks.name() + " WITH replication = " + replication.toCql())
                .setTimeout(Duration.ofSeconds(60)));
        awaitSchemaOnEveryNode();
        for (int attempt = 1; ; attempt++) {
            programme.publishTrustList(session, 1);
            if (session.execute(SimpleStatement.newInstance("SELECT sequence FROM trust_lists WHERE list = 'current'")
                    .setConsistencyLevel(ConsistencyLevel.ALL).setTimeout(Duration.ofSeconds(20))).one() != null) {
                return;
            }
            if (attempt >= 10) {
                throw new IllegalStateException("the trust list written with replication " + replication
                        + " cannot be read back at ALL: is every node up (ops/cluster/cluster status)?");
            }
            Thread.sleep(2000);
        }
    }

    /**
     * Every node of the session's datacenter lists the drill keyspace's tables (a statement pinned to
     * each node in turn; the driver keeps no connection to another datacenter's nodes, whose agreement
     * the driver's own schema-agreement wait covers).
     */
    private void awaitSchemaOnEveryNode() throws InterruptedException {
        awaitSchemaOnEveryNode(session, ks.name());
    }

    /** The same for any session (another datacenter's, after its nodes came back) and keyspace. */
    static void awaitSchemaOnEveryNode(CqlSession session, String keyspace) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        for (var node : session.getMetadata().getNodes().values()) {
            if (node.getDistance() == NodeDistance.IGNORED) {
                continue;
            }
            long tables;
            while (true) {
                try {
                    tables = session.execute(SimpleStatement.newInstance(
                            "SELECT count(*) FROM system_schema.tables WHERE keyspace_name = ?", keyspace).setNode(node))
                            .one().getLong(0);
                } catch (RuntimeException e) {
                    tables = -1;
                }
                long expected = session.getMetadata().getKeyspace(keyspace).map(k -> (long) k.getTables().size()).orElse(0L);
                if (tables >= expected && tables > 0) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("node " + node.getEndPoint() + " lists " + tables + " of " + expected
                            + " tables of " + keyspace + " after 180 s");
                }
                Thread.sleep(1000);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An answer: status, headers (Set-Cookie, Content-Type) and body. */
    record Reply(int status, MultiMap headers, Buffer body) {
    }

    Future<Reply> get(String uri) {
        return send(HttpMethod.GET, uri, null, null);
    }

    /** A GET to one of the drill's verify-apis. */
    Future<Reply> get(VerifyProcess to, String uri) {
        return send(to.port(), HttpMethod.GET, uri, null, null);
    }

    /** One verify-api's Prometheus page ({@code /metrics}), waiting at most 10 s for it. */
    String metrics(VerifyProcess of) throws Exception {
        return get(of, "/metrics").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body().toString();
    }

    /** The value of the first sample of {@code name} (with or without labels) on a Prometheus page; 0 when it has none. */
    static double gauge(String metrics, String name) {
        for (String l : metrics.split("\n")) {
            if (l.startsWith(name + " ") || l.startsWith(name + "{")) {
                return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    Future<Reply> send(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
        return send(port, method, uri, headers, body);
    }

    /** A request to the service on {@code toPort} (the verify-api's or the issuer's) over the drill's client. */
    Future<Reply> send(int toPort, HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
        return http.send(toPort, method, uri, headers, body);
    }

    /** Stops every verify-api instance gracefully (drained and flushed), in parallel. */
    void stopVerifies() throws InterruptedException {
        List<Thread> stops = new ArrayList<>();
        for (VerifyProcess v : verifies) {
            Thread t = new Thread(() -> {
                try {
                    v.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-verify-api");
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            t.join();
        }
    }

    /** Stops the verify-apis, drops the keyspace (unless --keep-keyspace) and closes the clients. */
    @Override
    public void close() {
        try {
            stopVerifies();
        } catch (Exception e) {
            System.err.println("stopping verify-api: " + e);
        }
        try {
            if (keepKeyspace) {
                ks.session().close();
            } else {
                ks.drop();
            }
        } catch (RuntimeException e) {
            System.err.println("dropping the drill keyspace: " + e.getMessage());
        }
        stack.close();
        vertx.close();
    }
}
