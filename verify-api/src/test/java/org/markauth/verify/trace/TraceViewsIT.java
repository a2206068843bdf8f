package org.markauth.verify.trace;

import org.markauth.registry.RangeKind;
import org.markauth.registry.UnitState;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.BatchState;
import org.markauth.registry.MarkKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.sdk.mark.Serial;
import org.markauth.testing.Worlds;
import org.markauth.verify.Fixture;
import org.markauth.verify.Http;
import org.markauth.verify.app.VerifyServer;

/**
 * What verify-api shows of traceability: the consumer page's short timeline (manufacturer and
 * retailer named, nobody else), a case's contents (page and officer record), the public catalogue (page and JSON, searchable, with licence
 * status) and the pre-aggregated scan statistics the console charts read.
 */
class TraceViewsIT {

    static Fixture f;
    static VerifyServer server;
    static Http http;
    static int product;
    static int suspended;
    static int batch;

    @BeforeAll
    static void up() {
        f = new Fixture("trace_views_it");
        Instant longAgo = Instant.now().minus(Duration.ofDays(100));
        f.licensee("MK", "顺德电器");
        f.licensee("SHOP", "佛山百货");
        f.licensee("DIST", "华南物流");
        Worlds.GenuineBatch world = Worlds.genuineBatch(f.rows, "MK", 10, Set.of());
        product = world.productId();
        batch = world.batchId();
        suspended = f.newId();
        f.product(suspended, "MK", LicenceStatus.SUSPENDED, Instant.now().minus(Duration.ofDays(2)), Set.of());
        f.session.execute("UPDATE products SET name = '空气净化器', name_en = 'Air purifier', gtin = '06901234567892' WHERE product_id = ?",
                suspended);
        server = f.start("a", Map.of());
        http = new Http(server.port());
    }

    @AfterAll
    static void down() {
        f.close();   // stops the server it started
    }

    private static void event(long serial, Instant at, String bizStep, String party) {
        f.session.execute("INSERT INTO events_by_unit (batch_id, serial, event_time, event_id, event_type, action, biz_step, party, "
                        + "biz_location) VALUES (?, ?, ?, ?, 'ObjectEvent', 'OBSERVE', ?, ?, ?)", batch, MarkKey.serialBytes(serial),
                at, "ni:///sha-256;" + bizStep + serial, bizStep, party, "urn:markauth:loc:" + party + ":1");
    }

    private static String path(String url) {
        return url.substring(url.indexOf('/', "HTTPS://".length()));
    }

    @Test
    void theConsumerPageShowsMadeShippedSoldWithOnlyTheManufacturerAndRetailerNamed() {
        long s = f.mark(batch, 1, null);
        Instant t0 = Instant.now().minus(Duration.ofDays(20));
        event(s, t0, "commissioning", "MK");
        event(s, t0.plus(Duration.ofDays(1)), "shipping", "MK");
        event(s, t0.plus(Duration.ofDays(2)), "receiving", "DIST");
        event(s, t0.plus(Duration.ofDays(3)), "shipping", "DIST");
        event(s, t0.plus(Duration.ofDays(9)), "retail_selling", "SHOP");
        String page = http.get(path(f.url(product, batch, s)) + "?lang=en").body();
        assertThat(page).contains("id=\"timeline\"");
        String timeline = page.substring(page.indexOf("id=\"timeline\""), page.indexOf("</section>", page.indexOf("id=\"timeline\"")));
        assertThat(timeline).contains("data-step=\"MADE\"", "data-step=\"SHIPPED\"", "data-step=\"SOLD\"")
                .contains("顺德电器").contains("佛山百货").doesNotContain("华南物流").doesNotContain("DIST");
        assertThat(timeline.split("data-step=\"SHIPPED\"", -1)).hasSize(2);   // one "shipped", not one per leg

        long fresh = f.mark(batch, 2, null);
        assertThat(http.get(path(f.url(product, batch, fresh))).body()).doesNotContain("id=\"timeline\"");
    }

