package org.markauth.issuer;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.access.Principal;
import org.markauth.config.Secret;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.invalidation.RedisInvalidations;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.batch.IssuancePipeline;
import org.markauth.issuer.keys.Kek;
import org.markauth.issuer.keys.KeySettings;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Uscc;
import org.markauth.testing.MutableClock;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;
import org.markauth.sdk.crypto.SignatureAlgorithm;

/** The issuer over a fresh keyspace of the real local stack (Cassandra + Redis), for ITs. */
public final class IssuerFixture implements AutoCloseable {

    public static final String HOST = "M.MARKAUTH.TEST";
    public static final Principal REGULATOR = Principal.regulator("office-1");
    public static final Principal OFFICER = Principal.officer("officer-1");

    public final TestStack stack;
    public final TestKeyspace ks;
    public final Vertx vertx;
    public final Redis redis;
    public final IssuerServices services;
    public final Kek kek;
    public final MutableClock clock;
    private int counter;

    public static final IssuancePipeline.Settings PIPELINE = new IssuancePipeline.Settings(1024, 2, 32, 100);

    public IssuerFixture(String prefix) throws Exception {
        this(prefix, PIPELINE);
    }

    public IssuerFixture(String prefix, IssuancePipeline.Settings pipeline) throws Exception {
        this(prefix, pipeline, new MutableClock(Instant.now()));
    }

    /** With the services on {@code clock} (e.g. {@link MutableClock#ticking()} for a world that runs in real time). */
    public IssuerFixture(String prefix, IssuancePipeline.Settings pipeline, MutableClock clock) throws Exception {
        this(prefix, pipeline, clock, new KeySettings(SignatureAlgorithm.ED25519, Duration.ofDays(730), HOST, List.of(), Duration.ofDays(1)));
    }

    /** With these key settings (e.g. an offline root pinned: {@code KeySettings#rootOffline()}). */
    public IssuerFixture(String prefix, IssuancePipeline.Settings pipeline, MutableClock clock, KeySettings keys) throws Exception {
        stack = TestStack.connect();
        ks = stack.freshKeyspace(prefix);
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, stack.redisUrl());
        Path kekFile = Files.createTempFile("kek", ".b64");
        Files.writeString(kekFile, Kek.generateEncoded());
        kek = Kek.fromSecret(Secret.ofFile(kekFile));
        Files.delete(kekFile);
        this.clock = clock;
        IssuerServices.Settings settings = new IssuerServices.Settings(
                keys, pipeline, 2_000_000, Duration.ofDays(180), 30);
        services = new IssuerServices(ks.session(), kek, new RedisInvalidations(redis), clock, settings);
    }

    /** A licensee with a valid, unique USCC. */
    public Licensee licensee(String id) {
        String base = String.format("91440600MA%07d", Math.abs((id + (counter++)).hashCode()) % 10_000_000);
        return services.registry.createLicensee(REGULATOR, new Licensee.Details(id, "佛山" + id + "电器有限公司", id + " Appliances",
                Uscc.withCheckCharacter(base), "佛山市顺德区", Map.of("phone", "0757-0000000")));
    }

    /** A product of {@code licenseeId} with an active licence valid for a year. */
    public Product licensedProduct(String licenseeId) {
        Product p = services.registry.createProduct(REGULATOR, new Product.Details(0, licenseeId, "电饭煲", "Rice cooker",
                "RC-1", "appliance", "4006381333931", "T/FSBZ 001-2025", "Rice cookers, advanced standard",
                Map.of("热效率", "≥ 90%"), List.of("https://img.example/rc1.jpg"), Set.of("CN-44")));
        services.registry.grantLicence(REGULATOR, p.productId(), "FS-" + p.productId(), clock.instant().minus(Duration.ofDays(1)),
                clock.instant().plus(Duration.ofDays(365)), "evaluation passed");
        return p;
    }

    /** A batch of {@code quantity} marks ordered by {@code principal} under idempotency {@code key} and issued (not activated). */
    public Batch issued(Principal principal, Product product, int quantity, String key) {
        Batches.Ordered o = services.batches.order(principal, order(product.productId(), quantity, key));
        services.batches.issue(o.batch(), null, Batches.ProgressListener.none());
        return services.batches.find(o.batch().batchId());
    }

    public static BatchOrder order(int productId, int quantity, String key) {
        return new BatchOrder(productId, quantity, "LOT-1", LocalDate.of(2026, 11, 1), LocalDate.of(2028, 11, 1), "LINE-A", key);
    }

    @Override
    public void close() {
        try {
            redis.close();
            vertx.close();
        } finally {
            try {
                ks.close();
            } finally {
                stack.close();
            }
        }
    }
}
