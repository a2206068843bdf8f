package org.markauth.issuer.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.LicenceStatus;

/**
 * The quality-credit file on the real issuer (Cassandra, Redis, HTTP): events recorded by the office
 * and at their sources (recall, licence change, blacklist, confirmed alert) make the grade the rule
 * says; recording is idempotent; a D grade refuses a batch order with its sentence in both languages;
 * the routes refuse the roles they must; the console lists, shows and records.
 */
class CreditIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String regulatorKey;
    static String officerKey;
    static CreditFile credit;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_credit_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(ConsoleForms.console(fx)::mount).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        regulatorKey = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        officerKey = fx.services.apiKeys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        fx.services.keys.rotate(REGULATOR, null);
        credit = fx.services.credit;
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static LocalDate today() {
        return LocalDate.ofInstant(fx.clock.instant(), CreditFile.ZONE);
    }

    static HttpResponse<Buffer> send(String method, String path, String token, JsonObject body) throws Exception {
        return org.markauth.issuer.http.ApiRequests.send(web, method, path, token, body);
    }

    static JsonObject event(String kind, LocalDate date, String reference, String summary) {
        return new JsonObject().put("kind", kind).put("date", date.toString()).put("reference", reference).put("summary", summary);
    }

    static JsonObject order(Product p, String key) {
        return new JsonObject().put("productId", p.productId()).put("quantity", 5).put("lot", "L").put("productionDate", "2026-11-01")
                .put("lineId", "A").put("idempotencyKey", key);
    }

    @Test
    void eventsTheOfficeRecordsMakeTheGradeAndRecordingAgainChangesNothing() throws Exception {
        fx.licensee("CRA");
        fx.licensedProduct("CRA");
        HttpResponse<Buffer> clean = send("POST", "/api/v1/credit/CRA/events", regulatorKey,
                event("CLEAN_SAMPLING", today().minusDays(30), "SAMPLE-2026-001", "all core indicators passed"));
        assertThat(clean.statusCode()).as(clean.bodyAsString()).isEqualTo(201);
        assertThat(clean.bodyAsJsonObject().getJsonObject("grading").getString("grade")).isEqualTo("A");
        assertThat(credit.list(REGULATOR, Grade.A)).extracting(CreditFile.Listed::licenseeId).contains("CRA");
        assertThat(credit.list(REGULATOR, Grade.A).stream().filter(l -> l.licenseeId().equals("CRA")).findFirst().orElseThrow()
                .products()).hasSize(1);

        HttpResponse<Buffer> again = send("POST", "/api/v1/credit/CRA/events", regulatorKey,
                event("CLEAN_SAMPLING", today().minusDays(3), "SAMPLE-2026-001", "recorded twice by mistake"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.bodyAsJsonObject().getBoolean("created")).isFalse();
        assertThat(again.bodyAsJsonObject().getString("summary")).as("the first recording stands").isEqualTo("all core indicators passed");

        // a sampling failure (3) and a warning (1): 4 points, C; the red list no longer holds it
        credit.record(REGULATOR, new CreditEvent("CRA", CreditKind.SAMPLING_FAILURE, today().minusDays(10), "SAMPLE-2026-002",
                "heat efficiency 82% < 90%"));
        CreditFile.Recorded w = credit.record(REGULATOR, new CreditEvent("CRA", CreditKind.WARNING, today(), "W-7", "late rectification"));
        assertThat(w.grading().grade()).isEqualTo(Grade.C);
        assertThat(w.grading().points()).isEqualTo(4);
        assertThat(credit.list(REGULATOR, Grade.A)).extracting(CreditFile.Listed::licenseeId).doesNotContain("CRA");
        assertThat(credit.list(REGULATOR, Grade.C)).extracting(CreditFile.Listed::licenseeId).contains("CRA");
        assertThat(credit.file(REGULATOR, "CRA").events()).hasSize(3);
        assertThat(fx.services.changes.entity("licensee:CRA", 50)).anyMatch(a -> a.action().equals("credit.record"));
    }

    @Test
    void aRecallASuspensionARevocationAndTheBlacklistAreRecordedAtTheirSource() throws Exception {
        fx.licensee("CRS");
        Product p = fx.licensedProduct("CRS");
        Product other = fx.licensedProduct("CRS");
        Principal maker = Principal.manufacturer("crs-line", "CRS");
        Batch b = fx.issued(maker, p, 10, "crs-1");
        var recall = fx.services.recalls.recallBatch(maker, b.batchId(), "loose cable", "Return it to the shop.");
        fx.services.registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.SUSPENDED, "sampling failed");
        CreditFile.File f = credit.file(REGULATOR, "CRS");
        assertThat(f.events()).extracting(e -> e.event().kind()).containsExactlyInAnyOrder(CreditKind.RECALL, CreditKind.SUSPENSION);
        assertThat(f.events()).filteredOn(e -> e.event().kind() == CreditKind.RECALL).singleElement()
                .satisfies(e -> {
                    assertThat(e.event().reference()).isEqualTo("recall:" + recall.recallId());
                    assertThat(e.recordedBy()).isEqualTo("crs-line");
                    assertThat(e.source()).isEqualTo("recall");
                });
        assertThat(f.grading().grade()).isEqualTo(Grade.C);   // 2 + 3
        assertThat(f.grading().points()).isEqualTo(5);

        // the derived kinds cannot be recorded by hand
        HttpResponse<Buffer> byHand = send("POST", "/api/v1/credit/CRS/events", regulatorKey,
                event("SUSPENSION", today(), "by-hand", "typed in"));
        assertThat(byHand.statusCode()).isEqualTo(422);
        assertThat(byHand.bodyAsJsonObject().getString("error")).isEqualTo("CREDIT_KIND_DERIVED");

        // a confirmed counterfeit alert is a forged-mark case of the product's licensee: on file, 0 points
        UUID alert = UUID.randomUUID();
        UUID at = com.datastax.oss.driver.api.core.uuid.Uuids.timeBased();
        fx.ks.session().execute("INSERT INTO alerts_by_status (status, at, alert_id, rule, batch_id, serial, product_id, summary) "
                + "VALUES ('OPEN', ?, ?, 'IMPOSSIBLE_TRAVEL', 7, null, ?, '2 scans 1800 km apart in 1 h')", at, alert, p.productId());
        fx.ks.session().execute("INSERT INTO alert_by_id (alert_id, at, status, rule, batch_id, serial, product_id, summary, evidence) "
                + "VALUES (?, ?, 'OPEN', 'IMPOSSIBLE_TRAVEL', 7, null, ?, '2 scans 1800 km apart in 1 h', '{}')", alert, at, p.productId());
        fx.services.alerts.move(REGULATOR, alert, "INVESTIGATING", "asked the market office");
        assertThat(credit.file(REGULATOR, "CRS").events()).noneMatch(e -> e.event().kind() == CreditKind.FORGED_MARKS);
        fx.services.alerts.move(REGULATOR, alert, "CONFIRMED", "fakes seized");
        credit.forgedMarkCase("office-1", alert, p.productId(), fx.clock.instant(), "a retry of the same confirmation");
        assertThat(credit.file(REGULATOR, "CRS").events()).filteredOn(e -> e.event().kind() == CreditKind.FORGED_MARKS).singleElement()
                .satisfies(e -> {
                    assertThat(e.event().reference()).isEqualTo("alert:" + alert);
                    assertThat(e.event().summary()).contains("IMPOSSIBLE_TRAVEL: 2 scans 1800 km apart in 1 h");
                    assertThat(e.source()).isEqualTo("alert");
                });
        assertThat(credit.file(REGULATOR, "CRS").grading().points()).isEqualTo(5);

        // revoking one product's licence makes the enterprise D: its other product cannot be ordered either
        fx.services.registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.REVOKED, "repeat failure");
        assertThat(credit.file(REGULATOR, "CRS").grading().reason()).isEqualTo(GradingRule.Reason.REVOKED);
        String makerKey = fx.services.apiKeys.issue(maker).toCompletableFuture().get();
        HttpResponse<Buffer> refused = send("POST", "/api/v1/batches", makerKey, order(other, "crs-2"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("CREDIT_GRADE_D");
        assertThat(refused.bodyAsJsonObject().getString("message"))
                .contains("licensee CRS is at quality-credit grade D since " + today(), "revoked", "cannot order marks");
        HttpResponse<Buffer> zh = send("POST", "/api/v1/batches?lang=zh", makerKey, order(other, "crs-3"));
        assertThat(zh.bodyAsJsonObject().getString("message")).contains("企业 CRS 自 " + today() + " 起质量信用等级为 D", "不能订购标志");
        assertThat(zh.bodyAsJsonObject().getString("lang")).isEqualTo("zh-CN");
        assertThat(fx.services.batches.list(REGULATOR, "CRS", 100)).hasSize(1);   // nothing was recorded for the refused orders

        // the blacklist: an event each way; black listed while it lasts
        fx.licensee("CRB");
        Product bp = fx.licensedProduct("CRB");
        fx.services.registry.setBlacklisted(REGULATOR, "CRB", true, "forged test reports");
        assertThat(credit.list(REGULATOR, Grade.D)).filteredOn(l -> l.licenseeId().equals("CRB")).singleElement()
                .satisfies(l -> {
                    assertThat(l.reason()).isEqualTo(GradingRule.Reason.BLACKLISTED);
                    assertThat(l.detail()).isEqualTo("forged test reports");
                });
        assertThatThrownBy(() -> fx.services.batches.order(Principal.manufacturer("u", "CRB"), IssuerFixture.order(bp.productId(), 5, "b1")))
                .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("LICENSEE_BLACKLISTED"));
        fx.clock.advance(Duration.ofSeconds(1));
        fx.services.registry.setBlacklisted(REGULATOR, "CRB", false, "reports re-issued by an accredited lab");
        assertThat(credit.file(REGULATOR, "CRB").events()).extracting(e -> e.event().kind())
                .containsExactlyInAnyOrder(CreditKind.BLACKLISTED, CreditKind.BLACKLIST_LIFTED);
        assertThat(credit.file(REGULATOR, "CRB").grading().grade()).isEqualTo(Grade.B);
        assertThat(credit.list(REGULATOR, Grade.D)).extracting(CreditFile.Listed::licenseeId).doesNotContain("CRB");
        assertThat(fx.services.batches.order(Principal.manufacturer("u", "CRB"), IssuerFixture.order(bp.productId(), 5, "b2")).created())
                .isTrue();
    }

    @Test
    void theRoutesRefuseWhoMayNotAndWhatIsNotAnEvent() throws Exception {
        fx.licensee("CRM");
        fx.licensee("CRX");
        String own = fx.services.apiKeys.issue(Principal.manufacturer("crm", "CRM")).toCompletableFuture().get();
        assertThat(send("GET", "/api/v1/credit/CRM", own, null).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> theirs = send("GET", "/api/v1/credit/CRX", own, null);
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(theirs.bodyAsJsonObject().getString("message")).isEqualTo(send("GET", "/api/v1/credit/NOSUCH", own, null)
                .bodyAsJsonObject().getString("message").replace("NOSUCH", "CRX"));
        assertThat(send("GET", "/api/v1/credit", own, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/credit/CRM", officerKey, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/credit/CRM", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/credit/CRM/events", own, event("CLEAN_SAMPLING", today(), "self", "we are fine"))
                .statusCode()).isEqualTo(403);
        assertThat(credit.file(REGULATOR, "CRM").events()).isEmpty();

        HttpResponse<Buffer> future = send("POST", "/api/v1/credit/CRM/events", regulatorKey,
                event("WARNING", today().plusDays(2), "W-1", "not yet"));
        assertThat(future.statusCode()).isEqualTo(400);
        assertThat(future.bodyAsJsonObject().getString("message")).contains("lies in the future");
        HttpResponse<Buffer> kind = send("POST", "/api/v1/credit/CRM/events", regulatorKey, event("PRAISE", today(), "P-1", "nice"));
        assertThat(kind.statusCode()).isEqualTo(400);
        assertThat(kind.bodyAsJsonObject().getString("message")).contains("kind must be one of").doesNotContain("org.markauth");
        HttpResponse<Buffer> noDate = send("POST", "/api/v1/credit/CRM/events", regulatorKey,
                new JsonObject().put("kind", "WARNING").put("reference", "W-2").put("summary", "s"));
        assertThat(noDate.statusCode()).isEqualTo(400);
        assertThat(noDate.bodyAsJsonObject().getString("message")).contains("date");
        assertThat(send("POST", "/api/v1/credit/NOSUCH/events", regulatorKey, event("WARNING", today(), "W-3", "s")).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/v1/credit?grade=E", regulatorKey, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/credit?grade=D", regulatorKey, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theConsoleListsByGradeShowsAFileAndRecordsAnEventWithItsReason() throws Exception {
        fx.licensee("CRC");
        credit.record(REGULATOR, new CreditEvent("CRC", CreditKind.CLEAN_SAMPLING, today().minusDays(5), "S-9", "passed"));
        WebClientSession reg = ConsoleForms.login(web, regulatorKey);
        String list = ConsoleForms.get(reg, "/console/credit?grade=A").bodyAsString();
        assertThat(list).contains("data-licensee=\"CRC\" data-grade=\"A\"").doesNotContain("data-grade=\"C\"");
        assertThat(ConsoleForms.get(reg, "/console/credit?grade=Z").statusCode()).isEqualTo(422);
        HttpResponse<Buffer> posted = ConsoleForms.post(reg, "/console/credit/CRC", "/console/credit/CRC/events",
                MultiMap.caseInsensitiveMultiMap().add("kind", "COMPENSATION_PAID_FIRST").add("date", today().toString())
                        .add("reference", "CASE-2026-0042").add("summary", "fund paid 1,200 yuan to the consumer; recovery started"));
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.getHeader("Location")).isEqualTo("/console/credit/CRC");
        String file = ConsoleForms.get(reg, "/console/credit/CRC").bodyAsString();
        assertThat(file).contains("id=\"grade\"><strong>B</strong>", "CASE-2026-0042", "fund paid 1,200 yuan", "Compensation paid first");
        HttpResponse<Buffer> derived = ConsoleForms.post(reg, "/console/credit/CRC", "/console/credit/CRC/events",
                MultiMap.caseInsensitiveMultiMap().add("kind", "REVOCATION").add("date", today().toString())
                        .add("reference", "X").add("summary", "typed"));
        assertThat(derived.statusCode()).isEqualTo(422);
        assertThat(derived.bodyAsString()).contains("recorded by the licence");
        WebClientSession zh = ConsoleForms.login(web, regulatorKey, "zh-CN,zh;q=0.9");
        assertThat(ConsoleForms.get(zh, "/console/credit/CRC").bodyAsString()).contains("先行赔付", "信用档案");
        assertThat(ConsoleForms.get(reg, "/console/credit/NOSUCH").statusCode()).isEqualTo(404);
    }
}
