package org.markauth.verify.lists;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.verify.Fixture;
import org.markauth.verify.Http;
import org.markauth.verify.app.VerifyServer;

/**
 * The public red and black lists through the real server, from credit_lists rows as the issuer's
 * credit file writes them (V027): no login, zh by default and en on request, the black list's
 * published reason (never the office's notes behind points), the red list's products, JSON, and
 * markup escaped.
 */
class CreditListsIT {

    static Fixture f;
    static Http http;
    static VerifyServer server;

    @BeforeAll
    static void up() {
        f = new Fixture("credit_lists_it");
        listed("A", "RED1", "佛山红一电器有限公司", "Red One Appliances", 0, "CLEAN", "passed", LocalDate.of(2026, 3, 10),
                List.of(new JsonObject().put("productId", 11).put("licenceNo", "FS-11").put("name", "电饭煲").put("nameEn", "Rice cooker")));
        listed("D", "BLK1", "佛山黑一电器有限公司", "Black One Appliances", 0, "BLACKLISTED", "伪造检验报告 <script>", LocalDate.of(2026, 10, 1),
                List.of());
        listed("D", "BLK2", "佛山黑二电器有限公司", null, 9, "POINTS", "internal note: lot 7 recalled", LocalDate.of(2026, 4, 1), List.of());
        listed("C", "MID1", "佛山中一电器有限公司", null, 5, "POINTS", "x", LocalDate.of(2026, 5, 1), List.of());
        server = f.start("a", Map.of());
        http = new Http(server.port());
    }

    @AfterAll
    static void down() {
        f.close();
    }

    static void listed(String grade, String id, String name, String nameEn, int points, String reason, String detail, LocalDate since,
                       List<JsonObject> products) {
        f.session.execute("INSERT INTO credit_lists (grade, licensee_id, name, name_en, uscc, points, reason, reason_detail, since, "
                        + "products, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", grade, id, name, nameEn, "91440606MA4UJ8XQ0X",
                points, reason, detail, since, products.stream().map(JsonObject::encode).toList(), Instant.now());
    }

    @Test
    void theRedListShowsGradeAEnterprisesWithTheirProductsInChineseByDefault() {
        HttpResponse<String> r = http.get("/lists/red");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<html lang=\"zh-CN\">", "红名单", "佛山红一电器有限公司", "电饭煲 · FS-11", "2026-03-10",
                "name=\"viewport\"", "data-licensee=\"RED1\"").doesNotContain("BLK1", "MID1");
        assertThat(http.get("/lists/red?lang=en").body()).contains("<html lang=\"en\">", "Red list", "Red One Appliances",
                "Rice cooker · FS-11");
    }

    @Test
    void theBlackListPublishesTheReasonAndSinceButNotTheNotesBehindPoints() {
        String zh = http.get("/lists/black").body();
        assertThat(zh).contains("黑名单", "佛山黑一电器有限公司", "由项目办公室列入黑名单：伪造检验报告 &lt;script&gt;", "2026-10-01",
                "佛山黑二电器有限公司", "近 24 个月信用事件累计 9 分").doesNotContain("<script>", "internal note", "RED1", "MID1");
        String en = http.get("/lists/black?lang=en").body();
        assertThat(en).contains("Black list", "Black One Appliances", "put on the black list by the programme office",
                "9 points of credit events in the last 24 months", "href=\"/lists/red?lang=en\"");
    }

    @Test
    void bothListsAreJsonToo() {
        JsonObject black = new JsonObject(http.get("/api/v1/lists/black").body());
        assertThat(black.getString("grade")).isEqualTo("D");
        assertThat(black.getInteger("count")).isEqualTo(2);
        JsonArray e = black.getJsonArray("enterprises");
        assertThat(e.stream().map(x -> ((JsonObject) x).getString("licenseeId"))).containsExactlyInAnyOrder("BLK1", "BLK2");
        assertThat(e.stream().map(x -> (JsonObject) x).filter(x -> x.getString("licenseeId").equals("BLK2")).findFirst().orElseThrow()
                .getValue("detail")).isNull();
        JsonObject red = new JsonObject(http.get("/api/v1/lists/red").body());
        assertThat(red.getJsonArray("enterprises").getJsonObject(0).getJsonArray("products").getJsonObject(0).getString("licenceNo"))
                .isEqualTo("FS-11");
        assertThat(http.get("/lists/grey").statusCode()).isEqualTo(404);
    }
}
