package org.markauth.verify.draws;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.verify.Fixture;
import org.markauth.verify.Http;
import org.markauth.verify.app.VerifyServer;

/**
 * The published draws through the real server, from supervision_draws rows written the way the
 * issuer's SupervisionStore writes them at each step (announce, witness, reveal, void; V023, V029;
 * verify-api's test classpath has no mark-issuer). The drawn draw is the test vector of
 * docs/supervision.md, so the hash, commitment, seed and result checked here are the documented ones,
 * not ones this service computed; so is the draw voided after its public value, which would have drawn it.
 */
class DrawsIT {

    /** The issuer's candidatesJson of the documented vector (sorted by id, conflicts sorted). */
    static final String CANDIDATES = "{\"enterprises\":["
            + "{\"licenseeId\":\"L-A\",\"district\":\"440604\",\"productIds\":[11,12]},"
            + "{\"licenseeId\":\"L-B\",\"district\":\"440605\",\"productIds\":[21]},"
            + "{\"licenseeId\":\"L-C\",\"district\":\"440606\",\"productIds\":[31,32,33]},"
            + "{\"licenseeId\":\"L-D\",\"district\":\"440604\",\"productIds\":[41]},"
            + "{\"licenseeId\":\"L-E\",\"district\":null,\"productIds\":[51]}],\"inspectors\":["
            + "{\"inspectorId\":\"I-1\",\"district\":\"440604\",\"conflicts\":[]},"
            + "{\"inspectorId\":\"I-2\",\"district\":\"440605\",\"conflicts\":[\"L-C\"]},"
            + "{\"inspectorId\":\"I-3\",\"district\":\"440606\",\"conflicts\":[]},"
            + "{\"inspectorId\":\"I-4\",\"district\":\"440607\",\"conflicts\":[\"L-A\"]},"
            + "{\"inspectorId\":\"I-5\",\"district\":\"440608\",\"conflicts\":[]}]}";
    /** The issuer's standardsJson of the documented vector. */
    static final String STANDARDS = RedrawTest.standards().encode();
    static final String SOURCE = RedrawTest.SOURCE;
    static final String HASH_2026 = "0daf3fe13b5c526417bd68e7491fd856e4659149b00efc2d396666a825605b2b";
    static final String SECRET = "5b0e8c1f9a3d47e2b6c8a1f0d9e3b7c4";
    static final String COMMITMENT = "294e745485fb1925782de1362cfbbc6b72bde2f954dd76fa40ff23ad240e6dbd";
    static final String WITNESS = "03 09 14 22 27 31 + 12";
    static final String SEED = "d304175893c2bb928c4627fbf3f10571df7af9dfc644593ceca473277a8ba0c7";
    static final String RESULT = "[{\"licenseeId\":\"L-B\",\"productId\":21,\"inspectorIds\":[\"I-1\",\"I-4\"]},"
            + "{\"licenseeId\":\"L-C\",\"productId\":33,\"inspectorIds\":[\"I-1\",\"I-4\"]},"
            + "{\"licenseeId\":\"L-E\",\"productId\":51,\"inspectorIds\":[\"I-5\",\"I-2\"]}]";

    static Fixture f;
    static Http http;
    static VerifyServer server;
    static final UUID DRAWN = Uuids.timeBased();
    static final UUID ANNOUNCED = Uuids.timeBased();
    static final UUID VOIDED_AFTER = Uuids.timeBased();
    static final UUID VOIDED_BEFORE = Uuids.timeBased();
    static final UUID TAMPERED = Uuids.timeBased();
    static final UUID VOIDED_WITH_SECRET = Uuids.timeBased();
    static String hash2027;

