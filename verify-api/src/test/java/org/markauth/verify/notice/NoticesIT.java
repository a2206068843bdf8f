package org.markauth.verify.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.verify.Fixture;
import org.markauth.verify.app.VerifyServer;

/**
 * The public notice pages (公示) over a real verify-api: the open notices listed, a closed one not,
 * an objection filed through the form written to cert_objections (PENDING, for the issuer's office),
 * bad fields and a closed notice refused with a sentence, and the report route's rate limit on the form;
 * a form from another site refused, the same objection sent twice folded (whitespace of any kind,
 * fullwidth forms), one client at its own cap refused while another is taken, and a notice at its
 * cap of open objections refusing anyone, the refusal written on the notice (a second server with
 * caps of 3 per client and 5 in all and no tight rate limit, clients told apart by X-Forwarded-For).
 */
class NoticesIT {

    static Fixture f;
    static VerifyServer server;
    static UUID open;
    static UUID closed;
    static UUID flooded;
    static VerifyServer capped;
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void up() throws Exception {
        f = new Fixture("notices_it");
        open = notice("佛山新科电器有限公司", "智能电饭煲", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(6)), "OPEN");
        closed = notice("佛山旧日陶瓷有限公司", "旧款地砖", Instant.now().minus(Duration.ofDays(9)), Instant.now().minus(Duration.ofDays(2)), "OPEN");
        flooded = notice("佛山热门家电有限公司", "空气炸锅", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(6)), "OPEN");
        server = f.start("a", Map.of("verify.report.rate-limit.per-minute", "5"));
        // its own client address (trusted X-Forwarded-For), so its filings count in no other test's rate limit
        capped = f.start("b", Map.of("verify.report.rate-limit.per-minute", "1000", "verify.notice.max-open-objections", "5",
                "verify.notice.max-pending-per-client", "3", "verify.trust-forwarded-for", "true"));
    }

    @AfterAll
    static void down() {
        f.close();
    }

    static UUID notice(String licensee, String product, Instant opens, Instant closes, String status) {
        UUID id = Uuids.timeBased();
        f.session.execute("INSERT INTO cert_notices (bucket, notice_id, app_id, licensee_name, product_name, standard_no, standard_version, "
                + "opens_at, closes_at, status) VALUES ('all', ?, ?, ?, ?, 'T/FSBZ 001-2025', '2025', ?, ?, ?)",
                id, Uuids.timeBased(), licensee, product, opens, closes, status);
        return id;
    }

    @Test
    void theOpenNoticesAreListedAndAnObjectionReachesTheOfficesTable() {
        HttpResponse<String> list = get("/notices");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("智能电饭煲", "佛山新科电器有限公司", "/notices/" + open).doesNotContain("旧款地砖");
        assertThat(get("/notices?lang=en").body()).contains("Certification public notices");
        assertThat(get("/notices/" + open).body()).contains("提出异议", "action=\"/notices/" + open + "/objections\"");
        assertThat(get("/notices/" + closed).body()).contains("不再受理异议").doesNotContain("<form");
        assertThat(get("/notices/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(get("/notices/not-an-id").statusCode()).isEqualTo(404);

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> bad = post("/notices/" + open + "/objections", "name=&contact=x&text=y");
        statuses.add(bad.statusCode());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("请填写姓名或单位");
        // not a form (JSON, or no type at all): 415 with the types the form takes, never a 500 (found by the hostile drill)
        for (String type : List.of("application/json", "text/plain")) {
            HttpResponse<String> json = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/notices/" + open
                    + "/objections")).timeout(Duration.ofSeconds(30)).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}", StandardCharsets.UTF_8)).build());
            statuses.add(json.statusCode());
            assertThat(json.statusCode()).as(type).isEqualTo(415);
            assertThat(json.body()).contains("application/x-www-form-urlencoded");
        }
        HttpResponse<String> late = post("/notices/" + closed + "/objections", "name=a&contact=b&text=c");
        statuses.add(late.statusCode());
        assertThat(late.statusCode()).isEqualTo(409);
        HttpResponse<String> ok = post("/notices/" + open + "/objections", form("王先生", "139 0000 0000", "<script>alert(1)</script>去年抽检不合格"));
        statuses.add(ok.statusCode());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(ok.body()).contains("异议已收到").doesNotContain("<script>alert(1)");
        Row row = f.session.execute("SELECT name, contact, text, status FROM cert_objections WHERE notice_id = ?", open).one();
        assertThat(row).isNotNull();
        assertThat(row.getString("status")).isEqualTo("PENDING");
        assertThat(row.getString("text")).isEqualTo("<script>alert(1)</script>去年抽检不合格");

        // the report route's rate limit: five writes a minute per client, then 429 with its sentence
        for (int i = 0; i < 5; i++) {
            statuses.add(post("/notices/" + open + "/objections", form("x", "y", "z " + i)).statusCode());
        }
        assertThat(statuses).contains(429).allMatch(s -> s < 500);
        assertThat(post("/notices/" + open + "/objections", "name=" + "x".repeat(20_000)).statusCode()).isIn(413, 429);
    }

    @Test
    void aFormFromAnotherSiteOrFromNowhereIs403AndStoresNothing() {
        String path = "/notices/" + open + "/objections";
        String body = form("李女士", "020-1234", "跨站提交");
        for (Map<String, String> headers : List.of(Map.of("Origin", "https://evil.example"), Map.of("Origin", "null"),
                Map.of("Referer", "https://evil.example/notices/" + open), Map.<String, String>of())) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base(server) + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept-Language", "en");
            headers.forEach(b::header);
            HttpResponse<String> r = send(b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
            assertThat(r.statusCode()).as(headers.toString()).isEqualTo(403);
            assertThat(r.body()).as(headers.toString()).contains("sent from this site");
        }
        assertThat(f.session.execute("SELECT text FROM cert_objections WHERE notice_id = ?", open).all())
                .noneMatch(row -> "跨站提交".equals(row.getString("text")));
        // which origins count as this site: ObjectionGuardsTest
    }

    @Test
    void theSameObjectionSentAgainIsCountedNotStoredOneClientIsCappedAndAFullNoticeRefusesAnyoneOnRecord() {
        String path = "/notices/" + flooded + "/objections";
        String a = "203.0.113.7";
        String b = "203.0.113.8";
        String c = "203.0.113.9";
        HttpResponse<String> first = post(capped, a, path, form("张先生", "138", "该企业 去年 抽检不合格"), "zh-CN");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        // the same text from the same client, its whitespace changed and another name: folded onto the first
        HttpResponse<String> again = post(capped, a, path, form("张", "138 0000", "该企业  去年\n抽检不合格 "), "en");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("counted on it (2 times in all)");
        // an ideographic space (U+3000) and a no-break space are whitespace too: still the same objection
        HttpResponse<String> wide = post(capped, a, path, form("张", "138", "该企业\u3000去年\u00a0抽检不合格"), "en");
        assertThat(wide.statusCode()).as(wide.body()).isEqualTo(200);
        assertThat(wide.body()).contains("counted on it (3 times in all)");
        List<Row> rows = f.session.execute("SELECT objection_id, repeats, client_hash, fold_key, text_key, status FROM cert_objections "
                + "WHERE notice_id = ?", flooded).all();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getInt("repeats")).isEqualTo(3);
        assertThat(rows.get(0).getString("client_hash")).matches("[0-9a-f]{16,}");
        assertThat(rows.get(0).getString("text_key")).isEqualTo(org.markauth.registry.ObjectionText.textKey("该企业 去年 抽检不合格"));
        assertThat(again.body()).contains(rows.get(0).getUuid("objection_id").toString());

        // one client: three awaiting the office, the fourth refused with its own sentence (one character more is another text)
        assertThat(post(capped, a, path, form("张先生", "138", "第二条"), "zh-CN").statusCode()).isEqualTo(201);
        assertThat(post(capped, a, path, form("张先生", "138", "第三条"), "zh-CN").statusCode()).isEqualTo(201);
        HttpResponse<String> mine = post(capped, a, path, form("张先生", "138", "第三条！"), "zh-CN");
        assertThat(mine.statusCode()).isEqualTo(429);
        assertThat(mine.body()).contains("您在这条公示上已有 3 条异议等待认证办公室审查", "第三条！");
        assertThat(post(capped, a, path, form("Zhang", "138", "a fourth"), "en").body())
                .contains("You already have 3 objections to this notice awaiting");
        // another client is not locked out by the first
        assertThat(post(capped, b, path, form("李女士", "139", "第三条！"), "zh-CN").statusCode()).isEqualTo(201);
        assertThat(post(capped, b, path, form("李女士", "139", "另一条"), "zh-CN").statusCode()).isEqualTo(201);
        assertThat(refusals()).isNull();

        // five awaiting the office in all: the cap refuses anyone, and says so on the notice for the issuer
        HttpResponse<String> full = post(capped, c, path, form("王先生", "137", "第六条"), "zh-CN");
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(full.body()).contains("已有 5 条异议等待认证办公室审查", "第六条");
        HttpResponse<String> fullEn = post(capped, c, path, form("Wang", "137", "a seventh"), "en");
        assertThat(fullEn.body()).contains("already has 5 objections awaiting the office");
        Row notice = refusals();
        assertThat(notice.getInt("full_refusals")).isEqualTo(2);
        assertThat(notice.getInstant("last_full_at")).isNotNull();
        // a repeat of a stored one is still counted (it adds nothing for the office to read)
        assertThat(post(capped, a, path, form("张先生", "138", "第二条"), "zh-CN").statusCode()).isEqualTo(200);
        assertThat(f.session.execute("SELECT objection_id FROM cert_objections WHERE notice_id = ?", flooded).all()).hasSize(5);

        // once the office has ruled on one, the notice takes a new objection again
        UUID one = rows.get(0).getUuid("objection_id");
        f.session.execute("UPDATE cert_objections SET status = 'DISMISSED' WHERE notice_id = ? AND objection_id = ?", flooded, one);
        assertThat(post(capped, c, path, form("王先生", "137", "第六条"), "zh-CN").statusCode()).isEqualTo(201);
        assertThat(refusals().getInt("full_refusals")).isEqualTo(2);
    }

    /** The notice row's refusal columns (V030), or null when the cap never refused anyone. */
    static Row refusals() {
        Row r = f.session.execute("SELECT full_refusals, last_full_at FROM cert_notices WHERE bucket = 'all' AND notice_id = ?", flooded).one();
        return r == null || r.isNull("full_refusals") ? null : r;
    }

    static String base(VerifyServer s) {
        return "http://127.0.0.1:" + s.port();
    }

    static HttpResponse<String> post(VerifyServer s, String path, String body, String lang) {
        return post(s, s == capped ? "203.0.113.7" : null, path, body, lang);
    }

    /** A post from the client {@code ip} (X-Forwarded-For, trusted by the capped server; null: none). */
    static HttpResponse<String> post(VerifyServer s, String ip, String path, String body, String lang) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base(s) + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", base(s)).header("Accept-Language", lang);
        if (ip != null) {
            b.header("X-Forwarded-For", ip);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    static String form(String name, String contact, String text) {
        return "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&contact=" + URLEncoder.encode(contact, StandardCharsets.UTF_8)
                + "&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    static HttpResponse<String> post(String path, String body) {
        return post(server, path, body, "zh-CN");
    }

    static HttpResponse<String> send(HttpRequest req) {
        try {
            return client.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
