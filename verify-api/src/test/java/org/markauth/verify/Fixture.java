package org.markauth.verify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.markauth.config.ConfigSource;
import org.markauth.ops.testing.TestKeyspace;
import org.markauth.ops.testing.TestStack;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.MarkSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListSigner;
import org.markauth.sdk.trust.TrustedKey;
import org.markauth.verify.app.VerifyConfig;
import org.markauth.verify.app.VerifyServer;
import org.markauth.verify.registry.RegistryReader;

/**
 * Integration-test world: a fresh keyspace on the real Cassandra node (every migration applied),
 * a Redis key prefix of its own, a programme root key and two mark keys (one revoked) in a
 * published trust list, and helpers that write registry rows exactly as the issuer does (V002
 * contract) and sign marks with the SDK. Starts real {@link VerifyServer}s on random ports.
 */
public final class Fixture implements AutoCloseable {

    public static final String HOST = "MARK.EXAMPLE.CN";

    public final TestStack stack;
    public final TestKeyspace ks;
    public final CqlSession session;
    public final String redisPrefix;
    private final List<Vertx> vertxes = new java.util.ArrayList<>();
    private final List<VerifyServer> servers = new java.util.ArrayList<>();
    public final MarkKeyPair root = KeyPairs.generate(SignatureAlgorithm.ED25519);
    public final MarkKeyPair key = KeyPairs.generate(SignatureAlgorithm.ED25519);
    public final MarkKeyPair revokedKey = KeyPairs.generate(SignatureAlgorithm.ED25519);
    public final MarkKeyPair strangerKey = KeyPairs.generate(SignatureAlgorithm.ED25519);
    public final Path spillRoot;
    private final SecureRandom random = new SecureRandom();