    @BeforeAll
    static void up() {
        f = new Fixture("draws_it");
        // the drawn enterprises' and products' names, as the registry holds them
        for (String[] l : new String[][] {{"L-E", "佛山易一电器有限公司", "Yi One Appliances"}, {"L-B", "佛山碧二陶瓷有限公司", null},
                {"L-C", "佛山澄三铝材有限公司", "Cheng Three Aluminium"}}) {
            f.session.execute("INSERT INTO licensees (licensee_id, name, name_en) VALUES (?, ?, ?)", l[0], l[1], l[2]);
        }
        f.session.execute("INSERT INTO products (product_id, licensee_id, name, name_en) VALUES (51, 'L-E', '电压力锅', 'Pressure cooker')");
        f.session.execute("INSERT INTO products (product_id, licensee_id, name, name_en) VALUES (21, 'L-B', '抛光砖', 'Polished tile')");
        f.session.execute("INSERT INTO products (product_id, licensee_id, name, name_en) VALUES (33, 'L-C', '门窗型材', null)");

        // 2026: announced, public value entered, then voided with the secret (the documented vector, which it would have drawn)
        announce(VOIDED_WITH_SECRET, 2026, HASH_2026, Instant.parse("2026-07-01T02:00:00Z"));
        witness(VOIDED_WITH_SECRET, WITNESS, Instant.parse("2026-08-15T13:00:00Z"));
        f.session.execute("UPDATE supervision_draws SET state = 'VOIDED', void_reason = ?, voided_by = 'reg-carol@office', voided_at = ?, "
                + "office_part = ?, void_seed = ?, void_result = ? WHERE draw_id = ? IF state = 'ANNOUNCED' AND witness_by = 'reg-bob@office'",
                "样品库存不足", Instant.parse("2026-08-15T14:00:00Z"), SECRET, SEED, RESULT, VOIDED_WITH_SECRET);
        // 2026 again: announced, public value entered, revealed (the documented vector)
        announce(DRAWN, 2026, HASH_2026, Instant.parse("2026-08-01T02:00:00Z"));
        witness(DRAWN, WITNESS, Instant.parse("2026-08-15T08:00:00Z"));
        reveal(DRAWN, SECRET, SEED, RESULT, Instant.parse("2026-08-16T02:00:00Z"));
        // 2027: announced and witnessed, not revealed
        hash2027 = sha256(canonical(2027));
        announce(ANNOUNCED, 2027, hash2027, Instant.parse("2027-08-01T02:00:00Z"));
        witness(ANNOUNCED, "2027-08-15 深证成指收盘 9999.99", Instant.parse("2027-08-15T08:00:00Z"));
        // 2025: drawn, then voided with its reason; and one voided before its reveal
        announce(VOIDED_AFTER, 2025, sha256(canonical(2025)), Instant.parse("2025-08-01T02:00:00Z"));
        witness(VOIDED_AFTER, "2025 witness", Instant.parse("2025-08-15T08:00:00Z"));
        reveal(VOIDED_AFTER, SECRET, "seed-2025", RESULT, Instant.parse("2025-08-16T02:00:00Z"));
        voidDraw(VOIDED_AFTER, "DRAWN", "样品封存记录不全 <b>重抽</b>", Instant.parse("2025-08-20T02:00:00Z"));
        announce(VOIDED_BEFORE, 2024, sha256(canonical(2024)), Instant.parse("2024-08-01T02:00:00Z"));
        voidDraw(VOIDED_BEFORE, "ANNOUNCED", "候选名单漏列两家企业", Instant.parse("2024-08-03T02:00:00Z"));
        // a draw stored before V029 (no state) whose result does not follow from its seed: the checks must say so
        f.session.execute("INSERT INTO supervision_draws (draw_id, year, seed, enterprises, inspectors_per_task, due_on, drawn_by, "
                        + "candidates, result, task_ids) VALUES (?, 2023, ?, 3, 2, ?, 'reg-legacy@office', ?, ?, [])", TAMPERED,
                "佛山2026-0815", LocalDate.of(2023, 12, 31), CANDIDATES,
                "[{\"licenseeId\":\"L-A\",\"productId\":11,\"inspectorIds\":[\"I-2\",\"I-3\"]},"
                        + "{\"licenseeId\":\"L-D\",\"productId\":41,\"inspectorIds\":[\"I-4\",\"I-2\"]},"
                        + "{\"licenseeId\":\"L-E\",\"productId\":51,\"inspectorIds\":[\"I-1\",\"I-5\"]}]");
        server = f.start("a", Map.of());
        http = new Http(server.port());
    }

    @AfterAll
    static void down() {
        f.close();
    }

    static String canonical(int year) {
        return "{\"year\":" + year + ",\"enterprises\":3,\"inspectorsPerTask\":2,\"publicSource\":\"" + SOURCE + "\",\"publicDate\":\""
                + publicDate(year) + "\",\"candidates\":" + CANDIDATES + ",\"standards\":"
                + Redraw.canonical(year, 3, 2, SOURCE, publicDate(year), new JsonObject(CANDIDATES), RedrawTest.standards())
                        .replaceFirst("^.*,\"standards\":", "");
    }

    static LocalDate publicDate(int year) {
        return LocalDate.of(year, 8, 15);
    }

