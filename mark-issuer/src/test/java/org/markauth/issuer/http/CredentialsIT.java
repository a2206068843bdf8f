package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.audit.AuditEntry;
import org.markauth.issuer.invalidation.Invalidations;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.registry.Product;

/**
 * Credentials as a managed thing, over two issuer instances (two routers, two service graphs, one
 * keyspace): issue with scopes and expiry, list without secrets, revoke by id on one instance and
 * be refused by the other; print files only for the owner's print-capable key and the regulator,
 * every download counted and audited, reprints limited.
 */
class CredentialsIT {

    static IssuerFixture fx;
    static IssuerServices second;
    static HttpServer serverA;
    static HttpServer serverB;
    static WebClient a;
    static WebClient b;
    static String regulator;
    static String maker;
    static String officer;
    static String otherMaker;
    static Batch batch;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_creds_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        // a second instance: its own services (own ApiKeyStore, own statements) over the same keyspace
        second = new IssuerServices(fx.ks.session(), fx.kek, Invalidations.none(), fx.clock, fx.services.settings);
        serverA = IssuerRouter.api(fx.vertx, fx.services, http).listen().await(10, TimeUnit.SECONDS);
        serverB = IssuerRouter.api(fx.vertx, second, http).listen().await(10, TimeUnit.SECONDS);
        a = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(serverA.actualPort()));
        b = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(serverB.actualPort()));
        regulator = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        maker = fx.services.apiKeys.issue(Principal.manufacturer("line-1", "CRED")).toCompletableFuture().get();
        otherMaker = fx.services.apiKeys.issue(Principal.manufacturer("line-9", "CRED2")).toCompletableFuture().get();
        officer = fx.services.apiKeys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("CRED");
        fx.licensee("CRED2");
        Product product = fx.licensedProduct("CRED");
        batch = fx.issued(REGULATOR, product, 50, "creds-1");
    }

    @AfterAll
    static void down() {
        serverA.close().await();
        serverB.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> send(WebClient c, String method, String path, String token, JsonObject body) {
        var req = c.request(HttpMethod.valueOf(method), path);
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        try {
            return (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(method + " " + path + " did not answer in 30 s", e);
        }
    }

    static JsonObject issue(JsonObject body) {
        HttpResponse<Buffer> r = send(a, "POST", "/api/v1/credentials", regulator, body);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject();
    }

    static List<AuditEntry> audit(String entity) {
        return fx.services.changes.entity(entity, 100);
    }

    @Test
    void revokeByIdOnOneInstanceIsRefusedByTheOtherAndAudited() {
        JsonObject k = issue(new JsonObject().put("userId", "line-2").put("role", "MANUFACTURER").put("licenseeId", "CRED"));
        String token = k.getString("token");
        String id = k.getString("id");
        assertThat(id).matches("c[0-9a-f]{16}");
        assertThat(send(b, "GET", "/api/v1/licensees/CRED", token, null).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> listed = send(b, "GET", "/api/v1/credentials?licenseeId=CRED", regulator, null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.bodyAsString()).contains(id).doesNotContain(token);
        JsonObject entry = listed.bodyAsJsonArray().stream().map(JsonObject.class::cast)
                .filter(j -> j.getString("id").equals(id)).findFirst().orElseThrow();
        assertThat(entry.getString("state")).isEqualTo("ACTIVE");
        assertThat(entry.getJsonArray("scopes")).containsExactly("full");
        assertThat(entry.getString("lastUsedAt")).isNotNull();     // used once above, through instance B

        HttpResponse<Buffer> noReason = send(a, "POST", "/api/v1/credentials/" + id + "/revoke", regulator, new JsonObject());
        assertThat(noReason.statusCode()).isEqualTo(400);
        HttpResponse<Buffer> revoked = send(a, "POST", "/api/v1/credentials/" + id + "/revoke", regulator,
                new JsonObject().put("reason", "line PC stolen"));
        assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);
        assertThat(revoked.bodyAsJsonObject().getString("state")).isEqualTo("REVOKED");
        assertThat(revoked.bodyAsJsonObject().getString("revokedBy")).isEqualTo(REGULATOR.userId());

        HttpResponse<Buffer> refused = send(b, "GET", "/api/v1/licensees/CRED", token, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.bodyAsJsonObject().getString("message")).contains("revoked");
        assertThat(send(a, "GET", "/api/v1/licensees/CRED", token, null).statusCode()).isEqualTo(401);
        assertThat(audit("credential:" + id)).extracting(AuditEntry::action).containsExactly("credential.revoke", "credential.issue");
        assertThat(audit("credential:" + id).get(0).detail()).contains("line PC stolen");
        assertThat(send(a, "POST", "/api/v1/credentials/c0000000000000000/revoke", regulator,
                new JsonObject().put("reason", "x")).statusCode()).isEqualTo(404);
    }

    @Test
    void theOldRevokeByTokenRouteStillWorksIsAuditedAndListsTheKey() throws Exception {
        String old = fx.services.apiKeys.issue(Principal.officer("old-officer")).toCompletableFuture().get();
        HttpResponse<Buffer> r = send(a, "POST", "/api/v1/credentials/revoke", regulator, new JsonObject().put("token", old));
        assertThat(r.statusCode()).isEqualTo(200);
        String id = r.bodyAsJsonObject().getString("id");
        assertThat(send(b, "GET", "/api/v1/keys", old, null).statusCode()).isEqualTo(401);
        assertThat(audit("credential:" + id)).extracting(AuditEntry::action).contains("credential.revoke");
        assertThat(send(a, "GET", "/api/v1/credentials/" + id, regulator, null).bodyAsJsonObject().getString("state"))
                .isEqualTo("REVOKED");
    }

    @Test
    void anExpiredKeyIsRefused() {
        String expires = fx.clock.instant().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        JsonObject k = issue(new JsonObject().put("userId", "temp").put("role", "OFFICER").put("expiresAt", expires));
        assertThat(k.getString("expiresAt")).isEqualTo(expires);
        assertThat(send(b, "GET", "/api/v1/keys", k.getString("token"), null).statusCode()).isEqualTo(200);
        fx.clock.advance(Duration.ofHours(2));
        HttpResponse<Buffer> r = send(b, "GET", "/api/v1/keys", k.getString("token"), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.bodyAsJsonObject().getString("message")).contains("expired");
        assertThat(send(a, "GET", "/api/v1/credentials/" + k.getString("id"), regulator, null).bodyAsJsonObject()
                .getString("state")).isEqualTo("EXPIRED");
        HttpResponse<Buffer> past = send(a, "POST", "/api/v1/credentials", regulator, new JsonObject().put("userId", "t")
                .put("role", "OFFICER").put("expiresAt", "2001-01-01T00:00:00Z"));
        assertThat(past.statusCode()).isEqualTo(400);
    }

    @Test
    void aLineKeyMayActivateButNeitherPrintNorOrder() {
        JsonObject k = issue(new JsonObject().put("userId", "line-3").put("role", "MANUFACTURER").put("licenseeId", "CRED")
                .put("scopes", new JsonArray().add("activate")));
        String line = k.getString("token");
        assertThat(k.getJsonArray("scopes")).containsExactly("activate");
        int id = batch.batchId();
        HttpResponse<Buffer> act = send(a, "POST", "/api/v1/batches/" + id + "/activations", line,
                new JsonObject().put("first", 1).put("last", 5));
        assertThat(act.statusCode()).as(act.bodyAsString()).isEqualTo(200);
        assertThat(send(a, "GET", "/api/v1/batches/" + id + "/ranges", line, null).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> print = send(a, "GET", "/api/v1/batches/" + id + "/print/batch.csv", line, null);
        assertThat(print.statusCode()).isEqualTo(403);
        assertThat(print.bodyAsJsonObject().getString("message")).contains("needs scope print");
        HttpResponse<Buffer> order = send(a, "POST", "/api/v1/batches", line, new JsonObject().put("productId", batch.productId())
                .put("quantity", 5).put("lot", "L").put("productionDate", "2026-11-01").put("lineId", "A").put("idempotencyKey", "l-1"));
        assertThat(order.statusCode()).isEqualTo(403);
        assertThat(order.bodyAsJsonObject().getString("message")).contains("needs scope order");
        assertThat(send(a, "POST", "/api/v1/batches/" + id + "/recall", line, new JsonObject().put("reason", "x")).statusCode())
                .isEqualTo(403);
        assertThat(send(a, "GET", "/api/v1/credentials", line, null).statusCode()).isEqualTo(403);
        // the router matches the decoded, dot-free path: so must the scope check (these reached print before)
        for (String path : new String[] {"/api/v1/batches/" + id + "/%70rint/batch.csv", "/api/v1/batches/" + id + "/./print/batch.csv",
                "/api/v1/batches/" + id + "/x/../print/batch.csv", "/api/v1/%63redentials"}) {
            HttpResponse<Buffer> r = send(a, "GET", path, line, null);
            assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(403);
        }

        HttpResponse<Buffer> scopedRegulator = send(a, "POST", "/api/v1/credentials", regulator, new JsonObject()
                .put("userId", "r").put("role", "REGULATOR").put("scopes", new JsonArray().add("print")));
        assertThat(scopedRegulator.statusCode()).isEqualTo(400);
        assertThat(send(a, "POST", "/api/v1/credentials", regulator, new JsonObject().put("userId", "r").put("role", "MANUFACTURER")
                .put("licenseeId", "CRED").put("scopes", new JsonArray().add("everything"))).statusCode()).isEqualTo(400);
    }

    @Test
    void anOfficerMayNotDownloadPrintFiles() {
        HttpResponse<Buffer> r = send(a, "GET", "/api/v1/batches/" + batch.batchId() + "/print/batch.csv", officer, null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("FORBIDDEN");
        assertThat(r.bodyAsJsonObject().getString("message")).contains("counterfeiting material").contains("officer");
        assertThat(send(a, "GET", "/api/v1/batches/" + batch.batchId() + "/print/batch.pdf?from=1&to=2", officer, null).statusCode())
                .isEqualTo(403);
        assertThat(send(a, "GET", "/api/v1/batches/" + batch.batchId() + "/print/batch.csv", otherMaker, null).statusCode())
                .isEqualTo(404);     // another licensee's batch: as a missing one (issue 15)
        assertThat(send(a, "GET", "/api/v1/batches/" + batch.batchId(), officer, null).statusCode()).isEqualTo(200);
    }

    @Test
    void printsAreCountedAuditedAndReprintsLimitedExceptForTheRegulator() {
        JsonObject k = issue(new JsonObject().put("userId", "print-room").put("role", "MANUFACTURER").put("licenseeId", "CRED")
                .put("scopes", new JsonArray().add("print")));
        String printKey = k.getString("token");
        int id = batch.batchId();
        String csv = "/api/v1/batches/" + id + "/print/batch.csv";
        assertThat(send(a, "GET", csv + "?from=21&to=30", printKey, null).statusCode()).isEqualTo(200);
        assertThat(send(a, "GET", csv + "?from=31&to=40", printKey, null).statusCode()).isEqualTo(200);   // new units: no reprint
        for (int i = 0; i < 3; i++) {
            assertThat(send(i % 2 == 0 ? a : b, "GET", csv + "?from=25&to=26", printKey, null).statusCode()).isEqualTo(200);
        }
        HttpResponse<Buffer> over = send(b, "GET", csv + "?from=21&to=21", printKey, null);
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.bodyAsJsonObject().getString("error")).isEqualTo("REPRINT_LIMIT");
        assertThat(over.bodyAsJsonObject().getString("message")).contains("the limit is 3 reprints per batch per day");
        assertThat(over.getHeader("Retry-After")).isNotNull();
        HttpResponse<Buffer> byRegulator = send(a, "GET", csv + "?from=21&to=22", regulator, null);
        assertThat(byRegulator.statusCode()).isEqualTo(200);

        JsonObject prints = send(a, "GET", "/api/v1/batches/" + id, printKey, null).bodyAsJsonObject().getJsonObject("prints");
        assertThat(prints.getInteger("downloads")).isEqualTo(6);
        assertThat(prints.getInteger("reprints")).isEqualTo(4);
        assertThat(prints.getInteger("reprintsPerDay")).isEqualTo(3);
        List<AuditEntry> trail = audit("batch:" + id);
        assertThat(trail).filteredOn(e -> e.action().equals("batch.print")).hasSize(2);
        assertThat(trail).filteredOn(e -> e.action().equals("batch.reprint")).hasSize(4);
        assertThat(trail).filteredOn(e -> e.action().equals("batch.reprint.refused")).hasSize(1);
        assertThat(trail.stream().filter(e -> e.action().equals("batch.print")).map(AuditEntry::detail))
                .anyMatch(d -> d.contains("units 21..30 as csv via credential " + k.getString("id")));
        assertThat(trail).filteredOn(e -> e.actor().equals(REGULATOR.userId()))
                .anyMatch(e -> e.detail().contains("regulator is exempt"));

        fx.clock.advance(Duration.ofHours(25));     // the limit counts the last 24 hours
        assertThat(send(a, "GET", csv + "?from=21&to=21", printKey, null).statusCode()).isEqualTo(200);
    }

    @Test
    void hostileInputOnTheNewRoutesIsASpecific4xxNeverA5xx() {
        String[][] bad = {
            {"GET", "/api/v1/credentials/'%3B%20DROP%20TABLE%20api_keys", null, "404"},
            {"GET", "/api/v1/credentials?role=KING", null, "400"},
            {"POST", "/api/v1/credentials/c0123456789abcdef/revoke", "{\"reason\": 5}", "400"},
            {"POST", "/api/v1/credentials/not-an-id/revoke", "{\"reason\": \"x\"}", "404"},
            {"POST", "/api/v1/credentials", "{\"userId\": \"u\", \"role\": \"KING\"}", "400"},
            {"POST", "/api/v1/credentials", "{\"userId\": \"u\", \"role\": \"MANUFACTURER\"}", "400"},
            {"POST", "/api/v1/credentials", "{\"userId\": \"u\", \"role\": \"OFFICER\", \"licenseeId\": \"CRED\"}", "400"},
            {"POST", "/api/v1/credentials", "{\"userId\": \"" + "u".repeat(300) + "\", \"role\": \"OFFICER\"}", "400"},
            {"POST", "/api/v1/credentials", "{\"userId\": \"u\", \"role\": \"MANUFACTURER\", \"licenseeId\": \"CRED\", "
                    + "\"scopes\": \"print\"}", "400"},
            {"POST", "/api/v1/credentials", "{\"userId\": \"u\", \"role\": \"MANUFACTURER\", \"licenseeId\": \"CRED\", "
                    + "\"scopes\": [null]}", "400"},
            {"POST", "/api/v1/credentials", "{\"userId\": \"u\", \"role\": \"OFFICER\", \"expiresAt\": 12}", "400"},
            {"POST", "/api/v1/credentials", "{\"userId\": \"u\", \"role\": \"OFFICER\", \"expiresAt\": \"soon\"}", "400"},
            {"POST", "/api/v1/credentials/revoke", "[1, 2]", "400"},
            {"POST", "/api/v1/licensees", "[1, 2]", "400"},       // was a 500 on every route with a JSON body
            {"POST", "/api/v1/credentials", "\"text\"", "400"},
            {"GET", "/api/v1/batches/" + batch.batchId() + "/print/batch.csv?from=abc", null, "400"},
            {"GET", "/api/v1/batches/" + batch.batchId() + "/print/batch.csv?from=40&to=30", null, "400"},
            {"GET", "/api/v1/batches/" + batch.batchId() + "/print/batch.csv?from=60", null, "400"},
        };
        for (String[] c : bad) {
            var req = a.request(HttpMethod.valueOf(c[0]), c[1]).putHeader("Authorization", "Bearer " + regulator)
                    .putHeader("content-type", "application/json");
            HttpResponse<Buffer> r = (c[2] == null ? req.send() : req.sendBuffer(Buffer.buffer(c[2]))).await();
            assertThat(r.statusCode()).as(c[0] + " " + c[1] + " " + c[2] + " -> " + r.bodyAsString()).isEqualTo(Integer.parseInt(c[3]));
            assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank().doesNotContain("Exception");
        }
    }

    @Test
    void aManufacturerListsAndRevokesOnlyItsOwnLicenseesKeys() {
        JsonObject mine = issue(new JsonObject().put("userId", "line-4").put("role", "MANUFACTURER").put("licenseeId", "CRED")
                .put("scopes", new JsonArray().add("activate")));
        JsonObject theirs = issue(new JsonObject().put("userId", "line-5").put("role", "MANUFACTURER").put("licenseeId", "CRED2"));
        HttpResponse<Buffer> list = send(a, "GET", "/api/v1/credentials", maker, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.bodyAsJsonArray().stream().map(JsonObject.class::cast).map(j -> j.getString("licenseeId")))
                .isNotEmpty().containsOnly("CRED");
        assertThat(send(a, "GET", "/api/v1/credentials?licenseeId=CRED2", maker, null).statusCode()).isEqualTo(403);
        assertThat(send(a, "POST", "/api/v1/credentials/" + theirs.getString("id") + "/revoke", maker,
                new JsonObject().put("reason", "not mine")).statusCode()).isEqualTo(404);     // as a missing key
        assertThat(send(b, "POST", "/api/v1/credentials/" + mine.getString("id") + "/revoke", maker,
                new JsonObject().put("reason", "line retired")).statusCode()).isEqualTo(200);
        assertThat(send(a, "GET", "/api/v1/licensees/CRED", mine.getString("token"), null).statusCode()).isEqualTo(401);
        assertThat(send(a, "GET", "/api/v1/credentials", officer, null).statusCode()).isEqualTo(403);
        assertThat(send(a, "POST", "/api/v1/credentials", maker, new JsonObject().put("userId", "x").put("role", "MANUFACTURER")
                .put("licenseeId", "CRED")).statusCode()).isEqualTo(403);
    }
}
