package org.markauth.verify;

import org.markauth.verify.app.VerifyConfig;
import org.markauth.verify.app.VerifyServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.markauth.config.ConfigSource;
import org.markauth.testing.StackConfig;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;

/**
 * Real {@link VerifyServer}s on random ports over one keyspace and Redis prefix, pinning a given
 * programme root: the verify side of {@link Fixture}, and of the system test's world (which takes
 * it through this module's test-jar, its keyspace and root being the issuer's).
 */
public final class VerifyServers implements AutoCloseable {

    private final TestStack stack;
    private final TestKeyspace ks;
    private final String redisPrefix;
    private final String host;
    private final String trustRoots;
    public final Path spillRoot;
    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<VerifyServer> servers = new ArrayList<>();

    /** @param trustRoots the {@code verify.trust.roots} setting, e.g. {@code ED25519:<hex>} */
    public VerifyServers(TestStack stack, TestKeyspace ks, String redisPrefix, String host, String trustRoots) {
        this.stack = stack;
        this.ks = ks;
        this.redisPrefix = redisPrefix;
        this.host = host;
        this.trustRoots = trustRoots;
        try {
            spillRoot = Files.createTempDirectory("verify-it-" + ks.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configuration for one server; {@code extra} overrides any key. */
    public Map<String, String> config(String spillName, Map<String, String> extra) {
        Map<String, String> m = StackConfig.verifyApi(stack, ks, redisPrefix, host, trustRoots, spillRoot.resolve(spillName));
        m.putAll(extra);
        return m;
    }

    public VerifyServer start(String spillName, Map<String, String> extra) {
        // one Vertx per server, as in production (one process per instance)
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        return startIn(vertx, spillName, extra);
    }

    /** A server in a given Vertx (the caller closes that Vertx; the server is stopped by {@link #close()}). */
    public VerifyServer startIn(Vertx vertx, String spillName, Map<String, String> extra) {
        VerifyServer s = VerifyServer.start(vertx, VerifyConfig.load(ConfigSource.of(config(spillName, extra))), Clock.systemUTC())
                .await();
        servers.add(s);
        return s;
    }

    /** Every server started, in order. */
    public List<VerifyServer> started() {
        return List.copyOf(servers);
    }

    /** Stops every server it started (gracefully: scans flushed; a server stopped already is left) and their own Vertx. */
    @Override
    public void close() {
        servers.forEach(s -> s.stop().otherwiseEmpty().await());
        vertxes.forEach(v -> v.close().await());
    }
}
