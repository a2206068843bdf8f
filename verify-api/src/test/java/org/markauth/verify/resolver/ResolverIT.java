package org.markauth.verify.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.registry.BatchState;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.RangeKind;
import org.markauth.registry.UnitState;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.verify.Fixture;
import org.markauth.verify.Http;
import org.markauth.verify.app.VerifyServer;

/**
 * The GS1 Digital Link resolver through the real server, Redis and Cassandra, rows as the issuer
 * writes them (products with a GTIN, batches and their batches_by_licensee rows, marks): each link
 * type, the status codes, the linkset's RFC 9264 shape, content negotiation, a signed mark's page
 * unchanged, refusals, and that nothing says GENUINE without the signature.
 */
class ResolverIT {

    static final String ROOT = "https://" + Fixture.HOST.toLowerCase();
    static final Instant NOW = Instant.now();
    static final LocalDate EXPIRY = LocalDate.of(2027, 6, 30);

    static Fixture f;
    static Http http;
    static VerifyServer server;
    static String gtin;
    static String otherGtin;
    static int product;
    static int batch;
    static int recalledBatch;
    static String serial;
    static String recalledSerial;
    static String voidedSerial;
    static long genuineSerial;
    // the cost measurement: a product of 40 batches, the unit in the oldest
    static String manyGtin;
    static String oldSerial;

    @BeforeAll
    static void up() {
        f = new Fixture("resolver_it");
        f.licensee("DL", "数字链接电器");
        gtin = newGtin();
        otherGtin = newGtin();
        product = f.newId();
        f.product(product, "DL", LicenceStatus.ACTIVE, NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(300)));
        gtin(product, gtin);
        batch = batch(product, BatchState.ISSUED, NOW.minus(Duration.ofDays(20)));
        f.range(batch, 1, 10, RangeKind.ACTIVATE, NOW.minus(Duration.ofDays(19)));
        genuineSerial = f.mark(batch, 1, null);
        serial = new Serial(genuineSerial).toBase32();
        voidedSerial = new Serial(f.mark(batch, 2, UnitState.VOIDED)).toBase32();
        recalledBatch = batch(product, BatchState.RECALLED, NOW.minus(Duration.ofDays(10)));
        recalledSerial = new Serial(f.mark(recalledBatch, 1, null)).toBase32();

