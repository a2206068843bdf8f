package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.registry.LicenceStatus;
import org.markauth.issuer.registry.Product;

/** The HTTP API on a random port against the real stack. */
class IssuerApiIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String regulator;
    static String maker;
    static String officer;
    static Product product;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_http_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        regulator = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        maker = fx.services.apiKeys.issue(Principal.manufacturer("line-1", "WEB")).toCompletableFuture().get();
        officer = fx.services.apiKeys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("WEB");
        product = fx.licensedProduct("WEB");
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> send(String method, String path, String token, JsonObject body) throws Exception {
        return org.markauth.issuer.http.ApiRequests.send(web, method, path, token, body);
    }

    @Test
    void servesItsOpenApiDocumentAndHealthWithoutAuth() throws Exception {
        HttpResponse<Buffer> r = send("GET", "/openapi.yaml", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).startsWith("openapi: 3.0.3").contains("/api/v1/batches/{batchId}/activations");
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/trust-list", null, null).bodyAsString()).contains("markauth-trust-list/1");
    }

    @Test
    void answers401WithoutAValidKeyAnd403ForTheWrongRoleOrOwner() throws Exception {
        HttpResponse<Buffer> none = send("GET", "/api/v1/licensees", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.bodyAsJsonObject().getString("error")).isEqualTo("UNAUTHENTICATED");
        assertThat(send("GET", "/api/v1/licensees", "mak_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null).statusCode()).isEqualTo(401);

        JsonObject licensee = new JsonObject().put("licenseeId", "NEWCO").put("name", "新公司").put("uscc", "914403001922038216");
        HttpResponse<Buffer> denied = send("POST", "/api/v1/licensees", maker, licensee);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.bodyAsJsonObject().getString("error")).isEqualTo("FORBIDDEN");
        assertThat(send("POST", "/api/v1/licensees", officer, licensee).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> created = send("POST", "/api/v1/licensees", regulator, licensee);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.bodyAsJsonObject().getString("uscc")).isEqualTo("914403001922038216");
        assertThat(send("GET", "/api/v1/licensees/NEWCO", maker, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/licensees/WEB", maker, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/licensees/NEWCO", officer, null).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> bad = send("POST", "/api/v1/licensees", regulator,
                licensee.copy().put("licenseeId", "BAD").put("uscc", "914403001922038217"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getString("message")).contains("check character");
        assertThat(send("GET", "/api/v1/audit/licensee:NEWCO", regulator, null).bodyAsJsonArray()).hasSize(1);
        assertThat(send("GET", "/api/v1/audit/licensee:NEWCO", maker, null).statusCode()).isEqualTo(403);
    }

    @Test
    void ordersIdempotentlyIssuesInTheBackgroundPrintsAndActivates() throws Exception {
        JsonObject order = new JsonObject().put("productId", product.productId()).put("quantity", 3000).put("lot", "L-7")
                .put("productionDate", "2026-11-01").put("expiryDate", "2028-11-01").put("lineId", "LINE-2");
        var req = web.post("/api/v1/batches").putHeader("Authorization", "Bearer " + maker).putHeader("Idempotency-Key", "web-1");
        HttpResponse<Buffer> first = req.sendJsonObject(order).await(30, TimeUnit.SECONDS);
        assertThat(first.statusCode()).isEqualTo(202);
        int id = first.bodyAsJsonObject().getInteger("batchId");
        assertThat(first.getHeader("Location")).isEqualTo("/api/v1/batches/" + id + "/job");
        HttpResponse<Buffer> retry = req.sendJsonObject(order).await(30, TimeUnit.SECONDS);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.bodyAsJsonObject().getInteger("batchId")).isEqualTo(id);
        assertThat(retry.bodyAsJsonObject().getBoolean("created")).isFalse();

        JsonObject job = null;
        for (int i = 0; i < 300; i++) {
            job = send("GET", "/api/v1/batches/" + id + "/job", maker, null).bodyAsJsonObject();
            if (!job.getString("state").equals("QUEUED") && !job.getString("state").equals("RUNNING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(job.getString("state")).isEqualTo("DONE");
        assertThat(job.getInteger("done")).isEqualTo(3000);
        assertThat(job.getInteger("total")).isEqualTo(3000);

        HttpResponse<Buffer> csv = send("GET", "/api/v1/batches/" + id + "/print/batch.csv?from=1&to=2000", maker, null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.getHeader("content-type")).startsWith("text/csv");
        String[] lines = csv.bodyAsString().split("\r\n");
        assertThat(lines).hasSize(2001);
        assertThat(lines[1]).startsWith("1,").contains("HTTPS://" + IssuerFixture.HOST + "/");
        HttpResponse<Buffer> pdf = send("GET", "/api/v1/batches/" + id + "/print/batch.pdf?from=1&to=30", maker, null);
        assertThat(pdf.bodyAsString().substring(0, 5)).isEqualTo("%PDF-");
        assertThat(send("GET", "/api/v1/batches/" + id + "/print/batch.doc", maker, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/batches/" + id + "/print/batch.csv", "mak_" + "B".repeat(32), null).statusCode())
                .isEqualTo(401);

        HttpResponse<Buffer> act = send("POST", "/api/v1/batches/" + id + "/activations", maker,
                new JsonObject().put("first", 1).put("last", 2000));
        assertThat(act.statusCode()).isEqualTo(200);
        assertThat(act.bodyAsJsonObject().getString("action")).isEqualTo("ACTIVATE");
        String serial = lines[2001 - 1].split(",")[1];
        HttpResponse<Buffer> voided = send("POST", "/api/v1/batches/" + id + "/voids", maker,
                new JsonObject().put("serials", new io.vertx.core.json.JsonArray().add(serial)));
        assertThat(voided.bodyAsJsonObject().getInteger("units")).isEqualTo(1);
        HttpResponse<Buffer> outside = send("POST", "/api/v1/batches/" + id + "/activations", maker,
                new JsonObject().put("first", 2990).put("last", 3001));
        assertThat(outside.statusCode()).isEqualTo(422);
        assertThat(outside.bodyAsJsonObject().getString("error")).isEqualTo("RANGE_OUTSIDE_BATCH");
        assertThat(send("GET", "/api/v1/batches/" + id + "/ranges", officer, null).bodyAsJsonArray()).hasSize(1);
        assertThat(send("GET", "/api/v1/licensees/WEB/batches", maker, null).bodyAsJsonArray()).hasSize(1);
    }

    @Test
    void refusesOrdersUnderASuspendedLicenceWithItsCode() throws Exception {
        fx.licensee("WEB2");
        Product p = fx.licensedProduct("WEB2");
        String m2 = fx.services.apiKeys.issue(Principal.manufacturer("u2", "WEB2")).toCompletableFuture().get();
        HttpResponse<Buffer> s = send("POST", "/api/v1/products/" + p.productId() + "/licence/status", regulator,
                new JsonObject().put("status", LicenceStatus.SUSPENDED.name()).put("reason", "inspection"));
        assertThat(s.statusCode()).isEqualTo(200);
        HttpResponse<Buffer> r = send("POST", "/api/v1/batches", m2, new JsonObject().put("productId", p.productId())
                .put("quantity", 10).put("lot", "L").put("productionDate", "2026-11-01").put("lineId", "A").put("idempotencyKey", "x1"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("LICENCE_SUSPENDED");
        assertThat(send("GET", "/api/v1/products/" + p.productId() + "/licence/history", m2, null).bodyAsJsonArray()).hasSize(2);
    }

    @Test
    void rejectsOversizedBodiesAndUnknownRoutesInTheSameShape() throws Exception {
        JsonObject big = new JsonObject().put("x", "y".repeat(70 * 1024));
        HttpResponse<Buffer> r = send("POST", "/api/v1/licensees", regulator, big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("BODY_TOO_LARGE");
        HttpResponse<Buffer> nf = send("GET", "/api/v1/nothing", regulator, null);
        assertThat(nf.statusCode()).isEqualTo(404);
        assertThat(nf.bodyAsJsonObject().getString("error")).isEqualTo("NOT_FOUND");
    }
}
