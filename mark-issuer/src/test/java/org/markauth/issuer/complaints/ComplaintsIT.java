package org.markauth.issuer.complaints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.NotificationEvent;

/**
 * Complaint cases on the issuer's real HTTP server (API, console and portal as {@code issuer serve}
 * mounts them) over Cassandra and Redis: a consumer report becomes a case in the console, is
 * assigned (its {@code complaint.assigned} event written), replied to by its manufacturer in the
 * portal, resolved with compensation paid first from the fund, recovered and closed, the consumer's
 * sentence and outbox message at each step; and the refusals: another manufacturer (404), a key
 * without scope full, the wrong state, bad input, an empty fund. The ordered last test moves the
 * fixture's clock for the overdue timers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComplaintsIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String regulator;
    static String makerA;
    static String makerB;
    static String officer;
    static String printA;
    static Product productA;
    static Batch batchA;
    static UUID report;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_complaints_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(ConsoleForms.console(fx)::mount)
                .mount(IssuerRouter.portal(fx.vertx, fx.services, ConsoleForms.sessions(fx), Console.SessionSettings.defaults())::mount)
                .listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("CA");
        fx.licensee("CB");
        productA = fx.licensedProduct("CA");
        fx.licensedProduct("CB");
        var keys = fx.services.apiKeys;
        Principal a = Principal.manufacturer("maker-a", "CA");
        regulator = keys.issue(REGULATOR).toCompletableFuture().get();
        makerA = keys.issue(a).toCompletableFuture().get();
        makerB = keys.issue(Principal.manufacturer("maker-b", "CB")).toCompletableFuture().get();
        officer = keys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        printA = keys.issue(Principal.manufacturer("print-a", "CA"), Set.of(Scope.PRINT), null, "test").token();
        batchA = fx.issued(a, productA, 5, "complaints-a");
        report = UUID.randomUUID();
        UUID at = Uuids.timeBased();
        LocalDate day = LocalDate.ofInstant(fx.clock.instant(), ZoneOffset.UTC);
        fx.ks.session().execute("INSERT INTO reports_by_day (day, at, report_id, code, verdict, batch_id, where_bought, seller, has_photo, "
                + "region) VALUES (?, ?, ?, 'HTTPS://M.MARKAUTH.TEST/M/X', 'GENUINE', ?, '佛山某超市', '摊位 7', false, 'CN-44')", day, at,
                report, batchA.batchId());
        fx.ks.session().execute("INSERT INTO report_by_id (report_id, at, code, verdict, batch_id, where_bought, seller, region, lang) "
                + "VALUES (?, ?, 'HTTPS://M.MARKAUTH.TEST/M/X', 'GENUINE', ?, '佛山某超市', '摊位 7', 'CN-44', 'zh')", report, at,
                batchA.batchId());
        fx.ks.session().execute("INSERT INTO report_contacts (report_id, contact) VALUES (?, '13800138000')", report);
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    @Test
    @Order(1)
    void aReportBecomesACaseTheManufacturerRepliesTheFundPaysFirstAndTheConsumerIsToldEachStep() throws Exception {
        WebClientSession office = ConsoleForms.login(web, regulator);
        // the reports page offers "open a case"; pressed twice, it opens the one case
        assertThat(ConsoleForms.get(office, "/console/reports").bodyAsString()).contains("value=\"" + report + "\"")
                .contains("Open a case");
        String location = post(office, "/console/reports", "/console/complaints/from-report", form("reportId", report.toString()));
        assertThat(location).matches("/console/complaints/TS\\d{4}-\\d{6}");
        String no = location.substring(location.lastIndexOf('/') + 1);
        assertThat(post(office, "/console/reports", "/console/complaints/from-report", form("reportId", report.toString())))
                .isEqualTo(location);
        JsonObject c = api(HttpMethod.GET, "/api/v1/complaints/" + no, regulator, null, 200);
        assertThat(c.getString("state")).isEqualTo("OPEN");
        assertThat(c.getString("contact")).isEqualTo("13800138000");
        assertThat(c.getInteger("productId")).isEqualTo(productA.productId());
        String code = c.getString("code");
        assertThat(code).hasSize(8);
        assertThat(ConsoleForms.get(office, location).bodyAsString()).contains(code).contains("13800138000");
        // not the manufacturer's before it is assigned to it
        api(HttpMethod.GET, "/api/v1/complaints/" + no, makerA, null, 404);

        // assigned: the notification event the manufacturer's webhooks are fed from
        var hook = fx.services.webhooks.create(Principal.manufacturer("maker-a", "CA"), "https://198.51.100.7/complaints",
                List.of("complaint.assigned"), "complaints");
        assertThat(hook.webhook().events()).contains("complaint.assigned");
        post(office, location, location + "/assign", form("reason", "the product is CA's").add("replyDays", "7")
                .add("publicNote", "请耐心等待"));
        c = api(HttpMethod.GET, "/api/v1/complaints/" + no, regulator, null, 200);
        assertThat(c.getString("state")).isEqualTo("ASSIGNED");
        assertThat(c.getString("licenseeId")).isEqualTo("CA");
        List<NotificationEvent> events = fx.services.notifications.recent(REGULATOR, Set.of(NotificationEvent.Type.COMPLAINT_ASSIGNED), 10);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.data().get("caseNo")).isEqualTo(no);
            assertThat(e.licenseeId()).isEqualTo("CA");
            assertThat(e.productId()).isEqualTo(productA.productId());
            assertThat(e.toJson()).doesNotContain("13800138000").doesNotContain(code);
        });

        // another manufacturer: the case is missing, to the API and in its portal
        api(HttpMethod.GET, "/api/v1/complaints/" + no, makerB, null, 404);
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/reply", makerB, new JsonObject().put("reply", "not ours"), 404);
        WebClientSession b = portal(makerB);
        assertThat(ConsoleForms.get(b, "/portal/complaints/" + no).statusCode()).isEqualTo(404);
        assertThat(ConsoleForms.get(b, "/portal/complaints").bodyAsString()).doesNotContain(no);
        assertThat(apiList("/api/v1/complaints", makerB).encode()).doesNotContain(no);
        // a key without scope full may read, not reply
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/reply", printA, new JsonObject().put("reply", "x"), 403);

        // the manufacturer replies in its portal: it sees the complaint, not the consumer's contact or code
        WebClientSession a = portal(makerA);
        assertThat(ConsoleForms.get(a, "/portal/complaints").bodyAsString()).contains("id=\"case-" + no + "\"");
        String page = ConsoleForms.get(a, "/portal/complaints/" + no).bodyAsString();
        assertThat(page).contains("佛山某超市").contains("reply-form").doesNotContain("13800138000").doesNotContain(code);
        assertThat(post(a, "/portal/complaints/" + no, "/portal/complaints/" + no + "/reply",
                form("reply", "We offer a refund and compensation; the cooker was a faulty unit."))).isEqualTo("/portal/complaints/" + no);
        assertThat(api(HttpMethod.GET, "/api/v1/complaints/" + no, makerA, null, 200).getString("state")).isEqualTo("REPLIED");

        // the wrong state: a second reply, closing before a decision
        assertThat(api(HttpMethod.POST, "/api/v1/complaints/" + no + "/reply", makerA, new JsonObject().put("reply", "again"), 409)
                .getString("error")).isEqualTo("COMPLAINT_STATE");
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/close", regulator, new JsonObject().put("reason", "early"), 409);

        // compensation paid first: refused while the fund is empty, nothing changes; paid once it holds enough
        JsonObject payFirst = new JsonObject().put("outcome", "COMPENSATION").put("amountFen", 30050).put("payFirst", true)
                .put("reason", "faulty unit confirmed");
        assertThat(api(HttpMethod.POST, "/api/v1/complaints/" + no + "/resolve", regulator, payFirst, 422).getString("error"))
                .isEqualTo("FUND_INSUFFICIENT");
        assertThat(api(HttpMethod.GET, "/api/v1/complaints/" + no, regulator, null, 200).getString("state")).isEqualTo("REPLIED");
        post(office, "/console/complaints/fund", "/console/complaints/fund/deposits", form("amount", "1000").add("note", "2026 budget"));
        post(office, location, location + "/resolve", form("outcome", "COMPENSATION").add("amount", "300.50").add("payFirst", "on")
                .add("reason", "faulty unit confirmed"));
        c = api(HttpMethod.GET, "/api/v1/complaints/" + no, regulator, null, 200);
        assertThat(c.getString("state")).isEqualTo("RESOLVED");
        assertThat(c.getLong("amountFen")).isEqualTo(30050L);
        assertThat(c.getLong("paidFirstFen")).isEqualTo(30050L);
        JsonObject fund = api(HttpMethod.GET, "/api/v1/complaints/fund", regulator, null, 200);
        assertThat(fund.getLong("balanceFen")).isEqualTo(100000L - 30050L);
        assertThat(ConsoleForms.get(office, "/console/complaints/fund").bodyAsString()).contains("699.50").contains(no);

        // recovered from the manufacturer: never more than is outstanding
        assertThat(api(HttpMethod.POST, "/api/v1/complaints/" + no + "/recoveries", regulator,
                new JsonObject().put("amountFen", 40000).put("date", "2026-12-20"), 422).getString("error")).isEqualTo("RECOVERY_TOO_LARGE");
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/recoveries", regulator,
                new JsonObject().put("amountFen", 30050).put("date", "2026-12-20").put("note", "CA paid back"), 200);
        assertThat(api(HttpMethod.GET, "/api/v1/complaints/fund", regulator, null, 200).getLong("balanceFen")).isEqualTo(100000L);

        post(office, location, location + "/close", form("reason", "consumer paid, manufacturer paid back"));
        c = api(HttpMethod.GET, "/api/v1/complaints/" + no, regulator, null, 200);
        assertThat(c.getString("state")).isEqualTo("CLOSED");
        assertThat(fx.services.changes.entity("licensee:CA", 50)).anyMatch(e -> e.action().equals("complaint.upheld")
                && e.detail().contains(no)).anyMatch(e -> e.action().equals("complaint.paid-first"));
        // and both weigh on the manufacturer's quality-credit file, referenced by the case number
        assertThat(fx.services.credit.file(REGULATOR, "CA").events()).filteredOn(e -> e.event().reference().equals(no))
                .extracting(e -> e.event().kind().name()).containsExactlyInAnyOrder("COMPLAINT_UPHELD", "COMPENSATION_PAID_FIRST");

        // the consumer's view, step by step: what /cases shows, and a message in the outbox for each
        JsonArray steps = c.getJsonArray("steps");
        assertThat(steps.stream().map(s -> ((JsonObject) s).getString("kind")).toList())
                .containsExactly("OPENED", "ASSIGNED", "REPLIED", "RESOLVED", "PAID_FIRST", "RECOVERED", "CLOSED");
        assertThat(steps.getJsonObject(0).getString("publicZh")).contains(no);
        assertThat(steps.getJsonObject(1).getString("publicZh")).contains("佛山CA电器有限公司").contains("请耐心等待");
        assertThat(steps.getJsonObject(1).getString("publicEn")).contains("must reply by");
        assertThat(steps.getJsonObject(2).getString("publicZh")).doesNotContain("faulty unit");   // the reply itself is not public
        assertThat(steps.getJsonObject(3).getString("publicEn")).contains("CNY 300.50");
        assertThat(steps.getJsonObject(4).getString("publicZh")).contains("先行赔付");
        assertThat(steps.getJsonObject(5).getString("publicZh")).as("a recovery is not the consumer's business").isNull();
        assertThat(steps.getJsonObject(6).getString("reason")).contains("manufacturer paid back");
        assertThat(steps.getJsonObject(0).getString("actor")).isEqualTo("office-1");
        JsonArray outbox = apiList("/api/v1/complaints/outbox", regulator);
        List<String> mine = outbox.stream().map(m -> (JsonObject) m).filter(m -> no.equals(m.getString("caseNo")))
                .map(m -> m.getString("body")).toList();
        assertThat(mine).hasSize(6).allMatch(m -> m.contains(no));
        assertThat(mine).filteredOn(m -> m.contains(code)).hasSize(1);
        assertThat(ConsoleForms.get(office, "/console/complaints/outbox").bodyAsString()).contains(code).contains("13800138000");
        // the manufacturer's timeline has the public sentences, not the office's reasons
        JsonObject seen = api(HttpMethod.GET, "/api/v1/complaints/" + no, makerA, null, 200);
        assertThat(seen.getString("code")).isNull();
        assertThat(seen.getString("contact")).isNull();
        assertThat(seen.getJsonArray("steps").encode()).doesNotContain("manufacturer paid back").contains("a faulty unit");

        // reopened with a reason: open again, to be assigned again
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/reopen", regulator, new JsonObject().put("reason", "consumer says unpaid"), 200);
        c = api(HttpMethod.GET, "/api/v1/complaints/" + no, regulator, null, 200);
        assertThat(c.getString("state")).isEqualTo("OPEN");
        assertThat(c.getString("outcome")).isNull();
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/resolve", regulator, new JsonObject().put("outcome", "REFUND")
                .put("reason", "x"), 409);
    }

    @Test
    @Order(2)
    void referralsAreTypedInOncePerNumberAndBadInputOrTheWrongRoleIsRefusedWithASentence() throws Exception {
        JsonObject referral = new JsonObject().put("referralNo", "12315-2026-0042").put("referralDate", "2026-12-01")
                .put("consumerName", "王女士").put("contact", "wang@example.cn").put("productId", productA.productId())
                .put("mark", "电饭煲 RC-1").put("complaint", "内胆涂层脱落");
        JsonObject c = api(HttpMethod.POST, "/api/v1/complaints", regulator, referral, 201);
        assertThat(c.getString("caseNo")).matches("TS\\d{4}-\\d{6}");
        assertThat(c.getString("source")).isEqualTo("REFERRAL");
        assertThat(api(HttpMethod.POST, "/api/v1/complaints", regulator, referral, 409).getString("message"))
                .contains(c.getString("caseNo"));
        assertThat(api(HttpMethod.POST, "/api/v1/complaints", regulator, referral.copy().put("referralNo", "x")
                .put("complaint", " "), 400).getString("message")).contains("complaint is required");
        api(HttpMethod.POST, "/api/v1/complaints", regulator, referral.copy().put("referralNo", "y").put("referralDate", "1 Dec"), 400);
        api(HttpMethod.POST, "/api/v1/complaints", regulator, referral.copy().put("referralNo", "z").put("lang", "fr"), 400);
        api(HttpMethod.POST, "/api/v1/complaints", regulator, referral.copy().put("referralNo", "w").put("productId", 99999999), 404);
        api(HttpMethod.POST, "/api/v1/complaints", regulator, new JsonObject().put("reportId", "not-a-uuid"), 400);
        api(HttpMethod.POST, "/api/v1/complaints", regulator, new JsonObject().put("reportId", UUID.randomUUID().toString()), 404);
        api(HttpMethod.POST, "/api/v1/complaints", makerA, referral, 403);
        api(HttpMethod.GET, "/api/v1/complaints", officer, null, 403);
        api(HttpMethod.GET, "/api/v1/complaints/fund", makerA, null, 403);
        assertThat(api(HttpMethod.GET, "/api/v1/complaints/not-a-case", regulator, null, 400).getString("message"))
                .contains("TS2026-000123");
        api(HttpMethod.GET, "/api/v1/complaints/TS2026-999999", regulator, null, 404);
        api(HttpMethod.GET, "/api/v1/complaints?state=PENDING", regulator, null, 400);
        String no = c.getString("caseNo");
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/assign", regulator, new JsonObject().put("reason", "r").put("replyDays", 0), 400);
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/assign", regulator, new JsonObject(), 400);
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/resolve", regulator, new JsonObject().put("outcome", "MAYBE").put("reason", "r"), 400);
        // the console's referral form, and its refusal of an amount that is not yuan
        WebClientSession office = ConsoleForms.login(web, regulator);
        assertThat(ConsoleForms.get(office, "/console/complaints/new").bodyAsString()).contains("id=\"referral\"");
        String location = post(office, "/console/complaints/new", "/console/complaints", form("referralNo", "12315-2026-0043")
                .add("referralDate", "2026-12-02").add("complaint", "标志无法核验").add("mark", "不明"));
        assertThat(ConsoleForms.get(office, location).bodyAsString()).contains("标志无法核验").contains("id=\"assign\"");
        HttpResponse<Buffer> bad = ConsoleForms.post(office, "/console/complaints/fund", "/console/complaints/fund/deposits",
                form("amount", "12.345").add("note", "x"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.bodyAsString()).contains("at most two decimals");
        HttpResponse<Buffer> noProduct = ConsoleForms.post(office, location, location + "/assign", form("reason", "who?"));
        assertThat(noProduct.statusCode()).isEqualTo(422);
        assertThat(noProduct.bodyAsString()).contains("names no product");
    }

    @Test
    @Order(3)
    void anAssignedCaseWithoutAReplyPastItsDeadlineIsOverdueInTheListAndMayBeDecidedWithoutIt() throws Exception {
        JsonObject c = api(HttpMethod.POST, "/api/v1/complaints", regulator, new JsonObject().put("referralNo", "12315-2026-0099")
                .put("referralDate", "2026-12-03").put("productId", productA.productId()).put("complaint", "no answer"), 201);
        String no = c.getString("caseNo");
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/assign", regulator, new JsonObject().put("reason", "r").put("replyDays", 1), 200);
        WebClientSession office = ConsoleForms.login(web, regulator);
        assertThat(ConsoleForms.get(office, "/console/complaints").bodyAsString()).contains("class=\"case\" id=\"case-" + no + "\"");
        JsonObject decide = new JsonObject().put("outcome", "REFUND").put("reason", "no reply");
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/resolve", regulator, decide, 409);

        fx.clock.advance(Duration.ofDays(3));
        office = ConsoleForms.login(web, regulator);   // three days on, the session has outlived its lifetime
        String list = ConsoleForms.get(office, "/console/complaints?state=ASSIGNED").bodyAsString();
        assertThat(list).contains("class=\"case overdue\" id=\"case-" + no + "\"").contains("overdue by 2 days");
        assertThat(ConsoleForms.get(portal(makerA), "/portal/complaints").bodyAsString()).contains("class=\"case overdue\" id=\"case-" + no + "\"");
        api(HttpMethod.POST, "/api/v1/complaints/" + no + "/resolve", regulator, decide, 200);
        assertThat(api(HttpMethod.POST, "/api/v1/complaints/" + no + "/reply", makerA, new JsonObject().put("reply", "late"), 409)
                .getString("error")).isEqualTo("COMPLAINT_STATE");
    }

    // ------------------------------------------------------------------ helpers

    static MultiMap form(String name, String value) {
        return MultiMap.caseInsensitiveMultiMap().add(name, value);
    }

    /** Posts a form of {@code page} and returns where it redirected (303); anything else fails with the body. */
    static String post(WebClientSession s, String page, String path, MultiMap form) throws Exception {
        HttpResponse<Buffer> r = ConsoleForms.post(s, page, path, form);
        assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(303);
        return r.getHeader("Location");
    }

    static WebClientSession portal(String key) throws Exception {
        WebClientSession s = WebClientSession.create(web);
        s.addHeader("Accept-Language", "en");
        HttpResponse<Buffer> r = s.post("/portal/login").sendForm(form("token", key)).await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(303);
        return s;
    }

    static JsonObject api(HttpMethod method, String path, String key, JsonObject body, int status) throws Exception {
        return new JsonObject(call(method, path, key, body, status));
    }

    static JsonArray apiList(String path, String key) throws Exception {
        return new JsonArray(call(HttpMethod.GET, path, key, null, 200));
    }

    static String call(HttpMethod method, String path, String key, JsonObject body, int status) throws Exception {
        var req = web.request(method, path).putHeader("Authorization", "Bearer " + key);
        HttpResponse<Buffer> r = (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.bodyAsString()).isEqualTo(status);
        return r.bodyAsString();
    }
}
