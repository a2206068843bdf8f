package org.markauth.systemit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerFixture;
import org.markauth.config.ConfigSource;
import org.markauth.config.Secret;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.invalidation.RedisInvalidations;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.testing.MutableClock;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;
import org.markauth.verify.app.VerifyServer;
import org.markauth.verify.VerifyServers;

/**
 * The whole system over one fresh keyspace of the real local stack: the issuer's own test world
 * ({@link IssuerFixture}: real writes, real Redis invalidations, on the real time) and any number of
 * verify-api servers on random ports ({@link VerifyServers}, the verify-api's test world) that pin
 * the issuer's programme root. Both come from their modules' test-jars, so this world cannot drift
 * from theirs. Tests drive the issuer in-process and ask the servers over HTTP.
 */
public final class SystemFixture implements AutoCloseable {

    public static final String HOST = IssuerFixture.HOST;
    public static final Principal REGULATOR = IssuerFixture.REGULATOR;

    private final IssuerFixture world;
    private final VerifyServers verify;
    public final TestStack stack;
    public final TestKeyspace ks;
    public final Vertx vertx;
    public final Redis redis;
    public final IssuerServices issuer;
    public final WebClient http;
    private final AtomicInteger counter = new AtomicInteger();

    public SystemFixture(String name) throws Exception {
        world = new IssuerFixture(name, IssuerFixture.PIPELINE, MutableClock.ticking());
        stack = world.stack;
        ks = world.ks;
        vertx = world.vertx;
        redis = world.redis;
        issuer = world.services;
        issuer.keys.rotate(REGULATOR, null);
        TrustRoot root = issuer.keys.root();
        verify = new VerifyServers(stack, ks, "sys:" + Long.toHexString(System.nanoTime()) + ":", HOST,
                root.algorithm().name() + ":" + HexFormat.of().formatHex(root.publicKey()));
        http = WebClient.create(vertx);
    }

    /** Starts one more verify-api instance on this world (own caches, same Cassandra and Redis). */
    public VerifyServer startVerify() {
        // the issuer publishes invalidations at once; the change_log poll is the backstop, once a second here
        return verify.startIn(vertx, "v" + verify.started().size(), Map.of("verify.invalidation.poll", "1s"));
    }

    public Licensee licensee(String id) {
        return world.licensee(id);
    }

    public Product licensedProduct(String licenseeId) {
        return world.licensedProduct(licenseeId);
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
            for (VerifyServer s : verify.started()) {
                answers.add(verify(s, code));
            }
            if (answers.stream().allMatch(done) || Instant.now().isAfter(end)) {
                // a figure for the report, never an assertion
                System.out.printf("propagation to %d instances: %d ms%n", verify.started().size(),
                        Duration.between(start, Instant.now()).toMillis());
                return answers;
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        try {
            verify.close();
            http.close();
        } finally {
            world.close();   // Redis, Vert.x, the keyspace and the stack
        }
    }
}
