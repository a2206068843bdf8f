package org.markauth.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.verify.app.VerifyServer;

/** Every verdict of the catalogue, through the real server, Redis and Cassandra. */
class VerdictsIT {

    static Fixture f;
    static VerifyServer server;
    static Http http;
    static int product;
    static int suspendedProduct;
    static int revokedProduct;
    static int batch;
    static String officerToken;

    @BeforeAll
    static void up() throws Exception {
        f = new Fixture("verdicts_it");
        Instant longAgo = Instant.now().minus(Duration.ofDays(100));
        f.licensee("L1", "佛山电器");
        product = f.newId();
        suspendedProduct = f.newId();
        revokedProduct = f.newId();
        f.product(product, "L1", "ACTIVE", longAgo, Set.of("CN-44"));
        f.product(suspendedProduct, "L1", "SUSPENDED", Instant.now().minus(Duration.ofDays(5)), Set.of());
        f.product(revokedProduct, "L1", "REVOKED", Instant.now().minus(Duration.ofDays(5)), Set.of());
        batch = f.newId();
        f.batch(batch, product, "L1", "ISSUED", LocalDate.now(ZoneOffset.UTC).plusYears(1), longAgo);
        f.range(batch, 1, 10, "ACTIVATE");
        f.range(batch, 5, 6, "VOID");
        officerToken = org.markauth.access.ApiKeyStore.create(f.session, java.time.Clock.systemUTC())
                .issue(org.markauth.access.Principal.officer("officer-1")).toCompletableFuture().get();
        server = f.start("a", Map.of("verify.rules.max-scans", "3"));
        http = new Http(server.port());
    }

    @AfterAll
    static void down() {
        f.close();   // stops the server it started
    }

    @Test
    void activatedUnitOfALicensedProductIsGenuine() {
        long s = f.mark(batch, 1, null);
        JsonObject v = http.verify(f.url(product, batch, s));
        assertThat(v.getString("code")).isEqualTo("GENUINE");
        assertThat(v.getString("message")).contains("正品");
        assertThat(v.getJsonObject("product").getString("standardNo")).isEqualTo("T/FS 001-2024");
        assertThat(v.getJsonObject("mark").getString("serial")).isEqualTo(String.format("%016x", s));
    }

    @Test
    void englishWhenAskedByAcceptLanguage() {
        long s = f.mark(batch, 2, null);
        JsonObject v = http.verify(f.url(product, batch, s), "Accept-Language", "en-GB,en;q=0.9,zh;q=0.5");
        assertThat(v.getString("lang")).isEqualTo("en");
        assertThat(v.getString("message")).startsWith("Genuine");
    }

    @Test
    void unitBeyondTheActivatedRangeIsNotActivated() {
        assertThat(http.verdict(f.url(product, batch, f.mark(batch, 11, null)))).isEqualTo("NOT_ACTIVATED");
    }

    @Test
    void unitInAVoidedRangeOrVoidedItselfIsVoided() {
        assertThat(http.verdict(f.url(product, batch, f.mark(batch, 5, null)))).isEqualTo("VOIDED");
        assertThat(http.verdict(f.url(product, batch, f.mark(batch, 3, "VOIDED")))).isEqualTo("VOIDED");
    }

    @Test
    void decommissionedUnit() {
        assertThat(http.verdict(f.url(product, batch, f.mark(batch, 4, "DECOMMISSIONED")))).isEqualTo("DECOMMISSIONED");
    }

    @Test
    void recalledBatchShowsTheNotice() {
        int b = f.newId();
        f.batch(b, product, "L1", "RECALLED", null, Instant.now().minus(Duration.ofDays(20)));
        f.range(b, 1, 100, "ACTIVATE");
        JsonObject v = http.verify(f.url(product, b, f.mark(b, 1, null)));
        assertThat(v.getString("code")).isEqualTo("RECALLED");
        assertThat(v.getJsonObject("batch").getString("recallNotice")).contains("Stop using");
    }

    @Test
    void expiredProduct() {
        int b = f.newId();
        f.batch(b, product, "L1", "ISSUED", LocalDate.now(ZoneOffset.UTC).minusDays(1), Instant.now().minus(Duration.ofDays(400)));
        f.range(b, 1, 100, "ACTIVATE");
        assertThat(http.verdict(f.url(product, b, f.mark(b, 1, null)))).isEqualTo("EXPIRED");
    }