    /** Packs {@code units} into {@code caseSerial} as the issuer's capture records it (V004 rows). */
    private static void pack(int caseBatch, long caseSerial, String caseEpc, int unitBatch, List<Long> units, Instant at) {
        String id = "ni:///sha-256;pack" + caseSerial;
        f.session.execute("INSERT INTO events_by_unit (batch_id, serial, event_time, event_id, event_type, action, biz_step, party) "
                + "VALUES (?, ?, ?, ?, 'AggregationEvent', 'ADD', 'packing', 'MK')", caseBatch, MarkKey.serialBytes(caseSerial), at, id);
        for (long u : units) {
            String epc = "urn:markauth:mark:" + unitBatch + ":" + String.format("%016x", u);
            f.session.execute("INSERT INTO events_by_unit (batch_id, serial, event_time, event_id, event_type, action, biz_step, party, "
                    + "via_parent) VALUES (?, ?, ?, ?, 'AggregationEvent', 'ADD', 'packing', 'MK', ?)", unitBatch,
                    MarkKey.serialBytes(u), at, id, caseEpc);
            f.session.execute("INSERT INTO aggregation_children (parent_batch, parent_serial, child_batch, child_serial, child_epc, since, "
                    + "event_id) VALUES (?, ?, ?, ?, ?, ?, ?)", caseBatch, MarkKey.serialBytes(caseSerial), unitBatch,
                    MarkKey.serialBytes(u), epc, at, id);
            f.session.execute("INSERT INTO aggregation_parent (child_batch, child_serial, parent_batch, parent_serial, parent_epc, since, "
                    + "event_id) VALUES (?, ?, ?, ?, ?, ?, ?)", unitBatch, MarkKey.serialBytes(u), caseBatch,
                    MarkKey.serialBytes(caseSerial), caseEpc, at, id);
        }
    }

    private static String shortSerial(long serial) {
        String b32 = new Serial(serial).toBase32();
        return b32.substring(b32.length() - 6);
    }