    static void announce(UUID id, int year, String hash, Instant at) {
        f.session.execute("INSERT INTO supervision_draws (draw_id, year, enterprises, inspectors_per_task, due_on, candidates, state, "
                        + "announced_by, announced_at, snapshot_hash, commitment, public_source, public_date, standards) "
                        + "VALUES (?, ?, 3, 2, ?, ?, 'ANNOUNCED', ?, ?, ?, ?, ?, ?, ?)",
                id, year, LocalDate.of(year, 12, 31), CANDIDATES, "reg-alice@office", at, hash, COMMITMENT, SOURCE, publicDate(year), STANDARDS);
        f.session.execute("INSERT INTO supervision_draw_years (year, draw_id) VALUES (?, ?) IF NOT EXISTS", year, id);
    }

    static void witness(UUID id, String part, Instant at) {
        f.session.execute("UPDATE supervision_draws SET witness_part = ?, witness_by = 'reg-bob@office', witnessed_at = ? WHERE draw_id = ? "
                + "IF state = 'ANNOUNCED' AND witness_by = null", part, at, id);
    }

    static void reveal(UUID id, String secret, String seed, String result, Instant at) {
        f.session.execute("UPDATE supervision_draws SET state = 'DRAWN', office_part = ?, seed = ?, drawn_by = 'reg-alice@office', "
                + "drawn_at = ?, result = ?, task_ids = ? WHERE draw_id = ? IF state = 'ANNOUNCED'", secret, seed, at, result,
                List.of(Uuids.timeBased()), id);
    }