        manyGtin = newGtin();
        int many = f.newId();
        f.product(many, "DL", LicenceStatus.ACTIVE, NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(300)));
        gtin(many, manyGtin);
        for (int i = 0; i < 40; i++) {
            int b = batch(many, BatchState.ISSUED, NOW.minus(Duration.ofDays(60 - i)));
            f.mark(b, 1, null);
            if (i == 0) {
                oldSerial = new Serial(f.mark(b, 2, null)).toBase32();
            }
        }
        server = f.start("a", Map.of());
        http = new Http(server.port());
    }

    @AfterAll
    static void down() {
        f.close();
    }

    static String newGtin() {
        StringBuilder b = new StringBuilder("0");
        for (int i = 0; i < 12; i++) {
            b.append(ThreadLocalRandom.current().nextInt(10));
        }
        return Gtin.withCheckDigit(b.toString()).digits();
    }

    static void gtin(int productId, String g) {
        f.session.execute("UPDATE products SET gtin = ? WHERE product_id = ?", g, productId);
    }

    /** A batch as the issuer writes it: the batches row and its batches_by_licensee row (lot LOT-{id}). */
    static int batch(int productId, BatchState state, Instant createdAt) {
        int b = f.newId();
        f.batch(b, productId, "DL", state, EXPIRY, createdAt);
        f.session.execute("INSERT INTO batches_by_licensee (licensee_id, created_at, batch_id, product_id, lot, quantity) "
                + "VALUES (?, ?, ?, ?, ?, 100)", "DL", createdAt, b, productId, "LOT-" + b);
        return b;
    }

    static String unit(String s) {
        return "/01/" + gtin + "/21/" + s;
    }

    static HttpResponse<String> head(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String location(HttpResponse<String> r) {
        return r.headers().firstValue("Location").orElse(null);
    }

    @Test
    void noLinkTypeRedirects307ToTheRegistryPageWithTheLinksInAHeader() {
        HttpResponse<String> r = http.get(unit(serial));
        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(location(r)).isEqualTo(ROOT + "/dl/info" + unit(serial));
        String link = r.headers().firstValue("Link").orElseThrow();
        assertThat(link).contains("rel=\"https://gs1.org/voc/pip\"").contains("rel=\"https://gs1.org/voc/recallStatus\"")
                .contains("<" + ROOT + unit(serial) + "?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"");
        assertThat(r.headers().firstValue("Vary").orElse("")).contains("Accept");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void eachLinkTypeRedirectsToItsTarget() {
        Map<String, String> expected = Map.of(
                "gs1:defaultLink", ROOT + "/dl/info" + unit(serial),
                "gs1:pip", ROOT + "/catalogue?q=" + gtin,
                "gs1:certificationInfo", ROOT + "/dl/certification/01/" + gtin,
                "gs1:recallStatus", ROOT + "/dl/recall" + unit(serial),
                "gs1:instructions", ROOT + "/dl/instructions/01/" + gtin,
                "gs1:verificationService", ROOT + "/api/v1/verify",
                "https://gs1.org/voc/pip", ROOT + "/catalogue?q=" + gtin,
                "https%3A%2F%2Fref.gs1.org%2Fvoc%2FrecallStatus", ROOT + "/dl/recall" + unit(serial));
        expected.forEach((type, target) -> {
            HttpResponse<String> r = http.get(unit(serial) + "?linkType=" + type);
            assertThat(r.statusCode()).as(type).isEqualTo(307);
            assertThat(location(r)).as(type).isEqualTo(target);
        });
    }

    @Test
    void theQueryStringIsPassedOnWithoutLinkType() {
        HttpResponse<String> r = http.get(unit(serial) + "?linkType=gs1:pip&foo=bar");
        assertThat(location(r)).isEqualTo(ROOT + "/catalogue?q=" + gtin + "&foo=bar");
        assertThat(location(http.get(unit(serial) + "?foo=bar&lang=en"))).isEqualTo(ROOT + "/dl/info" + unit(serial) + "?foo=bar&lang=en");
    }

    @Test
    void theLinksetIsRfc9264JsonAndNeverARedirect() {
        for (String[] ask : List.of(new String[] {"?linkType=linkset", "*/*"}, new String[] {"?linkType=all", "*/*"},
                new String[] {"", "application/linkset+json"}, new String[] {"", "text/html;q=0.5, application/linkset+json"})) {
            HttpResponse<String> r = http.get(unit(serial) + ask[0], "Accept", ask[1]);
            assertThat(r.statusCode()).as(ask[0] + " " + ask[1]).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/linkset+json");
            assertThat(r.headers().firstValue("Link").orElse("")).contains("rel=\"http://www.w3.org/ns/json-ld#context\"");
            JsonObject doc = new JsonObject(r.body());
            List<String> problems = rfc9264Problems(doc);
            assertThat(problems).as(r.body()).isEmpty();
            JsonObject ctx = doc.getJsonArray("linkset").getJsonObject(0);
            assertThat(ctx.getString("anchor")).isEqualTo(ROOT + unit(serial));
            JsonArray def = ctx.getJsonArray("https://gs1.org/voc/defaultLink");
            assertThat(def).hasSize(1);
            assertThat(def.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("href", "title");   // resolver standard 4.2
            assertThat(ctx.fieldNames()).contains("https://gs1.org/voc/pip", "https://gs1.org/voc/certificationInfo",
                    "https://gs1.org/voc/recallStatus", "https://gs1.org/voc/instructions", "https://gs1.org/voc/verificationService");
            assertThat(r.body()).doesNotContain("GENUINE").doesNotContain("?M=");
        }
    }

    /**
     * RFC 9264 section 4.2: an object with exactly the member "linkset", an array of link context
     * objects; each has "anchor" (a URI) and relation types (registered names or URIs) whose values
     * are arrays of target objects; each target has "href" (a URI) and optional target attributes:
     * "title" a string, "type" a string, "hreflang" an array of strings.
     */
    static List<String> rfc9264Problems(JsonObject doc) {
        List<String> p = new ArrayList<>();
        if (!doc.fieldNames().equals(java.util.Set.of("linkset")) || !(doc.getValue("linkset") instanceof JsonArray a)) {
            p.add("top level must be {\"linkset\": [...]}");
            return p;
        }
        for (Object o : a) {
            if (!(o instanceof JsonObject c)) {
                p.add("a link context is not an object");
                continue;
            }
            if (!(c.getValue("anchor") instanceof String anchor) || !URI.create(anchor).isAbsolute()) {
                p.add("anchor missing or not an absolute URI");
            }
            for (String rel : c.fieldNames()) {
                if (rel.equals("anchor")) {
                    continue;
                }
                if (!URI.create(rel).isAbsolute()) {
                    p.add("relation type " + rel + " is not a URI");
                }
                if (!(c.getValue(rel) instanceof JsonArray targets) || targets.isEmpty()) {
                    p.add(rel + " is not a non-empty array");
                    continue;
                }
                for (Object t : targets) {
                    if (!(t instanceof JsonObject target) || !(target.getValue("href") instanceof String href)
                            || !URI.create(href).isAbsolute()) {
                        p.add(rel + ": a target without an absolute href");
                        continue;
                    }
                    if (!(target.getValue("title") instanceof String)) {
                        p.add(rel + ": no title (resolver standard 4.2: every link has one)");
                    }
                    if (target.containsKey("type") && !(target.getValue("type") instanceof String)) {
                        p.add(rel + ": type is not a string");
                    }
                    if (target.containsKey("hreflang") && !(target.getValue("hreflang") instanceof JsonArray)) {
                        p.add(rel + ": hreflang is not an array");
                    }
                }
            }
        }
        return p;
    }

    @Test
    void aBrowsersAcceptStillGetsTheRedirect() {
        HttpResponse<String> r = http.get(unit(serial), "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(r.statusCode()).isEqualTo(307);
    }

    @Test
    void headAnswersAsGetWithoutABody() throws Exception {
        HttpResponse<String> r = head(unit(serial));
        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(location(r)).isEqualTo(ROOT + "/dl/info" + unit(serial));
    }

    @Test
    void aLinkTypeTheItemLacksIs404NamingTheOnesItHas() {
        HttpResponse<String> r = http.get(unit(serial) + "?linkType=gs1:nosuchlt", "Accept", "application/json");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonObject e = new JsonObject(r.body());
        assertThat(e.getString("error")).isEqualTo("NO_SUCH_LINK");
        assertThat(e.getString("message")).contains("gs1:nosuchlt").contains("gs1:pip").contains("linkType=linkset");
        // a product alone has no batch, so no recall status
        HttpResponse<String> p = http.get("/01/" + gtin + "?linkType=gs1:recallStatus", "Accept", "application/json");
        assertThat(p.statusCode()).isEqualTo(404);
        assertThat(p.body()).doesNotContain("gs1:recallStatus,");
    }

    @Test
    void aProductALotAndALotWithASerialResolve() {
        assertThat(location(http.get("/01/" + gtin))).isEqualTo(ROOT + "/dl/info/01/" + gtin);
        assertThat(location(http.get("/01/" + gtin.substring(1)))).isEqualTo(ROOT + "/dl/info/01/" + gtin);   // GTIN-13 form
        assertThat(location(http.get("/01/" + gtin + "/10/LOT-" + batch))).isEqualTo(ROOT + "/dl/info/01/" + gtin + "/10/LOT-" + batch);
        assertThat(http.get("/01/" + gtin + "/10/LOT-" + batch + "/21/" + serial + "/").statusCode()).isEqualTo(307);
        assertThat(http.get("/01/" + gtin + "/10/LOT-" + batch + "/21/" + serial.toLowerCase()).statusCode()).isEqualTo(307);
    }

    @Test
    void whatNamesNothingRegisteredIs404WithASentence() {
        Map<String, String> cases = Map.of(
                "/01/" + otherGtin, "no certified product has the GTIN",
                "/01/" + otherGtin + "/21/" + serial, "no certified product has the GTIN",
                unit(recalledSerial.equals("AAAAAAAAAAAAA") ? "AAAAAAAAAAAAB" : "AAAAAAAAAAAAA"), "no unit with the serial number",
                unit("12345"), "not a serial number this programme issues",
                "/01/" + gtin + "/10/NO-SUCH-LOT", "no batch of the lot",
                "/01/" + gtin + "/10/LOT-" + recalledBatch + "/21/" + serial, "and the lot",
                "/01/" + gtin + "/22/V1", "consumer product variant");
        cases.forEach((path, sentence) -> {
            HttpResponse<String> r = http.get(path, "Accept", "application/json", "Accept-Language", "en");
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(new JsonObject(r.body()).getString("message")).as(path).contains(sentence);
        });
    }

    @Test
    void malformedLinksAre400WithASentenceNever500() {
        List<String> paths = List.of("/01/" + gtin.substring(0, 13) + ((gtin.charAt(13) - '0' + 1) % 10),   // wrong check digit
                "/01/notagtin", "/01/" + gtin + "/foo", unit(serial) + "/foo", "/01/" + gtin + "/8011/5",
                "/01/" + gtin + "/21/A%7EB", "/01/" + gtin + "/21/" + "A".repeat(21), "/01/" + gtin + "/21/" + serial + "/10/LOT",
                "/01/" + "9".repeat(250), "/01/" + gtin + "?17=991399", "/01/" + gtin + "?17=abc", "/01/",
                "/01/" + gtin + "/21/A%E2%80%AEB", "/01/" + gtin + "/21/%C0%AF");
        for (String path : paths) {
            HttpResponse<String> r = http.get(path, "Accept", "application/json", "Accept-Language", "en");
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            JsonObject e = new JsonObject(r.body());
            assertThat(e.getString("error")).as(path).isIn("BAD_DIGITAL_LINK", "BAD_PARAMETER");
            assertThat(e.getString("message")).as(path).startsWith("This is not a GS1 Digital Link this resolver reads")
                    .doesNotContain("Exception");
        }
        // the page form of an error in Chinese for a browser
        HttpResponse<String> zh = http.get("/01/notagtin", "Accept", "text/html");
        assertThat(zh.statusCode()).isEqualTo(400);
        assertThat(zh.body()).contains("GS1 数字链接").contains("data-error=\"BAD_DIGITAL_LINK\"");
    }

    @Test
    void aSignedMarkStillGetsItsVerdictPageAndLinkTypesOnTop() {
        String signed = MarkSigner.create(f.key.algorithm(), f.key.privateKey())
                .sign(new MarkContent(product, batch, new Serial(genuineSerial), new Gtin(gtin))).toUrl(Fixture.HOST);
        String path = signed.substring(("HTTPS://" + Fixture.HOST).length());
        HttpResponse<String> page = http.get(path, "Accept-Language", "en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-code=\"GENUINE\"");
        assertThat(page.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // a linkType on top is resolved; the verdict page is the default and the verification service
        HttpResponse<String> pip = http.get(path + "&linkType=gs1:pip");
        assertThat(pip.statusCode()).isEqualTo(307);
        assertThat(location(pip)).isEqualTo(ROOT + "/catalogue?q=" + gtin);
        String verdict = ROOT + path;
        assertThat(location(http.get(path + "&linkType=gs1:verificationService"))).isEqualTo(verdict);
        JsonObject set = new JsonObject(http.get(path, "Accept", "application/linkset+json").body());
        JsonObject ctx = set.getJsonArray("linkset").getJsonObject(0);
        assertThat(ctx.getString("anchor")).isEqualTo(ROOT + unit(serial));
        assertThat(ctx.getJsonArray("https://gs1.org/voc/defaultLink").getJsonObject(0).getString("href")).isEqualTo(verdict);
        assertThat(rfc9264Problems(set)).isEmpty();
        // an M that is not base32 cannot split a header: it is percent-encoded in the Location it comes back in
        HttpResponse<String> evil = http.get(unit(serial) + "?M=%0D%0AX-Evil:%201&linkType=gs1:verificationService");
        assertThat(evil.statusCode()).isEqualTo(307);
        assertThat(evil.headers().firstValue("X-Evil")).isEmpty();
        assertThat(location(evil)).isEqualTo(ROOT + unit(serial) + "?M=%0D%0AX-Evil%3A%201");
    }

    @Test
    void theRegistryPageNeverSaysGenuineAndSendsTheReaderToThePrintedCode() {
        for (String lang : List.of("en", "zh")) {
            HttpResponse<String> r = http.get("/dl/info" + unit(serial), "Accept-Language", lang);
            assertThat(r.statusCode()).isEqualTo(200);
            String b = r.body();
            assertThat(b).contains("data-section=\"info\"").contains("LOT-" + batch).contains(serial).contains(gtin)
                    .doesNotContain("GENUINE").doesNotContain("id=\"verdict\"").doesNotContain("This mark is genuine")
                    .doesNotContain("?M=");
            assertThat(b).contains(lang.equals("en") ? "This page does not say whether your pack is genuine" : "本页不能说明");
        }
        for (String section : List.of("certification", "recall", "instructions")) {
            HttpResponse<String> r = http.get("/dl/" + section + unit(serial), "Accept-Language", "en");
            assertThat(r.statusCode()).as(section).isEqualTo(200);
            assertThat(r.body()).as(section).contains("data-section=\"" + section + "\"").doesNotContain("GENUINE")
                    .contains("scan the QR code printed on it");
        }
        assertThat(http.get("/dl/certification/01/" + gtin, "Accept-Language", "en").body()).contains("T/FS 001-2024").contains("FS-" + product);
        assertThat(http.get("/dl/instructions/01/" + gtin, "Accept-Language", "en").body()).contains("https://" + Fixture.HOST.toLowerCase() + "/");
        assertThat(http.get("/dl/nosuch" + unit(serial)).statusCode()).isEqualTo(404);
        assertThat(http.get("/dl/info/01/notagtin").statusCode()).isEqualTo(400);
    }

    @Test
    void aRecalledBatchShowsItsNoticeAndAVoidedSerialStillResolvesAndSaysSo() {
        HttpResponse<String> recall = http.get("/dl/recall" + unit(recalledSerial), "Accept-Language", "en");
        assertThat(recall.body()).contains("id=\"recall\"").contains("Stop using; return to the shop.").contains("recalled");
        HttpResponse<String> clean = http.get("/dl/recall" + unit(serial), "Accept-Language", "en");
        assertThat(clean.body()).doesNotContain("id=\"recall\"").contains("No recall is recorded");
        // decision (docs/digital-link.md): the resolver standard has no 410; the unit is registered, so it resolves
        HttpResponse<String> voided = http.get(unit(voidedSerial));
        assertThat(voided.statusCode()).isEqualTo(307);
        assertThat(http.get("/dl/info" + unit(voidedSerial), "Accept-Language", "en").body())
                .contains("voided by the manufacturer");
        assertThat(http.get("/dl/info" + unit(serial) + "?17=270601", "Accept-Language", "en").body())
                .contains("is not the one registered for this batch");
    }

    @Test
    void theResolverAndItsPagesAreRateLimitedLikeTheConsumerPages() {
        Http limited = new Http(f.start("limited", Map.of("verify.rate-limit.per-minute", "3")).port());
        for (String path : List.of(unit(serial), "/dl/info" + unit(serial))) {
            HttpResponse<String> last = null;
            for (int i = 0; i < 10 && (last == null || last.statusCode() != 429); i++) {
                last = limited.get(path, "Accept", "application/json");
                assertThat(last.statusCode()).as(path).isIn(200, 307, 429);
            }
            assertThat(last.statusCode()).as(path).isEqualTo(429);
            assertThat(new JsonObject(last.body()).getString("error")).isEqualTo("RATE_LIMITED");
            assertThat(last.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void theDescriptionFileNamesTheRootKeysAndLinkTypes() {
        HttpResponse<String> r = http.get("/.well-known/gs1resolver");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject d = new JsonObject(r.body());
        assertThat(d.getString("resolverRoot")).isEqualTo(ROOT);
        assertThat(d.getJsonArray("supportedPrimaryKeys")).containsExactly("01");
        assertThat(d.getJsonArray("supportedLinkType").getJsonObject(0).getString("prefix")).isEqualTo("gs1:");
    }

    @Test
    void aPreflightIsAnsweredForTheResolverOnly() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + unit(serial)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("HEAD");
    }

    /** The cost of one resolve of a unit in the oldest of 40 batches: printed, and bounded by the search's caps. */
    @Test
    void aUnitInTheOldestOf40BatchesIsFoundAndTheSecondLookupIsCached() {
        long[] before = searchReads();
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.get("/01/" + manyGtin + "/21/" + oldSerial);
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(307);
        long[] after = searchReads();
        assertThat(after[0] - before[0]).isLessThanOrEqualTo(1);   // 0 when the product's batch list is cached already
        assertThat(after[1] - before[1]).isEqualTo(40);
        t0 = System.nanoTime();
        assertThat(http.get("/01/" + manyGtin + "/21/" + oldSerial).statusCode()).isEqualTo(307);
        long secondMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(searchReads()).isEqualTo(after);
        // a serial that lives nowhere (what a prober sends) costs the marks reads, never the batch list again
        assertThat(http.get("/01/" + manyGtin + "/21/" + "AAAAAAAAAAAAA").statusCode()).isEqualTo(404);
        assertThat(searchReads()[0]).isEqualTo(after[0]);
        System.out.println("resolver cost: first resolve " + firstMs + " ms (1 batches_by_licensee read, 40 marks reads in 2 waves), "
                + "second " + secondMs + " ms (cached: no search reads)");
    }

    /** {batches_by_licensee partitions, marks rows} read by the unit search so far, from /metrics. */
    static long[] searchReads() {
        String m = http.get("/metrics").body();
        return new long[] {metric(m, "verify_resolver_partition_reads"), metric(m, "verify_resolver_mark_reads")};
    }

    static long metric(String scrape, String name) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " not in /metrics");
    }
}
