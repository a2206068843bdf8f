package org.markauth.issuer.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.registry.Product;
import org.markauth.testing.Browser;
import org.markauth.testing.MutableClock;
import org.markauth.testing.WebDriver;

/**
 * The line station page (docs/station.md) in a real headless Chromium against a real issuer on the
 * real Cassandra: signed in with a line's station key, 200 units sent as a keyboard-wedge scanner
 * sends them (code + Enter into the focused field; a few key by key) and activated, the network cut half-way (chromedriver's network
 * emulation) with the page reloaded while cut, the queue replayed when it comes back; the 200 packed
 * 20 to a case with case labels of a second batch, the 10 cases onto a pallet, one unit rejected;
 * a revoked key replaced without losing the scan it held back, a label read by the camera option
 * (Chromium's fake camera, {@link CodeVideo}); then every unit's state, every scan
 * and every aggregation checked in the issuer: each applied once. One browser session; the page's per-scan answer times (Enter to state shown) are printed.
 */
class StationBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String F2 = "\uE032";
    static final String F3 = "\uE033";
    static final String F8 = "\uE038";

    static IssuerFixture fx;
    static HttpServer server;
    static Browser browser;
    static Principal maker = Principal.manufacturer("line-it", "SMAKER");
    static Batch units;
    static Batch labels;
    static Line line;
    static String token;
    static List<String> unitCodes;
    static List<String> labelCodes;
    static java.nio.file.Path video;

    @BeforeAll
    static void up() throws Exception {
        browser = Browser.require();
        // a ticking clock: the page stamps scans and packs with the browser's time, which the capture compares with the issuer's
        fx = new IssuerFixture("issuer_station_browser_it", IssuerFixture.PIPELINE, MutableClock.ticking());
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).listen().await(10, TimeUnit.SECONDS);
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("SMAKER");
        Product product = fx.licensedProduct("SMAKER");
        units = fx.issued(maker, product, 201, "station-units");
        labels = fx.issued(maker, product, 11, "station-labels");
        unitCodes = codes(units);
        labelCodes = codes(labels);
        line = fx.services.lines.create(maker, null, "Line 1", List.of(units.batchId()), 20, 10);
        token = fx.services.lines.issueKey(maker, line.lineId(), "line-it").token();
    }

    @AfterAll
    static void down() {
        if (server != null) {
            server.close().await();
        }
        if (fx != null) {
            fx.close();
        }
        if (video != null) {
            video.toFile().delete();
        }
    }

    /** The batch's printed codes (the label URLs), in serial order. */
    static List<String> codes(Batch b) throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        PrintFormat.CSV.write(fx.services.batches, maker, b, 1, b.quantity(), csv);
        return csv.toString(StandardCharsets.US_ASCII).lines().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
    }

    @Test
    void aLineActivatesPacksAndRejectsThroughANetworkCutWithEveryScanAppliedOnce() throws Exception {
        String app = "http://127.0.0.1:" + server.actualPort() + "/station/";
        List<Double> times = new ArrayList<>();
        List<Double> paced = new ArrayList<>();
        long started = System.nanoTime();
        // the station's webcam (Chromium's fake camera) films unit 3's label; used only when the camera is switched on
        video = CodeVideo.write(unitCodes.get(2), 8, java.nio.file.Files.createTempFile("station-label", ".y4m"));
        try (WebDriver w = WebDriver.start(browser, "zh-CN", List.of("--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream", "--use-file-for-fake-video-capture=" + video))) {
            w.go(app);
            w.await("return document.body.dataset.ready === 'signin'", WAIT);
            assertThat(w.attribute("html", "lang")).isEqualTo("zh-CN");
            w.type("#key", token + "\n");
            w.await("return document.body.dataset.ready === 'station'", WAIT);
            assertThat(w.text("#line-name")).contains("Line 1");
            assertThat(w.execute("return document.activeElement.id")).isEqualTo("code");

            // activate 1-100 online, typed as the scanner types: code, Enter
            type(w, unitCodes.subList(0, 100));
            drained(w);
            assertThat(w.attribute("#state", "data-outcome")).isEqualTo("OK");
            assertThat(w.attribute("#state", "class")).contains("look-ok");

            // the network cut: 101-150 are queued, the page is reloaded while cut, 151-200 queued too
            w.offline(true);
            type(w, unitCodes.subList(100, 150));
            w.await("return window.markauthStation.queued() === 50 && window.markauthStation.pending() === 0", WAIT);
            assertThat(w.attribute("#state", "data-outcome")).isEqualTo("QUEUED");
            assertThat(w.attribute("#banner", "data-queued")).isEqualTo("50");
            times.addAll(answerTimes(w));
            w.go(app);
            w.await("return document.body.dataset.ready === 'station' && window.markauthStation.queued() === 50", WAIT);
            type(w, unitCodes.subList(150, 200));
            w.await("return window.markauthStation.queued() === 100 && window.markauthStation.pending() === 0", WAIT);
            w.offline(false);
            drained(w);

            // pack mode (F2): 20 units CHECKed, then the case label; ten cases
            w.keys(F2);
            for (int c = 0; c < 9; c++) {
                List<String> scans = new ArrayList<>(unitCodes.subList(c * 20, c * 20 + 20));
                scans.add(labelCodes.get(c));
                type(w, scans);
            }
            drained(w);
            // the last case at a line's pace, one scan after the other's answer: the answer time of a scan, not of a queue
            times.addAll(answerTimes(w));
            w.execute("window.markauthStation.answerTimes.length = 0");
            List<String> last = new ArrayList<>(unitCodes.subList(180, 200));
            last.add(labelCodes.get(9));
            for (String code : last) {
                type(w, List.of(code));
                drained(w);
            }
            paced.addAll(answerTimes(w));
            w.execute("window.markauthStation.answerTimes.length = 0");
            assertThat(w.attribute("#state", "data-outcome")).isEqualTo("PACKED");
            // the ten cases onto a pallet (F8: the packing level)
            w.keys(F8);
            assertThat(w.execute("return document.getElementById('level-PALLET').checked")).isEqualTo(true);
            List<String> pallet = new ArrayList<>(labelCodes.subList(0, 10));
            pallet.add(labelCodes.get(10));
            type(w, pallet);
            drained(w);
            assertThat(w.attribute("#state", "data-outcome")).isEqualTo("PACKED");

            // reject (F3) unit 201 with the default reason; then refusals the operator sees in amber and red
            w.keys(F3);
            keyByKey(w, unitCodes.get(200));
            drained(w);
            assertThat(w.attribute("#state", "data-outcome")).isEqualTo("OK");
            w.keys("\uE031");   // F1: activate
            keyByKey(w, unitCodes.get(0));
            drained(w);
            assertThat(w.attribute("#state", "data-outcome")).isEqualTo("ALREADY_ACTIVE");
            assertThat(w.attribute("#state", "class")).contains("look-warn");
            keyByKey(w, "hello");
            drained(w);
            assertThat(w.attribute("#state", "data-outcome")).isEqualTo("UNREADABLE");
            assertThat(w.attribute("#state", "class")).contains("look-bad");
            // English; the switch took the focus, yet the scanner's next code still lands in the scan field
            w.click("#lang");
            w.await("return document.documentElement.lang === 'en'", WAIT);   // the page switches after the click's handler ran
            keyByKey(w, "abc");
            drained(w);
            assertThat(w.text("#state-code")).isEqualTo("abc");
            assertThat(w.text("#state-word")).isEqualTo("Unreadable");

            // the key revoked: the next scan waits in the outbox and the page asks for a key; a new key of the line sends it
            fx.services.apiKeys.revoke(token).toCompletableFuture().get();
            keyByKey(w, unitCodes.get(1));
            w.await("return !document.getElementById('signin').hidden && window.markauthStation.queued() === 1", WAIT);
            assertThat(w.text("#signin-msg")).contains("refused this station key");
            w.type("#key", fx.services.lines.issueKey(maker, line.lineId(), "line-it").token() + "\n");
            drained(w);
            assertThat(w.attribute("#state", "data-outcome")).isEqualTo("ALREADY_ACTIVE");
            assertThat(w.execute("return document.activeElement.id")).isEqualTo("code");

            // the camera option: the decoder's chunk loads, the label under the camera is read once
            w.click("#camera");
            w.await("return document.getElementById('state-code').textContent === '" + unitCodes.get(2) + "'", WAIT);
            drained(w);
            assertThat(w.attribute("#state", "data-outcome")).isEqualTo("ALREADY_ACTIVE");
            w.click("#camera");
            times.addAll(answerTimes(w));
        }
        double wall = (System.nanoTime() - started) / 1e9;

        // every unit's final state, in the issuer
        for (int seq = 1; seq <= 200; seq++) {
            assertThat(fx.services.activation.effectiveState(units.batchId(), seq)).as("unit %d", seq).isEqualTo("ACTIVE");
        }
        assertThat(fx.services.activation.effectiveState(units.batchId(), 201)).isEqualTo("VOIDED");

        // every scan the issuer kept, once: 200 activations and three deliberate repeats (one by camera), 200 checks, one rejection, two unreadable
        Map<String, Integer> scans = new HashMap<>();
        for (Row r : fx.ks.session().execute("SELECT mode, outcome FROM station_scans")) {
            scans.merge(r.getString("mode") + " " + r.getString("outcome"), 1, Integer::sum);
        }
        assertThat(scans).containsExactlyInAnyOrderEntriesOf(Map.of("ACTIVATE OK", 200, "ACTIVATE ALREADY_ACTIVE", 3,
                "ACTIVATE UNREADABLE", 2, "CHECK OK", 200, "REJECT OK", 1));

        // every aggregation, once: ten cases of 20 distinct units, one pallet of the ten cases
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonObject doc = fx.services.query.exportPeriod(maker, "SMAKER", today.minusDays(1), today.plusDays(1));
        JsonArray events = doc.getJsonObject("epcisBody").getJsonArray("eventList");
        List<JsonObject> aggregations = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if ("AggregationEvent".equals(events.getJsonObject(i).getString("type"))) {
                aggregations.add(events.getJsonObject(i));
            }
        }
        assertThat(aggregations).hasSize(11);
        assertThat(aggregations.stream().map(e -> e.getString("eventID")).distinct()).hasSize(11);
        Set<String> packedUnits = new HashSet<>();
        Set<String> cases = new HashSet<>();
        List<JsonObject> pallets = new ArrayList<>();
        for (JsonObject e : aggregations) {
            assertThat(e.getString("action")).isEqualTo("ADD");
            List<String> children = e.getJsonArray("childEPCs").stream().map(String::valueOf).toList();
            if (children.size() == 20) {
                packedUnits.addAll(children);
                cases.add(e.getString("parentID"));
            } else {
                pallets.add(e);
            }
        }
        assertThat(packedUnits).as("200 distinct units in the ten cases").hasSize(200);
        assertThat(cases).hasSize(10);
        assertThat(pallets).hasSize(1);
        assertThat(new HashSet<>(pallets.get(0).getJsonArray("childEPCs").stream().map(String::valueOf).toList())).isEqualTo(cases);
        Map<String, Integer> packs = new HashMap<>();
        for (Row r : fx.ks.session().execute("SELECT level, outcome FROM station_packs")) {
            packs.merge(r.getString("level") + " " + r.getString("outcome"), 1, Integer::sum);
        }
        assertThat(packs).containsExactlyInAnyOrderEntriesOf(Map.of("CASE OK", 10, "PALLET OK", 1));

        System.out.printf("StationBrowserIT: answer times on the page (Enter to state shown; offline: to 'queued'): %s at a line's pace "
                + "(one scan after the other's answer); %s in the test's bursts (a scan every ~40 ms: queueing included); "
                + "test body %.1f s, of which sending %d codes %.1f s%n", summary(paced), summary(times), wall, typed, typing / 1e9);
    }

    static String summary(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        return String.format(java.util.Locale.ROOT, "%d scans median %.1f ms, p95 %.1f ms, max %.1f ms", s.size(), s.get((s.size() - 1) / 2),
                s.get((int) Math.ceil(0.95 * s.size()) - 1), s.get(s.size() - 1));
    }

    @Test
    void theIssuerServesThePageOpenWithTheAppsHeadersAndCaching() throws Exception {
        String base = "http://127.0.0.1:" + server.actualPort();
        java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
            try {
                return c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        var bare = get.apply("/station");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/station/");

        var page = get.apply("/station/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<html lang=\"zh-CN\">").doesNotContain("%APP_JS%");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        var again = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/station/"))
                .header("If-None-Match", etag).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);

        java.util.regex.Matcher js = java.util.regex.Pattern.compile("assets/main-[A-Z0-9]{8}\\.js").matcher(page.body());
        assertThat(js.find()).isTrue();
        var asset = get.apply("/station/" + js.group());
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(get.apply("/station/sw.js").headers().firstValue("Service-Worker-Allowed")).hasValue("/station/");

        // only the bundle's files, from the jar: unknown names, other types, folders and escapes are a 404
        for (String path : List.of("/station/nope.js", "/station/assets/", "/station/..%2Fissuer-openapi.yaml",
                "/station/.hidden.js", "/station/index.jsp")) {
            assertThat(get.apply(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    /**
     * The codes as a keyboard-wedge scanner sends them into the focused scan field: each code, then
     * Enter ({@link WebDriver#scan}: the text as one input, Enter as key events), one after the other
     * without waiting for the page's answers.
     */
    static void type(WebDriver w, List<String> codes) throws Exception {
        long t = System.nanoTime();
        for (String c : codes) {
            w.scan(c);
        }
        typing += System.nanoTime() - t;
        typed += codes.size();
    }

    /** The same key by key (W3C key actions, a few ms a key): the slow path, for a few codes only. */
    static void keyByKey(WebDriver w, String code) throws Exception {
        long t = System.nanoTime();
        w.keys(code + "\n");
        typing += System.nanoTime() - t;
        typed++;
    }

    static long typing;
    static long typed;

    /** Waits until the page has every answer and an empty outbox. */
    static void drained(WebDriver w) throws Exception {
        w.await("return window.markauthStation.queued() === 0 && window.markauthStation.waiting() === 0", WAIT);
    }

    static List<Double> answerTimes(WebDriver w) throws Exception {
        Object v = w.execute("return window.markauthStation.answerTimes");
        List<?> list = v instanceof JsonArray a ? a.getList() : (List<?>) v;
        return list.stream().map(x -> ((Number) x).doubleValue()).toList();
    }
}