    @Test
    void aCasesCodeListsItsUnitsWithTheirStatesOnThePageAndInTheOfficerRecord() throws Exception {
        int unitBatch = f.newId();
        int caseBatch = f.newId();
        Instant longAgo = Instant.now().minus(Duration.ofDays(100));
        f.batch(unitBatch, product, "MK", BatchState.ISSUED, LocalDate.now(ZoneOffset.UTC).plusYears(1), longAgo);
        f.batch(caseBatch, product, "MK", BatchState.ISSUED, LocalDate.now(ZoneOffset.UTC).plusYears(1), longAgo);
        f.range(unitBatch, 1, 52, RangeKind.ACTIVATE);
        f.range(caseBatch, 1, 1, RangeKind.ACTIVATE);
        List<Long> units = new ArrayList<>();
        for (int seq = 1; seq <= 53; seq++) {     // 53 is outside the activated range
            units.add(f.mark(unitBatch, seq, seq == 2 ? UnitState.VOIDED : null));
        }
        long caseSerial = f.mark(caseBatch, 1, null);
        String caseUrl = f.url(product, caseBatch, caseSerial);
        pack(caseBatch, caseSerial, caseUrl, unitBatch, units, Instant.now().minus(Duration.ofDays(5)));

        String page = http.get(path(caseUrl) + "?lang=en").body();
        assertThat(page).contains("data-code=\"GENUINE\"").contains("id=\"contents\" data-count=\"53\"");
        // right below the verdict, before the product facts
        assertThat(page.indexOf("id=\"contents\"")).isGreaterThan(page.indexOf("id=\"verdict\"")).isLessThan(page.indexOf("id=\"facts\""));
        String section = page.substring(page.indexOf("id=\"contents\""), page.indexOf("</section>", page.indexOf("id=\"contents\"")));
        assertThat(section.split("<li ", -1)).hasSize(51);                       // the first 50 listed
        assertThat(section).contains("and 3 more");
        // listed in the table's order (serial bytes); each by the short form printed on its label
        List<Long> ordered = units.stream().sorted(Long::compareUnsigned).toList();
        assertThat(section).contains(shortSerial(ordered.get(0))).doesNotContain(shortSerial(ordered.get(52)));
        assertThat(section).doesNotContain(String.format("%016x", ordered.get(0)));
        for (int i = 0; i < 50; i++) {
            long u = ordered.get(i);
            String expected = u == units.get(1) ? "VOIDED" : u == units.get(52) ? "NOT_ACTIVATED" : "ACTIVE";
            assertThat(section).contains("<li data-state=\"" + expected + "\"><code>…" + shortSerial(u));
        }
        // the JSON verdict lists them when asked (apps, officers' readers), and only then
        JsonObject asked = http.verify(caseUrl, "X-Forwarded-For", "198.51.100.77");
        assertThat(asked.containsKey("contents")).as("not asked").isFalse();
        var withContents = http.get("/api/v1/verify?contents=true&code=" + java.net.URLEncoder.encode(caseUrl, StandardCharsets.UTF_8));
        assertThat(withContents.statusCode()).isEqualTo(200);
        JsonObject listed = new JsonObject(withContents.body()).getJsonObject("contents");
        assertThat(listed.getInteger("count")).isEqualTo(53);
        assertThat(listed.getBoolean("more")).isFalse();
        assertThat(listed.getJsonArray("items")).hasSize(50);
        // the same first 50 as the page, each with its state (the voided unit is among them unless its
        // random serial sorts into the last three)
        Map<String, String> stateBySerial = listed.getJsonArray("items").stream().map(o -> (JsonObject) o)
                .collect(java.util.stream.Collectors.toMap(o -> o.getString("serial"), o -> o.getString("state")));
        Map<String, String> expectedStates = new java.util.HashMap<>();
        for (long u : ordered.subList(0, 50)) {
            expectedStates.put(String.format("%016x", u), u == units.get(1) ? "VOIDED" : u == units.get(52) ? "NOT_ACTIVATED" : "ACTIVE");
        }
        assertThat(stateBySerial).isEqualTo(expectedStates).containsValue("ACTIVE");
        var unitAsked = http.get("/api/v1/verify?contents=true&code="
                + java.net.URLEncoder.encode(f.url(product, unitBatch, units.get(0)), StandardCharsets.UTF_8));
        assertThat(new JsonObject(unitAsked.body()).containsKey("contents")).as("a unit holds nothing").isFalse();
        assertThat(http.get("/api/v1/verify?contents=yes&code=" + java.net.URLEncoder.encode(caseUrl, StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(400);

        // a unit's own page has no contents section, though its path holds the packing
        assertThat(http.get(path(f.url(product, unitBatch, units.get(0)))).body()).doesNotContain("id=\"contents\"")
                .contains("data-code=\"GENUINE\"");

        String officer = "Bearer " + ApiKeyStore.create(f.session, java.time.Clock.systemUTC())
                .issue(Principal.officer("officer-9")).toCompletableFuture().get();
        JsonObject caseRecord = new JsonObject(http.get("/api/v1/officer/units/" + caseBatch + "/" + String.format("%016x", caseSerial),
                "Authorization", officer).body());
        assertThat(caseRecord.getValue("container")).isNull();
        JsonObject contents = caseRecord.getJsonObject("contents");
        assertThat(contents.getInteger("count")).isEqualTo(53);
        assertThat(contents.getBoolean("more")).isFalse();
        JsonArray items = contents.getJsonArray("items");
        assertThat(items).hasSize(53);
        Map<String, String> states = new java.util.HashMap<>();
        items.forEach(o -> states.put(((JsonObject) o).getString("serial"), ((JsonObject) o).getString("state")));
        assertThat(states).containsEntry(String.format("%016x", units.get(1)), "VOIDED")
                .containsEntry(String.format("%016x", units.get(52)), "NOT_ACTIVATED")
                .containsEntry(String.format("%016x", units.get(0)), "ACTIVE");

        JsonObject unitRecord = new JsonObject(http.get("/api/v1/officer/units/" + unitBatch + "/" + String.format("%016x", units.get(0)),
                "Authorization", officer).body());
        JsonObject container = unitRecord.getJsonObject("container");
        assertThat(container.getInteger("batchId")).isEqualTo(caseBatch);
        assertThat(container.getString("serial")).isEqualTo(String.format("%016x", caseSerial));
        assertThat(container.getString("epc")).isEqualTo(caseUrl);
        assertThat(container.getString("state")).isEqualTo("ACTIVE");
        assertThat(unitRecord.getJsonObject("contents").getInteger("count")).isZero();
    }

    @Test
    void theCatalogueListsCertifiedProductsWithLicenceStatusAndSearches() {
        JsonObject all = new JsonObject(http.get("/api/v1/catalogue").body());
        assertThat(all.getJsonArray("products").stream().map(o -> ((JsonObject) o).getInteger("productId")))
                .contains(product, suspended);
        JsonObject found = new JsonObject(http.get("/api/v1/catalogue?q=" + URLEncoder.encode("purifier", StandardCharsets.UTF_8)).body());
        assertThat(found.getInteger("count")).isEqualTo(1);
        JsonObject e = found.getJsonArray("products").getJsonObject(0);
        assertThat(e.getJsonObject("licence").getString("status")).isEqualTo("SUSPENDED");
        assertThat(e.getJsonObject("licensee").getString("name")).isEqualTo("顺德电器");
        assertThat(e.getString("standardNo")).isEqualTo("T/FS 001-2024");
        assertThat(e.getJsonObject("coreIndicators").getString("能效")).isEqualTo("一级");
        JsonArray active = new JsonObject(http.get("/api/v1/catalogue?status=active").body()).getJsonArray("products");
        assertThat(active.stream().map(o -> ((JsonObject) o).getInteger("productId"))).contains(product).doesNotContain(suspended);

        String page = http.get("/catalogue?q=" + URLEncoder.encode("空气净化器", StandardCharsets.UTF_8)).body();
        assertThat(page).contains("data-product=\"" + suspended + "\"").contains("已暂停").doesNotContain("data-product=\"" + product + "\"");
        assertThat(http.get("/api/v1/catalogue?status=bogus").statusCode()).isEqualTo(400);

        String hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
        String echoed = http.get("/catalogue?q=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8)).body();
        assertThat(echoed).as("the search box echoes the query as text, never as markup")
                .contains("&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;")
                .doesNotContain("<script>alert(1)").doesNotContain("<img src=x");
    }

    /** GENUINE tallies of the class's product, its licensee and its batch (0 before any flush). */
    private static long[] genuineTallies(LocalDate day) {
        Row p = f.session.execute("SELECT scans FROM scan_stats_by_product WHERE product_id = ? AND day = ? AND verdict = 'GENUINE'",
                product, day).one();
        Row l = f.session.execute("SELECT scans FROM scan_stats_by_licensee WHERE licensee_id = 'MK' AND day = ? AND verdict = 'GENUINE'",
                day).one();
        Row b = f.session.execute("SELECT scans FROM batch_scan_counts WHERE batch_id = ? AND verdict = 'GENUINE'", batch).one();
        return new long[] {p == null ? 0 : p.getLong(0), l == null ? 0 : l.getLong(0), b == null ? 0 : b.getLong(0)};
    }

    @Test
    void scansAreTalliedPerProductLicenseeBatchAndPlace() throws Exception {
        // the other tests scan the same product and batch, and their tallies may still be on the way:
        // wait until they are in (the counts stop moving), then count this test's four from there
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long[] before = genuineTallies(today);
        for (long[] again = null; !java.util.Arrays.equals(before, again); ) {
            Thread.sleep(6_000);   // longer than the tallies' 5 s flush interval (VerifyServer)
            again = before;
            before = genuineTallies(today);
        }
        long s = f.mark(batch, 3, null);
        String url = f.url(product, batch, s);
        for (int i = 0; i < 3; i++) {
            http.verify(url, "X-Forwarded-For", "203.0.113." + (i + 1));
        }
        http.get(path(url) + "?geo=ws0e9");
        long end = System.currentTimeMillis() + 20_000;
        long[] after = genuineTallies(today);
        while (System.currentTimeMillis() < end && !(after[0] >= before[0] + 4 && after[1] >= before[1] + 4 && after[2] >= before[2] + 4)) {
            Thread.sleep(250);
            after = genuineTallies(today);
        }
        assertThat(after[0] - before[0]).as("product").isEqualTo(4);
        assertThat(after[1] - before[1]).as("licensee").isEqualTo(4);
        assertThat(after[2] - before[2]).as("batch").isEqualTo(4);
        assertThat(f.session.execute("SELECT place FROM batch_scan_places WHERE batch_id = ?", batch).all())
                .extracting(x -> x.getString(0)).contains("ws0e9");
    }
}
