package org.markauth.issuer.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.registry.ObjectionText;

/**
 * The office's review of a flooded public notice over the real issuer (API and console) on the real
 * stack: 60 objections as verify-api writes them (55 from one client, the same text sent again
 * folded into one row's repeats), read a page at a time by the driver's paging state (API and
 * console), dismissed in bulk by client hash, by chosen ids and from the console, each dismissal
 * audited on its own; the refusals (wrong role, a forged page token, neither or both selectors, an
 * unknown objection) and the activation that waits until no objection is open. And a notice whose
 * cap turned filings away (verify-api's refusals, written on the notice): activation refused
 * (NOTICE_WAS_FULL) until the office extends it (console, audited), and again after a refusal
 * during the extension.
 */
class ObjectionReviewIT {

    static final String FLOODER = "aa".repeat(16);
    static final String OTHER = "bb".repeat(16);

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String regulator;
    static String officer;
    static String maker;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_objections_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.full(fx.vertx, fx.services, http, ConsoleForms.sessions(fx)).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        fx.services.keys.rotate(REGULATOR, null);
        var std = fx.services.standards.create(REGULATOR, new org.markauth.issuer.standards.Standards.NewStandard("T/FSBZ 002-2025",
                "空气炸锅先进标准", "Air fryers", "家电", "2025", List.of(new org.markauth.issuer.standards.Indicator("能效", "%", "≥ 80%",
                80.0, null)), List.of()));
        fx.services.standards.changeStatus(REGULATOR, std.standard().standardId(), "2025",
                org.markauth.issuer.standards.StandardVersion.Status.PUBLISHED, "published for the test");
        fx.licensee("OB");
        var keys = fx.services.apiKeys;
        regulator = keys.issue(REGULATOR).toCompletableFuture().get();
        officer = keys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        maker = keys.issue(Principal.manufacturer("maker-ob", "OB")).toCompletableFuture().get();
        for (String[] e : List.of(new String[] {"O-NH", "440605"}, new String[] {"O-SS", "440607"})) {
            ok(send("PUT", "/api/v1/certification/experts/" + e[0], regulator, new JsonObject().put("name", "专家" + e[0])
                    .put("field", "appliance").put("district", e[1]).put("organisation", "华南检测").put("conflicts", new JsonArray())), 200);
        }
        ok(send("PUT", "/api/v1/certification/bodies/FSQI", regulator, new JsonObject().put("name", "佛山市质量技术评审中心")), 200);
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> send(String method, String path, String token, JsonObject body) throws Exception {
        return org.markauth.issuer.http.ApiRequests.send(web, method, path, token, body);
    }

