package org.markauth.issuer.clones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.InvalidationMessages;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.registry.Product;

/**
 * Blocking cloned codes and per-product clone rules on the issuer's real HTTP server: an alert
 * CONFIRMED in the console blocks its unit (row, audit trail, change_log, invalidation message as
 * verify-api reads them, see verify-api's BlocksIT); the regulator blocks and unblocks through the
 * API and the console with a reason, nobody else can; rule overrides are edited in the console's
 * form (CSRF, audited) and refused when out of range.
 */
class ClonesIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String regulatorKey;
    static String officerKey;
    static String makerKey;
    static Product product;
    static Batch batch;
    static InvalidationMessages messages;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_clones_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(ConsoleForms.console(fx)::mount)
                .mount(IssuerRouter.clones(fx.vertx, fx.services)::mount).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        regulatorKey = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        officerKey = fx.services.apiKeys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("KMAKER");
        product = fx.licensedProduct("KMAKER");
        makerKey = fx.services.apiKeys.issue(Principal.manufacturer("maker-1", "KMAKER")).toCompletableFuture().get();
        batch = fx.services.batches.order(Principal.manufacturer("line-1", "KMAKER"),
                IssuerFixture.order(product.productId(), 10, "clones-1")).batch();
        fx.services.batches.issue(batch, c -> { }, (d, t) -> { });
        messages = new InvalidationMessages(fx.vertx, fx.stack.redisUrl());
    }

    @AfterAll
    static void down() {
        messages.close();
        server.close().await();
        fx.close();
    }

    static String serial(int seq) {
        return HexFormat.of().toHexDigits(fx.services.serials.serial(batch.batchId(), seq));
    }

    static Row block(String serial) {
        return fx.ks.session().execute("SELECT blocked, actor, reason, alert_id, product_id FROM mark_blocks WHERE batch_id = ? AND serial = ?",
                batch.batchId(), ByteBuffer.wrap(HexFormat.of().parseHex(serial))).one();
    }

    static WebClientSession login() throws Exception {
        return ConsoleForms.login(web, regulatorKey);
    }

    static HttpResponse<Buffer> api(String method, String path, String key, JsonObject body) throws Exception {
        var req = web.request(io.vertx.core.http.HttpMethod.valueOf(method), path).putHeader("Authorization", "Bearer " + key);
        return (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
    }

    @Test
    void confirmingAnAlertInTheConsoleBlocksItsUnitWithTheAlertOnRecord() throws Exception {
        String serial = serial(3);
        UUID id = UUID.randomUUID();
        UUID at = Uuids.timeBased();
        ByteBuffer sn = ByteBuffer.wrap(HexFormat.of().parseHex(serial));
        fx.ks.session().execute("INSERT INTO alerts_by_status (status, at, alert_id, rule, batch_id, serial, product_id, summary) "
                + "VALUES ('OPEN', ?, ?, 'IMPOSSIBLE_TRAVEL', ?, ?, ?, '2 scans 1800 km apart in 1 h')", at, id, batch.batchId(), sn,
                product.productId());
        fx.ks.session().execute("INSERT INTO alert_by_id (alert_id, at, status, rule, batch_id, serial, product_id, summary, evidence) "
                + "VALUES (?, ?, 'OPEN', 'IMPOSSIBLE_TRAVEL', ?, ?, ?, '2 scans 1800 km apart in 1 h', '{}')", id, at, batch.batchId(), sn,
                product.productId());
        WebClientSession reg = login();
        String page = "/console/alerts/" + id;
        assertThat(ConsoleForms.get(reg, page).bodyAsString()).contains("id=\"block-state\">not blocked");
        ConsoleForms.post(reg, page, page + "/status", MultiMap.caseInsensitiveMultiMap().add("to", "INVESTIGATING"));
        assertThat(block(serial)).as("investigating does not block").isNull();
        assertThat(ConsoleForms.post(reg, page, page + "/status", MultiMap.caseInsensitiveMultiMap().add("to", "CONFIRMED")
                .add("note", "fakes seized in Dongguan")).statusCode()).isEqualTo(303);

        Row row = block(serial);
        assertThat(row.getBoolean("blocked")).isTrue();
        assertThat(row.getUuid("alert_id")).isEqualTo(id);
        assertThat(row.getString("actor")).isEqualTo(REGULATOR.userId());
        assertThat(row.getString("reason")).contains("IMPOSSIBLE_TRAVEL").contains("fakes seized in Dongguan");
        assertThat(row.getInt("product_id")).isEqualTo(product.productId());
        String entity = "block:" + batch.batchId() + ":" + serial;
        messages.await(entity);
        assertThat(fx.services.changes.entity(entity, 10)).singleElement()
                .satisfies(a -> assertThat(a.action()).isEqualTo("mark.block"));
        assertThat(ConsoleForms.get(reg, page).bodyAsString()).contains("id=\"block-state\">BLOCKED since");
    }

    @Test
    void onlyTheRegulatorBlocksAndUnblocksAndAlwaysWithAReason() throws Exception {
        String serial = serial(4);
        String unit = "/api/v1/blocks/" + batch.batchId() + "/" + serial;
        JsonObject in = new JsonObject().put("batchId", batch.batchId()).put("serial", serial).put("reason", "seized at a market");
        assertThat(api("POST", "/api/v1/blocks", makerKey, in).statusCode()).isEqualTo(403);
        assertThat(api("POST", "/api/v1/blocks", officerKey, in).statusCode()).isEqualTo(403);
        assertThat(api("POST", "/api/v1/blocks", regulatorKey, in.copy().put("reason", " ")).statusCode()).isEqualTo(400);
        assertThat(api("POST", "/api/v1/blocks", regulatorKey, in.copy().put("serial", "xyz")).bodyAsJsonObject().getString("message"))
                .contains("16 hex digits");
        var unknown = api("POST", "/api/v1/blocks", regulatorKey, in.copy().put("serial", "00000000000000ff"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(block(serial)).isNull();

        var blocked = api("POST", "/api/v1/blocks", regulatorKey, in);
        assertThat(blocked.statusCode()).isEqualTo(201);
        assertThat(blocked.bodyAsJsonObject().getBoolean("blocked")).isTrue();
        var again = api("POST", "/api/v1/blocks", regulatorKey, in);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("ALREADY_BLOCKED");

        assertThat(api("POST", unit + "/unblock", officerKey, new JsonObject().put("reason", "x")).statusCode()).isEqualTo(403);
        assertThat(api("POST", unit + "/unblock", makerKey, new JsonObject().put("reason", "x")).statusCode()).isEqualTo(403);
        assertThat(api("POST", unit + "/unblock", regulatorKey, new JsonObject()).statusCode()).isEqualTo(400);
        assertThat(block(serial).getBoolean("blocked")).isTrue();
        var unblocked = api("POST", unit + "/unblock", regulatorKey, new JsonObject().put("reason", "a shop's display unit"));
        assertThat(unblocked.statusCode()).isEqualTo(200);
        assertThat(unblocked.bodyAsJsonObject().getBoolean("blocked")).isFalse();
        assertThat(block(serial).getBoolean("blocked")).isFalse();
        assertThat(api("POST", unit + "/unblock", regulatorKey, new JsonObject().put("reason", "again")).bodyAsJsonObject()
                .getString("error")).isEqualTo("NOT_BLOCKED");

        JsonObject shown = api("GET", unit, officerKey, null).bodyAsJsonObject();
        assertThat(shown.getJsonObject("block").getString("reason")).isEqualTo("a shop's display unit");
        assertThat(shown.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("action")).toList())
                .containsExactly("UNBLOCK", "BLOCK");
        String entity = "block:" + batch.batchId() + ":" + serial;
        messages.await(entity);
        assertThat(fx.services.changes.entity(entity, 10)).extracting(a -> a.action()).containsExactly("mark.unblock", "mark.block");
    }

    @Test
    void theConsoleBlocksAndUnblocksFromItsFormsWithTheCsrfToken() throws Exception {
        String serial = serial(5);
        WebClientSession reg = login();
        String page = "/console/blocks?batchId=" + batch.batchId() + "&serial=" + serial;
        assertThat(ConsoleForms.get(reg, page).bodyAsString()).contains("id=\"block-state\">not blocked").contains("id=\"block-form\"");
        var forged = reg.post("/console/blocks").sendForm(MultiMap.caseInsensitiveMultiMap().add("batchId", "" + batch.batchId())
                .add("serial", serial).add("reason", "x").add("csrf", "guess")).await(30, TimeUnit.SECONDS);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(block(serial)).isNull();
        assertThat(ConsoleForms.post(reg, page, "/console/blocks", MultiMap.caseInsensitiveMultiMap().add("batchId", "" + batch.batchId())
                .add("serial", serial).add("reason", "copies sold online")).statusCode()).isEqualTo(303);
        assertThat(ConsoleForms.get(reg, page).bodyAsString()).contains("id=\"block-state\">BLOCKED since").contains("id=\"unblock-form\"")
                .contains("copies sold online");
        var noReason = ConsoleForms.post(reg, page, "/console/blocks/unblock", MultiMap.caseInsensitiveMultiMap()
                .add("batchId", "" + batch.batchId()).add("serial", serial));
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(noReason.bodyAsString()).contains("reason is required");
        assertThat(ConsoleForms.post(reg, page, "/console/blocks/unblock", MultiMap.caseInsensitiveMultiMap().add("batchId", "" + batch.batchId())
                .add("serial", serial).add("reason", "the seller proved the purchase")).statusCode()).isEqualTo(303);
        assertThat(ConsoleForms.get(reg, page).bodyAsString()).contains("id=\"block-state\">unblocked").contains("the seller proved the purchase");
        assertThat(ConsoleForms.get(reg, "/console/blocks?batchId=" + batch.batchId() + "&serial=nothex").statusCode()).isEqualTo(422);
    }

    @Test
    void aProductsCloneRulesAreEditedInTheConsoleAuditedAndRefusedOutOfRange() throws Exception {
        WebClientSession reg = login();
        String page = "/console/rules?productId=" + product.productId();
        assertThat(ConsoleForms.get(reg, page).bodyAsString()).contains("id=\"rules-form\"").doesNotContain("id=\"rules-updated\"");
        var forged = reg.post("/console/rules").sendForm(MultiMap.caseInsensitiveMultiMap()
                .add("productId", "" + product.productId()).add("maxScans", "5").add("csrf", "guess")).await(30, TimeUnit.SECONDS);
        assertThat(forged.statusCode()).isEqualTo(403);
        var negative = ConsoleForms.post(reg, page, "/console/rules", MultiMap.caseInsensitiveMultiMap().add("productId", "" + product.productId())
                .add("maxScans", "-1"));
        assertThat(negative.statusCode()).isEqualTo(422);
        assertThat(negative.bodyAsString()).contains("maxScans must be 0..1000000");
        assertThat(ConsoleForms.post(reg, page, "/console/rules", MultiMap.caseInsensitiveMultiMap().add("productId", "" + product.productId())
                .add("maxScans", "many")).statusCode()).isEqualTo(422);
        assertThat(ConsoleForms.post(reg, page, "/console/rules", MultiMap.caseInsensitiveMultiMap().add("productId", "999999999")
                .add("maxScans", "5")).statusCode()).isEqualTo(404);
        assertThat(fx.ks.session().execute("SELECT * FROM clone_rules_by_product WHERE product_id = ?", product.productId()).one())
                .isNull();

        assertThat(ConsoleForms.post(reg, page, "/console/rules", MultiMap.caseInsensitiveMultiMap().add("productId", "" + product.productId())
                .add("maxScans", "1000").add("blockThreshold", "0").add("offMarket", "off").add("maxSpeedKmh", "")).statusCode())
                .isEqualTo(303);
        Row row = fx.ks.session().execute("SELECT max_scans, block_threshold, off_market, max_speed_kmh, updated_by "
                + "FROM clone_rules_by_product WHERE product_id = ?", product.productId()).one();
        assertThat(row.getInt("max_scans")).isEqualTo(1000);
        assertThat(row.getInt("block_threshold")).isZero();
        assertThat(row.getBoolean("off_market")).isFalse();
        assertThat(row.isNull("max_speed_kmh")).as("empty = the service default").isTrue();
        assertThat(row.getString("updated_by")).isEqualTo(REGULATOR.userId());
        assertThat(ConsoleForms.get(reg, page).bodyAsString()).contains("id=\"rules-updated\"").contains("value=\"1000\"");
        messages.await("rules:" + product.productId());
        assertThat(fx.services.changes.entity("rules:" + product.productId(), 10)).singleElement()
                .satisfies(a -> assertThat(a.detail()).contains("maxScans=1000").contains("maxSpeedKmh=default"));

        // the same through the API: the regulator writes, an officer reads, nobody else writes
        String path = "/api/v1/products/" + product.productId() + "/clone-rules";
        assertThat(api("PUT", path, officerKey, new JsonObject().put("maxScans", 5)).statusCode()).isEqualTo(403);
        assertThat(api("PUT", path, makerKey, new JsonObject().put("maxScans", 5)).statusCode()).isEqualTo(403);
        assertThat(api("PUT", path, regulatorKey, new JsonObject().put("offMarket", "yes")).statusCode()).isEqualTo(400);
        assertThat(api("PUT", path, regulatorKey, new JsonObject().put("maxScans", 5).put("scanWindowSeconds", 86400))
                .statusCode()).isEqualTo(200);
        JsonObject read = api("GET", path, officerKey, null).bodyAsJsonObject();
        assertThat(read.getInteger("maxScans")).isEqualTo(5);
        assertThat(read.getInteger("scanWindowSeconds")).isEqualTo(86400);
        assertThat(read.getValue("blockThreshold")).isNull();
    }
}