    static void voidDraw(UUID id, String from, String reason, Instant at) {
        f.session.execute("UPDATE supervision_draws SET state = 'VOIDED', void_reason = ?, voided_by = 'reg-carol@office', voided_at = ? "
                + "WHERE draw_id = ? IF state = ?", reason, at, id, from);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSnapshotJsonIsTheTextWhoseSha256IsThePublishedHash() {
        HttpResponse<String> r = http.get("/draws/" + DRAWN + "/snapshot.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        assertThat(sha256(r.body())).isEqualTo(HASH_2026)
                .isEqualTo(new JsonObject(http.get("/api/v1/draws/" + DRAWN).body()).getString("snapshotHash"));
        assertThat(sha256(http.get("/draws/" + ANNOUNCED + "/snapshot.json").body())).isEqualTo(hash2027);
    }

    @Test
    void aDrawnDrawPublishesItsPartsSeedAndResultWithNamesAndThisSitesChecks() {
        String zh = http.get("/draws/" + DRAWN).body();
        assertThat(zh).contains("<html lang=\"zh-CN\">", "2026 年度抽查", "已抽取", HASH_2026, COMMITMENT, SECRET, WITNESS, SEED,
                "佛山易一电器有限公司", "电压力锅 (51)", "I-5, I-2", "佛山碧二陶瓷有限公司", "抛光砖 (21)", "I-1, I-4", "门窗型材 (33)",
                SOURCE, "2026-08-15", "id=\"public-source\"",
                "项目办", "redraw.py", "data-check=\"result\" data-ok=\"true\"", "data-check=\"snapshot\" data-ok=\"true\"",
                "data-check=\"commitment\" data-ok=\"true\"", "data-check=\"seed\" data-ok=\"true\"")
                .doesNotContain("data-ok=\"false\"", "reg-alice", "reg-bob", "@office");
        assertThat(zh.indexOf("data-licensee=\"L-B\"")).isLessThan(zh.indexOf("data-licensee=\"L-C\""))
                .isLessThan(zh.indexOf("data-licensee=\"L-E\""));
        String en = http.get("/draws/" + DRAWN, "Accept-Language", "en-GB,en;q=0.9").body();
        assertThat(en).contains("<html lang=\"en\">", "Draw for 2026", "Yi One Appliances", "Pressure cooker (51)",
                "佛山碧二陶瓷有限公司", "programme office", "Re-draw it yourself");
        JsonObject j = new JsonObject(http.get("/api/v1/draws/" + DRAWN).body());
        assertThat(j.getString("state")).isEqualTo("DRAWN");
        assertThat(j.getString("seed")).isEqualTo(SEED);
        assertThat(j.getString("officePart")).isEqualTo(SECRET);
        assertThat(j.getString("witnessPart")).isEqualTo(WITNESS);
        assertThat(j.getJsonArray("result").getJsonObject(2).getString("name")).isEqualTo("佛山易一电器有限公司");
        assertThat(j.getJsonArray("result").getJsonObject(2).getJsonArray("inspectorIds").getList()).containsExactly("I-5", "I-2");
        assertThat(j.getString("publicSource")).isEqualTo(SOURCE);
        assertThat(j.getString("publicDate")).isEqualTo("2026-08-15");
        assertThat(j.getJsonArray("standards").size()).isEqualTo(2);
        assertThat(j.getJsonObject("verification").getMap()).containsOnly(Map.entry("snapshotHash", true), Map.entry("commitment", true),
                Map.entry("seed", true), Map.entry("result", true));
        assertThat(j.encode()).doesNotContain("reg-alice", "reg-bob", "By\"");
    }

    @Test
    void beforeTheRevealOnlyTheHashAndCommitmentArePublished() {
        String page = http.get("/draws/" + ANNOUNCED).body();
        assertThat(page).contains("已公布，待抽取", hash2027, COMMITMENT, "id=\"not-drawn\"", "data-step=\"witnessed\"")
                .doesNotContain(SECRET, "深证成指", "id=\"seed\"", "id=\"office-part\"", "class=\"result\"", "佛山易一电器有限公司",
                        "data-check=\"result\"");
        JsonObject j = new JsonObject(http.get("/api/v1/draws/" + ANNOUNCED).body());
        assertThat(j.fieldNames()).contains("snapshotHash", "commitment", "witnessed").doesNotContain("seed", "officePart", "witnessPart",
                "result");
        assertThat(j.getBoolean("witnessed")).isTrue();
        assertThat(j.getJsonObject("verification").getBoolean("snapshotHash")).isTrue();
    }

    @Test
    void voidedDrawsStayPublishedWithTheirReasonAndTime() {
        String list = http.get("/draws").body();
        assertThat(list).contains("双随机抽查公示", "已作废", "样品封存记录不全 &lt;b&gt;重抽&lt;/b&gt;", "候选名单漏列两家企业",
                "2025-08-20 10:00", "2024-08-03 10:00").doesNotContain("<b>重抽", "reg-carol");
        // newest year first
        assertThat(list.indexOf(ANNOUNCED.toString())).isLessThan(list.indexOf(DRAWN.toString()))
                .isLessThan(list.indexOf(VOIDED_AFTER.toString()));
        String after = http.get("/draws/" + VOIDED_AFTER + "?lang=en").body();
        assertThat(after).contains("voided", "Voided because:", "seed-2025", "Yi One Appliances");
        String before = http.get("/draws/" + VOIDED_BEFORE + "?lang=en").body();
        assertThat(before).contains("voided", "候选名单漏列两家企业", "Not drawn yet").doesNotContain(SECRET, "id=\"seed\"");
        JsonObject j = new JsonObject(http.get("/api/v1/draws/" + VOIDED_BEFORE).body());
        assertThat(j.getString("state")).isEqualTo("VOIDED");
        assertThat(j.getString("voidReason")).isEqualTo("候选名单漏列两家企业");
        assertThat(j.getString("voidedAt")).isEqualTo("2024-08-03T02:00:00Z");
    }

    @Test
    void aDrawVoidedAfterItsPublicValuePublishesTheSecretAndWhatItWouldHaveDrawn() {
        String zh = http.get("/draws/" + VOIDED_WITH_SECRET).body();
        assertThat(zh).contains("已作废", "样品库存不足", SECRET, WITNESS, SEED, "id=\"would-have\"", "公开值已知后作废，本应抽中",
                        "佛山易一电器有限公司", "门窗型材 (33)", "data-check=\"result\" data-ok=\"true\"",
                        "data-check=\"seed\" data-ok=\"true\"", "data-check=\"commitment\" data-ok=\"true\"")
                .doesNotContain("data-ok=\"false\"", "class=\"result\"", "id=\"not-drawn\"", "reg-carol");
        assertThat(http.get("/draws/" + VOIDED_WITH_SECRET + "?lang=en").body()).contains("Voided after the public value was known: it would have drawn",
                "Yi One Appliances");
        JsonObject j = new JsonObject(http.get("/api/v1/draws/" + VOIDED_WITH_SECRET).body());
        assertThat(j.getString("state")).isEqualTo("VOIDED");
        assertThat(j.getString("officePart")).isEqualTo(SECRET);
        assertThat(j.getString("voidSeed")).isEqualTo(SEED);
        assertThat(j.getJsonArray("wouldHaveDrawn").getJsonObject(0).getString("licenseeId")).isEqualTo("L-B");
        assertThat(j.fieldNames()).doesNotContain("seed", "result");
        assertThat(j.getJsonObject("verification").getMap()).containsOnly(Map.entry("snapshotHash", true), Map.entry("commitment", true),
                Map.entry("seed", true), Map.entry("result", true));
    }

    @Test
    void theListIsJsonTooWithEveryYearsDrawsAndSensibleCaching() {
        HttpResponse<String> r = http.get("/api/v1/draws");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        JsonObject j = new JsonObject(r.body());
        assertThat(j.getInteger("count")).isEqualTo(6);
        assertThat(j.getJsonArray("draws").stream().map(x -> ((JsonObject) x).getInteger("year")))
                .containsExactly(2027, 2026, 2026, 2025, 2024, 2023);
        assertThat(j.encode()).doesNotContain("@office", "candidates");
        assertThat(http.get("/draws?lang=en").body()).contains("<html lang=\"en\">", "Random supervision draws", "Draw for 2023");
    }

    @Test
    void aResultThatDoesNotFollowFromItsSeedIsShownAsDiffering() {
        String page = http.get("/draws/" + TAMPERED).body();
        assertThat(page).contains("id=\"legacy\"", "data-check=\"result\" data-ok=\"false\"", "不一致")
                .doesNotContain("data-check=\"commitment\"", "id=\"snapshot-hash\"");
        assertThat(new JsonObject(http.get("/api/v1/draws/" + TAMPERED).body()).getJsonObject("verification").getBoolean("result")).isFalse();
    }

    @Test
    void theServedRedrawScriptRedrawsAPublishedDrawAndCatchesAChangedOne() throws IOException, InterruptedException {
        HttpResponse<String> script = http.get("/draws/redraw.py");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/x-python");
        Path file = Files.createTempFile("redraw", ".py");
        try {
            Files.writeString(file, script.body());
            String base = "http://127.0.0.1:" + server.port() + "/api/v1/draws/";
            assertThat(python(file, base + DRAWN)).startsWith("0\n").contains("same     snapshot hash " + HASH_2026,
                    "L-E product 51 inspectors I-5, I-2", "public value " + WITNESS + " (check it: " + SOURCE + " on 2026-08-15)")
                    .doesNotContain("DIFFERS");
            assertThat(python(file, base + VOIDED_WITH_SECRET)).startsWith("0\n").contains("would have given",
                    "same     result re-drawn from the seed", "L-C product 33 inspectors I-1, I-4").doesNotContain("DIFFERS");
            assertThat(python(file, base + TAMPERED)).startsWith("1\n").contains("DIFFERS  result re-drawn from the seed");
            assertThat(python(file, base + ANNOUNCED)).startsWith("0\n").contains("not drawn yet");
        } finally {
            Files.delete(file);
        }
    }

    /** Runs the script on {@code url}: its exit status, a newline, its output. */
    static String python(Path script, String url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", script.toString(), url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + "\n" + out;
    }

    @Test
    void malformedAndUnknownIdsAreSentencesNeverA500AndNothingIsWritable() {
        HttpResponse<String> bad = http.get("/draws/abc");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("<html lang=\"zh-CN\">", "抽查编号应为 36 个字符的 UUID");
        HttpResponse<String> badJson = http.get("/api/v1/draws/not-a-draw", "Accept-Language", "en");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badJson.body()).getString("error")).isEqualTo("BAD_PARAMETER");
        assertThat(new JsonObject(badJson.body()).getString("message")).contains("a draw id is a UUID of 36 characters");
        UUID unknown = Uuids.timeBased();
        HttpResponse<String> missing = http.get("/draws/" + unknown + "?lang=en");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no draw has the id " + unknown);
        assertThat(http.get("/draws/" + UUID.randomUUID() + "/snapshot.json").statusCode()).isEqualTo(404);
        HttpResponse<String> missingJson = http.get("/api/v1/draws/" + unknown);
        assertThat(missingJson.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(missingJson.body()).getString("error")).isEqualTo("NOT_FOUND");
        assertThat(new JsonObject(missingJson.body()).getString("message")).contains("没有编号为 " + unknown + " 的抽查");
        assertThat(http.get("/draws/" + DRAWN + "/tasks").statusCode()).isEqualTo(404);
        assertThat(http.post("/api/v1/draws", "application/json", "{}").statusCode()).isEqualTo(405);
        assertThat(http.post("/draws/" + DRAWN, "application/x-www-form-urlencoded", "state=VOIDED").statusCode()).isEqualTo(405);
    }
}
