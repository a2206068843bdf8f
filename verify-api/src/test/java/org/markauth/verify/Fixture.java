package org.markauth.verify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.markauth.registry.BatchState;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.RangeKind;
import org.markauth.registry.UnitState;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.testing.Programme;
import org.markauth.testing.RegistryRows;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;
import org.markauth.testing.Worlds;
import org.markauth.verify.app.VerifyConfig;
import org.markauth.verify.app.VerifyServer;

/**
 * Integration-test world: a fresh keyspace on the real Cassandra node (every migration applied),
 * a Redis key prefix of its own, a programme root key and two mark keys (one revoked) in a
 * published trust list ({@link Programme}), registry rows written as the issuer writes them
 * ({@link RegistryRows}) and marks signed with the SDK. Starts real {@link VerifyServer}s on random ports.
 */
public final class Fixture implements AutoCloseable {

    public static final String HOST = "MARK.EXAMPLE.CN";

    public final TestStack stack;
    public final TestKeyspace ks;
    public final CqlSession session;
    public final String redisPrefix;
    public final Programme programme = new Programme(HOST);
    public final RegistryRows rows;
    private final VerifyServers servers;
    public final MarkKeyPair root = programme.root;
    public final MarkKeyPair key = programme.key;
    public final MarkKeyPair revokedKey = programme.revokedKey;
    public final MarkKeyPair strangerKey = programme.strangerKey;
    public final Path spillRoot;

    public Fixture(String name) {
        stack = TestStack.connect();
        ks = stack.freshKeyspace(name);
        session = ks.session();
        rows = new RegistryRows(session);
        redisPrefix = "it:" + name.substring(0, Math.min(12, name.length())) + ":" + Integer.toHexString(new SecureRandom().nextInt()) + ":";
        servers = new VerifyServers(stack, ks, redisPrefix, HOST, programme.trustRoots());
        spillRoot = servers.spillRoot;
        publishTrustList(1);
    }

    public void publishTrustList(long sequence) {
        programme.publishTrustList(session, sequence);
    }

    /** Configuration for one server of this world; {@code extra} overrides any key. */
    public Map<String, String> config(String spillName, Map<String, String> extra) {
        return servers.config(spillName, extra);
    }

    public VerifyServer start(String spillName, Map<String, String> extra) {
        return servers.start(spillName, extra);
    }

    /** A server in a given Vertx (the caller closes that Vertx; the server is stopped with the fixture). */
    public VerifyServer startIn(Vertx vertx, String spillName, Map<String, String> extra) {
        return servers.startIn(vertx, spillName, extra);
    }

    /** {@link Worlds#genuineBatch(RegistryRows, int)} in this world. */
    public Worlds.GenuineBatch genuineBatch(int units) {
        return Worlds.genuineBatch(rows, units);
    }

    // ---- registry rows: the tests' short names for RegistryRows ----

    public void licensee(String id, String name) {
        rows.licensee(id, name);
    }

    public void product(int productId, String licenseeId, LicenceStatus licenceStatus, Instant statusSince, Set<String> markets) {
        rows.product(productId, licenseeId, licenceStatus, statusSince, markets);
    }

    public void product(int productId, String licenseeId, LicenceStatus licenceStatus, Instant statusSince, Instant validUntil) {
        rows.product(productId, licenseeId, licenceStatus, statusSince, validUntil);
    }

    public void licenceChange(int productId, Instant at, LicenceStatus to) {
        rows.licenceChange(productId, at, to);
    }

    public void blacklist(String licenseeId, String reason) {
        rows.blacklist(licenseeId, reason);
    }

    public void range(int batchId, int first, int last, RangeKind action, Instant at) {
        rows.range(batchId, first, last, action, at);
    }

    public void batch(int batchId, int productId, String licenseeId, BatchState state, LocalDate expiry, Instant createdAt) {
        rows.batch(batchId, productId, licenseeId, state, expiry, createdAt);
    }

    public void range(int batchId, int first, int last, RangeKind action) {
        rows.range(batchId, first, last, action);
    }

    /** Writes a mark row and returns its serial. */
    public long mark(int batchId, int seq, UnitState state) {
        return rows.mark(batchId, seq, state);
    }

    public int newId() {
        return rows.newId();
    }

    public String url(int productId, int batchId, long serial) {
        return programme.url(productId, batchId, serial);
    }

    public String url(MarkKeyPair k, int productId, int batchId, long serial) {
        return programme.url(k, productId, batchId, serial);
    }

    /** A code whose content was changed after signing: the signature no longer covers it. */
    public String forged(int productId, int batchId, long serial) {
        return programme.forged(productId, batchId, serial);
    }

    /** Publishes an invalidation as the issuer does: change_log row plus Redis PUBLISH. */
    public void changed(String kind, String id) {
        session.execute("INSERT INTO change_log (day, at, kind, id) VALUES (?, ?, ?, ?)",
                LocalDate.now(ZoneOffset.UTC), Uuids.timeBased(), kind, id);
    }

    @Override
    /** Stops every server it started (gracefully: scans flushed; a server stopped already is left) and drops the keyspace. */
    public void close() {
        servers.close();
        ks.close();
        stack.close();
    }
}
