package org.markauth.issuer.console;

import org.markauth.registry.BatchState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.http.OpenApiRoutes;
import org.markauth.issuer.registry.Product;

/** The regulator's console on the issuer's real HTTP server: log-in, alert workflow, map, licence actions, recalls. */
class ConsoleIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String regulatorKey;
    static String officerKey;
    static Product product;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_console_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(ConsoleForms.console(fx)::mount)
                .listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        regulatorKey = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        officerKey = fx.services.apiKeys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("CMAKER");
        product = fx.licensedProduct("CMAKER");
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    @Test
    void everyConsolePageIsInTheServedOpenApiDocument() {
        Router r = Router.router(fx.vertx);
        ConsoleForms.console(fx).mount(r);
        assertThat(OpenApiRoutes.documented().stream().filter(x -> x.contains(" /console")).toList())
                .containsExactlyInAnyOrderElementsOf(OpenApiRoutes.routed(r));
    }

    static WebClientSession login(String key) throws Exception {
        return ConsoleForms.login(web, key);
    }

    static WebClientSession login(String key, String acceptLanguage) throws Exception {
        return ConsoleForms.login(web, key, acceptLanguage);
    }

    static HttpResponse<Buffer> get(WebClientSession s, String path) throws Exception {
        return ConsoleForms.get(s, path);
    }

    static HttpResponse<Buffer> post(WebClientSession s, String page, String path, MultiMap form) throws Exception {
        return ConsoleForms.post(s, page, path, form);
    }

    @Test
    void onlyARegulatorKeyOpensASessionAndFormsNeedTheCsrfToken() throws Exception {
        assertThat(get(WebClientSession.create(web), "/console/alerts").getHeader("Location")).isEqualTo("/console/login");
        WebClientSession officer = login(officerKey);
        assertThat(get(officer, "/console/alerts").getHeader("Location")).isEqualTo("/console/login");
        WebClientSession reg = login(regulatorKey);
        HttpResponse<Buffer> alerts = get(reg, "/console/alerts");
        assertThat(alerts.statusCode()).isEqualTo(200);
        assertThat(alerts.bodyAsString()).contains("Counterfeit alerts");
        HttpResponse<Buffer> forged = reg.post("/console/licences/status").sendForm(MultiMap.caseInsensitiveMultiMap()
                .add("productId", "" + product.productId()).add("to", "SUSPENDED").add("reason", "x").add("csrf", "guess"))
                .await(30, TimeUnit.SECONDS);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(fx.services.registry.findLicence(product.productId()).orElseThrow().status().name()).isEqualTo("ACTIVE");
    }

    @Test
    void theConsoleSpeaksChineseUnlessEnglishIsAskedFor() throws Exception {
        WebClientSession zh = ConsoleForms.login(web, regulatorKey, "zh-CN,zh;q=0.9");
        String page = get(zh, "/console/alerts").bodyAsString();
        assertThat(page).contains("<html lang=\"zh-CN\">").contains("<h1>假冒告警 · 待处理</h1>").contains("退出登录")
                .doesNotContain("Counterfeit alerts");
        WebClientSession none = WebClientSession.create(web);
        assertThat(get(none, "/console/login").bodyAsString()).contains("<html lang=\"zh-CN\">").contains("<h1>登录</h1>");
        // the switch answers in English and keeps it in the lang cookie for the pages after it
        HttpResponse<Buffer> switched = get(zh, "/console/alerts?lang=en");
        assertThat(switched.bodyAsString()).contains("<html lang=\"en\">").contains("<h1>Counterfeit alerts · OPEN</h1>");
        assertThat(switched.cookies()).anyMatch(c -> c.startsWith("lang=en"));
        assertThat(get(zh, "/console/map").bodyAsString()).contains("<html lang=\"en\">");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedWithTheSentenceInTheRequestsLanguage() throws Exception {
        WebClientSession reg = login(regulatorKey);
        get(reg, "/console/registry");
        MultiMap suspend = MultiMap.caseInsensitiveMultiMap().add("productId", "" + product.productId()).add("to", "SUSPENDED")
                .add("reason", "x");
        HttpResponse<Buffer> none = reg.post("/console/licences/status").sendForm(suspend).await(30, TimeUnit.SECONDS);
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.bodyAsString()).contains("CSRF token is missing or wrong; reload the page and try again.")
                .contains("id=\"logout\"");
        HttpResponse<Buffer> zh = reg.post("/console/licences/status?lang=zh").sendForm(MultiMap.caseInsensitiveMultiMap().addAll(suspend)
                .add("csrf", "guess")).await(30, TimeUnit.SECONDS);
        assertThat(zh.statusCode()).isEqualTo(403);
        assertThat(zh.bodyAsString()).contains("表单的 CSRF 令牌缺失或不正确，请刷新页面后重试。");
        assertThat(fx.services.registry.findLicence(product.productId()).orElseThrow().status().name()).isEqualTo("ACTIVE");
    }

    @Test
    void aLicenceStatusThatIsNoneOfTheChoicesIsRefusedNamingThemNotTheJavaEnum() throws Exception {
        WebClientSession reg = login(regulatorKey);
        HttpResponse<Buffer> r = ConsoleForms.post(reg, "/console/registry", "/console/licences/status", MultiMap.caseInsensitiveMultiMap()
                .add("productId", "" + product.productId()).add("to", "true").add("reason", "x"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.bodyAsString()).contains("must be one of", "SUSPENDED").doesNotContain("org.markauth", "enum constant");
        assertThat(fx.services.registry.findLicence(product.productId()).orElseThrow().status().name()).isEqualTo("ACTIVE");
    }

    @Test
    void aSessionEndsWithItsCredential() throws Exception {
        var issued = fx.services.apiKeys.issue(Principal.regulator("office-9"), org.markauth.access.Scope.ALL, null, "test");
        WebClientSession reg = login(issued.token());
        assertThat(get(reg, "/console/alerts").statusCode()).isEqualTo(200);
        fx.services.apiKeys.revokeById(issued.credential().id(), "office-1", "left the office");
        fx.clock.advance(Console.SessionSettings.defaults().recheck().plusMillis(1));   // the check is cached for seconds
        HttpResponse<Buffer> after = get(reg, "/console/alerts");
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.getHeader("Location")).isEqualTo("/console/login?ended=revoked");
        assertThat(get(reg, after.getHeader("Location")).bodyAsString()).contains("has been revoked");
        assertThat(get(reg, "/console/alerts").getHeader("Location")).isEqualTo("/console/login");
    }

    @Test
    void anAlertMovesThroughTheWorkflowWithItsEvidenceAndHistory() throws Exception {
        UUID id = UUID.randomUUID();
        UUID at = Uuids.timeBased();
        ByteBuffer serial = ByteBuffer.allocate(8).putLong(0, 0x1234L);
        fx.ks.session().execute("INSERT INTO alerts_by_status (status, at, alert_id, rule, batch_id, serial, product_id, summary) "
                + "VALUES ('OPEN', ?, ?, 'IMPOSSIBLE_TRAVEL', 7, ?, ?, '2 scans 1800 km apart in 1 h')", at, id, serial, product.productId());
        fx.ks.session().execute("INSERT INTO alert_by_id (alert_id, at, status, rule, batch_id, serial, product_id, summary, evidence) "
                + "VALUES (?, ?, 'OPEN', 'IMPOSSIBLE_TRAVEL', 7, ?, ?, '2 scans 1800 km apart in 1 h', '{\"cells\":[\"ws0e9\",\"wx4g0\"]}')",
                id, at, serial, product.productId());
        WebClientSession reg = login(regulatorKey);
        assertThat(get(reg, "/console/alerts?status=OPEN").bodyAsString()).contains(id.toString());
        String detail = get(reg, "/console/alerts/" + id).bodyAsString();
        assertThat(detail).contains("wx4g0").contains("id=\"to-INVESTIGATING\"").doesNotContain("id=\"to-CONFIRMED\"");

        assertThat(post(reg, "/console/alerts/" + id, "/console/alerts/" + id + "/status",
                MultiMap.caseInsensitiveMultiMap().add("to", "INVESTIGATING").add("note", "asked the market office")).statusCode()).isEqualTo(303);
        assertThat(post(reg, "/console/alerts/" + id, "/console/alerts/" + id + "/status",
                MultiMap.caseInsensitiveMultiMap().add("to", "CONFIRMED").add("note", "fakes seized")).statusCode()).isEqualTo(303);
        String after = get(reg, "/console/alerts/" + id).bodyAsString();
        assertThat(after).contains("id=\"status\">CONFIRMED").contains("asked the market office").contains("fakes seized");
        assertThat(get(reg, "/console/alerts?status=CONFIRMED").bodyAsString()).contains(id.toString());
        assertThat(get(reg, "/console/alerts?status=OPEN").bodyAsString()).doesNotContain(id.toString());
        // closed: no further move
        assertThat(post(reg, "/console/alerts/" + id, "/console/alerts/" + id + "/status",
                MultiMap.caseInsensitiveMultiMap().add("to", "DISMISSED")).statusCode()).isEqualTo(422);
    }

    @Test
    void theRegulatorSetsAnOfficersAreaOnTheOfficersPage() throws Exception {
        WebClientSession reg = login(regulatorKey);
        String page = get(reg, "/console/officers").bodyAsString();
        assertThat(page).contains(IssuerFixture.OFFICER.userId());
        assertThat(post(reg, "/console/officers", "/console/officers/area", MultiMap.caseInsensitiveMultiMap()
                .add("userId", IssuerFixture.OFFICER.userId()).add("regions", "CN-44, TEST-NET-1")).statusCode()).isEqualTo(303);
        assertThat(fx.services.officerAreas.area(REGULATOR, IssuerFixture.OFFICER.userId()).regions())
                .containsExactlyInAnyOrder("CN-44", "TEST-NET-1");
        assertThat(get(reg, "/console/officers").bodyAsString()).contains("value=\"CN-44 TEST-NET-1\"")
                .contains("href=\"/console/inspections?officer=" + IssuerFixture.OFFICER.userId() + "\"");
        // not a region name: refused with the page, nothing changed
        assertThat(post(reg, "/console/officers", "/console/officers/area", MultiMap.caseInsensitiveMultiMap()
                .add("userId", IssuerFixture.OFFICER.userId()).add("regions", "<b>")).statusCode()).isEqualTo(422);
        assertThat(fx.services.officerAreas.area(REGULATOR, IssuerFixture.OFFICER.userId()).regions()).hasSize(2);
    }

    @Test
    void anOfficersTakeAndFindingReadWellOnTheAlertAndReportPages() throws Exception {
        UUID id = UUID.randomUUID();
        UUID at = Uuids.timeBased();
        fx.ks.session().execute("INSERT INTO alert_by_id (alert_id, at, status, rule, batch_id, serial, product_id, summary, evidence, "
                + "region, taken_by, finding) VALUES (?, ?, 'INVESTIGATING', 'OFF_MARKET', 7, ?, ?, 'off market', '{}', 'TEST-NET-1', "
                + "'officer-1', 'COUNTERFEIT_FOUND')", id, at, ByteBuffer.allocate(8).putLong(0, 0x99L), product.productId());
        fx.ks.session().execute("INSERT INTO alert_history (alert_id, at, actor, from_status, to_status, note) VALUES (?, ?, 'officer-1', "
                + "'OPEN', 'INVESTIGATING', 'taken by officer-1')", id, Uuids.timeBased());
        fx.ks.session().execute("INSERT INTO alert_history (alert_id, at, actor, from_status, to_status, note) VALUES (?, ?, 'officer-1', "
                + "'INVESTIGATING', 'INVESTIGATING', 'outcome: COUNTERFEIT_FOUND — 40 boxes')", id, Uuids.timeBased());
        String page = get(login(regulatorKey, "en"), "/console/alerts/" + id).bodyAsString();
        assertThat(page).contains("id=\"taken-by\">officer-1").contains("id=\"region\">TEST-NET-1")
                .contains("id=\"finding\">counterfeit found").contains("outcome: COUNTERFEIT_FOUND — 40 boxes")
                .contains("id=\"to-CONFIRMED\"");
        java.time.LocalDate day = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        UUID report = UUID.randomUUID();
        fx.ks.session().execute("INSERT INTO reports_by_day (day, at, report_id, code, verdict, where_bought, seller, has_photo, region) "
                + "VALUES (?, ?, ?, 'x', 'FORGED', 'market', 'stall 9', false, 'TEST-NET-1')", day, Uuids.timeBased(), report);
        fx.ks.session().execute("INSERT INTO report_handling (report_id, taken_by, taken_at, finding, note, closed_at) "
                + "VALUES (?, 'officer-1', toTimestamp(now()), 'NOTHING_FOUND', 'outcome: NOTHING_FOUND — stall closed', toTimestamp(now()))", report);
        String reports = get(login(regulatorKey, "en"), "/console/reports?day=" + day).bodyAsString();
        assertThat(reports).contains("NOTHING_FOUND (by officer-1)").contains("stall closed");
    }

    @Test
    void whatConsumersTypedIsShownAsTextNeverAsMarkup() throws Exception {
        java.time.LocalDate day = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        fx.ks.session().execute("INSERT INTO reports_by_day (day, at, report_id, code, verdict, where_bought, seller, has_photo, region) "
                + "VALUES (?, ?, ?, 'x', 'FORGED', ?, ?, false, 'CN-44')", day, Uuids.timeBased(), UUID.randomUUID(),
                "<script>alert(document.cookie)</script>", "\" onmouseover=\"alert(1)");
        String page = get(login(regulatorKey), "/console/reports?day=" + day).bodyAsString();
        assertThat(page).contains("&lt;script&gt;alert(document.cookie)&lt;/script&gt;").contains("&#34; onmouseover=&#34;alert(1)")
                .doesNotContain("<script>alert").doesNotContain("\" onmouseover=");
    }

    @Test
    void theMapAndStatisticsReadThePreAggregatedCounters() throws Exception {
        LocalDate today = LocalDate.ofInstant(fx.services.clock.instant(), ZoneOffset.UTC);
        fx.ks.session().execute("UPDATE scan_hotspots SET scans = scans + 9 WHERE day = ? AND place = 'ws0e9' AND verdict = 'CLONE_SUSPECTED'", today);
        fx.ks.session().execute("UPDATE scan_hotspots SET scans = scans + 40 WHERE day = ? AND place = 'ws0e9' AND verdict = 'GENUINE'", today);
        fx.ks.session().execute("UPDATE scan_hotspots SET scans = scans + 3 WHERE day = ? AND place = 'wtw3s' AND verdict = 'FORGED'", today.minusDays(2));
        fx.ks.session().execute("UPDATE scan_stats_by_product SET scans = scans + 5 WHERE product_id = ? AND day = ? AND verdict = 'GENUINE'",
                product.productId(), today);
        WebClientSession reg = login(regulatorKey);
        String map = get(reg, "/console/map?from=" + today.minusDays(6) + "&to=" + today).bodyAsString();
        assertThat(map).contains("data-place=\"ws0e9\" data-count=\"9\"").contains("data-place=\"wtw3s\" data-count=\"3\"");
        assertThat(get(reg, "/console/map?from=" + today + "&to=" + today).bodyAsString()).doesNotContain("data-place=\"wtw3s\"");
        String stats = get(reg, "/console/stats?kind=product&id=" + product.productId()).bodyAsString();
        assertThat(stats).contains("<td>" + today + "</td><td>5</td>");
    }

    @Test
    void licenceActionsAndRecallsWorkFromTheirForms() throws Exception {
        WebClientSession reg = login(regulatorKey);
        assertThat(post(reg, "/console/registry", "/console/licences/status", MultiMap.caseInsensitiveMultiMap()
                .add("productId", "" + product.productId()).add("to", "SUSPENDED").add("reason", "sampling failed")).statusCode()).isEqualTo(303);
        assertThat(fx.services.registry.findLicence(product.productId()).orElseThrow().status().name()).isEqualTo("SUSPENDED");
        assertThat(get(reg, "/console/registry").bodyAsString()).contains("sampling failed");
        post(reg, "/console/registry", "/console/licences/status", MultiMap.caseInsensitiveMultiMap()
                .add("productId", "" + product.productId()).add("to", "ACTIVE").add("reason", "fixed"));

        Principal maker = Principal.manufacturer("line-1", "CMAKER");
        Batch b = fx.services.batches.order(maker, IssuerFixture.order(product.productId(), 2, "console-1")).batch();
        fx.services.batches.issue(b, c -> { }, (d, t) -> { });
        HttpResponse<Buffer> r = post(reg, "/console/recalls", "/console/recalls", MultiMap.caseInsensitiveMultiMap()
                .add("batchId", "" + b.batchId()).add("reason", "wiring fault").add("notice", "Unplug it and return it."));
        assertThat(r.statusCode()).isEqualTo(303);
        String report = get(reg, r.getHeader("Location")).bodyAsString();
        assertThat(report).contains("Unplug it and return it.").contains("id=\"scans-after\">0");
        assertThat(get(reg, "/console/recalls").bodyAsString()).contains("wiring fault");
        assertThat(fx.services.batchStore.batch(b.batchId()).orElseThrow().state()).isEqualTo(BatchState.RECALLED);
    }

    @Test
    void theNotificationsPageShowsTheEventsNewestFirstByType() throws Exception {
        fx.services.registry.changeLicenceStatus(REGULATOR, product.productId(), org.markauth.registry.LicenceStatus.SUSPENDED,
                "notification check");
        fx.clock.advance(Duration.ofSeconds(1));   // this world's clock stands still: the second change is later
        fx.services.registry.changeLicenceStatus(REGULATOR, product.productId(), org.markauth.registry.LicenceStatus.ACTIVE,
                "notification check over");
        String en = get(login(regulatorKey, "en"), "/console/notifications?type=licence.changed").bodyAsString();
        assertThat(en).contains("Licence changed").contains("CMAKER").contains("notification check over");
        assertThat(en.indexOf("reason: notification check over</td>")).isPositive()
                .isLessThan(en.indexOf("reason: notification check</td>"));
        String zh = get(login(regulatorKey, "zh-CN,zh;q=0.9"), "/console/notifications").bodyAsString();
        assertThat(zh).contains("通知事件").contains("许可变更");
        String none = get(login(regulatorKey, "en"), "/console/notifications?type=alert.raised").bodyAsString();
        assertThat(none).contains("id=\"none\"");
        var bad = get(login(regulatorKey, "en"), "/console/notifications?type=nonsense");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.bodyAsString()).contains("event type must be one of");
    }

    // ------------------------------------------------------------------ officers' inspection records (issue 17)

    /**
     * Stores a device-signed record as verify-api's InspectionStore does (inspection_records, then the
     * day's and the officer's lists), signed with a fresh P-256 key the way a phone's WebCrypto signs:
     * SHA256withECDSA in P1363 form over the SDK's signature input.
     */
    static UUID storeInspection(String officer, byte[] record, java.time.Instant receivedAt) throws Exception {
        var kpg = java.security.KeyPairGenerator.getInstance("EC");
        kpg.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        var key = kpg.generateKeyPair();
        String device = org.markauth.sdk.evidence.InspectionSignature.deviceId(key.getPublic().getEncoded());
        String text = new String(record, java.nio.charset.StandardCharsets.UTF_8).replace("DEVICE", device);
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var signer = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(key.getPrivate());
        signer.update(org.markauth.sdk.evidence.InspectionSignature.signatureInput(bytes));
        byte[] signature = signer.sign();
        assertThat(org.markauth.sdk.evidence.InspectionSignature.verify(key.getPublic().getEncoded(), bytes, signature)).isTrue();
        UUID id;
        java.time.Instant started;
        try {
            var r = org.markauth.sdk.evidence.InspectionRecord.parse(bytes);
            id = UUID.fromString(r.id());
            started = r.startedAt();
        } catch (IllegalArgumentException unreadable) {
            id = UUID.randomUUID();
            started = receivedAt;
        }
        byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        fx.ks.session().execute("INSERT INTO inspection_records (id, record, signature, record_sha256, device_id, officer, received_at, "
                + "instance, started_at, units, seizures, photos) VALUES (?, ?, ?, ?, ?, ?, ?, 'verify-1', ?, 2, 1, 1) IF NOT EXISTS",
                id, ByteBuffer.wrap(bytes), ByteBuffer.wrap(signature), ByteBuffer.wrap(sha), device, officer, receivedAt, started);
        fx.ks.session().execute("INSERT INTO inspections_by_day (day, received_at, id, officer, device_id, started_at, units, seizures, "
                + "photos) VALUES (?, ?, ?, ?, ?, ?, 2, 1, 1)", LocalDate.ofInstant(receivedAt, ZoneOffset.UTC), receivedAt, id, officer,
                device, started);
        fx.ks.session().execute("INSERT INTO inspections_by_officer (officer, received_at, id, device_id, started_at, units, seizures, "
                + "photos) VALUES (?, ?, ?, ?, ?, 2, 1, 1)", officer, receivedAt, id, device, started);
        return id;
    }

    static String inspectionJson(UUID id, String officer) {
        return "{\"format\":\"markauth-inspection/1\",\"id\":\"" + id + "\",\"device\":\"DEVICE\",\"officer\":\"" + officer + "\","
                + "\"startedAt\":\"2026-12-06T10:05:00.000Z\",\"endedAt\":\"2026-12-06T10:15:30.123Z\","
                + "\"place\":{\"geohash\":\"wtw3sj\",\"label\":\"上海市 七浦路 服装市场\"},"
                + "\"units\":[{\"code\":\"HTTPS://MARKAUTH.CN/M/CEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"verdict\":\"FORGED\",\"source\":\"OFFLINE\","
                + "\"checkedAt\":\"2026-12-06T10:06:12.000Z\",\"statusSequence\":12,\"batchId\":1001,\"serial\":\"0102030405060708\","
                + "\"outcome\":\"SEIZED\"},{\"code\":\"not a mark\",\"verdict\":\"MALFORMED\",\"source\":\"ONLINE\","
                + "\"checkedAt\":\"2026-12-06T10:07:00.000Z\",\"statusSequence\":null,\"batchId\":null,\"serial\":null,\"outcome\":\"SUSPECT\"}],"
                + "\"photos\":[{\"sha256\":\"" + "5e".repeat(32) + "\",\"type\":\"image/jpeg\",\"bytes\":4096}],"
                + "\"seizures\":[{\"quantity\":24,\"reason\":\"假冒标识\",\"heldAt\":\"区市场监管局 证物室 3\"}],"
                + "\"notes\":\"摊主称货源来自<广州>。\"}";
    }

    @Test
    void theRegulatorSeesTheDaysSignedInspectionRecordsAndEachRecordsUnitsSeizuresAndNotes() throws Exception {
        java.time.Instant now = fx.services.clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        UUID id = UUID.randomUUID();
        UUID older = UUID.randomUUID();
        storeInspection("officer-insp", inspectionJson(older, "officer-insp").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                now.minusSeconds(60));
        storeInspection("officer-insp", inspectionJson(id, "officer-insp").getBytes(java.nio.charset.StandardCharsets.UTF_8), now);
        WebClientSession reg = login(regulatorKey);

        String list = get(reg, "/console/inspections").bodyAsString();
        assertThat(list).contains("<h1>Inspection records received " + today + " (UTC)</h1>")
                .contains("href=\"/console/inspections?day=" + today.minusDays(1) + "\"")
                .contains("href=\"/console/inspections/" + id + "\"").contains("<td>2</td><td>1</td><td>1</td>");
        assertThat(list.indexOf("/console/inspections/" + id)).as("newest first").isLessThan(list.indexOf("/console/inspections/" + older));
        assertThat(get(reg, "/console/inspections?day=" + today.minusDays(1)).bodyAsString()).doesNotContain(id.toString())
                .contains("id=\"none\"");
        assertThat(get(reg, "/console/inspections?officer=officer-insp").bodyAsString()).contains(id.toString()).contains(older.toString());
        assertThat(get(reg, "/console/inspections?officer=officer-nobody").bodyAsString()).doesNotContain(id.toString());

        HttpResponse<Buffer> detail = get(reg, "/console/inspections/" + id);
        assertThat(detail.statusCode()).isEqualTo(200);
        String page = detail.bodyAsString();
        ByteBuffer stored = fx.ks.session().execute("SELECT record FROM inspection_records WHERE id = ?", id).one().getByteBuffer("record");
        byte[] record = new byte[stored.remaining()];
        stored.get(record);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(record));
        assertThat(page).contains("id=\"officer\"><a href=\"/console/inspections?officer=officer-insp\">officer-insp")
                .contains("wtw3sj · 上海市 七浦路 服装市场")
                .contains("<td>FORGED</td><td>OFFLINE</td><td>SEIZED</td>").contains("<td>MALFORMED</td><td>ONLINE</td><td>SUSPECT</td>")
                .contains("href=\"/console/blocks?batchId=1001&amp;serial=0102030405060708\"")
                .contains("<td>24</td><td>假冒标识</td><td>区市场监管局 证物室 3</td>")
                .contains("id=\"notes\">摊主称货源来自&lt;广州&gt;。").contains("5e".repeat(32))
                .contains("id=\"record-sha256\">" + sha)
                .contains("GET &lt;verify-api&gt;/api/v1/officer/inspections/" + id + "/evidence")
                .contains("markauth evidence verify inspection-" + id + ".zip");
        // the unit link opens the console's unit page
        assertThat(get(reg, "/console/blocks?batchId=1001&serial=0102030405060708").statusCode()).isEqualTo(200);
        assertThat(get(login(regulatorKey, "zh-CN"), "/console/inspections/" + id).bodyAsString()).contains("已检查的产品（2）")
                .contains("证据包");
    }

    @Test
    void anUnknownOrMalformedInspectionIdIsTheConsolesRefusalPageNeverA500() throws Exception {
        WebClientSession reg = login(regulatorKey);
        UUID unknown = UUID.randomUUID();
        HttpResponse<Buffer> missing = get(reg, "/console/inspections/" + unknown);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.bodyAsString()).contains("inspection record " + unknown + " does not exist").contains("id=\"logout\"");
        HttpResponse<Buffer> malformed = get(reg, "/console/inspections/not-a-uuid");
        assertThat(malformed.statusCode()).isEqualTo(422);
        assertThat(malformed.bodyAsString()).contains("&#39;not-a-uuid&#39; is not an id of this console");
        assertThat(get(reg, "/console/inspections?day=2026-13-40").statusCode()).isEqualTo(422);
    }

    @Test
    void aStoredRecordTheSdkRefusesIsShownAsUnreadableWithTheReason() throws Exception {
        UUID id = storeInspection("officer-insp", "{\"format\":\"markauth-inspection/0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                fx.services.clock.instant());
        HttpResponse<Buffer> r = get(login(regulatorKey), "/console/inspections/" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("id=\"unreadable\">Unreadable record: the record lacks the member &#39;")
                .doesNotContain("id=\"units\"").contains("/api/v1/officer/inspections/" + id + "/evidence");
    }

    @Test
    void onlyTheRegulatorsSessionOpensTheInspectionPages() throws Exception {
        UUID id = storeInspection("officer-insp", inspectionJson(UUID.randomUUID(), "officer-insp")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), fx.services.clock.instant());
        String makerKey = fx.services.apiKeys.issue(Principal.manufacturer("line-insp", "CMAKER")).toCompletableFuture().get();
        for (String key : new String[] {officerKey, makerKey}) {
            WebClientSession s = login(key);
            for (String path : new String[] {"/console/inspections", "/console/inspections/" + id}) {
                HttpResponse<Buffer> r = get(s, path);
                assertThat(r.statusCode()).as(path).isEqualTo(303);
                assertThat(r.getHeader("Location")).isEqualTo("/console/login");
                assertThat(String.valueOf(r.bodyAsString())).as(path).doesNotContain("officer-insp");   // a redirect, no body
            }
        }
        assertThat(get(WebClientSession.create(web), "/console/inspections/" + id).getHeader("Location")).isEqualTo("/console/login");
    }
}
