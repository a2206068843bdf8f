package org.markauth.issuer.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.invalidation.RedisInvalidations;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.LicenceStatus;
import org.markauth.testing.MutableClock;

/**
 * Webhooks end to end over the real stack: a receiver on loopback (so the issuer under test allows
 * private addresses; a second services graph over the same keyspace keeps the default and refuses
 * them), two dispatchers sharing the work as two issuer instances would (leases), a tiny backoff.
 * A manufacturer's webhook hears its own licensee's events only, the regulator's every event; a
 * receiver that fails twice gets the event a third time, with the same event id, signed with the
 * secret shown at creation, and the delivery log shows the three attempts.
 */
class WebhooksIT {

    static final Webhooks.Settings FAST = new Webhooks.Settings(true, Duration.ofMillis(200), Duration.ofSeconds(1), 5,
            Duration.ofMillis(100), Duration.ofSeconds(5));

    static IssuerFixture fx;
    static IssuerServices issuer;
    static HttpServer server;
    static HttpServer receiver;
    static WebClient web;
    static Dispatcher one;
    static Dispatcher two;
    static String regulator;
    static String makerA;
    static String makerB;
    static String officer;
    static Product productA;
    static Product productB;
    static String base;

    /** What the receiver got, by path. */
    record Received(MultiMap headers, String body, Instant at) {
    }

