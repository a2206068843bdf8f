package org.markauth.issuer.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Uscc;

/**
 * The standards registry and supervision over the issuer's real HTTP server and console: a standard
 * registered, published and linked to a product (the product shows it), the impact of withdrawing it,
 * an inspector pool and a draw from a published seed that re-draws the same and keeps inspectors away
 * from their own district and declared conflicts, a failing lab result, a suspension that the licence
 * shows; and the refusals: other roles writing (403), bad input (400 with a sentence), rules (422).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandardsSupervisionIT {

    /** The office's secret part of the 2026 draw (in real use: 32 random hex digits kept offline until the reveal). */
    static final String SECRET = "9f2c7e41a0d35b86c1e07f4a2b9d6e13";
    /** Where the 2026 draw's public part comes from, and the value it gave (made up for the test). */
    static final String SOURCE = "上证指数收盘点位";
    static final String PUBLIC_PART = "3012.48";

    /** The day after the world's today in Foshan: the earliest public date an announcement takes. */
    static java.time.LocalDate tomorrow() {
        return java.time.LocalDate.ofInstant(fx.clock.instant(), Supervision.ZONE).plusDays(1);
    }

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String regulator;
    static String witness;
    static String officer;
    static String maker;
    static Product tiles;
    static Product cooker;
    static String taskOfTiles;
    static String taskOfCooker;
    static String drawId;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_standards_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 256 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(ConsoleForms.console(fx)::mount).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        regulator = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        witness = fx.services.apiKeys.issue(Principal.regulator("it-witness")).toCompletableFuture().get();
        officer = fx.services.apiKeys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        maker = fx.services.apiKeys.issue(Principal.manufacturer("m-a", "CERAMIC")).toCompletableFuture().get();
        licensee("CERAMIC", "440604");   // 禅城区
        licensee("COOKER", "440605");    // 南海区
        tiles = fx.services.registry.createProduct(REGULATOR, new Product.Details(0, "CERAMIC", "瓷质抛光砖", "Porcelain tile", "PT-800",
                "ceramics", null, "T/FSBZ 000-0000", "placeholder", Map.of(), List.of(), Set.of()));
        fx.services.registry.grantLicence(REGULATOR, tiles.productId(), "FS-T-1", fx.clock.instant().minus(Duration.ofDays(1)),
                fx.clock.instant().plus(Duration.ofDays(365)), "evaluation passed");
        cooker = fx.licensedProduct("COOKER");
    }

    static Licensee licensee(String id, String district) {
        String uscc = Uscc.withCheckCharacter("91" + district + "MA" + String.format("%07d", Math.abs(id.hashCode()) % 10_000_000));
        return fx.services.registry.createLicensee(REGULATOR, new Licensee.Details(id, id + " 有限公司", id + " Ltd", uscc, "佛山市", Map.of()));
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> send(HttpMethod m, String path, String key, JsonObject body) {
        return send(m, path, key, body, "en");
    }

    static HttpResponse<Buffer> send(HttpMethod m, String path, String key, JsonObject body, String lang) {
        HttpRequest<Buffer> r = web.request(m, path).putHeader("Authorization", "Bearer " + key).putHeader("Accept-Language", lang);
        try {
            return (body == null ? r.send() : r.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(m + " " + path + " got no answer in 30 s", e);
        }
    }

    /** The canonical snapshot text rebuilt from a draw's published JSON, as anyone can. */
    static String canonicalOf(JsonObject d) {
        return DrawSeal.canonical(d.getInteger("year"), d.getInteger("enterprises"), d.getInteger("inspectorsPerTask"), d.getString("publicSource"),
                java.time.LocalDate.parse(d.getString("publicDate")), SupervisionStore.candidates(d.getJsonObject("candidates")),
                SupervisionStore.standards(d.getJsonArray("standards")));
    }

    static JsonObject tileStandard() {
        return new JsonObject().put("standardNo", "T/FSBZ 101-2026").put("titleZh", "陶瓷砖").put("titleEn", "Ceramic tiles")
                .put("sector", "陶瓷").put("version", "2026")
                .put("indicators", new JsonArray().add(new JsonObject().put("name", "吸水率").put("unit", "%").put("requirement", "E ≤ 0.5%")
                        .put("max", 0.5)).add(new JsonObject().put("name", "表面质量").put("requirement", "无裂纹、无釉裂")))
                .put("benchmarks", new JsonArray().add("ISO 13006:2018"));
    }

    @Test
    @Order(1)
    void theRegulatorRegistersPublishesAndLinksAStandardAndTheProductShowsIt() {
        assertThat(send(HttpMethod.POST, "/api/v1/standards", maker, tileStandard()).statusCode()).isEqualTo(403);
        assertThat(send(HttpMethod.POST, "/api/v1/standards", officer, tileStandard()).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/standards", regulator, tileStandard());
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.bodyAsJsonObject().getString("standardId")).isEqualTo("T-FSBZ-101-2026");
        assertThat(send(HttpMethod.POST, "/api/v1/standards", regulator, tileStandard()).statusCode()).isEqualTo(409);

        // a draft cannot be linked; published, it can
        JsonObject link = new JsonObject().put("version", "2026").put("productId", tiles.productId());
        HttpResponse<Buffer> draft = send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/products", regulator, link);
        assertThat(draft.statusCode()).isEqualTo(422);
        assertThat(draft.bodyAsJsonObject().getString("message")).contains("only to a PUBLISHED version");
        HttpResponse<Buffer> published = send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/status", regulator,
                new JsonObject().put("version", "2026").put("status", "PUBLISHED").put("reason", "approved by the committee"));
        assertThat(published.statusCode()).as(published.bodyAsString()).isEqualTo(200);
        HttpResponse<Buffer> linked = send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/products", regulator, link);
        assertThat(linked.statusCode()).as(linked.bodyAsString()).isEqualTo(200);
        assertThat(linked.bodyAsJsonObject().getString("licenceStatus")).isEqualTo("ACTIVE");

        JsonObject product = send(HttpMethod.GET, "/api/v1/products/" + tiles.productId(), regulator, null).bodyAsJsonObject();
        assertThat(product.getString("standardNo")).isEqualTo("T/FSBZ 101-2026");
        assertThat(product.getString("standardTitle")).isEqualTo("陶瓷砖");
        assertThat(product.getJsonObject("coreIndicators").getMap()).containsEntry("吸水率", "E ≤ 0.5%").containsKey("表面质量");
        assertThat(fx.services.standards.find("T/FSBZ 101-2026", "2026")).isPresent().get()
                .satisfies(e -> assertThat(e.indicators()).hasSize(2));
        assertThat(fx.services.standards.find("T/FSBZ 101-2026", "2025")).isEmpty();

        // reading: the officer may, the manufacturer may not
        assertThat(send(HttpMethod.GET, "/api/v1/standards", officer, null).bodyAsJsonArray()).hasSize(1);
        assertThat(send(HttpMethod.GET, "/api/v1/standards/T-FSBZ-101-2026", maker, null).statusCode()).isEqualTo(403);
        assertThat(send(HttpMethod.GET, "/api/v1/standards/NOPE", officer, null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void badInputIsRefusedWithASentence() {
        JsonObject reversed = tileStandard().put("standardNo", "T/FSBZ 102-2026");
        reversed.getJsonArray("indicators").getJsonObject(0).put("min", 2).put("max", 1);
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/v1/standards", regulator, reversed);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("message")).contains("min 2.0 is above max 1.0");
        HttpResponse<Buffer> text = send(HttpMethod.POST, "/api/v1/standards", regulator, tileStandard().put("standardNo", "T/X 1")
                .put("indicators", new JsonArray().add(new JsonObject().put("name", "a").put("requirement", "b").put("max", "low"))));
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(text.bodyAsJsonObject().getString("message")).isEqualTo("indicators[0].max must be a number (or absent)");
        assertThat(send(HttpMethod.POST, "/api/v1/standards", regulator, new JsonObject().put("version", "1")).statusCode()).isEqualTo(400);
        HttpResponse<Buffer> status = send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/status", regulator,
                new JsonObject().put("version", "2026").put("status", "GONE").put("reason", "x"));
        assertThat(status.statusCode()).isEqualTo(400);
        HttpResponse<Buffer> draw = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator,
                new JsonObject().put("year", 2026).put("officeSecret", SECRET).put("enterprises", 0).put("dueOn", "2026-12-31"));
        assertThat(draw.statusCode()).isEqualTo(400);
        assertThat(draw.bodyAsJsonObject().getString("message")).contains("enterprises must be 1-500");
        HttpResponse<Buffer> shortSecret = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator,
                new JsonObject().put("year", 2026).put("officeSecret", "1234").put("enterprises", 1).put("dueOn", "2026-12-31"));
        assertThat(shortSecret.statusCode()).isEqualTo(400);
        assertThat(shortSecret.bodyAsJsonObject().getString("message")).contains("officeSecret must be at least 16 characters");
        HttpResponse<Buffer> both = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, new JsonObject().put("year", 2026)
                .put("officeSecret", SECRET).put("commitment", DrawSeal.commitment(SECRET)).put("enterprises", 1).put("dueOn", "2026-12-31"));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.bodyAsJsonObject().getString("message")).contains("not both");
        // drawing at once from a seed, without an announcement, is refused in the caller's language
        JsonObject seeded = new JsonObject().put("year", 2026).put("seed", "2026-03-15 福彩3D 407").put("enterprises", 1)
                .put("dueOn", "2026-12-31");
        HttpResponse<Buffer> unannounced = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, seeded);
        assertThat(unannounced.statusCode()).isEqualTo(422);
        assertThat(unannounced.bodyAsJsonObject().getString("error")).isEqualTo("DRAW_NOT_ANNOUNCED");
        assertThat(unannounced.bodyAsJsonObject().getString("message")).contains("announce it");
        HttpResponse<Buffer> unannouncedZh = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, seeded, "zh-CN");
        assertThat(unannouncedZh.bodyAsJsonObject().getString("message")).contains("抽签不再以一次性给出的种子进行");
        HttpResponse<Buffer> task = send(HttpMethod.GET, "/api/v1/supervision/tasks/not-a-uuid", regulator, null);
        assertThat(task.statusCode()).isEqualTo(400);
        assertThat(task.bodyAsJsonObject().getString("message")).contains("taskId must be a UUID");
        // a UUID that is not time-based names no task or draw (their ids are timeuuids): 404, not a driver error
        assertThat(send(HttpMethod.GET, "/api/v1/supervision/tasks/" + java.util.UUID.randomUUID(), regulator, null).statusCode()).isEqualTo(404);
        assertThat(send(HttpMethod.GET, "/api/v1/supervision/draws/" + java.util.UUID.randomUUID(), officer, null).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> district = send(HttpMethod.POST, "/api/v1/supervision/inspectors", regulator,
                new JsonObject().put("inspectorId", "X").put("name", "x").put("districtCode", "110101").put("organisation", "o"));
        assertThat(district.statusCode()).isEqualTo(400);
        assertThat(district.bodyAsJsonObject().getString("message")).contains("districtCode must be one of the programme's districts");
    }

    @Test
    @Order(3)
    void theDrawIsReproducibleAndKeepsInspectorsFromTheirDistrictAndConflicts() {
        inspector("I-CC", "440604", List.of());          // 禅城: never for CERAMIC
        inspector("I-NH", "440605", List.of());          // 南海: never for COOKER
        inspector("I-SD", "440606", List.of("COOKER"));  // declared a conflict with COOKER
        inspector("I-SS", "440607", List.of());
        assertThat(send(HttpMethod.POST, "/api/v1/supervision/inspectors", officer, new JsonObject().put("inspectorId", "I-X")
                .put("name", "x").put("districtCode", "440607").put("organisation", "o")).statusCode()).isEqualTo(403);
        JsonObject req = new JsonObject().put("year", 2026).put("officeSecret", SECRET).put("enterprises", 2)
                .put("inspectorsPerTask", 2).put("dueOn", "2026-06-30").put("publicSource", SOURCE).put("publicDate", tomorrow().toString());
        // a public value that is already known (today's) would let the office try secrets: refused, as is none at all
        HttpResponse<Buffer> known = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator,
                req.copy().put("publicDate", tomorrow().minusDays(1).toString()));
        assertThat(known.statusCode()).isEqualTo(400);
        assertThat(known.bodyAsJsonObject().getString("message")).contains("publicDate must be after today");
        HttpResponse<Buffer> sourceless = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, req.copy().putNull("publicSource"));
        assertThat(sourceless.statusCode()).isEqualTo(400);
        assertThat(sourceless.bodyAsJsonObject().getString("message")).contains("publicSource");
        assertThat(send(HttpMethod.POST, "/api/v1/supervision/draws", maker, req).statusCode()).isEqualTo(403);
        assertThat(send(HttpMethod.POST, "/api/v1/supervision/draws", officer, req).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> tooMany = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, req.copy().put("inspectorsPerTask", 3));
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(tooMany.bodyAsJsonObject().getString("message")).contains("enterprise COOKER has 2 eligible inspectors");

        // (a) the announcement: the candidates frozen with their hash, the commitment published, the secret not
        HttpResponse<Buffer> announced = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, req);
        assertThat(announced.statusCode()).as(announced.bodyAsString()).isEqualTo(201);
        JsonObject a = announced.bodyAsJsonObject();
        drawId = a.getString("drawId");
        assertThat(a.getString("state")).isEqualTo("ANNOUNCED");
        assertThat(a.getString("commitment")).isEqualTo(DrawSeal.commitment(SECRET));
        assertThat(a.encode()).doesNotContain(SECRET);
        assertThat(a.getJsonArray("result")).isEmpty();
        RandomDraw.Candidates frozen = SupervisionStore.candidates(a.getJsonObject("candidates"));
        List<Draw.Linked> linked = SupervisionStore.standards(a.getJsonArray("standards"));
        assertThat(a.getString("snapshotHash")).isEqualTo(RandomDraw.h(DrawSeal.canonical(2026, 2, 2, SOURCE, tomorrow(), frozen, linked)));
        // the tiles' standard version and its indicators are frozen into the hashed snapshot now, at the announcement
        assertThat(linked).singleElement().satisfies(l -> {
            assertThat(l.productId()).isEqualTo(tiles.productId());
            assertThat(l.standardNo()).isEqualTo("T/FSBZ 101-2026");
            assertThat(l.version()).isEqualTo("2026");
            assertThat(l.indicators()).extracting(org.markauth.issuer.standards.Indicator::name).containsExactly("吸水率", "表面质量");
        });
        assertThat(a.getString("publicSource")).isEqualTo(SOURCE);
        assertThat(frozen.enterprises()).extracting(RandomDraw.Enterprise::licenseeId).containsExactly("CERAMIC", "COOKER");
        assertThat(fx.services.changes.entity("supervision-draw:" + drawId, 5).toString()).doesNotContain(SECRET);

        // one live draw a year
        HttpResponse<Buffer> second = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, req.copy().put("officeSecret", SECRET + "-2"));
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.bodyAsJsonObject().getString("error")).isEqualTo("DRAW_LIVE");
        assertThat(second.bodyAsJsonObject().getString("message")).contains("2026").contains(drawId);

        // an inspector joining the pool after the announcement is not in the frozen snapshot
        inspector("I-LATE", "440608", List.of());

        // (b) the draw: no witness yet, the announcer as witness, a second witness part, the wrong secret: all refused
        String base = "/api/v1/supervision/draws/" + drawId;
        // before the public date neither the public part nor the reveal is taken
        JsonObject part = new JsonObject().put("witnessPart", PUBLIC_PART);
        HttpResponse<Buffer> beforeDate = send(HttpMethod.POST, base + "/witness", witness, part);
        assertThat(beforeDate.statusCode()).isEqualTo(422);
        assertThat(beforeDate.bodyAsJsonObject().getString("error")).isEqualTo("PUBLIC_PART_EARLY");
        assertThat(beforeDate.bodyAsJsonObject().getString("message")).contains(SOURCE).contains(tomorrow().toString());
        HttpResponse<Buffer> revealEarly = send(HttpMethod.POST, base + "/reveal", regulator, new JsonObject().put("officeSecret", SECRET));
        assertThat(revealEarly.statusCode()).isEqualTo(422);
        assertThat(revealEarly.bodyAsJsonObject().getString("error")).isEqualTo("PUBLIC_PART_EARLY");
        fx.clock.advance(Duration.ofDays(1));   // the public date comes
        HttpResponse<Buffer> early = send(HttpMethod.POST, base + "/reveal", regulator, new JsonObject().put("officeSecret", SECRET));
        assertThat(early.statusCode()).isEqualTo(422);
        assertThat(early.bodyAsJsonObject().getString("error")).isEqualTo("NO_WITNESS");
        HttpResponse<Buffer> self = send(HttpMethod.POST, base + "/witness", regulator, part, "zh-CN");
        assertThat(self.statusCode()).isEqualTo(422);
        assertThat(self.bodyAsJsonObject().getString("error")).isEqualTo("WITNESS_IS_ANNOUNCER");
        assertThat(self.bodyAsJsonObject().getString("message")).contains("见证值须由公告人").contains(REGULATOR.userId());
        assertThat(send(HttpMethod.POST, base + "/witness", officer, part).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> witnessed = send(HttpMethod.POST, base + "/witness", witness, part);
        assertThat(witnessed.statusCode()).as(witnessed.bodyAsString()).isEqualTo(200);
        assertThat(witnessed.bodyAsJsonObject().getJsonObject("witness").getString("by")).isEqualTo("it-witness");
        HttpResponse<Buffer> again = send(HttpMethod.POST, base + "/witness", witness, part.copy().put("witnessPart", "another"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("WITNESS_GIVEN");
        // re-linking the tiles to another standard once the public part is known changes nothing: the snapshot holds the link
        JsonObject other = tileStandard().put("standardNo", "T/FSBZ 199-2026").put("indicators", new JsonArray().add(new JsonObject()
                .put("name", "吸水率").put("unit", "%").put("requirement", "E ≤ 3%").put("max", 3)));
        assertThat(send(HttpMethod.POST, "/api/v1/standards", regulator, other).statusCode()).isEqualTo(201);
        assertThat(send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-199-2026/status", regulator, new JsonObject().put("version", "2026")
                .put("status", "PUBLISHED").put("reason", "looser")).statusCode()).isEqualTo(200);
        assertThat(send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-199-2026/products", regulator, new JsonObject().put("version", "2026")
                .put("productId", tiles.productId())).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> wrong = send(HttpMethod.POST, base + "/reveal", regulator, new JsonObject().put("officeSecret", SECRET + "x"));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.bodyAsJsonObject().getString("error")).isEqualTo("REVEAL_MISMATCH");
        assertThat(wrong.bodyAsJsonObject().getString("message")).contains(DrawSeal.commitment(SECRET));
        // the reveal takes what the announcement took: a secret of at least 16 characters (a short one was never committed)
        HttpResponse<Buffer> shortOne = send(HttpMethod.POST, base + "/reveal", regulator, new JsonObject().put("officeSecret", "short"));
        assertThat(shortOne.statusCode()).isEqualTo(400);
        assertThat(shortOne.bodyAsJsonObject().getString("message")).contains("at least 16 characters");
        HttpResponse<Buffer> drawn = send(HttpMethod.POST, base + "/reveal", regulator, new JsonObject().put("officeSecret", SECRET));
        assertThat(drawn.statusCode()).as(drawn.bodyAsString()).isEqualTo(200);
        assertThat(drawn.bodyAsJsonObject().getString("state")).isEqualTo("DRAWN");
        HttpResponse<Buffer> twice = send(HttpMethod.POST, base + "/reveal", regulator, new JsonObject().put("officeSecret", SECRET));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.bodyAsJsonObject().getString("error")).isEqualTo("DRAW_NOT_ANNOUNCED");

        assertThat(send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/products", regulator, new JsonObject().put("version", "2026")
                .put("productId", tiles.productId())).statusCode()).isEqualTo(200);   // linked back for the tests that follow

        JsonObject d = send(HttpMethod.GET, base, officer, null).bodyAsJsonObject();
        assertThat(d.getJsonObject("verification").getBoolean("same")).isTrue();
        assertThat(d.getJsonObject("verification").getJsonArray("redrawn")).isEqualTo(d.getJsonArray("result"));
        // anyone re-draws it from the published data: the canonical snapshot's hash, the commitment, the seed, the ranking
        RandomDraw.Candidates candidates = SupervisionStore.candidates(d.getJsonObject("candidates"));
        assertThat(candidates).isEqualTo(frozen);
        assertThat(candidates.inspectors()).extracting(RandomDraw.Inspector::inspectorId).doesNotContain("I-LATE");
        String hash = RandomDraw.h(canonicalOf(d));
        assertThat(hash).isEqualTo(d.getString("snapshotHash"));
        assertThat(RandomDraw.h(d.getString("officeSecret"))).isEqualTo(d.getString("commitment"));
        String seed = RandomDraw.h(hash + "|" + d.getString("officeSecret") + "|" + d.getJsonObject("witness").getString("part"));
        assertThat(d.getString("seed")).isEqualTo(seed);
        assertThat(SupervisionStore.resultJson(RandomDraw.draw(seed, candidates, 2, 2))).isEqualTo(d.getJsonArray("result"));
        assertThat(fx.services.changes.entity("supervision-draw:" + drawId, 10)).extracting(e -> e.action())
                .contains("supervision.announce", "supervision.witness", "supervision.draw");
        for (Object o : d.getJsonArray("result")) {
            JsonObject pick = (JsonObject) o;
            List<Object> inspectors = pick.getJsonArray("inspectorIds").getList();
            if (pick.getString("licenseeId").equals("COOKER")) {
                assertThat(inspectors).containsExactlyInAnyOrder("I-CC", "I-SS");
            } else {
                assertThat(inspectors).doesNotContain("I-CC").hasSize(2);
            }
        }
        for (Object o : d.getJsonArray("tasks")) {
            JsonObject t = (JsonObject) o;
            if (t.getInteger("productId") == tiles.productId()) {
                taskOfTiles = t.getString("taskId");
                assertThat(t.getString("standardId")).isEqualTo("T-FSBZ-101-2026");   // as frozen, not T-FSBZ-199-2026
                assertThat(t.getJsonArray("indicators").getJsonObject(0).getDouble("max")).isEqualTo(0.5);
            } else {
                taskOfCooker = t.getString("taskId");
            }
        }
        assertThat(taskOfTiles).isNotNull();
        assertThat(taskOfCooker).isNotNull();
    }

    @Test
    @Order(4)
    void aTaskKeepsTheIndicatorsOfItsStandardVersionWhenTheProductIsRelinkedLater() {
        // the 2027 revision tightens 吸水率 to 0.3 % and the tiles are linked to it after their task was opened
        HttpResponse<Buffer> revision = send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/versions", regulator, new JsonObject()
                .put("version", "2027").put("indicators", new JsonArray().add(new JsonObject().put("name", "吸水率").put("unit", "%")
                        .put("requirement", "E ≤ 0.3%").put("max", 0.3))).put("benchmarks", new JsonArray().add("ISO 13006:2018")));
        assertThat(revision.statusCode()).as(revision.bodyAsString()).isEqualTo(201);
        assertThat(send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/status", regulator, new JsonObject().put("version", "2027")
                .put("status", "PUBLISHED").put("reason", "revision")).statusCode()).isEqualTo(200);
        assertThat(send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/products", regulator,
                new JsonObject().put("version", "2027").put("productId", tiles.productId())).statusCode()).isEqualTo(200);

        // 0.4 % passes the task's copy (≤ 0.5 %) though the product's standard now says ≤ 0.3 %
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/v1/supervision/tasks/" + taskOfTiles + "/results", regulator, new JsonObject()
                .put("indicator", "吸水率").put("value", "0.4").put("lab", "国家陶瓷质检中心").put("reportNo", "R-2026-16"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        assertThat(r.bodyAsJsonObject().getBoolean("pass")).isTrue();
        JsonObject task = send(HttpMethod.GET, "/api/v1/supervision/tasks/" + taskOfTiles, officer, null).bodyAsJsonObject();
        assertThat(task.getString("version")).isEqualTo("2026");
        assertThat(task.getJsonArray("indicators").getJsonObject(0).getDouble("max")).isEqualTo(0.5);
        assertThat(task.getJsonArray("indicators")).hasSize(2);   // 表面质量 too, which 2027 dropped
        assertThat(task.getString("status")).isEqualTo("OPEN");
        // a task opened now would be judged by 2027; the tiles go back to 2026 for the rest of this class
        assertThat(fx.services.standards.linkOf(tiles.productId()).orElseThrow().version().version()).isEqualTo("2027");
        assertThat(send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/products", regulator,
                new JsonObject().put("version", "2026").put("productId", tiles.productId())).statusCode()).isEqualTo(200);
    }

    static void inspector(String id, String district, List<String> conflicts) {
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/v1/supervision/inspectors", regulator, new JsonObject().put("inspectorId", id)
                .put("name", "检查员 " + id).put("districtCode", district).put("organisation", "佛山市市场监督管理局")
                .put("conflicts", new JsonArray(conflicts)));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aFailingSampleLeadsToASuspensionTheLicenceShows() {
        String results = "/api/v1/supervision/tasks/" + taskOfTiles + "/results";
        JsonObject fail = new JsonObject().put("indicator", "吸水率").put("value", "0.8").put("lab", "国家陶瓷质检中心").put("reportNo", "R-2026-17");
        assertThat(send(HttpMethod.POST, results, officer, fail).statusCode()).isEqualTo(403);
        assertThat(send(HttpMethod.POST, "/api/v1/supervision/tasks/" + taskOfTiles + "/consequences", regulator,
                new JsonObject().put("kind", "WARNING").put("reason", "early")).statusCode()).isEqualTo(422);
        HttpResponse<Buffer> unknown = send(HttpMethod.POST, results, regulator, fail.copy().put("indicator", "硬度"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.bodyAsJsonObject().getString("message")).contains("not a core indicator");
        HttpResponse<Buffer> noVerdict = send(HttpMethod.POST, results, regulator, fail.copy().put("indicator", "表面质量").put("value", "良好"));
        assertThat(noVerdict.statusCode()).isEqualTo(400);
        assertThat(noVerdict.bodyAsJsonObject().getString("message")).contains("record the lab's verdict");
        HttpResponse<Buffer> unlinked = send(HttpMethod.POST, "/api/v1/supervision/tasks/" + taskOfCooker + "/results", regulator, fail);
        assertThat(unlinked.statusCode()).isEqualTo(422);
        assertThat(unlinked.bodyAsJsonObject().getString("error")).isEqualTo("NO_STANDARD");

        HttpResponse<Buffer> failed = send(HttpMethod.POST, results, regulator, fail);
        assertThat(failed.statusCode()).as(failed.bodyAsString()).isEqualTo(201);
        assertThat(failed.bodyAsJsonObject().getBoolean("pass")).isFalse();
        assertThat(failed.bodyAsJsonObject().getString("judgedBy")).isEqualTo("LIMITS");
        String consequences = "/api/v1/supervision/tasks/" + taskOfTiles + "/consequences";
        HttpResponse<Buffer> noDeadline = send(HttpMethod.POST, consequences, regulator,
                new JsonObject().put("kind", "RECTIFICATION").put("reason", "吸水率超标"));
        assertThat(noDeadline.statusCode()).isEqualTo(400);
        assertThat(noDeadline.bodyAsJsonObject().getString("message")).contains("needs a deadline after today");
        assertThat(send(HttpMethod.POST, consequences, regulator, new JsonObject().put("kind", "RECTIFICATION").put("reason", "吸水率超标")
                .put("deadline", "2099-01-31")).statusCode()).isEqualTo(201);
        HttpResponse<Buffer> suspended = send(HttpMethod.POST, consequences, regulator,
                new JsonObject().put("kind", "SUSPENSION").put("reason", "吸水率 0.8% 超过 0.5%"));
        assertThat(suspended.statusCode()).as(suspended.bodyAsString()).isEqualTo(201);

        JsonObject licence = send(HttpMethod.GET, "/api/v1/products/" + tiles.productId() + "/licence", regulator, null).bodyAsJsonObject();
        assertThat(licence.getString("status")).isEqualTo("SUSPENDED");
        assertThat(licence.getString("statusReason")).contains("supervision task " + taskOfTiles);
        JsonObject task = send(HttpMethod.GET, "/api/v1/supervision/tasks/" + taskOfTiles, officer, null).bodyAsJsonObject();
        assertThat(task.getString("status")).isEqualTo("FAILED");
        assertThat(task.getString("licenceStatus")).isEqualTo("SUSPENDED");
        assertThat(task.getJsonArray("consequences")).hasSize(2);
        assertThat(fx.services.changes.entity("supervision-task:" + taskOfTiles, 10)).extracting(e -> e.action())
                .contains("supervision.result", "supervision.rectification", "supervision.suspension");
        // the enterprise's quality-credit file: the failed sample once (not once per indicator), the rectification
        // order as a warning, the suspension from the licence change
        assertThat(fx.services.credit.file(REGULATOR, "CERAMIC").events()).extracting(e -> e.event().kind().name())
                .containsExactlyInAnyOrder("SAMPLING_FAILURE", "WARNING", "SUSPENSION");
    }

    @Test
    @Order(6)
    void withdrawingAStandardShowsTheLicencesItTouchesBeforeAndAfter() {
        JsonObject before = send(HttpMethod.GET, "/api/v1/standards/T-FSBZ-101-2026/impact?version=2026", officer, null).bodyAsJsonObject();
        assertThat(before.getJsonArray("licences")).hasSize(1);
        assertThat(before.getJsonArray("licences").getJsonObject(0).getString("licenceNo")).isEqualTo("FS-T-1");
        HttpResponse<Buffer> withdrawn = send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/status", regulator,
                new JsonObject().put("version", "2026").put("status", "WITHDRAWN").put("reason", "replaced by GB/T 4100-2015 adoption"));
        assertThat(withdrawn.statusCode()).isEqualTo(200);
        assertThat(withdrawn.bodyAsJsonObject().getJsonArray("licences").getJsonObject(0).getString("licenceStatus")).isEqualTo("SUSPENDED");
        HttpResponse<Buffer> again = send(HttpMethod.POST, "/api/v1/standards/T-FSBZ-101-2026/status", regulator,
                new JsonObject().put("version", "2026").put("status", "PUBLISHED").put("reason", "undo"));
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(fx.services.changes.entity("standard:T-FSBZ-101-2026", 10)).anySatisfy(e -> assertThat(e.detail())
                .contains("PUBLISHED -> WITHDRAWN").contains("FS-T-1 (product " + tiles.productId() + ")"));
    }

    @Test
    @Order(7)
    void theConsolePagesShowStandardsDrawsAndTasks() throws Exception {
        WebClientSession reg = ConsoleForms.login(web, regulator);
        HttpResponse<Buffer> list = ConsoleForms.get(reg, "/console/standards");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.bodyAsString()).contains("T/FSBZ 101-2026").contains("Ceramic tiles");
        HttpResponse<Buffer> created = ConsoleForms.post(reg, "/console/standards", "/console/standards", MultiMap.caseInsensitiveMultiMap()
                .add("standardNo", "T/FSBZ 201-2026").add("titleZh", "卫生陶瓷").add("sector", "陶瓷").add("version", "2026")
                .add("indicators", "用水量 | L | ≤ 5.0 | | 5.0\n冲洗功能 | | 符合要求\n").add("benchmarks", "EN 997:2018"));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(303);
        assertThat(created.getHeader("Location")).isEqualTo("/console/standards/T-FSBZ-201-2026");
        String detail = ConsoleForms.get(reg, "/console/standards/T-FSBZ-201-2026").bodyAsString();
        assertThat(detail).contains("用水量").contains("[-∞, 5] L").contains("EN 997:2018").contains("standard.create");
        HttpResponse<Buffer> badLine = ConsoleForms.post(reg, "/console/standards", "/console/standards", MultiMap.caseInsensitiveMultiMap()
                .add("standardNo", "T/FSBZ 202-2026").add("titleZh", "x").add("sector", "x").add("version", "1").add("indicators", "only a name"));
        assertThat(badLine.statusCode()).isEqualTo(422);
        assertThat(badLine.bodyAsString()).contains("indicator line 1 must be");
        String impact = ConsoleForms.get(reg, "/console/standards/T-FSBZ-101-2026/impact?version=2026&status=WITHDRAWN&done=true").bodyAsString();
        assertThat(impact).contains("FS-T-1").contains("It touched 1 licence(s)");

        JsonObject published = send(HttpMethod.GET, "/api/v1/supervision/draws/" + drawId, regulator, null).bodyAsJsonObject();
        String home = ConsoleForms.get(reg, "/console/supervision").bodyAsString();
        assertThat(home).contains(published.getString("seed")).contains("I-SD").contains("/console/supervision/tasks");
        String draw = ConsoleForms.get(reg, "/console/supervision/draws/" + drawId).bodyAsString();
        assertThat(draw).contains("id=\"verification\" class=\"same\"").contains("CERAMIC").contains("COOKER")
                .contains(published.getString("snapshotHash")).contains(published.getString("commitment")).contains("it-witness")
                .contains(canonicalOf(published).replace("\"", "&#34;")).contains(SOURCE);
        String task = ConsoleForms.get(reg, "/console/supervision/tasks/" + taskOfTiles).bodyAsString();
        assertThat(task).contains("Suspension of the licence").contains("FS-T-1 · SUSPENDED").contains("国家陶瓷质检中心");
        HttpResponse<Buffer> warned = ConsoleForms.post(reg, "/console/supervision/tasks/" + taskOfTiles,
                "/console/supervision/tasks/" + taskOfTiles + "/consequences",
                MultiMap.caseInsensitiveMultiMap().add("kind", "WARNING").add("reason", "公开通报"));
        assertThat(warned.statusCode()).isEqualTo(303);
        assertThat(ConsoleForms.get(reg, "/console/supervision/tasks/" + taskOfTiles).bodyAsString()).contains("公开通报");
        String zh = ConsoleForms.get(ConsoleForms.login(web, regulator, "zh-CN"), "/console/supervision").bodyAsString();
        assertThat(zh).contains("监督抽查").contains("检查人员库");
        assertThat(ConsoleForms.get(reg, "/console/supervision/tasks/nope").statusCode()).isEqualTo(422);
    }

    @Test
    @Order(8)
    void theTasksOfAllDrawsAreListedByYearAndStatus() throws Exception {
        JsonArray all = send(HttpMethod.GET, "/api/v1/supervision/tasks?year=2026", officer, null).bodyAsJsonArray();
        assertThat(all).extracting(o -> ((JsonObject) o).getString("taskId")).containsExactlyInAnyOrder(taskOfTiles, taskOfCooker);
        assertThat(all.getJsonObject(0).getString("drawState")).isEqualTo("DRAWN");
        JsonArray failed = send(HttpMethod.GET, "/api/v1/supervision/tasks?status=FAILED", regulator, null).bodyAsJsonArray();
        assertThat(failed).extracting(o -> ((JsonObject) o).getString("taskId")).containsExactly(taskOfTiles);
        assertThat(send(HttpMethod.GET, "/api/v1/supervision/tasks?year=2025", regulator, null).bodyAsJsonArray()).isEmpty();
        assertThat(send(HttpMethod.GET, "/api/v1/supervision/tasks", maker, null).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> bad = send(HttpMethod.GET, "/api/v1/supervision/tasks?status=DONE", regulator, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getString("message")).contains("status");
        assertThat(send(HttpMethod.GET, "/api/v1/supervision/tasks?year=last", regulator, null).statusCode()).isEqualTo(400);

        // the console is the regulator's (officers read the list through the API, above)
        WebClientSession off = ConsoleForms.login(web, regulator);
        String page = ConsoleForms.get(off, "/console/supervision/tasks?year=2026&status=OPEN").bodyAsString();
        assertThat(page).contains(taskOfCooker).doesNotContain(taskOfTiles);
        assertThat(ConsoleForms.get(off, "/console/supervision/tasks").bodyAsString()).contains(taskOfCooker).contains(taskOfTiles);
        assertThat(ConsoleForms.get(off, "/console/supervision/tasks?status=GONE").statusCode()).isEqualTo(422);
    }

    @Test
    @Order(9)
    void aVoidedDrawStaysVisibleAndTheYearTakesANewAnnouncement() throws Exception {
        String base = "/api/v1/supervision/draws/" + drawId;
        assertThat(send(HttpMethod.POST, base + "/void", officer, new JsonObject().put("reason", "x")).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> noReason = send(HttpMethod.POST, base + "/void", regulator, new JsonObject());
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.bodyAsJsonObject().getString("message")).contains("reason");
        HttpResponse<Buffer> voided = send(HttpMethod.POST, base + "/void", regulator, new JsonObject().put("reason", "候选名单漏列一家企业"));
        assertThat(voided.statusCode()).as(voided.bodyAsString()).isEqualTo(200);
        JsonObject d = send(HttpMethod.GET, base, officer, null).bodyAsJsonObject();
        assertThat(d.getString("state")).isEqualTo("VOIDED");
        assertThat(d.getJsonObject("voided").getString("reason")).isEqualTo("候选名单漏列一家企业");
        assertThat(d.getJsonObject("voided").getString("by")).isEqualTo(REGULATOR.userId());
        assertThat(d.getJsonObject("verification").getBoolean("same")).isTrue();   // still re-drawable from what was published
        assertThat(fx.services.changes.entity("supervision-draw:" + drawId, 10)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("supervision.void");
            assertThat(e.detail()).contains("DRAWN -> VOIDED").contains("1 open task(s) voided").contains("候选名单漏列一家企业");
        });
        // its open task is voided and takes no results; the failed one keeps its outcome
        assertThat(send(HttpMethod.GET, "/api/v1/supervision/tasks/" + taskOfCooker, officer, null).bodyAsJsonObject().getString("status"))
                .isEqualTo("VOIDED");
        assertThat(send(HttpMethod.GET, "/api/v1/supervision/tasks/" + taskOfTiles, officer, null).bodyAsJsonObject().getString("status"))
                .isEqualTo("FAILED");
        HttpResponse<Buffer> late = send(HttpMethod.POST, "/api/v1/supervision/tasks/" + taskOfCooker + "/results", regulator, new JsonObject()
                .put("indicator", "x").put("value", "1").put("lab", "l").put("reportNo", "r"));
        assertThat(late.statusCode()).isEqualTo(422);
        assertThat(late.bodyAsJsonObject().getString("error")).isEqualTo("TASK_VOIDED");
        HttpResponse<Buffer> twice = send(HttpMethod.POST, base + "/void", regulator, new JsonObject().put("reason", "again"));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.bodyAsJsonObject().getString("error")).isEqualTo("DRAW_VOIDED");
        assertThat(send(HttpMethod.POST, base + "/witness", witness, new JsonObject().put("witnessPart", "late")).statusCode()).isEqualTo(409);
        assertThat(send(HttpMethod.GET, "/api/v1/supervision/tasks?status=VOIDED", regulator, null).bodyAsJsonArray())
                .extracting(o -> ((JsonObject) o).getString("taskId")).containsExactly(taskOfCooker);
        // both status changes are transactions on the status read: a result that read OPEN before the void loses,
        // and the void does not overwrite a result's FAILED
        SupervisionStore store = new SupervisionStore(fx.ks.session());
        java.util.UUID cookerTask = java.util.UUID.fromString(taskOfCooker);
        assertThat(store.move(cookerTask, Task.Status.OPEN, Task.Status.FAILED, fx.clock.instant())).isFalse();
        assertThat(store.task(cookerTask).orElseThrow().status()).isEqualTo(Task.Status.VOIDED);
        assertThat(store.move(java.util.UUID.fromString(taskOfTiles), Task.Status.OPEN, Task.Status.VOIDED, fx.clock.instant())).isFalse();
        assertThat(store.task(java.util.UUID.fromString(taskOfTiles)).orElseThrow().status()).isEqualTo(Task.Status.FAILED);

        // a new announcement for 2026, in the console: the announcer sees no witness form, a colleague gives the part,
        // a wrong secret is refused in Chinese, the right one draws
        WebClientSession reg = ConsoleForms.login(web, regulator, "zh-CN");
        String secret = "console-secret-5e1f0a9b7c3d2e48";
        HttpResponse<Buffer> announced = ConsoleForms.post(reg, "/console/supervision", "/console/supervision/draws",
                MultiMap.caseInsensitiveMultiMap().add("year", "2026").add("officeSecret", secret).add("enterprises", "3")
                        .add("inspectorsPerTask", "1").add("dueOn", "2026-09-30").add("publicSource", "深证成指收盘点位")
                        .add("publicDate", tomorrow().toString()));
        assertThat(announced.statusCode()).as(announced.bodyAsString()).isEqualTo(303);
        String page = announced.getHeader("Location");
        String newDraw = page.substring(page.lastIndexOf('/') + 1);
        assertThat(newDraw).isNotEqualTo(drawId);
        String shown = ConsoleForms.get(reg, page).bodyAsString();
        assertThat(shown).contains("已公告").contains(DrawSeal.commitment(secret)).doesNotContain("name=\"witnessPart\"").doesNotContain(secret);
        HttpResponse<Buffer> again = ConsoleForms.post(reg, "/console/supervision", "/console/supervision/draws",
                MultiMap.caseInsensitiveMultiMap().add("year", "2026").add("officeSecret", secret).add("enterprises", "3")
                        .add("inspectorsPerTask", "1").add("dueOn", "2026-09-30").add("publicSource", "深证成指收盘点位")
                        .add("publicDate", tomorrow().toString()));
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.bodyAsString()).contains("2026 年度已有一次有效抽签");
        fx.clock.advance(Duration.ofDays(1));   // the public date comes (console sessions of the day before have expired)
        reg = ConsoleForms.login(web, regulator, "zh-CN");
        WebClientSession colleague = ConsoleForms.login(web, witness, "zh-CN");
        assertThat(ConsoleForms.get(colleague, page).bodyAsString()).contains("name=\"witnessPart\"");
        assertThat(ConsoleForms.post(colleague, page, page + "/witness", MultiMap.caseInsensitiveMultiMap().add("witnessPart", "42"))
                .statusCode()).isEqualTo(303);
        HttpResponse<Buffer> mismatch = ConsoleForms.post(reg, page, page + "/reveal",
                MultiMap.caseInsensitiveMultiMap().add("officeSecret", "not-the-committed-secret"));
        assertThat(mismatch.statusCode()).isEqualTo(422);
        assertThat(mismatch.bodyAsString()).contains("该秘密值的哈希与抽签");
        assertThat(ConsoleForms.post(reg, page, page + "/reveal", MultiMap.caseInsensitiveMultiMap().add("officeSecret", secret))
                .statusCode()).isEqualTo(303);
        JsonObject redrawn = send(HttpMethod.GET, "/api/v1/supervision/draws/" + newDraw, officer, null).bodyAsJsonObject();
        assertThat(redrawn.getString("state")).isEqualTo("DRAWN");
        assertThat(redrawn.getJsonObject("verification").getBoolean("same")).isTrue();
        // the tiles' licence is suspended since the failed sample: only COOKER is a candidate now
        assertThat(redrawn.getJsonArray("result")).extracting(o -> ((JsonObject) o).getString("licenseeId")).containsExactly("COOKER");
        // both draws of 2026 stay listed, the voided one with its reason
        String home = ConsoleForms.get(reg, "/console/supervision").bodyAsString();
        assertThat(home).contains(drawId).contains(newDraw).contains("候选名单漏列一家企业");
        assertThat(send(HttpMethod.GET, "/api/v1/supervision/draws", officer, null).bodyAsJsonArray())
                .extracting(o -> ((JsonObject) o).getString("state")).contains("VOIDED", "DRAWN");
    }

    @Test
    @Order(10)
    void aYearClaimLeftByAVoidedOrMissingDrawDoesNotBlockTheYear() {
        SupervisionStore store = new SupervisionStore(fx.ks.session());
        // a claim whose draw was never written (its release failed): the next announcement takes the year over
        java.util.UUID ghost = com.datastax.oss.driver.api.core.uuid.Uuids.timeBased();
        assertThat(store.claimYear(2028, ghost)).isEmpty();
        JsonObject req = new JsonObject().put("year", 2028).put("officeSecret", SECRET).put("enterprises", 1)
                .put("inspectorsPerTask", 1).put("dueOn", "2028-06-30").put("publicSource", SOURCE).put("publicDate", tomorrow().toString());
        HttpResponse<Buffer> taken = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, req);
        assertThat(taken.statusCode()).as(taken.bodyAsString()).isEqualTo(201);
        String live = taken.bodyAsJsonObject().getString("drawId");
        // a live holder still refuses the year
        HttpResponse<Buffer> second = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, req);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.bodyAsJsonObject().getString("message")).contains(live);
        // a claim still held by a voided draw (its release failed after the void): taken over too
        assertThat(send(HttpMethod.POST, "/api/v1/supervision/draws/" + live + "/void", regulator, new JsonObject().put("reason", "test"))
                .statusCode()).isEqualTo(200);
        assertThat(store.claimYear(2028, java.util.UUID.fromString(live))).isEmpty();   // as if the release had failed
        HttpResponse<Buffer> again = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, req);
        assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(201);
    }

    @Test
    @Order(11)
    void onceThePublicPartIsKnownAVoidTakesTheSecretAndPublishesWhatWouldHaveBeenDrawn() throws Exception {
        String secret = "void-secret-0c4e7a19b2d35f68";
        JsonObject req = new JsonObject().put("year", 2029).put("officeSecret", secret).put("enterprises", 1).put("inspectorsPerTask", 1)
                .put("dueOn", "2029-06-30").put("publicSource", SOURCE).put("publicDate", tomorrow().toString());
        HttpResponse<Buffer> announced = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, req);
        assertThat(announced.statusCode()).as(announced.bodyAsString()).isEqualTo(201);
        String id = announced.bodyAsJsonObject().getString("drawId");
        String base = "/api/v1/supervision/draws/" + id;
        SupervisionStore store = new SupervisionStore(fx.ks.session());
        Draw unwitnessed = store.draw(java.util.UUID.fromString(id)).orElseThrow();
        fx.clock.advance(Duration.ofDays(1));
        assertThat(send(HttpMethod.POST, base + "/witness", witness, new JsonObject().put("witnessPart", "2998.10")).statusCode()).isEqualTo(200);
        // a void that read the draw before the public part came in cannot store a void without the secret
        assertThat(store.voidDraw(unwitnessed, new Draw.Voiding("raced", "it", fx.clock.instant()))).isFalse();

        HttpResponse<Buffer> bare = send(HttpMethod.POST, base + "/void", regulator, new JsonObject().put("reason", "不想要这个结果"));
        assertThat(bare.statusCode()).isEqualTo(422);
        assertThat(bare.bodyAsJsonObject().getString("error")).isEqualTo("VOID_NEEDS_SECRET");
        HttpResponse<Buffer> bareZh = send(HttpMethod.POST, base + "/void", regulator, new JsonObject().put("reason", "x"), "zh-CN");
        assertThat(bareZh.bodyAsJsonObject().getString("message")).contains("作废须提供项目办公室秘密值");
        HttpResponse<Buffer> wrong = send(HttpMethod.POST, base + "/void", regulator, new JsonObject().put("reason", "x")
                .put("officeSecret", secret + "x"));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.bodyAsJsonObject().getString("error")).isEqualTo("REVEAL_MISMATCH");
        HttpResponse<Buffer> tooShort = send(HttpMethod.POST, base + "/void", regulator, new JsonObject().put("reason", "x").put("officeSecret", "abc"));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(send(HttpMethod.GET, base, officer, null).bodyAsJsonObject().getString("state")).isEqualTo("ANNOUNCED");

        HttpResponse<Buffer> voided = send(HttpMethod.POST, base + "/void", regulator, new JsonObject().put("reason", "样品库存不足")
                .put("officeSecret", secret));
        assertThat(voided.statusCode()).as(voided.bodyAsString()).isEqualTo(200);
        JsonObject d = send(HttpMethod.GET, base, officer, null).bodyAsJsonObject();
        JsonObject v = d.getJsonObject("voided");
        assertThat(v.getString("officeSecret")).isEqualTo(secret);
        String seed = DrawSeal.seed(RandomDraw.h(canonicalOf(d)), secret, "2998.10");
        assertThat(v.getString("seed")).isEqualTo(seed);
        assertThat(v.getJsonArray("wouldHaveDrawn")).isEqualTo(SupervisionStore.resultJson(RandomDraw.draw(seed,
                SupervisionStore.candidates(d.getJsonObject("candidates")), 1, 1)));
        assertThat(v.getJsonArray("wouldHaveDrawn")).hasSize(1);
        assertThat(d.getJsonArray("result")).isEmpty();
        assertThat(fx.services.changes.entity("supervision-draw:" + id, 10)).anySatisfy(e -> assertThat(e.detail())
                .contains("ANNOUNCED -> VOIDED").contains("would have drawn").contains(seed));
        String page = ConsoleForms.get(ConsoleForms.login(web, regulator), "/console/supervision/draws/" + id).bodyAsString();
        assertThat(page).contains("id=\"would-have\"").contains(v.getJsonArray("wouldHaveDrawn").getJsonObject(0).getString("licenseeId"))
                .contains(seed);

        // announced without a public part yet, a void needs no secret (nobody can compute the result)
        req.put("publicDate", tomorrow().toString());
        String next = send(HttpMethod.POST, "/api/v1/supervision/draws", regulator, req).bodyAsJsonObject().getString("drawId");
        HttpResponse<Buffer> early = send(HttpMethod.POST, "/api/v1/supervision/draws/" + next + "/void", regulator,
                new JsonObject().put("reason", "参数有误"));
        assertThat(early.statusCode()).as(early.bodyAsString()).isEqualTo(200);
        assertThat(early.bodyAsJsonObject().getJsonObject("voided").getValue("wouldHaveDrawn")).isNull();
    }
}
