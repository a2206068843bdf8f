package org.markauth.verify;

import org.markauth.registry.RangeKind;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.BatchState;
import org.markauth.registry.MarkKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.verify.app.VerifyServer;

/**
 * Clone evidence must be independent and durable (issue 13): bulk verification needs an officer,
 * a batch or a single client repeating a genuine code cannot flip it to CLONE_SUSPECTED, distinct
 * clients do, and the counts survive the loss of Redis's keys. Scan limit 3; every scan asks Redis
 * ({@code counter-fresh=0}) so what Redis holds is what the verdict sees.
 */
class CloneEvidenceIT {

    static Fixture f;
    static VerifyServer server;
    static Http http;
    static Vertx vertx;
    static Redis redisClient;
    static RedisAPI redis;
    static int product;
    static int batch;
    static int guangdongProduct;
    static int guangdongBatch;
    static String officerToken;
    static String manufacturerToken;

    @BeforeAll
    static void up() throws Exception {
        f = new Fixture("clones_it");
        f.licensee("L1", "佛山电器");
        product = f.newId();
        f.product(product, "L1", LicenceStatus.ACTIVE, Instant.now().minus(Duration.ofDays(100)), Set.of());
        batch = f.newId();
        f.batch(batch, product, "L1", BatchState.ISSUED, LocalDate.now(ZoneOffset.UTC).plusYears(1), Instant.now().minus(Duration.ofDays(100)));
        f.range(batch, 1, 1000, RangeKind.ACTIVATE);
        guangdongProduct = f.newId();
        f.product(guangdongProduct, "L1", LicenceStatus.ACTIVE, Instant.now().minus(Duration.ofDays(100)), Set.of("CN-44"));
        guangdongBatch = f.newId();
        f.batch(guangdongBatch, guangdongProduct, "L1", BatchState.ISSUED, LocalDate.now(ZoneOffset.UTC).plusYears(1),
                Instant.now().minus(Duration.ofDays(100)));
        f.range(guangdongBatch, 1, 1000, RangeKind.ACTIVATE);
        ApiKeyStore keys = ApiKeyStore.create(f.session, java.time.Clock.systemUTC());
        officerToken = keys.issue(Principal.officer("officer-9")).toCompletableFuture().get();
        manufacturerToken = keys.issue(Principal.manufacturer("m-9", "L1")).toCompletableFuture().get();
        server = f.start("a", Map.of("verify.rules.max-scans", "3", "verify.scan.counter-fresh", "0ms"));
        http = new Http(server.port());
        vertx = Vertx.vertx();
        redisClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(f.stack.redisUrl()));
        redis = RedisAPI.api(redisClient);
    }

    @AfterAll
    static void down() {
        redisClient.close();
        vertx.close().await();
        f.close();
    }

    static HttpResponse<String> batchOf(List<String> codes, String... headers) {
        return http.post("/api/v1/verify/batch", "application/json",
                new JsonObject().put("codes", new JsonArray(new ArrayList<>(codes))).encode(), headers);
    }

    @Test
    void bulkVerificationNeedsAnOfficerOrRegulatorKey() {
        long serial = f.mark(batch, 1, null);
        String code = f.url(product, batch, serial);
        HttpResponse<String> anonymous = batchOf(List.of(code));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(anonymous.body()).getString("error")).isEqualTo("UNAUTHENTICATED");
        assertThat(new JsonObject(anonymous.body()).getString("message")).contains("Authorization: Bearer");
        HttpResponse<String> forged = batchOf(List.of(code), "Authorization", "Bearer mak_notarealtokenatall0000000000000");
        assertThat(forged.statusCode()).isEqualTo(401);
        HttpResponse<String> manufacturer = batchOf(List.of(code), "Authorization", "Bearer " + manufacturerToken);
        assertThat(manufacturer.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(manufacturer.body()).getString("error")).isEqualTo("FORBIDDEN");
        // refused before anything was verified or recorded: the one scan on record is the buyer's after them
        assertThat(http.verdict(code, "X-Forwarded-For", "127.0.1.1")).isEqualTo("GENUINE");
        awaitScanRows(serial, 1);
        assertThat(scanRows(serial)).isEqualTo(1);
    }

    @Test
    void aBatchOf25CopiesIsAnsweredEachButCountedOnceAndTheNextBuyerSeesGenuine() {
        long serial = f.mark(batch, 2, null);
        String code = f.url(product, batch, serial);
        HttpResponse<String> r = batchOf(java.util.Collections.nCopies(25, code), "Authorization", "Bearer " + officerToken);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray results = new JsonObject(r.body()).getJsonArray("results");
        assertThat(results).hasSize(25);
        for (int i = 0; i < 25; i++) {
            assertThat(results.getJsonObject(i).getString("code")).as("result " + i).isEqualTo("GENUINE");
        }
        assertThat(http.verify(code, "X-Forwarded-For", "127.0.2.1").getString("code")).isEqualTo("GENUINE");
        JsonObject scans = http.verify(code, "X-Forwarded-For", "127.0.2.2").getJsonObject("scans");
        assertThat(scans.getLong("before")).isEqualTo(2);   // the batch's one scan and the buyer's
        awaitScanRows(serial, 3);
        assertThat(scanRows(serial)).isEqualTo(3);
    }

    @Test
    void oneClientScanningAHundredTimesStaysGenuineAndDistinctClientsFlipIt() {
        String code = f.url(product, batch, f.mark(batch, 3, null));
        for (int i = 0; i < 100; i++) {
            assertThat(http.verdict(code, "X-Forwarded-For", "127.0.3.1")).as("scan " + i).isEqualTo("GENUINE");
        }
        assertThat(http.verdict(code, "X-Forwarded-For", "127.0.3.2")).isEqualTo("GENUINE");
        assertThat(http.verdict(code, "X-Forwarded-For", "127.0.3.3")).isEqualTo("GENUINE");
        JsonObject fourth = http.verify(code, "X-Forwarded-For", "127.0.3.4");
        assertThat(fourth.getString("code")).isEqualTo("CLONE_SUSPECTED");
        assertThat(fourth.getJsonArray("rules").getJsonObject(0).getString("rule")).isEqualTo("TOO_MANY_SCANS");
    }

    @Test
    void oneClientSendingTwoFarApartPositionsIsNoImpossibleTravelButTwoClientsAre() {
        String code = f.url(product, batch, f.mark(batch, 4, null));
        // Foshan then Harbin a moment later: about 2,900 km in seconds, the same client both times
        assertThat(geoVerdict(code, "ws0e9", "127.0.4.1")).isEqualTo("GENUINE");
        assertThat(geoVerdict(code, "yb1x5", "127.0.4.1")).isEqualTo("GENUINE");
        assertThat(geoVerdict(code, "ws0e9", "127.0.4.2")).isEqualTo("CLONE_SUSPECTED");
    }

    @Test
    void countsSurviveTheLossOfRedisKeys_asTheSummaryHoldsThem() {
        long serial = f.mark(batch, 5, null);
        String code = f.url(product, batch, serial);
        assertThat(http.verdict(code, "X-Forwarded-For", "127.0.5.1")).isEqualTo("GENUINE");
        assertThat(http.verdict(code, "X-Forwarded-For", "127.0.5.2")).isEqualTo("GENUINE");
        awaitCounts(serial, 2);   // a first scan and a new client: both written to the summary at once
        awaitScanRows(serial, 2);
        assertThat(http.verdict(code, "X-Forwarded-For", "127.0.5.2")).isEqualTo("GENUINE");
        awaitScanRows(serial, 3);
        // the repeat client's scan is in the log but held back from the summary (nothing exceptional,
        // the summary interval not passed): the summary is a durable lower bound, its clients exact
        assertThat(summaryScans(serial)).isEqualTo(2);
        dropThisTestsRedisKeys();
        JsonObject third = http.verify(code, "X-Forwarded-For", "127.0.5.3");
        assertThat(third.getString("code")).isEqualTo("GENUINE");
        assertThat(third.getJsonObject("scans").getLong("before")).isEqualTo(2);   // not 0: restored from Cassandra
        JsonObject fourth = http.verify(code, "X-Forwarded-For", "127.0.5.4");
        assertThat(fourth.getString("code")).isEqualTo("CLONE_SUSPECTED");   // the 4th distinct client
        assertThat(fourth.getJsonObject("scans").getLong("before")).isEqualTo(3);
        awaitCounts(serial, 4);
        awaitScanRows(serial, 5);
    }

    /** Real addresses from the shipped ip2region database: a Foshan telecom range and Beijing Unicom's resolver. */
    static final String FOSHAN_IP = "14.21.63.1";
    static final String BEIJING_IP = "202.106.0.20";

    @Test
    void aGuangdongProductScannedFromABeijingAddressIsOffMarketOutOfTheBox() {
        String code = f.url(guangdongProduct, guangdongBatch, f.mark(guangdongBatch, 1, null));
        assertThat(http.verdict(code, "X-Forwarded-For", FOSHAN_IP)).isEqualTo("GENUINE");
        String other = f.url(guangdongProduct, guangdongBatch, f.mark(guangdongBatch, 2, null));
        JsonObject v = http.verify(other, "X-Forwarded-For", BEIJING_IP + ", 10.0.0.1");
        assertThat(v.getString("code")).isEqualTo("CLONE_SUSPECTED");
        JsonObject hit = v.getJsonArray("rules").getJsonObject(0);
        assertThat(hit.getString("rule")).isEqualTo("OFF_MARKET");
    }

    @Test
    void theIpCityIsAPositionForImpossibleTravelWithoutSharedGeolocation() {
        String code = f.url(product, batch, f.mark(batch, 6, null));
        assertThat(http.verdict(code, "X-Forwarded-For", FOSHAN_IP)).isEqualTo("GENUINE");
        JsonObject v = http.verify(code, "X-Forwarded-For", BEIJING_IP);   // ~1,900 km a moment later, another client
        assertThat(v.getString("code")).isEqualTo("CLONE_SUSPECTED");
        assertThat(v.getJsonArray("rules").getJsonObject(0).getString("rule")).isEqualTo("IMPOSSIBLE_TRAVEL");
    }

    @Test
    void onlyTheCoarseRegionIsStoredNeverTheAddress() {
        long serial = f.mark(guangdongBatch, 3, null);
        http.verdict(f.url(guangdongProduct, guangdongBatch, serial), "X-Forwarded-For", FOSHAN_IP);
        long deadline = System.currentTimeMillis() + 10_000;
        com.datastax.oss.driver.api.core.cql.Row row = null;
        while (row == null && System.currentTimeMillis() < deadline) {
            row = f.session.execute("SELECT cell, region, ip_hash FROM scan_log WHERE batch_id = ? AND serial = ? ALLOW FILTERING",
                    guangdongBatch, MarkKey.serialBytes(serial)).one();
        }
        assertThat(row).isNotNull();
        assertThat(row.getString("region")).isEqualTo("CN-44");
        assertThat(row.getString("cell")).isNull();   // the IP's city cell is used, never stored
        assertThat(new String(row.getByteBuffer("ip_hash").array(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(FOSHAN_IP);
    }

    private static String geoVerdict(String code, String geo, String client) {
        HttpResponse<String> r = http.get("/api/v1/verify?geo=" + geo + "&code="
                + java.net.URLEncoder.encode(code, java.nio.charset.StandardCharsets.UTF_8), "X-Forwarded-For", client);
        return new JsonObject(r.body()).getString("code");
    }

    /** Deletes only this test's keys (its own prefix): other tests share the Redis. */
    static void dropThisTestsRedisKeys() {
        String cursor = "0";
        int deleted = 0;
        do {
            Response page = redis.scan(List.of(cursor, "MATCH", f.redisPrefix + "*", "COUNT", "1000")).await();
            cursor = page.get(0).toString();
            List<String> keys = new ArrayList<>();
            page.get(1).forEach(k -> keys.add(k.toString()));
            if (!keys.isEmpty()) {
                redis.del(keys).await();
                deleted += keys.size();
            }
        } while (!"0".equals(cursor));
        assertThat(deleted).isPositive();
    }

    /** Waits for the scan writer's flush (off the request path) to bring the summary's distinct clients to this value. */
    static void awaitCounts(long serial, long clients) {
        long seen = -1;
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && seen != clients) {
            var row = f.session.execute("SELECT clients FROM scan_summaries WHERE batch_id = ? AND serial = ?", batch,
                    MarkKey.serialBytes(serial)).one();
            seen = row == null || row.isNull("clients") ? 0 : row.getLong("clients");
        }
        assertThat(seen).isEqualTo(clients);
    }

    static void awaitScanRows(long serial, long rows) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && scanRows(serial) < rows) {
            Thread.onSpinWait();
        }
    }

    static long scanRows(long serial) {
        return org.markauth.verify.scan.ScanLogRows.count(f.session, batch, serial);
    }

    static long summaryScans(long serial) {
        return f.session.execute("SELECT scans FROM scan_summaries WHERE batch_id = ? AND serial = ?", batch,
                MarkKey.serialBytes(serial)).one().getLong("scans");
    }
}