    static final Map<String, List<Received>> got = new ConcurrentHashMap<>();
    /** Per event id on /a: the first two attempts answer 500. */
    static final Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_hooks_it", IssuerFixture.PIPELINE, MutableClock.ticking());
        issuer = new IssuerServices(fx.ks.session(), fx.kek, new RedisInvalidations(fx.redis), fx.clock,
                fx.services.settings.withWebhooks(FAST));
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, issuer, http).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        receiver = fx.vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            String path = req.path();
            got.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>()).add(new Received(MultiMap.caseInsensitiveMultiMap()
                    .addAll(req.headers()), b.toString(StandardCharsets.UTF_8), Instant.now()));
            int n = tries.computeIfAbsent(path + req.getHeader("Markauth-Event-Id"), k -> new AtomicInteger()).incrementAndGet();
            req.response().setStatusCode(path.equals("/a") && n <= 2 || path.equals("/r") && n <= 1 ? 500 : 200).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + receiver.actualPort();
        fx.services.keys.rotate(REGULATOR, null);
        var a = fx.licensee("HOOKA");
        var b = fx.licensee("HOOKB");
        productA = fx.licensedProduct(a.licenseeId());
        productB = fx.licensedProduct(b.licenseeId());
        regulator = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        makerA = fx.services.apiKeys.issue(Principal.manufacturer("hook-a", a.licenseeId())).toCompletableFuture().get();
        makerB = fx.services.apiKeys.issue(Principal.manufacturer("hook-b", b.licenseeId())).toCompletableFuture().get();
        officer = fx.services.apiKeys.issue(Principal.officer("hook-officer")).toCompletableFuture().get();
        one = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-one").start();
        two = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-two").start();
    }

    @AfterAll
    static void down() {
        one.stop();
        two.stop();
        receiver.close().await();
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> send(String method, String path, String token, Object body) throws Exception {
        var req = web.request(HttpMethod.valueOf(method), path).putHeader("Authorization", "Bearer " + token);
        return (body == null ? req.send() : body instanceof JsonObject o ? req.sendJsonObject(o) : req.sendBuffer(Buffer.buffer(body.toString())))
                .await(30, TimeUnit.SECONDS);
    }

    static JsonObject hook(String path, String... events) {
        return new JsonObject().put("url", base + path).put("events", new JsonArray(List.of((Object[]) events))).put("description", "it");
    }

    static List<Received> await(String path, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            List<Received> r = got.getOrDefault(path, List.of());
            if (r.size() >= count) {
                return r;
            }
            Thread.sleep(50);
        }
        return got.getOrDefault(path, List.of());
    }

    @Test
    void eventsReachTheirOwnersSignedRetriedWithBackoffAndLogged() throws Exception {
        var ca = send("POST", "/api/v1/webhooks", makerA, hook("/a", "recall.issued", "licence.changed"));
        assertThat(ca.statusCode()).as(ca.bodyAsString()).isEqualTo(201);
        String secretA = ca.bodyAsJsonObject().getString("secret");
        String idA = ca.bodyAsJsonObject().getString("webhookId");
        assertThat(secretA).startsWith("whsec_");
        var cb = send("POST", "/api/v1/webhooks", makerB, hook("/b", "licence.changed"));
        assertThat(cb.statusCode()).as(cb.bodyAsString()).isEqualTo(201);
        var cr = send("POST", "/api/v1/webhooks", regulator, hook("/reg", "licence.changed", "recall.issued", "alert.raised"));
        assertThat(cr.statusCode()).as(cr.bodyAsString()).isEqualTo(201);
        // the secret is shown once: never in a list
        var listA = send("GET", "/api/v1/webhooks", makerA, null);
        assertThat(listA.bodyAsJsonObject().getJsonArray("webhooks")).hasSize(1);
        assertThat(listA.bodyAsString()).doesNotContain(secretA);

        // events: a recall of A's batch, licence changes of A and B
        Batch batch = fx.issued(REGULATOR, productA, 8, "hooks-1");
        issuer.recalls.recallBatch(REGULATOR, batch.batchId(), "test recall", "return it");
        issuer.registry.changeLicenceStatus(REGULATOR, productA.productId(), LicenceStatus.SUSPENDED, "inspection");
        issuer.registry.changeLicenceStatus(REGULATOR, productB.productId(), LicenceStatus.SUSPENDED, "inspection");

        List<Received> a = await("/a", 6);        // two events, each failed twice then accepted
        List<Received> b = await("/b", 1);
        List<Received> reg = await("/reg", 3);
        Thread.sleep(600);                        // anything more would arrive within a few polls
        a = got.get("/a");
        assertThat(a).hasSize(6);
        assertThat(got.get("/b")).hasSize(1);
        assertThat(got.get("/reg")).hasSize(3);

        // A's receiver: only A's events; B's: only B's; the regulator's: both
        String licA = productA.licenseeId();
        String licB = productB.licenseeId();
        assertThat(a).allSatisfy(r -> assertThat(new JsonObject(r.body()).getString("licenseeId")).isEqualTo(licA));
        assertThat(b).allSatisfy(r -> assertThat(new JsonObject(r.body()).getString("licenseeId")).isEqualTo(licB));
        assertThat(reg).extracting(r -> new JsonObject(r.body()).getString("licenseeId")).contains(licA, licB);

        // the same event id on each of its attempts, signed with the secret from creation
        Map<String, List<Received>> byEvent = new java.util.TreeMap<>();
        a.forEach(r -> byEvent.computeIfAbsent(r.headers().get("Markauth-Event-Id"), k -> new java.util.ArrayList<>()).add(r));
        assertThat(byEvent).hasSize(2).allSatisfy((id, rs) -> {
            assertThat(rs).hasSize(3);
            assertThat(rs).allSatisfy(r -> {
                assertThat(new JsonObject(r.body()).getString("id")).isEqualTo(id);
                assertThat(signatureValid(secretA, r)).isTrue();
                assertThat(signatureValid("whsec_" + "0".repeat(64), r)).isFalse();
            });
            assertThat(Duration.between(rs.get(0).at(), rs.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(180));
            assertThat(Duration.between(rs.get(1).at(), rs.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(380));
        });
        assertThat(a).extracting(r -> r.headers().get("Markauth-Event-Type")).containsOnly("recall.issued", "licence.changed");

        // the delivery log: three attempts, 500, 500, 200; DELIVERED
        var log = send("GET", "/api/v1/webhooks/" + idA + "/deliveries", makerA, null);
        assertThat(log.statusCode()).as(log.bodyAsString()).isEqualTo(200);
        JsonArray deliveries = log.bodyAsJsonObject().getJsonArray("deliveries");
        assertThat(deliveries).hasSize(2);
        for (Object o : deliveries) {
            JsonObject d = (JsonObject) o;
            assertThat(d.getString("state")).isEqualTo("DELIVERED");
            assertThat(d.getInteger("attempts")).isEqualTo(3);
            JsonArray attempts = d.getJsonArray("log");
            assertThat(attempts).extracting(x -> ((JsonObject) x).getInteger("status")).containsExactly(500, 500, 200);
            assertThat(((JsonObject) attempts.getValue(0)).getString("error")).contains("HTTP 500");
            assertThat(((JsonObject) attempts.getValue(0)).getString("nextAt")).isNotNull();
            assertThat(((JsonObject) attempts.getValue(2)).getString("nextAt")).isNull();
        }

        // another licensee's webhook is answered as missing; so is a malformed id
        assertThat(send("GET", "/api/v1/webhooks/" + idA + "/deliveries", makerB, null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/webhooks/" + idA, makerB, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/webhooks/not-a-uuid/deliveries", makerA, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/webhooks", makerB, null).bodyAsJsonObject().getJsonArray("webhooks")).hasSize(1);
        // the regulator's view of the events: newest first, by type
        assertThat(issuer.notifications.recent(REGULATOR, java.util.Set.of(org.markauth.registry.NotificationEvent.Type.RECALL_ISSUED), 10))
                .hasSize(1).allSatisfy(e -> assertThat(e.batchId()).isEqualTo(batch.batchId()));
        // and the owner deletes its own
        assertThat(send("DELETE", "/api/v1/webhooks/" + idA, makerA, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/webhooks", makerA, null).bodyAsJsonObject().getJsonArray("webhooks")).isEmpty();
    }

    @Test
    void anUnreachableReceiverIsRetriedThenGivenUpAndTheLogSaysWhy() throws Exception {
        int closed;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = ss.getLocalPort();
        }
        var c = send("POST", "/api/v1/webhooks", regulator, new JsonObject().put("url", "http://127.0.0.1:" + closed + "/gone")
                .put("events", new JsonArray().add("recall.requested")));
        assertThat(c.statusCode()).as(c.bodyAsString()).isEqualTo(201);
        String id = c.bodyAsJsonObject().getString("webhookId");
        var e = org.markauth.registry.NotificationEvent.of(org.markauth.registry.NotificationEvent.Type.RECALL_REQUESTED,
                fx.clock.instant(), productA.licenseeId(), productA.productId(), null, Map.of("requestId", "r-1"));
        assertThat(issuer.notifications.publish(e)).isTrue();

        JsonObject d = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            JsonArray all = send("GET", "/api/v1/webhooks/" + id + "/deliveries", regulator, null).bodyAsJsonObject().getJsonArray("deliveries");
            d = all.isEmpty() ? null : all.getJsonObject(0);
            if (d != null && "FAILED".equals(d.getString("state"))) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(d).isNotNull();
        assertThat(d.getString("eventId")).isEqualTo(e.id().toString());
        assertThat(d.getString("state")).isEqualTo("FAILED");
        assertThat(d.getInteger("attempts")).isEqualTo(FAST.maxAttempts());
        assertThat(d.getString("nextAt")).isNull();
        assertThat(d.getString("lastError")).startsWith("no answer:").contains("gave up after attempt 5");
        assertThat(d.getJsonArray("log")).hasSize(5).allSatisfy(a -> assertThat(((JsonObject) a).getValue("status")).isNull());
    }

    @Test
    void aReceiverThatTricklesItsAnswerIsCutOffAtTheTimeoutAndHoldsUpNoPass() throws Exception {
        HttpServer slow = fx.vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            req.response().setChunked(true).setStatusCode(200).write("{");
            fx.vertx.setPeriodic(300, t -> req.response().write(" ").onFailure(x -> fx.vertx.cancelTimer(t)));
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        one.stop();
        two.stop();
        Thread.sleep(300);
        String id = null;
        try {
            var c = send("POST", "/api/v1/webhooks", regulator, new JsonObject().put("url", "http://127.0.0.1:" + slow.actualPort() + "/slow")
                    .put("events", new JsonArray().add("report.received")));
            assertThat(c.statusCode()).as(c.bodyAsString()).isEqualTo(201);
            id = c.bodyAsJsonObject().getString("webhookId");
            var e = org.markauth.registry.NotificationEvent.of(org.markauth.registry.NotificationEvent.Type.REPORT_RECEIVED,
                    fx.clock.instant(), productA.licenseeId(), productA.productId(), null, Map.of("reportId", "r-slow"));
            assertThat(issuer.notifications.publish(e)).isTrue();
            Dispatcher d = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-slow");
            try {
                // one attempt, cut off after the timeout (5 s): the pass ends and the attempt is logged
                assertThat(d.pass().await(FAST.timeout().toSeconds() * 3, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
            } finally {
                d.stop();
            }
            JsonObject log = send("GET", "/api/v1/webhooks/" + id + "/deliveries", regulator, null).bodyAsJsonObject()
                    .getJsonArray("deliveries").getJsonObject(0);
            assertThat(log.getString("state")).isEqualTo("PENDING");
            assertThat(log.getInteger("attempts")).isEqualTo(1);
            assertThat(log.getString("lastError")).startsWith("no answer:");
        } finally {
            if (id != null) {
                send("DELETE", "/api/v1/webhooks/" + id, regulator, null);
            }
            slow.close();
            one = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-one").start();
            two = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-two").start();
        }
    }

    @Test
    void aWebhookWithABacklogDoesNotTakeEverySlotOfAPass() throws Exception {
        int closed;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = ss.getLocalPort();
        }
        one.stop();
        two.stop();
        Thread.sleep(300);
        String busy = null;
        String quiet = null;
        try {
            busy = send("POST", "/api/v1/webhooks", regulator, new JsonObject().put("url", "http://127.0.0.1:" + closed + "/busy")
                    .put("events", new JsonArray().add("report.received"))).bodyAsJsonObject().getString("webhookId");
            // the quiet one sorts after the busy one in the pending queue (v4 UUIDs: by their bytes)
            while (quiet == null || quiet.compareTo(busy) < 0) {
                if (quiet != null) {
                    send("DELETE", "/api/v1/webhooks/" + quiet, regulator, null);
                }
                quiet = send("POST", "/api/v1/webhooks", regulator, new JsonObject().put("url", base + "/quiet")
                        .put("events", new JsonArray().add("report.received"))).bodyAsJsonObject().getString("webhookId");
            }
            Thread.sleep(5);
            for (int i = 0; i < 60; i++) {
                assertThat(issuer.notifications.publish(org.markauth.registry.NotificationEvent.of(
                        org.markauth.registry.NotificationEvent.Type.REPORT_RECEIVED, fx.clock.instant(), productA.licenseeId(),
                        productA.productId(), null, Map.of("reportId", "r-" + i)))).isTrue();
            }
            Dispatcher d = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-fair");
            try {
                assertThat(d.pass().await(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
            } finally {
                d.stop();
            }
            assertThat(got.getOrDefault("/quiet", List.of())).as("the quiet webhook is tried in the first pass").isNotEmpty();
        } finally {
            for (String id : new String[] {busy, quiet}) {
                if (id != null) {
                    send("DELETE", "/api/v1/webhooks/" + id, regulator, null);
                }
            }
            one = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-one").start();
            two = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-two").start();
        }
    }

    @Test
    void aPendingDeliverySurvivesARestartOfTheIssuer() throws Exception {
        one.stop();
        two.stop();
        Thread.sleep(300);     // a pass already under way finishes
        try {
            var c = send("POST", "/api/v1/webhooks", regulator, hook("/r", "recall.decided"));
            assertThat(c.statusCode()).as(c.bodyAsString()).isEqualTo(201);
            String id = c.bodyAsJsonObject().getString("webhookId");
            var e = org.markauth.registry.NotificationEvent.of(org.markauth.registry.NotificationEvent.Type.RECALL_DECIDED,
                    fx.clock.instant(), productB.licenseeId(), productB.productId(), null, Map.of("decision", "APPROVED"));
            assertThat(issuer.notifications.publish(e)).isTrue();
            // the first instance fans the event out and makes the first attempt (refused: 500), then stops
            Dispatcher before = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-before");
            assertThat(before.pass().await(20, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
            before.stop();
            assertThat(got.get("/r")).hasSize(1);
            JsonObject pending = send("GET", "/api/v1/webhooks/" + id + "/deliveries", regulator, null).bodyAsJsonObject()
                    .getJsonArray("deliveries").getJsonObject(0);
            assertThat(pending.getString("state")).isEqualTo("PENDING");
            assertThat(pending.getString("nextAt")).isNotNull();

            // a new issuer (a new object graph over the same keyspace) carries on once the backoff has passed
            IssuerServices restarted = new IssuerServices(fx.ks.session(), fx.kek, new RedisInvalidations(fx.redis), fx.clock,
                    fx.services.settings.withWebhooks(FAST));
            Dispatcher after = new Dispatcher(fx.vertx, restarted.webhooks, restarted.notifications, restarted.meters, "it-after");
            Thread.sleep(FAST.backoff(1).toMillis() + 50);
            assertThat(after.pass().await(20, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
            after.stop();
            List<Received> r = got.get("/r");
            assertThat(r).hasSize(2);
            assertThat(r.get(1).headers().get("Markauth-Event-Id")).isEqualTo(r.get(0).headers().get("Markauth-Event-Id"))
                    .isEqualTo(e.id().toString());
            JsonObject done = send("GET", "/api/v1/webhooks/" + id + "/deliveries", regulator, null).bodyAsJsonObject()
                    .getJsonArray("deliveries").getJsonObject(0);
            assertThat(done.getString("state")).isEqualTo("DELIVERED");
            assertThat(done.getInteger("attempts")).isEqualTo(2);
        } finally {
            one = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-one").start();
            two = new Dispatcher(fx.vertx, issuer.webhooks, issuer.notifications, issuer.meters, "it-two").start();
        }
    }

    static boolean signatureValid(String secret, Received r) {
        String h = r.headers().get("Markauth-Signature");
        String t = h.substring(h.indexOf("t=") + 2, h.indexOf(','));
        String v1 = h.substring(h.indexOf("v1=") + 3);
        return Dispatcher.sign(secret.getBytes(StandardCharsets.US_ASCII), Long.parseLong(t), r.body()).equals(v1);
    }

    @Test
    void anOfficerHasNoWebhooks() throws Exception {
        var post = send("POST", "/api/v1/webhooks", officer, hook("/o", "alert.raised"));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/webhooks", officer, null).statusCode()).isEqualTo(403);
    }

    @Test
    void badBodiesAreRefusedWithASentence() throws Exception {
        assertBad(new JsonObject().put("events", new JsonArray().add("alert.raised")), "url");
        assertBad(new JsonObject().put("url", base + "/x"), "events");
        assertBad(new JsonObject().put("url", base + "/x").put("events", new JsonArray().add("alert.rised")), "alert.raised");
        assertBad(new JsonObject().put("url", "ftp://example.org/x").put("events", new JsonArray().add("alert.raised")), "http");
        assertBad(new JsonObject().put("url", "not a url").put("events", new JsonArray().add("alert.raised")), "url");
        assertBad(new JsonObject().put("url", base + "/x").put("events", "alert.raised"), "events");
        assertBad(new JsonObject().put("url", base + "/x").put("events", new JsonArray().add("alert.raised"))
                .put("description", "d".repeat(201)), "200");
        var array = send("POST", "/api/v1/webhooks", makerA, "[1]");
        assertThat(array.statusCode()).isEqualTo(400);
    }

    static void assertBad(JsonObject body, String said) throws Exception {
        var r = send("POST", "/api/v1/webhooks", makerA, body);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("message")).contains(said);
    }

    @Test
    void withoutAllowPrivateAnInternalAddressIsRefused() {
        // fx.services keeps the default: issuer.webhooks.allow-private=false
        for (String url : List.of("http://127.0.0.1:9/hook", "http://localhost/hook", "http://169.254.169.254/latest",
                "http://10.1.2.3/x", "http://[::1]/x", "http://192.168.0.1/x")) {
            assertThatThrownBy(() -> fx.services.webhooks.create(REGULATOR, url, List.of("alert.raised"), null))
                    .as(url).isInstanceOf(IssuerException.Refused.class)
                    .hasMessageContaining("internal address").hasMessageContaining("issuer.webhooks.allow-private");
        }
        assertThat(fx.services.webhooks.list(REGULATOR)).isEmpty();
    }
}