    public Fixture(String name) {
        stack = TestStack.connect();
        ks = stack.freshKeyspace(name);
        session = ks.session();
        redisPrefix = "it:" + name.substring(0, Math.min(12, name.length())) + ":" + Integer.toHexString(random.nextInt()) + ":";
        try {
            spillRoot = Files.createTempDirectory("verify-it-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        publishTrustList(1);
    }

    public void publishTrustList(long sequence) {
        Instant now = Instant.now();
        TrustList list = new TrustList(sequence, now, now.plus(Duration.ofDays(7)), List.of(HOST), List.of(
                TrustedKey.active(key.algorithm(), key.publicKey(), now.minus(Duration.ofDays(30))),
                TrustedKey.active(revokedKey.algorithm(), revokedKey.publicKey(), now.minus(Duration.ofDays(30)))
                        .revoke(now.minus(Duration.ofDays(1)))));
        byte[] doc = TrustListSigner.create(root.algorithm(), root.privateKey()).sign(list);
        session.execute("INSERT INTO trust_lists (list, sequence, document, signature, published_at) VALUES ('current', ?, ?, ?, ?)",
                sequence, ByteBuffer.wrap(doc), ByteBuffer.wrap(new byte[0]), now);
    }

    /** Configuration for one server of this world; {@code extra} overrides any key. */
    public Map<String, String> config(String spillName, Map<String, String> extra) {
        InetSocketAddress cp = stack.cassandra().contactPoints().get(0);
        Map<String, String> m = new HashMap<>();
        m.put("cassandra.contact-points", cp.getHostString() + ":" + cp.getPort());
        m.put("cassandra.local-datacenter", stack.cassandra().localDc());
        m.put("cassandra.keyspace", ks.name());
        m.put("cassandra.consistency", "local_one");
        m.put("redis.urls", stack.redisUrl());
        m.put("redis.key-prefix", redisPrefix);
        m.put("http.host", "127.0.0.1");
        m.put("http.port", "0");
        m.put("http.public-base-url", "https://" + HOST.toLowerCase());
        m.put("verify.trust.roots", "ED25519:" + HexFormat.of().formatHex(root.publicKey()));
        m.put("verify.scan.spill-dir", spillRoot.resolve(spillName).toString());
        m.put("verify.scan.flush-interval", "50ms");
        m.put("verify.scan.retry-interval", "300ms");
        m.put("verify.scan.write-timeout", "2s");
        m.put("verify.invalidation.poll", "500ms");
        m.put("verify.trust-forwarded-for", "true");
        m.put("verify.rate-limit.per-minute", "0");
        m.putAll(extra);
        return m;
    }

    public VerifyServer start(String spillName, Map<String, String> extra) {
        // one Vertx per server, as in production (one process per instance)
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        return startIn(vertx, spillName, extra);
    }

    /** A server in a given Vertx (the caller closes that Vertx; the server is stopped with the fixture). */
    public VerifyServer startIn(Vertx vertx, String spillName, Map<String, String> extra) {
        VerifyServer s = VerifyServer.start(vertx, VerifyConfig.load(ConfigSource.of(config(spillName, extra))), Clock.systemUTC())
                .await();
        servers.add(s);
        return s;
    }

    // ---- registry rows (V002 contract) ----

    public void licensee(String id, String name) {
        session.execute("INSERT INTO licensees (licensee_id, name, name_en, blacklisted, created_at) VALUES (?, ?, ?, false, ?)",
                id, name, name + " Co.", Instant.now());
    }

    public void product(int productId, String licenseeId, String licenceStatus, Instant statusSince, Set<String> markets) {
        session.execute("INSERT INTO products (product_id, licensee_id, name, name_en, model, standard_no, standard_title, "
                        + "core_indicators, market_regions, photo_urls) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                productId, licenseeId, "电热水壶", "Electric kettle", "K-" + productId, "T/FS 001-2024", "先进标准",
                Map.of("能效", "一级"), markets, List.of());
        session.execute("INSERT INTO licences (product_id, licence_no, licensee_id, valid_from, valid_until, status, status_since) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", productId, "FS-" + productId, licenseeId,
                Instant.now().minus(Duration.ofDays(365)), Instant.now().plus(Duration.ofDays(365)), licenceStatus, statusSince);
    }

    /** A product whose licence has the given status, since and validUntil (valid from a year before now). */
    public void product(int productId, String licenseeId, String licenceStatus, Instant statusSince, Instant validUntil) {
        product(productId, licenseeId, licenceStatus, statusSince, Set.of());
        session.execute("UPDATE licences SET valid_until = ? WHERE product_id = ?", validUntil, productId);
    }

    /** A licence_history row as the issuer writes it: the licence became {@code to} at {@code at}. */
    public void licenceChange(int productId, Instant at, String to) {
        session.execute("INSERT INTO licence_history (product_id, at, actor, to_status, reason) VALUES (?, ?, 'office-1', ?, 'it')",
                productId, Uuids.startOf(at.toEpochMilli()), to);
    }

    public void blacklist(String licenseeId, String reason) {
        session.execute("UPDATE licensees SET blacklisted = true, blacklist_reason = ?, blacklisted_since = ? WHERE licensee_id = ?",
                reason, Instant.now(), licenseeId);
    }

    /** A range written at {@code at} (when the line activated or voided it). */
    public void range(int batchId, int first, int last, String action, Instant at) {
        session.execute("INSERT INTO batch_ranges (batch_id, at, first_seq, last_seq, action, actor) VALUES (?, ?, ?, ?, ?, 'line-1')",
                batchId, Uuids.startOf(at.toEpochMilli()), first, last, action);
    }

    public void batch(int batchId, int productId, String licenseeId, String state, LocalDate expiry, Instant createdAt) {
        session.execute("INSERT INTO batches (batch_id, product_id, licensee_id, lot, production_date, expiry_date, quantity, "
                        + "state, recall_notice, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                batchId, productId, licenseeId, "LOT-" + batchId, LocalDate.now(ZoneOffset.UTC).minusDays(10), expiry, 100,
                state, "RECALLED".equals(state) ? "Stop using; return to the shop." : null, createdAt);
    }

    public void range(int batchId, int first, int last, String action) {
        session.execute("INSERT INTO batch_ranges (batch_id, at, first_seq, last_seq, action, actor) VALUES (?, ?, ?, ?, ?, 'line-1')",
                batchId, Uuids.timeBased(), first, last, action);
    }

    /** Writes a mark row and returns its serial. */
    public long mark(int batchId, int seq, String state) {
        long serial = random.nextLong();
        session.execute("INSERT INTO marks (batch_id, bucket, serial, seq, state, state_at) VALUES (?, ?, ?, ?, ?, ?)",
                batchId, RegistryReader.bucket(serial), RegistryReader.serialBytes(serial), seq, state,
                state == null ? null : Instant.now());
        return serial;
    }

    public String url(int productId, int batchId, long serial) {
        return url(key, productId, batchId, serial);
    }

    public String url(MarkKeyPair k, int productId, int batchId, long serial) {
        SignedMark m = MarkSigner.create(k.algorithm(), k.privateKey()).sign(new MarkContent(productId, batchId, new Serial(serial)));
        return m.toUrl(HOST);
    }

    /** A code whose content was changed after signing: the signature no longer covers it. */
    public String forged(int productId, int batchId, long serial) {
        SignedMark m = MarkSigner.create(key.algorithm(), key.privateKey()).sign(new MarkContent(productId, batchId, new Serial(serial)));
        return new SignedMark(new MarkContent(productId, batchId, new Serial(serial ^ 1)), m.algorithm(), m.keyId(), m.signature())
                .toUrl(HOST);
    }

    /** Publishes an invalidation as the issuer does: change_log row plus Redis PUBLISH. */
    public void changed(String kind, String id) {
        session.execute("INSERT INTO change_log (day, at, kind, id) VALUES (?, ?, ?, ?)",
                LocalDate.now(ZoneOffset.UTC), Uuids.timeBased(), kind, id);
    }

    public int newId() {
        return 1 + random.nextInt(Integer.MAX_VALUE - 1);
    }

    @Override
    /** Stops every server it started (gracefully: scans flushed; a server stopped already is left) and drops the keyspace. */
    public void close() {
        servers.forEach(s -> s.stop().otherwiseEmpty().await());
        vertxes.forEach(v -> v.close().await());
        ks.close();
        stack.close();
    }
}
