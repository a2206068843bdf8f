package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.invalidation.Invalidations;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.registry.LicenceChange;
import org.markauth.registry.LicenceStatus;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;

/**
 * The licence gate on every operation that puts marks into the world — order, print (a reprint of a
 * batch printed while licensed), range activation, list activation — through the HTTP API against
 * the real stack, for each unusable licence state; voiding stays allowed. And the licence expiry sweep.
 */
class LicenceGatesIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;

    /** A licensee with a licensed product, a maker's key and an issued batch printed once and partly activated while licensed. */
    record World(String licensee, Product product, String maker, Batch batch) {
        String serial(int seq) {
            return HexFormat.of().toHexDigits(fx.services.serials.serial(batch.batchId(), seq));
        }
    }

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_gates_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        fx.services.keys.rotate(REGULATOR, null);
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> send(String method, String path, String token, JsonObject body) throws Exception {
        return org.markauth.issuer.http.ApiRequests.send(web, method, path, token, body);
    }

    static World world(String licensee) throws Exception {
        fx.licensee(licensee);
        Product p = fx.licensedProduct(licensee);
        Principal line = Principal.manufacturer("line-" + licensee, licensee);
        String token = fx.services.apiKeys.issue(line).toCompletableFuture().get();
        World w = new World(licensee, p, token, fx.issued(line, p, 100, licensee + "-b1"));
        assertThat(print(w).statusCode()).as("printed while licensed").isEqualTo(200);
        assertThat(send("POST", "/api/v1/batches/" + w.batch().batchId() + "/activations", token,
                new JsonObject().put("first", 1).put("last", 10)).statusCode()).isEqualTo(200);
        return w;
    }

    static HttpResponse<Buffer> print(World w) throws Exception {
        return send("GET", "/api/v1/batches/" + w.batch().batchId() + "/print/batch.csv", w.maker(), null);
    }

    /** Order, reprint, range and list activation answer 422 with {@code code}; voiding by range and list still works. */
    static void assertGated(World w, String code, String says) throws Exception {
        int id = w.batch().batchId();
        HttpResponse<Buffer> order = send("POST", "/api/v1/batches", w.maker(), new JsonObject().put("productId", w.product().productId())
                .put("quantity", 10).put("lot", "L").put("productionDate", "2026-11-01").put("lineId", "A").put("idempotencyKey", "again"));
        HttpResponse<Buffer> reprint = print(w);
        HttpResponse<Buffer> range = send("POST", "/api/v1/batches/" + id + "/activations", w.maker(),
                new JsonObject().put("first", 11).put("last", 20));
        HttpResponse<Buffer> list = send("POST", "/api/v1/batches/" + id + "/activations", w.maker(),
                new JsonObject().put("serials", new JsonArray().add(w.serial(21))));
        for (var r : List.of(order, reprint, range, list)) {
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo(code);
            assertThat(r.bodyAsJsonObject().getString("message")).contains(says);
        }
        assertThat(fx.services.activation.effectiveState(id, 11)).isEqualTo("NOT_ACTIVATED");
        assertThat(fx.services.activation.effectiveState(id, 21)).isEqualTo("NOT_ACTIVATED");
        // a manufacturer must still be able to take unused marks out of use
        assertThat(send("POST", "/api/v1/batches/" + id + "/voids", w.maker(), new JsonObject().put("first", 30).put("last", 40))
                .statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/batches/" + id + "/voids", w.maker(),
                new JsonObject().put("serials", new JsonArray().add(w.serial(50)))).statusCode()).isEqualTo(200);
        assertThat(fx.services.activation.effectiveState(id, 35)).isEqualTo("VOIDED");
    }

    @Test
    void aSuspendedLicenceGatesEveryOperationAndReinstatementLiftsIt() throws Exception {
        World w = world("GSUS");
        fx.services.registry.changeLicenceStatus(REGULATOR, w.product().productId(), LicenceStatus.SUSPENDED, "spot check failed");
        assertGated(w, "LICENCE_SUSPENDED", "is SUSPENDED since ");
        fx.services.registry.changeLicenceStatus(REGULATOR, w.product().productId(), LicenceStatus.ACTIVE, "corrected");
        assertThat(print(w).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/batches/" + w.batch().batchId() + "/activations", w.maker(),
                new JsonObject().put("first", 11).put("last", 20)).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedLicenceGatesEveryOperation() throws Exception {
        World w = world("GREV");
        fx.services.registry.changeLicenceStatus(REGULATOR, w.product().productId(), LicenceStatus.REVOKED, "fraud");
        assertGated(w, "LICENCE_REVOKED", "is REVOKED since ");
    }

    @Test
    void aLicenceExpiredByStatusGatesEveryOperation() throws Exception {
        World w = world("GEXS");
        fx.services.registry.changeLicenceStatus(REGULATOR, w.product().productId(), LicenceStatus.EXPIRED, "not renewed");
        assertGated(w, "LICENCE_EXPIRED", "is EXPIRED since ");
    }

    @Test
    void aLicencePastItsValidUntilGatesEveryOperationBeforeTheSweepRuns() throws Exception {
        World w = world("GEXV");
        Instant now = fx.services.clock.instant();   // ticked to milliseconds, as Cassandra stores it
        fx.services.registry.grantLicence(REGULATOR, w.product().productId(), "FS-SHORT", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofHours(1)), "short");
        fx.clock.advance(Duration.ofHours(2));
        try {
            assertGated(w, "LICENCE_EXPIRED", "is EXPIRED since " + now.plus(Duration.ofHours(1)));
        } finally {
            fx.clock.advance(Duration.ofHours(-2));
        }
    }

    @Test
    void aBlacklistedLicenseeIsGatedOnEveryOperation() throws Exception {
        World w = world("GBLK");
        fx.services.registry.setBlacklisted(REGULATOR, w.licensee(), true, "counterfeit components");
        assertGated(w, "LICENSEE_BLACKLISTED", "blacklist since ");
    }

    @Test
    void aMissingLicenceGatesEveryOperation() throws Exception {
        World w = world("GMIS");
        fx.ks.session().execute("DELETE FROM licences WHERE product_id = ?", w.product().productId());
        assertGated(w, "LICENCE_MISSING", "has no licence");
    }

    @Test
    void theExpirySweepMovesEachPastLicenceOnceWithHistoryAndAuditEvenWithTwoInstances() throws Exception {
        fx.licensee("GSWP");
        Product p = fx.licensedProduct("GSWP");
        Instant now = fx.services.clock.instant();   // ticked to milliseconds, as Cassandra stores it
        Instant until = now.plus(Duration.ofHours(1));
        fx.services.registry.grantLicence(REGULATOR, p.productId(), "FS-SWEEP", now.minus(Duration.ofDays(1)), until, "short");
        assertThat(fx.services.registry.expireLicences()).as("not yet").isZero();
        IssuerServices other = new IssuerServices(fx.ks.session(), fx.kek, Invalidations.none(), fx.clock, fx.services.settings);
        fx.clock.advance(Duration.ofHours(2));
        try {
            var a = CompletableFuture.supplyAsync(fx.services.registry::expireLicences);
            var b = CompletableFuture.supplyAsync(other.registry::expireLicences);
            assertThat(a.get() + b.get()).isGreaterThanOrEqualTo(1);
            assertThat(fx.services.registry.findLicence(p.productId()).orElseThrow().status()).isEqualTo(LicenceStatus.EXPIRED);
            List<LicenceChange> history = fx.services.registry.licenceHistory(REGULATOR, p.productId(), 50);
            assertThat(history).filteredOn(c -> c.to() == LicenceStatus.EXPIRED).singleElement().satisfies(c -> {
                assertThat(c.actor()).isEqualTo(Registry.EXPIRY_ACTOR);
                assertThat(c.from()).isEqualTo(LicenceStatus.ACTIVE);
                assertThat(c.reason()).isEqualTo("expired: validUntil " + until + " passed");
            });
            assertThat(fx.services.changes.entity("licence:" + p.productId(), 10)).filteredOn(e -> e.action().equals("licence.expired"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.actor()).isEqualTo(Registry.EXPIRY_ACTOR);
                        assertThat(e.detail()).isEqualTo("ACTIVE -> EXPIRED: expired: validUntil " + until + " passed");
                    });
            // verify-api's poller sees it through change_log (the invalidation's reliable path)
            assertThat(fx.ks.session().execute("SELECT id FROM change_log WHERE day = ?",
                    java.time.LocalDate.ofInstant(fx.clock.instant(), java.time.ZoneOffset.UTC)).all())
                    .extracting(r -> r.getString("id")).contains(Integer.toString(p.productId()));
            assertThat(fx.services.registry.expireLicences()).as("idempotent").isZero();
            assertThat(fx.services.registry.licenceHistory(REGULATOR, p.productId(), 50)).hasSize(history.size());
        } finally {
            fx.clock.advance(Duration.ofHours(-2));
        }
    }
}
