package org.markauth.systemit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.markauth.access.Principal;
import org.markauth.config.ConfigSource;
import org.markauth.config.Secret;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.invalidation.RedisInvalidations;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.batch.IssuancePipeline;
import org.markauth.issuer.keys.Kek;
import org.markauth.issuer.keys.KeySettings;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Uscc;
import org.markauth.ops.testing.TestKeyspace;
import org.markauth.ops.testing.TestStack;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.verify.app.VerifyConfig;
import org.markauth.verify.app.VerifyServer;

/**
 * The whole system over one fresh keyspace of the real local stack: the issuer's services (real
 * writes, real Redis invalidations) and any number of verify-api servers on random ports that pin
 * the issuer's programme root. Tests drive the issuer in-process and ask the servers over HTTP.
 */
public final class SystemFixture implements AutoCloseable {

    public static final String HOST = "M.MARKAUTH.TEST";
    public static final Principal REGULATOR = Principal.regulator("office-1");

    public final TestStack stack;
    public final TestKeyspace ks;
    public final Vertx vertx = Vertx.vertx();
    public final Redis redis;
    public final IssuerServices issuer;
    public final WebClient http;
    private final String redisPrefix;
    private final Path spill;
    private final List<VerifyServer> servers = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    public SystemFixture(String name) throws Exception {
        stack = TestStack.connect();
        ks = stack.freshKeyspace(name);
        redis = Redis.createClient(vertx, stack.redisUrl());
        Path kekFile = Files.createTempFile("kek", ".b64");
        Files.writeString(kekFile, Kek.generateEncoded());
        Kek kek = Kek.fromSecret(Secret.ofFile(kekFile));
        Files.delete(kekFile);
        IssuerServices.Settings settings = new IssuerServices.Settings(
                new KeySettings(SignatureAlgorithm.ED25519, Duration.ofDays(730), HOST, List.of(), Duration.ofDays(1)),
                new IssuancePipeline.Settings(1024, 2, 32, 100), 2_000_000, Duration.ofDays(180), 30);
        issuer = new IssuerServices(ks.session(), kek, new RedisInvalidations(redis), Clock.systemUTC(), settings);
        issuer.keys.rotate(REGULATOR, null);
        redisPrefix = "sys:" + Long.toHexString(System.nanoTime()) + ":";
        spill = Files.createTempDirectory("system-it-" + name);
        http = WebClient.create(vertx);
    }

    /** Starts one more verify-api instance on this world (own caches, same Cassandra and Redis). */
    public VerifyServer startVerify() {
        TrustRoot root = issuer.keys.root();
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
        m.put("verify.trust.roots", root.algorithm().name() + ":" + HexFormat.of().formatHex(root.publicKey()));
        m.put("verify.scan.spill-dir", spill.resolve("v" + servers.size()).toString());
        m.put("verify.scan.flush-interval", "50ms");
        m.put("verify.invalidation.poll", "1s");
        m.put("verify.rate-limit.per-minute", "0");
        VerifyServer s = VerifyServer.start(vertx, VerifyConfig.load(ConfigSource.of(m)), Clock.systemUTC()).await();
        servers.add(s);
        return s;
    }

    public Licensee licensee(String id) {
        String base = String.format("91440600MA%07d", Math.abs((id + counter.incrementAndGet()).hashCode()) % 10_000_000);
        return issuer.registry.createLicensee(REGULATOR, new Licensee.Details(id, "佛山" + id + "电器有限公司", id + " Appliances",
                Uscc.withCheckCharacter(base), "佛山市顺德区", Map.of("phone", "0757-0000000")));
    }

    public Product licensedProduct(String licenseeId) {
        Product p = issuer.registry.createProduct(REGULATOR, new Product.Details(0, licenseeId, "电饭煲", "Rice cooker",
                "RC-1", "appliance", "4006381333931", "T/FSBZ 001-2025", "Rice cookers, advanced standard",
                Map.of("热效率", "≥ 90%"), List.of(), Set.of("CN-44")));
        issuer.registry.grantLicence(REGULATOR, p.productId(), "FS-" + p.productId(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)), "evaluation passed");
        return p;
    }

    /** An issued batch of {@code quantity} marks, all activated; returns the batch and its codes in print order. */
    public Issued issueActive(Principal maker, int productId, int quantity, String lot) {
        Batch b = issuer.batches.order(maker, new BatchOrder(productId, quantity, lot, LocalDate.now().minusDays(1),
                LocalDate.now().plusYears(2), "LINE-A", "order-" + counter.incrementAndGet())).batch();
        List<String> codes = new ArrayList<>();
        List<Long> serials = new ArrayList<>();
        issuer.batches.issue(b, chunk -> {
            codes.addAll(List.of(chunk.codes()));
            for (long s : chunk.serials()) {
                serials.add(s);
            }
        }, (done, total) -> { });
        issuer.activation.activateRange(maker, b.batchId(), 1, quantity);
        return new Issued(issuer.batchStore.batch(b.batchId()).orElseThrow(), codes, serials);
    }

    public record Issued(Batch batch, List<String> codes, List<Long> serials) {
    }

    /** The JSON verdict of {@code code} from one server. */
    public JsonObject verify(VerifyServer s, String code) {
        return http.get(s.port(), "127.0.0.1", "/api/v1/verify").addQueryParam("code", code)
                .putHeader("Accept-Language", "en").send().await().bodyAsJsonObject();
    }

    /** The consumer page of {@code code} from one server. */
    public String page(VerifyServer s, String code) {
        String path = code.substring(code.indexOf('/', "HTTPS://".length()));
        return http.get(s.port(), "127.0.0.1", path + (path.contains("?") ? "&" : "?") + "lang=en")
                .send().await().bodyAsString();
    }

    /**
     * Asks every server until {@code done} holds for all of them or {@code limit} passes; returns
     * the last answers. Propagation is eventually consistent, so tests wait for it instead of
     * asserting a time.
     */
    public List<JsonObject> awaitVerdicts(String code, Duration limit, Predicate<JsonObject> done) throws InterruptedException {
        Instant start = Instant.now();
        Instant end = start.plus(limit);
        while (true) {
            List<JsonObject> answers = new ArrayList<>();
            for (VerifyServer s : servers) {
                answers.add(verify(s, code));
            }
            if (answers.stream().allMatch(done) || Instant.now().isAfter(end)) {
                // a figure for the report, never an assertion
                System.out.printf("propagation to %d instances: %d ms%n", servers.size(),
                        Duration.between(start, Instant.now()).toMillis());
                return answers;
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        try {
            for (VerifyServer s : servers) {
                s.stop().await();
            }
            http.close();
            redis.close();
            vertx.close().await();
        } finally {
            try {
                ks.close();
            } finally {
                stack.close();
            }
        }
    }
}