    @Test
    void licenceSuspendedAfterManufactureSaysBothFacts() {
        int b = f.newId();
        f.batch(b, suspendedProduct, "L1", "ISSUED", null, Instant.now().minus(Duration.ofDays(30)));
        f.range(b, 1, 100, "ACTIVATE", Instant.now().minus(Duration.ofDays(20)));   // on goods before the suspension
        JsonObject v = http.verify(f.url(suspendedProduct, b, f.mark(b, 1, null)), "Accept-Language", "en");
        assertThat(v.getString("code")).isEqualTo("LICENCE_SUSPENDED");
        assertThat(v.getJsonObject("licence").getBoolean("madeWhileLicensed")).isTrue();
        assertThat(v.getJsonArray("notes").getString(0)).startsWith("Made while licensed; licence suspended since");
    }

    @Test
    void licenceRevoked() {
        int b = f.newId();
        f.batch(b, revokedProduct, "L1", "ISSUED", null, Instant.now().minus(Duration.ofDays(30)));
        f.range(b, 1, 100, "ACTIVATE");
        assertThat(http.verdict(f.url(revokedProduct, b, f.mark(b, 1, null)))).isEqualTo("LICENCE_REVOKED");
    }

    @Test
    void aLicenceRowMissingForAnExistingProductGetsTheSignatureVerdictNeverRevokedAndIsNotCached() {
        int p = f.newId();
        f.product(p, "L1", "ACTIVE", Instant.now().minus(Duration.ofDays(100)), Set.of());
        int b = f.newId();
        f.batch(b, p, "L1", "ISSUED", null, Instant.now().minus(Duration.ofDays(30)));
        f.range(b, 1, 100, "ACTIVATE");
        String code = f.url(p, b, f.mark(b, 1, null));
        // what a replica behind (or a lost write) looks like to a read: the product without its licence
        f.session.execute("DELETE FROM licences WHERE product_id = ?", p);
        for (int i = 0; i < 2; i++) {
            var r = http.get("/api/v1/verify?code=" + enc(code), "Accept-Language", "en");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonObject v = new JsonObject(r.body());
            assertThat(v.getString("code")).isEqualTo("SIGNATURE_VALID");
            assertThat(v.getJsonArray("notes").encode()).contains("could not be checked").doesNotContainIgnoringCase("revoked");
        }
        var page = http.get(code.substring(code.indexOf("/M/")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("SIGNATURE_VALID").doesNotContain("LICENCE_REVOKED").doesNotContain("撤销");
        // nothing was cached: the licence row back (no invalidation sent), the very next scan is GENUINE
        f.product(p, "L1", "ACTIVE", Instant.now().minus(Duration.ofDays(100)), Set.of());
        assertThat(http.verdict(code)).isEqualTo("GENUINE");
    }

    @Test
    void aBatchWhoseProductRowIsMissingGetsTheSignatureVerdictNeverRevoked() {
        int missingProduct = f.newId();
        int b = f.newId();
        f.batch(b, missingProduct, "L1", "ISSUED", null, Instant.now().minus(Duration.ofDays(30)));
        f.range(b, 1, 100, "ACTIVATE");
        assertThat(http.verdict(f.url(missingProduct, b, f.mark(b, 1, null)))).isEqualTo("SIGNATURE_VALID");
    }

    @Test
    void signedSerialTheRegistryDoesNotKnowIsUnknownSerial() {
        assertThat(http.verdict(f.url(product, batch, 0x1234_5678_9abc_def0L))).isEqualTo("UNKNOWN_SERIAL");
    }

    @Test
    void alteredContentIsForged() {
        assertThat(http.verdict(f.forged(product, batch, f.mark(batch, 1, null)))).isEqualTo("FORGED");
    }

    @Test
    void keyOutsideTheTrustListIsUnknownKey() {
        assertThat(http.verdict(f.url(f.strangerKey, product, batch, f.mark(batch, 1, null)))).isEqualTo("UNKNOWN_KEY");
    }

    @Test
    void revokedKeyIsKeyRevoked() {
        assertThat(http.verdict(f.url(f.revokedKey, product, batch, f.mark(batch, 1, null)))).isEqualTo("KEY_REVOKED");
    }

    @Test
    void garbageIsMalformedAndOtherHostsAreForeign() {
        assertThat(http.verdict("hello world")).isEqualTo("MALFORMED");
        assertThat(http.verdict("HTTPS://EVIL.EXAMPLE.COM/M/ABCDEF")).isEqualTo("FOREIGN");
    }

    @Test
    void tooManyScansOfOneCodeIsCloneSuspected() {
        String code = f.url(product, batch, f.mark(batch, 7, null));
        for (int i = 0; i < 3; i++) {   // distinct clients: one client's repeated scans are no evidence
            assertThat(http.verdict(code, "X-Forwarded-For", "127.0.7." + i)).isEqualTo("GENUINE");
        }
        JsonObject v = http.verify(code, "X-Forwarded-For", "127.0.7.9");
        assertThat(v.getString("code")).as(v.encode()).isEqualTo("CLONE_SUSPECTED");
        assertThat(v.getJsonArray("rules").getJsonObject(0).getString("rule")).isEqualTo("TOO_MANY_SCANS");
        assertThat(v.getJsonObject("scans").getLong("before")).isEqualTo(3);
        // the regulator's alert with its evidence, raised once per rule and code
        http.verify(code);
        java.util.List<com.datastax.oss.driver.api.core.cql.Row> alerts = java.util.List.of();
        long deadline = System.currentTimeMillis() + 5_000;   // alerts are written off the request path
        while (alerts.isEmpty() && System.currentTimeMillis() < deadline) {
            alerts = f.session.execute("SELECT rule, batch_id, summary FROM alerts_by_status WHERE status = 'OPEN'").all().stream()
                    .filter(r -> r.getInt("batch_id") == batch && "TOO_MANY_SCANS".equals(r.getString("rule"))).toList();
        }
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getString("summary")).contains("scanned 4 times by 4 distinct clients");
    }

    @Test
    void impossibleTravelIsCloneSuspected() {
        String code = f.url(product, batch, f.mark(batch, 8, null));
        assertThat(http.verdict(code + "", "X-Geo", "ignored")).isEqualTo("GENUINE");
        // Foshan then Harbin a moment later: about 2,900 km in seconds.
        JsonObject first = new JsonObject(http.get("/api/v1/verify?geo=ws0e9&code=" + enc(code), "X-Forwarded-For", "127.0.8.1").body());
        JsonObject second = new JsonObject(http.get("/api/v1/verify?geo=yb1x5&code=" + enc(code), "X-Forwarded-For", "127.0.8.2").body());
        assertThat(first.getString("code")).isEqualTo("GENUINE");
        assertThat(second.getString("code")).isEqualTo("CLONE_SUSPECTED");
        assertThat(second.getJsonArray("rules").getJsonObject(0).getString("rule")).isEqualTo("IMPOSSIBLE_TRAVEL");
    }

    @Test
    void scanOutsideTheMarketRegionIsCloneSuspected() {
        String code = f.url(product, batch, f.mark(batch, 9, null));
        assertThat(http.verdict(code, "X-Forwarded-For", "192.0.2.7")).isEqualTo("CLONE_SUSPECTED");
        assertThat(http.verdict(f.url(product, batch, f.mark(batch, 10, null)), "X-Forwarded-For", "127.0.0.1"))
                .isEqualTo("GENUINE");
    }

    @Test
    void batchAnswersEachCodeInOrderAndIsBounded() {
        String body = new JsonObject().put("codes", new io.vertx.core.json.JsonArray()
                .add(f.url(product, batch, f.mark(batch, 1, null))).add("nonsense")).encode();
        var r = http.post("/api/v1/verify/batch", "application/json", body, "Authorization", "Bearer " + officerToken);
        assertThat(r.statusCode()).isEqualTo(200);
        var results = new JsonObject(r.body()).getJsonArray("results");
        assertThat(results.getJsonObject(0).getString("code")).isEqualTo("GENUINE");
        assertThat(results.getJsonObject(1).getString("code")).isEqualTo("MALFORMED");
        var many = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < 101; i++) {
            many.add("x");
        }
        var tooMany = http.post("/api/v1/verify/batch", "application/json", new JsonObject().put("codes", many).encode(),
                "Authorization", "Bearer " + officerToken);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(tooMany.body()).getString("error")).isEqualTo("BATCH_TOO_LARGE");
    }

    @Test
    void missingCodeAndBadGeoAreSpecificErrorsWithoutStackTraces() {
        var r = http.get("/api/v1/verify");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("BAD_PARAMETER");
        var g = http.get("/api/v1/verify?code=x&geo=AAA!");
        assertThat(new JsonObject(g.body()).getString("message")).contains("geo");
        // a query that does not percent-decode (java.net.URI refuses to send it: a raw request)
        for (String query : new String[] {"?code=%zz", "?code=%zz&lang=%", "?code=x&lang=%G1"}) {
            String raw = rawGet("/api/v1/verify" + query);
            assertThat(raw).as(query).startsWith("HTTP/1.1 400").contains("\"error\":\"BAD_PARAMETER\"")
                    .doesNotContain("at org.");
        }
        var nf = http.get("/nowhere", "Accept", "application/json");
        assertThat(nf.statusCode()).isEqualTo(404);
        assertThat(nf.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void trustListIsServedWithCachingHeaders() {
        var r = http.get("/api/v1/trust-list");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(http.get("/api/v1/trust-list", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String rawGet(String pathAndQuery) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