    static JsonObject ok(HttpResponse<Buffer> r, int status) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        return r.bodyAsJsonObject();
    }

    /** An application of licensee OB walked to IN_NOTICE; its id and its notice's. */
    static UUID[] inNotice() throws Exception {
        return inNotice("AF-1");
    }

    static UUID[] inNotice(String model) throws Exception {
        JsonObject filing = new JsonObject().put("licenseeId", "OB").put("standardNo", "T/FSBZ 002-2025").put("standardVersion", "2025")
                .put("declarationUrl", "https://www.qybz.org.cn/std/OB")
                .put("product", new JsonObject().put("name", "空气炸锅").put("model", model).put("category", "appliance")
                        .put("standardTitle", "空气炸锅先进标准").put("coreIndicators", new JsonObject().put("能效", "≥ 80%")));
        String a = "/api/v1/certification/applications/" + ok(send("POST", "/api/v1/certification/applications", regulator, filing), 201)
                .getString("appId");
        ok(send("POST", a + "/completeness", regulator, new JsonObject().put("complete", true).put("reason", "材料齐全")), 200);
        ok(send("POST", a + "/assignment", regulator, new JsonObject().put("bodyId", "FSQI")
                .put("expertIds", new JsonArray().add("O-NH").add("O-SS"))), 200);
        JsonObject scores = new JsonObject().put("STANDARD_LEVEL", 85).put("QUALITY_STABILITY", 85).put("INNOVATION", 80).put("BENEFIT", 80);
        for (String e : List.of("O-NH", "O-SS")) {
            ok(send("POST", a + "/scores", regulator, new JsonObject().put("expertId", e).put("scores", scores).put("findings", "合格")), 200);
        }
        JsonObject granted = ok(send("POST", a + "/decision", regulator, new JsonObject().put("decision", "GRANTED")
                .put("reason", "达到先进标准").put("noticeDays", 7)), 200);
        return new UUID[] {UUID.fromString(granted.getString("appId")), UUID.fromString(granted.getString("noticeId"))};
    }

    /** An objection row as verify-api's form writes one (V030: the client hash, the fold and text keys, repeats). */
    static UUID filed(UUID notice, String client, String text, int repeats) {
        UUID id = Uuids.timeBased();
        fx.ks.session().execute("INSERT INTO cert_objections (notice_id, objection_id, name, contact, text, status, client_hash, fold_key, "
                + "text_key, repeats, last_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, toTimestamp(now()))", notice, id, "匿名",
                "x@example.cn", text, client, ObjectionText.foldKey(client, text), ObjectionText.textKey(text), repeats);
        return id;
    }

    @Test
    void aFloodedNoticeIsReadAPageAtATimeAndDismissedInBulkEachAudited() throws Exception {
        UUID[] ids = inNotice();
        UUID app = ids[0];
        UUID notice = ids[1];
        List<UUID> flood = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            flood.add(filed(notice, FLOODER, "刷屏异议 " + i, i == 0 ? 40 : 1));
        }
        List<UUID> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            others.add(filed(notice, OTHER, "该企业产品抽检不合格 " + i, 1));
        }
        String base = "/api/v1/certification/notices/" + notice + "/objections";
        UUID paper = UUID.fromString(ok(send("POST", base, regulator, new JsonObject().put("name", "李女士").put("contact", "0757-1")
                .put("text", "书面异议")), 201).getString("objectionId"));

        // paging: 25 + 25 + 10, every objection once, the driver's token carried from page to page
        Set<String> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String next = null;
        do {
            JsonObject page = ok(send("GET", base + "?pageSize=25" + (next == null ? "" : "&page=" + URLEncoder.encode(next, StandardCharsets.UTF_8)),
                    officer, null), 200);
            assertThat(page.getLong("pending")).isEqualTo(60);
            sizes.add(page.getJsonArray("objections").size());
            page.getJsonArray("objections").forEach(o -> seen.add(((JsonObject) o).getString("objectionId")));
            next = page.getString("next");
        } while (next != null);
        assertThat(sizes).containsExactly(25, 25, 10);
        assertThat(seen).hasSize(60).contains(paper.toString(), flood.get(0).toString());
        JsonObject first = ok(send("GET", base, officer, null), 200).getJsonArray("objections").getJsonObject(0);
        assertThat(first.getString("clientHash")).isEqualTo(FLOODER);
        assertThat(first.getInteger("repeats")).isEqualTo(40);
        JsonObject n = ok(send("GET", "/api/v1/certification/notices/" + notice, officer, null), 200);
        assertThat(n.getJsonArray("objections")).hasSize(50);
        assertThat(n.getLong("objectionsPending")).isEqualTo(60);
        assertThat(n.getString("objectionsNext")).isNotNull();
        // refusals: a token not made by this list, a page size out of range, a manufacturer
        assertThat(ok(send("GET", base + "?page=deadbeef", officer, null), 400).getString("message")).contains("page must be the 'next' token");
        assertThat(ok(send("GET", base + "?pageSize=0", officer, null), 400).getString("message")).contains("pageSize must be 1 to 500");
        assertThat(send("GET", base, maker, null).statusCode()).isEqualTo(403);

        // bulk dismissal: the officer may not, neither or both selectors are a 400, an unknown id a 404
        String dismissal = base + "/dismissal";
        assertThat(send("POST", dismissal, officer, new JsonObject().put("clientHash", FLOODER).put("reason", "刷屏")).statusCode()).isEqualTo(403);
        assertThat(ok(send("POST", dismissal, regulator, new JsonObject().put("reason", "刷屏")), 400).getString("message"))
                .contains("either by objectionIds or by text and/or clientHash");
        assertThat(ok(send("POST", dismissal, regulator, new JsonObject().put("objectionIds", new JsonArray().add(paper.toString()))
                .put("clientHash", FLOODER).put("reason", "刷屏")), 400).getString("message")).contains("not both");
        assertThat(send("POST", dismissal, regulator, new JsonObject().put("objectionIds", new JsonArray().add(Uuids.timeBased().toString()))
                .put("reason", "x")).statusCode()).isEqualTo(404);
        assertThat(ok(send("POST", dismissal, regulator, new JsonObject().put("clientHash", FLOODER)), 400).getString("message")).contains("reason");

        // by client hash: the 55 from the flooding client, each audited on its own with the one reason
        JsonObject byClient = ok(send("POST", dismissal, regulator, new JsonObject().put("clientHash", FLOODER.toUpperCase())
                .put("reason", "同一提交端批量刷屏，内容无实质事实")), 200);
        assertThat(byClient.getJsonArray("dismissed")).hasSize(55);
        assertThat(byClient.getBoolean("more")).isFalse();
        var audit = fx.services.changes.entity(Certification.entity(app), 500);
        for (UUID id : flood) {
            assertThat(audit).as(id.toString()).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("cert.objection.dismissed");
                assertThat(e.actor()).isEqualTo(REGULATOR.userId());
                assertThat(e.detail()).isEqualTo("objection " + id + " dismissed in bulk: 同一提交端批量刷屏，内容无实质事实");
            });
        }
        // by chosen ids: one dismissed, one already ruled reported as such; by the same text (whitespace, U+3000 and width aside)
        JsonObject chosen = ok(send("POST", dismissal, regulator, new JsonObject().put("objectionIds", new JsonArray()
                .add(others.get(0).toString()).add(flood.get(1).toString())).put("reason", "经核查不属实")), 200);
        assertThat(chosen.getJsonArray("dismissed")).containsExactly(others.get(0).toString());
        assertThat(chosen.getJsonArray("alreadyRuled")).containsExactly(flood.get(1).toString());
        JsonObject byText = ok(send("POST", dismissal, regulator, new JsonObject().put("text", " 该企业产品抽检不合格\u3000\n １ ")
                .put("reason", "已复检合格")), 200);
        assertThat(byText.getJsonArray("dismissed")).containsExactly(others.get(1).toString());
        assertThat(ok(send("GET", base, officer, null), 200).getLong("pending")).isEqualTo(3);

        // the notice ends; the licence waits until no objection is open
        fx.clock.advance(Duration.ofDays(8));
        String activation = "/api/v1/certification/applications/" + app + "/activation";
        assertThat(ok(send("POST", activation, regulator, null), 409).getString("message")).contains("3 objection(s) not yet ruled on");

        // the console: a page of 50 and a link to the next, the rest dismissed by ticking them
        WebClientSession s = ConsoleForms.login(web, regulator);
        String appPage = "/console/certification/" + app;
        String page1 = ConsoleForms.get(s, appPage).bodyAsString();
        assertThat(page1).contains("3 objection(s) awaiting a ruling").contains("id=\"bulk-dismiss\"")
                .contains("sent 40 times by the same client");
        assertThat(count(page1, "class=\"objection\"")).isEqualTo(50);
        Matcher link = Pattern.compile("id=\"objections-next\" href=\"([^\"]+)\"").matcher(page1);
        assertThat(link.find()).isTrue();
        String page2 = ConsoleForms.get(s, link.group(1).replace("&amp;", "&")).bodyAsString();
        assertThat(count(page2, "class=\"objection\"")).isEqualTo(10);
        assertThat(page2).doesNotContain("id=\"objections-next\"");
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("reason", "逐条核查不属实");
        for (UUID id : List.of(others.get(2), others.get(3), paper)) {
            assertThat(page2).contains("name=\"objectionId\" value=\"" + id + "\"");
            form.add("objectionId", id.toString());
        }
        var posted = ConsoleForms.post(s, appPage, appPage + "/objections/dismiss", form);
        assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(303);
        assertThat(ok(send("GET", base, officer, null), 200).getLong("pending")).isZero();
        assertThat(fx.services.changes.entity(Certification.entity(app), 500).stream()
                .filter(e -> e.action().equals("cert.objection.dismissed")).count()).isEqualTo(55 + 2 + 3);
        assertThat(ok(send("POST", activation, regulator, new JsonObject().put("validYears", 3)), 200).getString("state")).isEqualTo("LICENSED");
        // once the application has moved on, no more bulk rulings
        assertThat(ok(send("POST", dismissal, regulator, new JsonObject().put("clientHash", OTHER).put("reason", "x")), 409).getString("error"))
                .isEqualTo("CERT_APP_STATE");
    }

    @Test
    void aNoticeWhoseCapTurnedSomeoneAwayIsNotActivatedUntilTheOfficeExtendsIt() throws Exception {
        UUID[] ids = inNotice("AF-FULL");
        UUID app = ids[0];
        UUID notice = ids[1];
        String activation = "/api/v1/certification/applications/" + app + "/activation";
        String extension = "/api/v1/certification/notices/" + notice + "/extension";
        // verify-api's cap refused two filings during the notice (as its NoticeStore writes the notice row)
        fx.ks.session().execute("UPDATE cert_notices SET full_refusals = 2, last_full_at = ? WHERE bucket = 'all' AND notice_id = ?",
                fx.clock.instant().plus(Duration.ofDays(1)), notice);
        JsonObject n = ok(send("GET", "/api/v1/certification/notices/" + notice, officer, null), 200);
        assertThat(n.getInteger("fullRefusals")).isEqualTo(2);
        assertThat(n.getBoolean("wasFull")).isTrue();
        assertThat(n.getLong("objectionsDismissed")).isZero();

        fx.clock.advance(Duration.ofDays(8));
        JsonObject refused = ok(send("POST", activation, regulator, null), 409);
        assertThat(refused.getString("error")).isEqualTo("NOTICE_WAS_FULL");
        assertThat(refused.getString("message")).contains("turned away 2 objection(s)", "extend the notice");

        // the console shows the refusals and offers the extension
        WebClientSession s = ConsoleForms.login(web, regulator);
        String appPage = "/console/certification/" + app;
        String page = ConsoleForms.get(s, appPage).bodyAsString();
        assertThat(page).contains("id=\"notice-refusals\"", "2 objection(s) were turned away", "id=\"extend-notice\"");

        // the refusals: an officer may not, days out of range or missing, no reason, an unknown notice
        assertThat(send("POST", extension, officer, new JsonObject().put("days", 7).put("reason", "x")).statusCode()).isEqualTo(403);
        assertThat(send("POST", extension, maker, new JsonObject().put("days", 7).put("reason", "x")).statusCode()).isEqualTo(403);
        assertThat(ok(send("POST", extension, regulator, new JsonObject().put("days", 0).put("reason", "x")), 400).getString("message"))
                .contains("days must be 1 to 30");
        assertThat(ok(send("POST", extension, regulator, new JsonObject().put("reason", "x")), 400).getString("message")).contains("days");
        assertThat(ok(send("POST", extension, regulator, new JsonObject().put("days", 7)), 400).getString("message")).contains("reason");
        assertThat(send("POST", "/api/v1/certification/notices/" + Uuids.timeBased() + "/extension", regulator,
                new JsonObject().put("days", 7).put("reason", "x")).statusCode()).isEqualTo(404);

        // extended from the console: a new period, audited with who and why; the notice runs again
        var posted = ConsoleForms.post(s, appPage, appPage + "/notice/extension", MultiMap.caseInsensitiveMultiMap()
                .add("days", "7").add("reason", "公示期间异议通道曾满额，延长公示期"));
        assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(303);
        assertThat(fx.services.changes.entity(Certification.entity(app), 100)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("cert.notice.extended");
            assertThat(e.actor()).isEqualTo(REGULATOR.userId());
            assertThat(e.detail()).contains("extended by 7 days", "2 filing(s) refused", "公示期间异议通道曾满额，延长公示期");
        });
        n = ok(send("GET", "/api/v1/certification/notices/" + notice, officer, null), 200);
        assertThat(n.getBoolean("wasFull")).isFalse();
        assertThat(n.getString("extendedAt")).isNotNull();
        assertThat(ok(send("POST", activation, regulator, null), 409).getString("error")).isEqualTo("CERT_NOTICE_RUNNING");
        assertThat(ConsoleForms.get(s, appPage).bodyAsString()).contains("id=\"notice-refusals\"").doesNotContain("id=\"extend-notice\"");

        // a refusal during the extension blocks it again, until another extension
        fx.ks.session().execute("UPDATE cert_notices SET full_refusals = 3, last_full_at = ? WHERE bucket = 'all' AND notice_id = ?",
                fx.clock.instant().plus(Duration.ofDays(1)), notice);
        fx.clock.advance(Duration.ofDays(8));
        assertThat(ok(send("POST", activation, regulator, null), 409).getString("error")).isEqualTo("NOTICE_WAS_FULL");
        ok(send("POST", extension, regulator, new JsonObject().put("days", 1).put("reason", "再次满额，再延长")), 200);
        fx.clock.advance(Duration.ofDays(2));
        assertThat(ok(send("POST", activation, regulator, new JsonObject().put("validYears", 3)), 200).getString("state")).isEqualTo("LICENSED");
        // once licensed, the notice is not extended any more
        assertThat(ok(send("POST", extension, regulator, new JsonObject().put("days", 1).put("reason", "x")), 409).getString("error"))
                .isEqualTo("CERT_APP_STATE");
    }

    static int count(String page, String needle) {
        int n = 0;
        for (int i = page.indexOf(needle); i >= 0; i = page.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
