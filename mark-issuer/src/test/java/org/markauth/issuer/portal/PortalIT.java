package org.markauth.issuer.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.markauth.registry.NotificationEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.http.OpenApiRoutes;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.recall.RecallRequest;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.BatchState;

/**
 * The manufacturer portal on the issuer's real HTTP server (with the console beside it, as
 * {@code issuer serve} mounts them): sign-in and its refusals, every page showing exactly its own
 * licensee's data with another licensee's ids answered as missing ones, print downloads in every
 * format, recall requests decided in the console, CSRF, bad input.
 */
class PortalIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String makerA;
    static String makerB;
    static String regulator;
    static String officer;
    static String orderOnlyA;
    static String credentialB;
    static Product productA;
    static Product productB;
    static Batch printed;
    static Batch toRecall;
    static Batch toReject;
    static Batch batchB;
    static UUID alertA;
    static UUID alertB;
    static UUID reportA;
    static UUID reportB;
    static UUID requestB;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_portal_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(ConsoleForms.console(fx)::mount).mount(portal()::mount)
                .listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        var keys = fx.services.apiKeys;
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("PA");
        fx.licensee("PB");
        productA = fx.licensedProduct("PA");
        productB = fx.licensedProduct("PB");
        Principal a = Principal.manufacturer("maker-a", "PA");
        Principal b = Principal.manufacturer("maker-b", "PB");
        makerA = keys.issue(a).toCompletableFuture().get();
        makerB = keys.issue(b).toCompletableFuture().get();
        regulator = keys.issue(REGULATOR).toCompletableFuture().get();
        officer = keys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        orderOnlyA = keys.issue(Principal.manufacturer("orders-a", "PA"), Set.of(Scope.ORDER), null, "test").token();
        credentialB = keys.issue(b, Scope.ALL, null, "test").credential().id();
        printed = fx.issued(a, productA, 20, "portal-a1");
        toRecall = fx.issued(a, productA, 5, "portal-a2");
        toReject = fx.issued(a, productA, 5, "portal-a3");
        batchB = fx.issued(b, productB, 10, "portal-b1");
        fx.services.activation.activateRange(a, printed.batchId(), 1, 12);
        fx.services.activation.voidRange(a, printed.batchId(), 11, 12);
        alertA = alert(productA, printed);
        alertB = alert(productB, batchB);
        reportA = report(printed);
        reportB = report(batchB);
        fx.ks.session().execute("INSERT INTO report_contacts (report_id, contact) VALUES (?, '13800138000')", reportA);
        requestB = fx.services.recallRequests.request(b, batchB.batchId(), null, null, "label misprint", "return to the shop").requestId();
    }

    static Portal portal() {
        return IssuerRouter.portal(fx.vertx, fx.services, ConsoleForms.sessions(fx), Console.SessionSettings.defaults());
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static UUID alert(Product p, Batch b) {
        UUID id = UUID.randomUUID();
        UUID at = Uuids.timeBased();
        ByteBuffer serial = ByteBuffer.allocate(8).putLong(0, 0x42L);
        fx.ks.session().execute("INSERT INTO alerts_by_status (status, at, alert_id, rule, batch_id, serial, product_id, summary) "
                + "VALUES ('OPEN', ?, ?, 'IMPOSSIBLE_TRAVEL', ?, ?, ?, 'two cities in an hour')", at, id, b.batchId(), serial, p.productId());
        fx.ks.session().execute("INSERT INTO alert_by_id (alert_id, at, status, rule, batch_id, serial, product_id, summary, evidence) "
                + "VALUES (?, ?, 'OPEN', 'IMPOSSIBLE_TRAVEL', ?, ?, ?, 'two cities in an hour', '{\"cells\":[\"ws0e9\"]}')",
                id, at, b.batchId(), serial, p.productId());
        return id;
    }

    static UUID report(Batch b) {
        UUID id = UUID.randomUUID();
        UUID at = Uuids.timeBased();
        LocalDate day = LocalDate.ofInstant(fx.clock.instant(), ZoneOffset.UTC);
        fx.ks.session().execute("INSERT INTO reports_by_day (day, at, report_id, code, verdict, batch_id, where_bought, seller, has_photo, "
                + "region) VALUES (?, ?, ?, 'code', 'UNKNOWN_SERIAL', ?, 'market street', 'stall 7', false, 'CN-44')", day, at, id, b.batchId());
        fx.ks.session().execute("INSERT INTO report_by_id (report_id, at, code, verdict, batch_id, where_bought, seller, region, ip_hash) "
                + "VALUES (?, ?, 'code', 'UNKNOWN_SERIAL', ?, 'market street', 'stall 7', 'CN-44', 0xcafe)", id, at, b.batchId());
        return id;
    }

    static WebClientSession login(String key) throws Exception {
        WebClientSession s = WebClientSession.create(web);
        s.addHeader("Accept-Language", "en");
        HttpResponse<Buffer> r = s.post("/portal/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", key))
                .await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(303);
        return s;
    }

    static HttpResponse<Buffer> signIn(String key) throws Exception {
        return WebClientSession.create(web).addHeader("Accept-Language", "en").post("/portal/login")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", key)).await(30, TimeUnit.SECONDS);
    }

    static HttpResponse<Buffer> get(WebClientSession s, String path) throws Exception {
        return ConsoleForms.get(s, path);
    }

    @Test
    void everyPortalPageIsInTheServedOpenApiDocument() {
        Router r = Router.router(fx.vertx);
        portal().mount(r);
        assertThat(OpenApiRoutes.documented().stream().filter(x -> x.contains(" /portal")).toList())
                .containsExactlyInAnyOrderElementsOf(OpenApiRoutes.routed(r));
    }

    @Test
    void onlyAManufacturerKeyOfALicenseeSignsInOthersAreToldWhyInASentence() throws Exception {
        assertThat(get(WebClientSession.create(web), "/portal/overview").getHeader("Location")).isEqualTo("/portal/login");
        HttpResponse<Buffer> reg = signIn(regulator);
        assertThat(reg.statusCode()).isEqualTo(401);
        assertThat(reg.bodyAsString()).contains("role REGULATOR").contains("/console/");
        HttpResponse<Buffer> off = signIn(officer);
        assertThat(off.statusCode()).isEqualTo(401);
        assertThat(off.bodyAsString()).contains("role OFFICER");
        assertThat(signIn("mak_" + "A".repeat(32)).bodyAsString()).contains("unknown, expired or revoked");
        assertThat(signIn(" ").statusCode()).isEqualTo(401);
        // a regulator's console session is no portal session, and the portal speaks Chinese by default
        WebClientSession zh = WebClientSession.create(web);
        zh.post("/portal/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", makerA)).await(30, TimeUnit.SECONDS);
        assertThat(get(zh, "/portal/overview").bodyAsString()).contains("<html lang=\"zh-CN\">").contains("生产企业门户");
        WebClientSession console = ConsoleForms.login(web, regulator);
        assertThat(get(console, "/portal/overview").getHeader("Location")).isEqualTo("/portal/login");
    }

    @Test
    void everyPageShowsItsOwnLicenseesDataAndNoOther() throws Exception {
        WebClientSession a = login(makerA);
        String overview = get(a, "/portal/overview").bodyAsString();
        assertThat(overview).contains("1 open alerts").contains(alertA.toString()).doesNotContain(alertB.toString());
        String products = get(a, "/portal/products").bodyAsString();
        assertThat(products).contains("FS-" + productA.productId()).doesNotContain("FS-" + productB.productId()).contains("Active");
        String batches = get(a, "/portal/batches").bodyAsString();
        assertThat(batches).contains("id=\"batch-" + printed.batchId() + "\"").doesNotContain("id=\"batch-" + batchB.batchId() + "\"");
        // activation progress from the ranges: 1..12 activated, 11..12 then voided
        assertThat(batches).containsPattern("id=\"batch-" + printed.batchId() + "\">.*<td class=\"num\">10</td><td class=\"num\">2</td>"
                + "<td class=\"num\">8</td>");
        assertThat(get(a, "/portal/alerts").bodyAsString()).contains(alertA.toString()).doesNotContain(alertB.toString());
        assertThat(get(a, "/portal/alerts/" + alertA).bodyAsString()).contains("ws0e9");
        String reports = get(a, "/portal/reports").bodyAsString();
        assertThat(reports).contains(reportA.toString()).doesNotContain(reportB.toString());
        String report = get(a, "/portal/reports/" + reportA).bodyAsString();
        assertThat(report).contains("stall 7").doesNotContain("13800138000").doesNotContain("cafe");
        String stats = get(a, "/portal/stats").bodyAsString();
        assertThat(stats).contains("id=\"chart\"").contains("id=\"map\"");
        assertThat(get(a, "/portal/recall-requests").bodyAsString()).doesNotContain(requestB.toString());
        assertThat(get(a, "/portal/credentials").bodyAsString()).contains("maker-a").doesNotContain("maker-b")
                .doesNotContain(credentialB);

        // another licensee's batch, alert, report, recall request and key: answered exactly as missing ones
        UUID none = UUID.randomUUID();
        sameAsMissing(a, "/portal/batches/" + batchB.batchId(), "/portal/batches/99999999", "" + batchB.batchId(), "99999999");
        sameAsMissing(a, "/portal/batches/" + batchB.batchId() + "/print/batch.csv", "/portal/batches/99999999/print/batch.csv",
                "" + batchB.batchId(), "99999999");
        sameAsMissing(a, "/portal/alerts/" + alertB, "/portal/alerts/" + none, alertB.toString(), none.toString());
        sameAsMissing(a, "/portal/reports/" + reportB, "/portal/reports/" + none, reportB.toString(), none.toString());
        UUID noRequest = Uuids.timeBased();
        sameAsMissing(a, "/portal/recall-requests/" + requestB, "/portal/recall-requests/" + noRequest, requestB.toString(),
                noRequest.toString());
        HttpResponse<Buffer> revoke = ConsoleForms.post(a, "/portal/credentials", "/portal/credentials/" + credentialB + "/revoke",
                MultiMap.caseInsensitiveMultiMap().add("reason", "not mine"));
        assertThat(revoke.statusCode()).isEqualTo(404);
        assertThat(fx.services.apiKeys.find(credentialB).orElseThrow().revoked()).isFalse();
    }

    static void sameAsMissing(WebClientSession s, String theirs, String missing, String theirId, String missingId) throws Exception {
        HttpResponse<Buffer> t = get(s, theirs);
        HttpResponse<Buffer> m = get(s, missing);
        assertThat(t.statusCode()).as(theirs).isEqualTo(404);
        assertThat(m.statusCode()).as(missing).isEqualTo(404);
        assertThat(t.bodyAsString().replace(theirId, "ID")).isEqualTo(m.bodyAsString().replace(missingId, "ID"));
    }

    @Test
    void aBatchOffersEveryPrintFormatAndEachDownloadIsTheApisAuditedFile() throws Exception {
        WebClientSession a = login(makerA);
        String page = get(a, "/portal/batches/" + printed.batchId()).bodyAsString();
        PrintFormat[] formats = PrintFormat.values();
        for (int i = 0; i < formats.length; i++) {
            String href = "/portal/batches/" + printed.batchId() + "/print/batch." + formats[i].extension();
            assertThat(page).contains("href=\"" + href + "\"");
            int unit = i + 1;   // one unit each: no download is a reprint of another
            HttpResponse<Buffer> file = get(a, href + "?from=" + unit + "&to=" + unit);
            assertThat(file.statusCode()).as(href + " " + file.bodyAsString()).isEqualTo(200);
            assertThat(file.getHeader("content-type")).isEqualTo(formats[i].contentType());
            assertThat(file.body().length()).isPositive();
        }
        assertThat(fx.services.prints.downloads(printed.batchId())).hasSize(formats.length)
                .allMatch(d -> d.actor().equals("maker-a"));
        assertThat(fx.services.changes.entity("batch:" + printed.batchId(), 50)).anyMatch(e -> e.action().equals("batch.print"));
        // a key without the print scope signs in, and is refused the file with the scope it lacks
        WebClientSession orders = login(orderOnlyA);
        HttpResponse<Buffer> refused = get(orders, "/portal/batches/" + printed.batchId() + "/print/batch.csv");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.bodyAsString()).contains("needs scope print");
        // nor may it do through the portal what the API keeps for full keys: list keys, ask for a recall
        assertThat(get(orders, "/portal/credentials").statusCode()).isEqualTo(403);
        HttpResponse<Buffer> ask = ConsoleForms.post(orders, "/portal/recall-requests", "/portal/recall-requests",
                MultiMap.caseInsensitiveMultiMap().add("batchId", "" + printed.batchId()).add("reason", "r").add("notice", "n"));
        assertThat(ask.statusCode()).isEqualTo(403);
        assertThat(ask.bodyAsString()).contains("needs scope full");
        assertThat(get(a, "/portal/batches/" + printed.batchId() + "/print/batch.exe").statusCode()).isEqualTo(422);
    }

    @Test
    void decisionsTakenAtOnceDecideOnceAndTheRecallRunsOnlyForAnApproval() throws Exception {
        // a licensee of its own: its recalls are credit events (docs/credit.md), which must not stop PA's orders in other tests
        fx.licensee("PRACE");
        Product productA = fx.licensedProduct("PRACE");
        Principal a = Principal.manufacturer("maker-race", "PRACE");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        // the batches are ordered before any recall: each approved recall is a credit event of PA, and recalls
        // enough make a D grade, which stops orders (docs/credit.md)
        java.util.List<Batch> batches = new java.util.ArrayList<>();
        for (int round = 0; round < 3; round++) {
            batches.add(fx.issued(a, productA, 3, "portal-race-" + round));
        }
        try {
            for (int round = 0; round < 3; round++) {
                Batch b = batches.get(round);
                UUID id = fx.services.recallRequests.request(a, b.batchId(), null, null, "race", "notice").requestId();
                var go = new java.util.concurrent.CountDownLatch(1);
                java.util.List<java.util.concurrent.Future<String>> tries = new java.util.ArrayList<>();
                for (String decision : java.util.List.of("approve", "reject", "approve")) {
                    tries.add(pool.submit(() -> {
                        go.await();
                        try {
                            return (decision.equals("approve") ? fx.services.recallRequests.approve(REGULATOR, id, "ok")
                                    : fx.services.recallRequests.reject(REGULATOR, id, "no")).status().name();
                        } catch (org.markauth.issuer.IssuerException e) {
                            return "refused";
                        }
                    }));
                }
                go.countDown();
                java.util.List<String> said = new java.util.ArrayList<>();
                for (var t : tries) {
                    said.add(t.get(60, TimeUnit.SECONDS));
                }
                RecallRequest r = fx.services.recallRequests.get(REGULATOR, id);
                long recalls = fx.services.recalls.recent(REGULATOR, 1000).stream().filter(x -> x.batchIds().contains(b.batchId())).count();
                assertThat(said).as("round " + round).filteredOn(x -> !x.equals("refused")).containsExactly(r.status().name());
                if (r.status() == RecallRequest.Status.APPROVED) {
                    assertThat(recalls).as("round " + round + " " + said).isEqualTo(1);
                    assertThat(r.recallId()).isNotNull();
                    assertThat(fx.services.batches.find(b.batchId()).state()).isEqualTo(BatchState.RECALLED);
                } else {
                    assertThat(r.status()).isEqualTo(RecallRequest.Status.REJECTED);
                    assertThat(recalls).as("round " + round + " " + said).isZero();
                    assertThat(fx.services.batches.find(b.batchId()).state()).isNotEqualTo(BatchState.RECALLED);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anApprovalWhoseRecallIsRefusedLeavesTheRequestPending() throws Exception {
        Principal a = Principal.manufacturer("maker-a", "PA");
        Batch b = fx.issued(a, productA, 3, "portal-undo");
        UUID id = fx.services.recallRequests.request(a, b.batchId(), null, null, "undo", "notice").requestId();
        fx.services.recalls.recallBatch(REGULATOR, b.batchId(), "recalled directly", "notice");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.services.recallRequests.approve(REGULATOR, id, "ok"))
                .hasMessageContaining("already recalled");
        RecallRequest r = fx.services.recallRequests.get(REGULATOR, id);
        assertThat(r.status()).isEqualTo(RecallRequest.Status.PENDING);
        assertThat(r.decidedBy()).isNull();
        assertThat(fx.services.recallRequests.reject(REGULATOR, id, "recalled already").status()).isEqualTo(RecallRequest.Status.REJECTED);
    }

    @Test
    void aRecallRequestIsApprovedInTheConsoleAndTheBatchIsRecalledOrRejectedWithANote() throws Exception {
        WebClientSession a = login(makerA);
        HttpResponse<Buffer> asked = ConsoleForms.post(a, "/portal/recall-requests", "/portal/recall-requests",
                MultiMap.caseInsensitiveMultiMap().add("batchId", "" + toRecall.batchId()).add("reason", "seal fails")
                        .add("notice", "Stop using it; return it to the shop."));
        assertThat(asked.statusCode()).isEqualTo(303);
        String requestPage = asked.getHeader("Location");
        UUID id = UUID.fromString(requestPage.substring(requestPage.lastIndexOf('/') + 1));
        assertThat(get(a, requestPage).bodyAsString()).contains("Pending");

        WebClientSession reg = ConsoleForms.login(web, regulator);
        assertThat(get(reg, "/console/recall-requests").bodyAsString()).contains("seal fails").contains(id.toString());
        assertThat(ConsoleForms.post(reg, "/console/recall-requests", "/console/recall-requests/" + id + "/approve",
                MultiMap.caseInsensitiveMultiMap().add("note", "agreed")).statusCode()).isEqualTo(303);
        assertThat(fx.services.batches.find(toRecall.batchId()).state()).isEqualTo(BatchState.RECALLED);
        String decided = get(a, requestPage).bodyAsString();
        assertThat(decided).contains("Approved").contains("agreed").contains("id=\"recall\"");
        // decided: a second decision is refused, nothing changes
        HttpResponse<Buffer> again = ConsoleForms.post(reg, "/console/recall-requests?status=APPROVED",
                "/console/recall-requests/" + id + "/reject", MultiMap.caseInsensitiveMultiMap().add("note", "changed my mind"));
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.bodyAsString()).contains("already APPROVED");

        // the API: a lot of another licensee's product is "not found"; the reject path needs a note
        HttpResponse<Buffer> theirs = web.post("/api/v1/recall-requests").putHeader("Authorization", "Bearer " + makerB)
                .sendJsonObject(new JsonObject().put("batchId", toReject.batchId()).put("reason", "x").put("notice", "y"))
                .await(30, TimeUnit.SECONDS);
        assertThat(theirs.statusCode()).isEqualTo(404);
        HttpResponse<Buffer> mine = web.post("/api/v1/recall-requests").putHeader("Authorization", "Bearer " + makerA)
                .sendJsonObject(new JsonObject().put("productId", productA.productId()).put("lot", toReject.lot()).put("reason", "x")
                        .put("notice", "y")).await(30, TimeUnit.SECONDS);
        assertThat(mine.statusCode()).as(mine.bodyAsString()).isEqualTo(201);
        String lotRequest = mine.bodyAsJsonObject().getString("requestId");
        assertThat(ConsoleForms.post(reg, "/console/recall-requests", "/console/recall-requests/" + lotRequest + "/reject",
                MultiMap.caseInsensitiveMultiMap()).statusCode()).isEqualTo(422);
        HttpResponse<Buffer> rejected = web.post("/api/v1/recall-requests/" + lotRequest + "/reject")
                .putHeader("Authorization", "Bearer " + regulator).sendJsonObject(new JsonObject().put("note", "test the seal first"))
                .await(30, TimeUnit.SECONDS);
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(rejected.bodyAsJsonObject().getString("status")).isEqualTo("REJECTED");
        assertThat(fx.services.batches.find(toReject.batchId()).state()).isNotEqualTo(BatchState.RECALLED);
        assertThat(get(a, "/portal/recall-requests").bodyAsString()).contains("test the seal first").contains("Rejected");
        assertThat(fx.services.recallRequests.list(REGULATOR, RecallRequest.Status.REJECTED, 10))
                .anyMatch(r -> r.requestId().toString().equals(lotRequest));
        assertThat(fx.services.changes.entity("recall-request:" + id, 10)).extracting(e -> e.action())
                .contains("recall.request", "recall.request.approve");
        // each step is a notification event of the licensee (webhooks, /console/notifications)
        var events = fx.services.notifications.recent(REGULATOR, java.util.Set.of(NotificationEvent.Type.RECALL_REQUESTED,
                NotificationEvent.Type.RECALL_DECIDED), 50);
        assertThat(events).filteredOn(e -> id.toString().equals(e.data().get("requestId")))
                .extracting(e -> e.type().wire() + " " + e.licenseeId() + " " + e.data().get("decision"))
                .containsExactlyInAnyOrder("recall.requested PA null", "recall.decided PA APPROVED");
        assertThat(events).filteredOn(e -> lotRequest.equals(e.data().get("requestId")))
                .extracting(e -> e.type().wire() + " " + e.data().get("decision") + " " + e.data().get("note"))
                .containsExactlyInAnyOrder("recall.requested null null", "recall.decided REJECTED test the seal first");
    }

    @Test
    void aManufacturerRevokesItsOwnKeyAndTheSessionsOnItEnd() throws Exception {
        var spare = fx.services.apiKeys.issue(Principal.manufacturer("spare-a", "PA"), Scope.ALL, null, "test");
        WebClientSession s = login(spare.token());
        assertThat(get(s, "/portal/credentials").bodyAsString()).contains("id=\"credential-" + spare.credential().id() + "\"");
        HttpResponse<Buffer> r = ConsoleForms.post(s, "/portal/credentials", "/portal/credentials/" + spare.credential().id() + "/revoke",
                MultiMap.caseInsensitiveMultiMap().add("reason", "left the company"));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(fx.services.apiKeys.find(spare.credential().id()).orElseThrow().revoked()).isTrue();
        assertThat(fx.services.changes.entity("credential:" + spare.credential().id(), 10)).anyMatch(e -> e.action().equals("credential.revoke"));
        assertThat(get(s, "/portal/credentials").getHeader("Location")).startsWith("/portal/login");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndNothingIsAsked() throws Exception {
        WebClientSession a = login(makerA);
        get(a, "/portal/recall-requests");
        int before = fx.services.recallRequests.list(Principal.manufacturer("maker-a", "PA"), null, 100).size();
        HttpResponse<Buffer> forged = a.post("/portal/recall-requests").sendForm(MultiMap.caseInsensitiveMultiMap()
                .add("batchId", "" + printed.batchId()).add("reason", "x").add("notice", "y").add("csrf", "guess"))
                .await(30, TimeUnit.SECONDS);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.bodyAsString()).contains("CSRF token is missing or wrong");
        assertThat(fx.services.recallRequests.list(Principal.manufacturer("maker-a", "PA"), null, 100)).hasSize(before);
    }

    @Test
    void badInputIsRefusedWithASentenceNeverAFault() throws Exception {
        WebClientSession a = login(makerA);
        for (String path : new String[] {"/portal/batches/abc", "/portal/alerts?status=NOPE", "/portal/alerts/not-a-uuid",
                "/portal/reports?day=2026-13-01", "/portal/reports/1", "/portal/stats?from=2020-01-01&to=2026-01-01",
                "/portal/batches?page=garbage", "/portal/recall-requests/xyz"}) {
            HttpResponse<Buffer> r = get(a, path);
            assertThat(r.statusCode()).as(path + " " + r.bodyAsString()).isEqualTo(422);
            assertThat(r.bodyAsString()).as(path).contains("id=\"error\"").doesNotContain("Exception");
        }
        for (MultiMap form : new MultiMap[] {
                MultiMap.caseInsensitiveMultiMap().add("batchId", "x").add("reason", "r").add("notice", "n"),
                MultiMap.caseInsensitiveMultiMap().add("reason", "r").add("notice", "n"),
                MultiMap.caseInsensitiveMultiMap().add("batchId", "" + printed.batchId()).add("reason", "r".repeat(501)).add("notice", "n"),
                MultiMap.caseInsensitiveMultiMap().add("batchId", "" + printed.batchId()).add("notice", "n")}) {
            HttpResponse<Buffer> r = ConsoleForms.post(a, "/portal/recall-requests", "/portal/recall-requests", form);
            assertThat(r.statusCode()).as(form + " " + r.bodyAsString()).isEqualTo(422);
            assertThat(r.bodyAsString()).contains("id=\"error\"");
        }
    }

    @Test
    void aManufacturerRunsItsLinesAndWebhooksHereAndReachesNoOtherLicenseesOnes() throws Exception {
        WebClientSession a = login(makerA);
        HttpResponse<Buffer> made = ConsoleForms.post(a, "/portal/stations", "/portal/stations", MultiMap.caseInsensitiveMultiMap()
                .add("name", "Line 3 <b>").add("batchIds", toReject.batchId() + ", " + printed.batchId()).add("packSize", "4")
                .add("casesPerPallet", "2"));
        assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(303);
        String linePage = made.getHeader("Location");
        assertThat(get(a, "/portal/stations").bodyAsString()).contains("Line 3 &lt;b&gt;").contains(linePage);
        HttpResponse<Buffer> issued = ConsoleForms.post(a, linePage, linePage + "/keys", MultiMap.caseInsensitiveMultiMap());
        assertThat(issued.statusCode()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"token\">(mak_[^<]+)<").matcher(issued.bodyAsString());
        assertThat(m.find()).as(issued.bodyAsString()).isTrue();
        String stationKey = m.group(1);
        assertThat(get(a, linePage).bodyAsString()).doesNotContain(stationKey).contains("ACTIVE");   // listed, never shown again
        // the key runs the line's station and nothing else: not the portal, not the rest of the API
        HttpResponse<Buffer> session = web.get("/api/v1/station/session").putHeader("Authorization", "Bearer " + stationKey).send()
                .await(30, TimeUnit.SECONDS);
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.bodyAsJsonObject().getJsonObject("line").getString("lineId")).isEqualTo(linePage.substring(linePage.lastIndexOf('/') + 1));
        assertThat(web.get("/api/v1/batches/" + printed.batchId()).putHeader("Authorization", "Bearer " + stationKey).send()
                .await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> stationLogin = signIn(stationKey);
        assertThat(stationLogin.statusCode()).isEqualTo(401);
        assertThat(stationLogin.bodyAsString()).contains("line station");
        // another licensee: A's line is missing to B, and A's batch cannot go into B's line
        WebClientSession b = login(makerB);
        assertThat(get(b, linePage).statusCode()).isEqualTo(404);
        assertThat(get(b, "/portal/stations").bodyAsString()).doesNotContain(linePage);
        assertThat(ConsoleForms.post(b, "/portal/stations", "/portal/stations", MultiMap.caseInsensitiveMultiMap().add("name", "theirs")
                .add("batchIds", "" + printed.batchId()).add("packSize", "4").add("casesPerPallet", "2")).statusCode()).isEqualTo(404);
        assertThat(ConsoleForms.post(b, "/portal/stations", "/portal/stations", MultiMap.caseInsensitiveMultiMap().add("name", "bad")
                .add("batchIds", "twelve").add("packSize", "4").add("casesPerPallet", "2")).statusCode()).isEqualTo(422);

        // webhooks: made here with the secret shown once, the delivery log, deleted; B reaches none of A's
        HttpResponse<Buffer> hook = ConsoleForms.post(a, "/portal/webhooks", "/portal/webhooks", MultiMap.caseInsensitiveMultiMap()
                .add("url", "https://198.51.100.7/portal-hook").add("events", "alert.raised").add("events", "recall.decided")
                .add("description", "ERP"));
        assertThat(hook.statusCode()).as(hook.bodyAsString()).isEqualTo(200);
        assertThat(hook.bodyAsString()).containsPattern("id=\"secret\">whsec_[0-9a-f]{64}<");
        var mine = fx.services.webhooks.list(Principal.manufacturer("maker-a", "PA"));
        assertThat(mine).extracting(w -> w.url()).contains("https://198.51.100.7/portal-hook");
        String hookId = mine.stream().filter(w -> w.url().endsWith("/portal-hook")).findFirst().orElseThrow().webhookId().toString();
        String list = get(a, "/portal/webhooks").bodyAsString();
        assertThat(list).contains("webhook-" + hookId).doesNotContain("whsec_");
        assertThat(get(a, "/portal/webhooks/" + hookId).statusCode()).isEqualTo(200);
        assertThat(get(b, "/portal/webhooks/" + hookId).statusCode()).isEqualTo(404);
        assertThat(ConsoleForms.post(b, "/portal/webhooks", "/portal/webhooks/" + hookId + "/delete", MultiMap.caseInsensitiveMultiMap())
                .statusCode()).isEqualTo(404);
        HttpResponse<Buffer> internal = ConsoleForms.post(a, "/portal/webhooks", "/portal/webhooks", MultiMap.caseInsensitiveMultiMap()
                .add("url", "http://127.0.0.1:9042/").add("events", "alert.raised"));
        assertThat(internal.statusCode()).isEqualTo(422);
        assertThat(ConsoleForms.post(a, "/portal/webhooks", "/portal/webhooks/" + hookId + "/delete", MultiMap.caseInsensitiveMultiMap())
                .statusCode()).isEqualTo(303);
        assertThat(get(a, "/portal/webhooks").bodyAsString()).doesNotContain("webhook-" + hookId);
    }
}
