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
 * bad fields and a closed notice refused with a sentence, and the report route's rate limit on the form.
 */
class NoticesIT {

    static Fixture f;
    static VerifyServer server;
    static UUID open;
    static UUID closed;
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void up() throws Exception {
        f = new Fixture("notices_it");
        open = notice("佛山新科电器有限公司", "智能电饭煲", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(6)), "OPEN");
        closed = notice("佛山旧日陶瓷有限公司", "旧款地砖", Instant.now().minus(Duration.ofDays(9)), Instant.now().minus(Duration.ofDays(2)), "OPEN");
        server = f.start("a", Map.of("verify.report.rate-limit.per-minute", "5"));
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

    static String form(String name, String contact, String text) {
        return "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&contact=" + URLEncoder.encode(contact, StandardCharsets.UTF_8)
                + "&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    static HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
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
