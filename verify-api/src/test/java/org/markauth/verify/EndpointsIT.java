package org.markauth.verify;

import org.markauth.registry.MarkKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.markauth.testing.Worlds;
import org.junit.jupiter.api.Test;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.verify.app.VerifyServer;

/** The consumer page, the report form, officer endpoints, rate limits, health and metrics. */
class EndpointsIT {

    static Fixture f;
    static VerifyServer server;
    static Http http;
    static int product;
    static int batch;
    static String officerToken;
    static String manufacturerToken;

    @BeforeAll
    static void up() throws Exception {
        f = new Fixture("endpoints_it");
        Worlds.GenuineBatch world = f.genuineBatch(1000);
        product = world.productId();
        batch = world.batchId();
        ApiKeyStore keys = ApiKeyStore.create(f.session, java.time.Clock.systemUTC());
        officerToken = keys.issue(Principal.officer("officer-7")).toCompletableFuture().get();
        manufacturerToken = keys.issue(Principal.manufacturer("m-1", "L1")).toCompletableFuture().get();
        server = f.start("a", Map.of("verify.rate-limit.per-minute", "40"));
        http = new Http(server.port());
    }

    @AfterAll
    static void down() {
        f.close();   // stops the server it started
    }

    static String path(String url) {
        return url.substring(url.indexOf("/M/"));
    }

    @Test
    void everyEventLoopServesTheOnePort_evenWhenItWasPickedAtRandom() {
        // port 0 ("any free port") used to give each event loop's server its own random port, and
        // all traffic went to the first: one core served everything
        assertThat(server.serverPorts()).hasSize(Math.max(1, Runtime.getRuntime().availableProcessors()))
                .containsOnly(server.port());
    }

    @Test
    void twoServersInOneVertxEachGetTheirOwnRandomPort() {
        // a shared negative port would merge them: requests to "b" would be answered by "a" too
        Vertx vertx = Vertx.vertx();
        List<VerifyServer> started = new ArrayList<>();
        try {
            started.add(f.startIn(vertx, "one-vertx-a", Map.of()));
            started.add(f.startIn(vertx, "one-vertx-b", Map.of()));
            VerifyServer a = started.get(0);
            VerifyServer b = started.get(1);
            assertThat(a.port()).isNotEqualTo(b.port()).isNotEqualTo(server.port());
            assertThat(a.serverPorts()).containsOnly(a.port());
            assertThat(b.serverPorts()).containsOnly(b.port());
        } finally {
            started.forEach(s -> s.stop().otherwiseEmpty().await());
            vertx.close().await();
        }
    }

    @Test
    void pageShowsTheVerdictFirstInChineseWithSecurityHeaders() {
        long s = f.mark(batch, 1, null);
        var r = http.get(path(f.url(product, batch, s)), "X-Forwarded-For", "198.51.100.1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("data-code=\"GENUINE\"").contains("正品").contains("T/FS 001-2024")
                .contains("这是该码的首次核验");
        assertThat(r.body().indexOf("id=\"verdict\"")).isLessThan(r.body().indexOf("id=\"facts\""));
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        var again = http.get(path(f.url(product, batch, s)) + "?lang=en", "X-Forwarded-For", "198.51.100.1");
        assertThat(again.body()).contains("Genuine").contains("Verified 1 time before");
        assertThat(again.headers().firstValue("Set-Cookie").orElseThrow()).contains("lang=en");
    }

    @Test
    void aRetryWithTheSameRequestIdGetsTheFirstAnswerAndCountsOneScan_onEveryInstance() throws Exception {
        long serial = f.mark(batch, 777, null);
        String code = f.url(product, batch, serial);
        String id = UUID.randomUUID().toString();
        String[] client = {"X-Request-Id", id, "X-Forwarded-For", "198.51.100.30"};
        JsonObject first = http.verify(code, client);
        assertThat(first.getJsonObject("scans").getLong("before")).isZero();
        assertThat(http.verify(code, client)).as("a retry to the same instance").isEqualTo(first);
        VerifyServer other = f.start("replays-b", Map.of());
        assertThat(new Http(other.port()).verify(code, client)).as("a retry to another instance").isEqualTo(first);
        other.stop().await();

        JsonObject next = http.verify(code, "X-Request-Id", UUID.randomUUID().toString(), "X-Forwarded-For", "198.51.100.30");
        assertThat(next.getJsonObject("scans").getLong("before")).as("a new scan").isEqualTo(1);
        JsonObject shortId = http.verify(code, "X-Request-Id", "retry-1", "X-Forwarded-For", "198.51.100.30");
        assertThat(shortId.getJsonObject("scans").getLong("before")).as("an id too short to tell clients apart is ignored").isEqualTo(2);
        assertThat(http.verify(code, "X-Request-Id", id, "X-Forwarded-For", "198.51.100.30", "Accept-Language", "en")
                .getString("lang")).as("another language is another answer").isEqualTo("en");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (scanRows(serial) < 4 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300);   // several flush intervals: a double count would have landed by now
        assertThat(scanRows(serial)).as("scans recorded: first, new, short id, english").isEqualTo(4);
    }

    static long scanRows(long serial) {
        return org.markauth.verify.scan.ScanLogRows.count(f.session, batch, serial);
    }

    @Test
    void reportLandsInCassandraWithItsPhoto() {
        String code = f.url(product, batch, f.mark(batch, 2, null));
        String boundary = "----markauth" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "code", code);
        part(body, boundary, "where", "佛山某超市");
        part(body, boundary, "seller", "摊位 12");
        part(body, boundary, "contact", "138-0000-0000");
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 1, 2, 3});
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var r = http.postBytes("/report", "multipart/form-data; boundary=" + boundary, body.toByteArray());
        assertThat(r.statusCode()).isEqualTo(201);
        String id = r.body().replaceAll("(?s).*<span id=\"ref\">([0-9a-f-]+)</span>.*", "$1");
        var row = f.session.execute("SELECT where_bought, seller, photo_count, batch_id FROM report_by_id WHERE report_id = ?",
                UUID.fromString(id)).one();
        assertThat(row.getString("where_bought")).isEqualTo("佛山某超市");
        assertThat(row.getInt("batch_id")).isEqualTo(batch);
        assertThat(row.getInt("photo_count")).isEqualTo(1);
        assertThat(f.session.execute("SELECT bytes, content_type FROM report_photos WHERE report_id = ?", UUID.fromString(id))
                .one().getInt("bytes")).isEqualTo(11);   // the photo itself: ReportsIT
        assertThat(f.session.execute("SELECT contact FROM report_contacts WHERE report_id = ?", UUID.fromString(id)).one()
                .getString(0)).isEqualTo("138-0000-0000");
        assertThat(f.session.execute("SELECT count(*) FROM reports_by_day WHERE day = ?", LocalDate.now(ZoneOffset.UTC))
                .one().getLong(0)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void reportWithoutWhereIsRefusedWithTheField() {
        var r = http.post("/report", "application/x-www-form-urlencoded", "code=x&where=", "Accept", "application/json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("REPORT_NO_WHERE");
    }

    @Test
    void officerSeesTheFullRecordAndRecordsASeizure() {
        long s = f.mark(batch, 3, null);
        String hex = String.format("%016x", s);
        http.verdict(f.url(product, batch, s), "X-Forwarded-For", "203.0.113.5");
        String auth = "Bearer " + officerToken;
        var post = http.post("/api/v1/officer/units/" + batch + "/" + hex + "/inspections", "application/json",
                new JsonObject().put("kind", "SEIZURE").put("result", "SEIZED").put("place", "佛山 禅城").encode(),
                "Authorization", auth);
        assertThat(post.statusCode()).isEqualTo(201);
        JsonObject rec = new JsonObject(http.get("/api/v1/officer/units/" + batch + "/" + hex, "Authorization", auth).body());
        assertThat(rec.getJsonObject("licensee").getString("name")).isEqualTo("佛山电器");
        assertThat(rec.getJsonObject("batch").getString("lot")).isEqualTo("LOT-" + batch);
        assertThat(rec.getJsonArray("inspections").getJsonObject(0).getString("result")).isEqualTo("SEIZED");
        assertThat(rec.getJsonArray("events").getJsonObject(0).getString("kind")).isEqualTo("SEIZURE");
        // the scan may still be in the writer's buffer; the officer view shows it once flushed
        long deadline = System.currentTimeMillis() + 10_000;
        while (rec.getJsonArray("scans").isEmpty() && System.currentTimeMillis() < deadline) {
            rec = new JsonObject(http.get("/api/v1/officer/units/" + batch + "/" + hex, "Authorization", auth).body());
        }
        assertThat(rec.getJsonArray("scans").getJsonObject(0).getString("region")).isEqualTo("TEST-NET-3");
        JsonObject summary = rec.getJsonObject("scanSummary");
        assertThat(summary.getLong("scans")).as("the code's summary: its clone evidence").isEqualTo(1);
        assertThat(summary.getLong("clients")).isEqualTo(1);
        assertThat(summary.getString("lastRegion")).isEqualTo("TEST-NET-3");
        assertThat(summary.getString("lastVerdict")).isEqualTo("GENUINE");
        assertThat(summary.getJsonArray("places").getJsonObject(0).getString("place")).isEqualTo("TEST-NET-3");
        var byCode = new JsonObject(http.get("/api/v1/officer/record?code=" + java.net.URLEncoder.encode(
                f.url(product, batch, s), StandardCharsets.UTF_8), "Authorization", auth).body());
        assertThat(byCode.getJsonObject("verdict").getString("code")).isEqualTo("GENUINE");
        assertThat(byCode.getJsonObject("unit").getString("serial")).isEqualTo(hex);
        // a code the spec answers (too long, foreign) is a verdict for the officer too, not a 400
        var tooLong = new JsonObject(http.get("/api/v1/officer/record?code=" + "A".repeat(600), "Authorization", auth).body());
        assertThat(tooLong.getJsonObject("verdict").getString("reason")).isEqualTo("TOO_LONG");
        var foreign = new JsonObject(http.get("/api/v1/officer/record?code=" + java.net.URLEncoder.encode(
                "HTTPS://EVIL.EXAMPLE/M/X", StandardCharsets.UTF_8), "Authorization", auth).body());
        assertThat(foreign.getJsonObject("verdict").getString("host")).isEqualTo("EVIL.EXAMPLE");
    }

    @Test
    void officerEndpointsRefuseMissingAndWrongRoleKeys() {
        assertThat(http.get("/api/v1/officer/units/1/0000000000000001").statusCode()).isEqualTo(401);
        var forbidden = http.get("/api/v1/officer/units/1/0000000000000001", "Authorization", "Bearer " + manufacturerToken);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(forbidden.body()).getString("error")).isEqualTo("FORBIDDEN");
        var bad = http.get("/api/v1/officer/units/abc/xyz", "Authorization", "Bearer " + officerToken);
        assertThat(new JsonObject(bad.body()).getString("error")).isEqualTo("BAD_PARAMETER");
    }

    @Test
    void anOfficerKeyRevokedByIdElsewhereIsRefusedOnItsNextRequest() {
        // the issuer's directory (its own ApiKeyStore, as on another instance) revokes; verify-api caches no authentication
        ApiKeyStore issuer = ApiKeyStore.create(f.session, java.time.Clock.systemUTC());
        var issued = issuer.issue(Principal.officer("officer-8"), org.markauth.access.Scope.ALL, null, "office-1");
        String auth = "Bearer " + issued.token();
        assertThat(http.get("/api/v1/officer/units/" + batch + "/0000000000000001", "Authorization", auth).statusCode())
                .isNotIn(401, 403);
        assertThat(issuer.revokeById(issued.credential().id(), "office-1", "device lost")).hasValueSatisfying(c ->
                assertThat(c.revoked()).isTrue());
        assertThat(http.get("/api/v1/officer/units/" + batch + "/0000000000000001", "Authorization", auth).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aClientOverItsRateLimitGets429AndOthersDoNot() throws InterruptedException {
        // within one clock minute the count is exact; across a boundary the minute slides (RateLimiterIT)
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 50_000) {
            Thread.sleep(60_000 - intoMinute + 100);
        }
        int limited = 0;
        for (int i = 0; i < 45; i++) {
            if (http.get("/api/v1/verify?code=x", "X-Forwarded-For", "10.9.9.9").statusCode() == 429) {
                limited++;
            }
        }
        assertThat(limited).as("45 requests, 40 admitted").isEqualTo(5);
        var other = http.get("/api/v1/verify?code=x", "X-Forwarded-For", "10.9.9.10");
        assertThat(other.statusCode()).isEqualTo(200);
        var r = http.get("/api/v1/verify?code=x", "X-Forwarded-For", "10.9.9.9", "Accept-Language", "en");
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("RATE_LIMITED");
        // refused requests are not counted: the 40 admitted ones slide out over the next minute
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 62L);
        assertThat(new JsonObject(r.body()).getString("message")).contains("try again in " + retryAfter + " s.");
    }

    @Test
    void oversizedBodiesAreRefused() {
        String big = "{\"code\":\"" + "A".repeat(70_000) + "\"}";
        var r = http.post("/api/v1/verify", "application/json", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("BODY_TOO_LARGE");
    }

    @Test
    void healthMetricsAndOpenApi() {
        assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
        JsonObject ready = new JsonObject(http.get("/health/ready").body());
        assertThat(ready.getString("status")).isEqualTo("UP");
        http.verdict("garbage", "X-Forwarded-For", "10.1.1.1");
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("verify_verdicts_total{code=\"MALFORMED\"}").contains("verify_scan_buffer_depth")
                .contains("verify_cache_lookups_total").contains("http_requests_seconds_bucket");
        // the JVM and process binders, which the heap alert and the JVM panels read
        assertThat(metrics).contains("jvm_memory_used_bytes{area=\"heap\"").contains("jvm_memory_max_bytes")
                .contains("jvm_gc_").contains("jvm_threads_live_threads").contains("process_cpu_usage")
                .contains("jvm_classes_loaded_classes").contains("process_uptime_seconds");
        assertThat(http.get("/openapi.yaml").body()).contains("/api/v1/verify/batch");
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String value) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

}
