package org.markauth.verify.officer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.registry.BatchState;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.RangeKind;
import org.markauth.registry.UnitState;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.status.BatchStatus;
import org.markauth.sdk.status.StatusList;
import org.markauth.sdk.status.StatusListSigner;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.testing.Browser;
import org.markauth.testing.WebDriver;
import org.markauth.testing.Worlds;
import org.markauth.verify.Fixture;
import org.markauth.verify.Http;
import org.markauth.verify.app.VerifyServer;

/**
 * The officer app (docs/officer-app.md) in a real headless Chromium against a real verify-api on
 * the real Cassandra and Redis: sign-in and device registration; an online check typed as a
 * hardware scanner types it; a printed label read through Chromium's fake camera (a Y4M video
 * {@link LabelVideo} makes); the network cut through chromedriver's network emulation, then
 * genuine, forged, recalled and voided codes checked offline with the signed lists the app keeps,
 * an inspection with a photo and a seizure recorded and signed on the phone, the app reopened with
 * no network (service worker), and, back online, the record arriving exactly once with a device
 * signature that verifies (and refused once altered). Also: every vector of docs/test-vectors
 * through the app's offline module in Chromium, and accessibility basics (labels, names, language,
 * contrast, keyboard only).
 */
class OfficerAppBrowserIT {

    static final MarkKeyPair STATUS_KEY = KeyPairs.generate(SignatureAlgorithm.ED25519);
    static final Duration WAIT = Duration.ofSeconds(20);

    static Fixture f;
    static VerifyServer server;
    static Http http;
    static Browser browser;
    static String app;
    static String officer;
    static String officerToken;
    static int product;
    static int batch;
    static int recalledBatch;
    static long genuineSerial;
    static String genuine;
    static String forged;
    static String recalled;
    static String voided;
    static Path video;

    @BeforeAll
    static void up() throws Exception {
        browser = Browser.require();
        f = new Fixture("officer_app_it");
        Worlds.GenuineBatch world = f.genuineBatch(50);
        product = world.productId();
        batch = world.batchId();
        genuineSerial = f.mark(batch, 1, null);
        long voidedSerial = f.mark(batch, 2, UnitState.VOIDED);
        recalledBatch = f.newId();
        f.batch(recalledBatch, product, Worlds.LICENSEE, BatchState.RECALLED, null, Instant.now().minus(Duration.ofDays(20)));
        f.range(recalledBatch, 1, 10, RangeKind.ACTIVATE);
        long recalledSerial = f.mark(recalledBatch, 1, null);
        genuine = f.url(product, batch, genuineSerial);
        forged = flippedSignatureByte(f.key, product, batch, f.mark(batch, 3, null));
        recalled = f.url(product, recalledBatch, recalledSerial);
        voided = f.url(product, batch, voidedSerial);
        publishStatusList(KeyId.of(f.key.publicKey()).value(), voidedSerial);
        officer = "officer-app-" + UUID.randomUUID().toString().substring(0, 8);
        officerToken = ApiKeyStore.create(f.session, Clock.systemUTC()).issue(Principal.officer(officer)).toCompletableFuture().get();
        server = f.start("officer", Map.of());
        http = new Http(server.port());
        app = "http://127.0.0.1:" + server.port() + "/officer/";
        video = LabelVideo.write(LabelVideo.label(genuine, genuineSerial, 1), 12, Files.createTempFile("officer-label", ".y4m"));
    }

    @AfterAll
    static void down() throws Exception {
        if (f != null) {
            f.close();
        }
        if (video != null) {
            Files.deleteIfExists(video);
        }
    }

    /** A code whose signature has one byte flipped: what a forger who copied and edited a mark prints. */
    static String flippedSignatureByte(MarkKeyPair k, int productId, int batchId, long serial) {
        SignedMark m = MarkSigner.create(k.algorithm(), k.privateKey()).sign(new MarkContent(productId, batchId, new Serial(serial)));
        byte[] sig = m.signature();
        sig[10] ^= 0x01;
        return new SignedMark(m.content(), m.algorithm(), m.keyId(), sig).toUrl(Fixture.HOST);
    }

    /** Sequence 1 of the status list, as the issuer's StatusListPublisher stores it: the recalled batch, the voided unit. */
    static void publishStatusList(int keyId, long voidedSerial) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        RawSigner root = RawSigner.create(SignatureAlgorithm.ED25519, f.root.privateKey());
        StatusListSigner signer = new StatusListSigner(RawSigner.create(SignatureAlgorithm.ED25519, STATUS_KEY.privateKey()),
                Delegation.issue(root, KeyUse.STATUS, SignatureAlgorithm.ED25519, STATUS_KEY.publicKey(), now.minusSeconds(60),
                        now.plus(Duration.ofDays(365))));
        StatusList list = new StatusList(1, now, now.plus(Duration.ofHours(6)), List.of(
                new BatchStatus(keyId, product, recalledBatch, true, new long[0], new long[0], new long[0]),
                new BatchStatus(keyId, product, batch, false, new long[] {voidedSerial}, new long[0], new long[0])));
        f.session.execute("INSERT INTO status_lists (list, sequence, full_document, delta_document, units, published_at) "
                + "VALUES ('current', ?, ?, ?, ?, ?)", list.sequence(), ByteBuffer.wrap(signer.full(list)), null,
                (int) list.unitCount(), Instant.now());
    }

    /** A phone-shaped Chromium whose camera films the label. */
    static WebDriver phone() throws Exception {
        WebDriver b = WebDriver.start(browser, "zh-CN", List.of("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + video));
        b.windowSize(412, 915);
        return b;
    }

    static void open(WebDriver b) throws Exception {
        b.go(app);
        b.await("return document.body.dataset.ready === 'true'", WAIT);
    }

    /** Signs in as the scanner of a wedge would type: the credential and Enter; waits for the device and the lists. */
    static String signIn(WebDriver b) throws Exception {
        open(b);
        b.type("#credential", officerToken + "\n");
        String device = (String) b.await("return document.body.dataset.device", WAIT);
        b.await("return document.body.dataset.lists === 'loaded' && document.getElementById('lists').dataset.sequence === '1'", WAIT);
        return device;
    }

    /** Types a code and Enter into the scan field; waits for the verdict of {@code source} with {@code code}. */
    static void scan(WebDriver b, String code, String expected, String source) throws Exception {
        b.type("#code", code + "\n");
        b.await("const v = document.getElementById('verdict'); return v && v.dataset.code === '" + expected
                + "' && v.dataset.source === '" + source + "'", WAIT);
    }

    /** Runs {@code body}; on failure leaves a screenshot in target/ for the reader of the report. */
    static void withScreenshot(WebDriver b, TestInfo info, ThrowingRunnable body) throws Exception {
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            try {
                Files.write(Path.of("target", "officer-app-" + info.getTestMethod().orElseThrow().getName() + ".png"), b.screenshot());
            } catch (Exception ignored) {
                // the failure below is what matters
            }
            throw e;
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void theWorkListShowsAnAlertOfTheAreaTheOfficerTakesItAndRecordsAFinding(TestInfo info) throws Exception {
        // the area as the issuer writes it, an alert of that region and one of another, as AlertWriter writes them
        f.session.execute("INSERT INTO officer_areas (officer, regions, set_by, set_at) VALUES (?, {'TEST-NET-1'}, 'regulator', ?)",
                officer, Instant.now());
        UUID here = alert("TEST-NET-1");
        UUID elsewhere = alert("TEST-NET-2");
        try (WebDriver b = phone()) {
            withScreenshot(b, info, () -> {
                signIn(b);
                String item = "#wl-alerts li[data-id='" + here + "']";
                b.await("return !!document.querySelector(\"" + item + "\")", WAIT);
                assertThat(b.execute("return !!document.querySelector(\"#wl-alerts li[data-id='" + elsewhere + "']\")")).isEqualTo(false);
                b.click("button[data-take='" + here + "']");   // a POST with the session cookie and its CSRF token
                b.await("const li = document.querySelector(\"" + item + "\"); return li && li.dataset.taken === '" + officer + "'", WAIT);
                b.execute("document.getElementById('wl-f-" + here + "').value = 'NOTHING_FOUND'");
                b.type("#wl-n-" + here, "shelf checked");
                b.click(item + " form.wl-outcome button");
                b.await("return document.getElementById('wl-status') && document.getElementById('wl-status').textContent.includes('结论已记录')", WAIT);
                var row = f.session.execute("SELECT status, taken_by, finding FROM alert_by_id WHERE alert_id = ?", here).one();
                assertThat(row.getString("status")).isEqualTo("INVESTIGATING");
                assertThat(row.getString("taken_by")).isEqualTo(officer);
                assertThat(row.getString("finding")).isEqualTo("NOTHING_FOUND");
                assertThat(f.session.execute("SELECT note FROM alert_history WHERE alert_id = ?", here).all())
                        .extracting(r -> r.getString(0)).contains("taken by " + officer, "outcome: NOTHING_FOUND — shelf checked");
                // offline the work list says it needs a connection
                b.offline(true);
                b.await("return !!document.getElementById('wl-offline')", WAIT);
                b.offline(false);
            });
        }
    }

    /** An OPEN alert of the region, written as verify-api's AlertWriter writes it. */
    static UUID alert(String region) {
        UUID id = UUID.randomUUID();
        UUID at = com.datastax.oss.driver.api.core.uuid.Uuids.timeBased();
        java.nio.ByteBuffer serial = java.nio.ByteBuffer.allocate(8).putLong(0, genuineSerial);
        f.session.execute("INSERT INTO alerts_by_status (status, at, alert_id, rule, batch_id, serial, product_id, summary, region) "
                + "VALUES ('OPEN', ?, ?, 'OFF_MARKET', ?, ?, ?, 'scanned outside the market', ?)", at, id, batch, serial, product, region);
        f.session.execute("INSERT INTO alert_by_id (alert_id, at, status, rule, batch_id, serial, product_id, summary, evidence, region) "
                + "VALUES (?, ?, 'OPEN', 'OFF_MARKET', ?, ?, ?, 'scanned outside the market', '{}', ?)", id, at, batch, serial, product, region);
        return id;
    }

    @Test
    void theTestVectorsPassInChromiumThroughTheAppsOfflineModule(TestInfo info) throws Exception {
        Path dir = Path.of("..", "docs", "test-vectors");
        JsonObject marks = new JsonObject(Files.readString(dir.resolve("marks.json")));
        JsonObject trust = new JsonObject(Files.readString(dir.resolve("trust-lists.json")));
        JsonObject status = new JsonObject(Files.readString(dir.resolve("status-lists.json")));
        String script;
        try (InputStream in = getClass().getResourceAsStream("vectors-in-browser.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int expected = marks.getJsonArray("vectors").size() + trust.getJsonArray("vectors").size() + 3
                + status.getJsonArray("invalid").size() + status.getJsonArray("storeRules").size() + 2 * status.getJsonArray("marks").size();
        try (WebDriver b = phone()) {
            withScreenshot(b, info, () -> {
                open(b);
                b.scriptTimeout(Duration.ofMinutes(2));   // SM2 in JavaScript on a small machine
                long t0 = System.nanoTime();
                JsonObject r = (JsonObject) b.executeAsync(script, marks, trust, status);
                System.out.println("officer app: " + r.getInteger("checked") + " vectors in Chromium in "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms");
                assertThat(r.getJsonArray("failures").getList()).as("vectors that failed in Chromium").isEmpty();
                assertThat(r.getInteger("checked")).isEqualTo(expected);
            });
        }
    }

    @Test
    void anOfficerSignsInChecksATypedCodeOnlineAndReadsAPrintedLabelWithTheCamera(TestInfo info) throws Exception {
        try (WebDriver b = phone()) {
            withScreenshot(b, info, () -> {
                String device = signIn(b);
                assertThat(device).matches("[0-9a-f]{32}");
                assertThat(b.text("#who-line")).contains(officer);
                assertThat(http.get("/api/v1/officer/devices", "Authorization", "Bearer " + officerToken).body())
                        .as("the phone's key is registered against the officer").contains(device);

                // a hardware scanner (keyboard wedge) types the code and Enter
                scan(b, genuine, "GENUINE", "ONLINE");
                assertThat(b.text("#verdict h2")).isEqualTo("正品");
                assertThat(b.text("#result")).contains("佛山电器").contains("LOT-" + batch);
                scan(b, forged, "FORGED", "ONLINE");

                // the camera: the fake device plays the label video; the app reads the QR and stops the camera
                long t0 = System.nanoTime();
                b.click("#camera");
                b.await("const v = document.getElementById('verdict'); return v && v.dataset.code === 'GENUINE'", WAIT);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("officer app: camera to verdict " + ms + " ms (open camera, decode, online check)");
                assertThat(b.execute("return document.getElementById('code').value")).isEqualTo(genuine);
                assertThat(b.execute("return document.getElementById('video').srcObject === null"))
                        .as("the camera is stopped once a code is read").isEqualTo(true);
                assertThat(b.execute("return document.getElementById('camera-box').hidden")).isEqualTo(true);

                b.click("#lang");
                assertThat(b.execute("return document.documentElement.lang")).isEqualTo("en");
                assertThat(b.text("#verdict h2")).isEqualTo("Genuine");
                assertThat(b.text("label[for=code]")).startsWith("Mark code");
            });
        }
    }

    @Test
    void offlineTheAppChecksWithItsSignedListsAndTheInspectionItSignsArrivesOnceWhenBackOnline(TestInfo info) throws Exception {
        Path photo = Files.createTempFile("seized-goods", ".jpg");
        try (WebDriver b = phone()) {
            withScreenshot(b, info, () -> {
                String device = signIn(b);
                b.await("return !!navigator.serviceWorker.controller", WAIT);
                b.click("#start");

                b.offline(true);
                b.await("return document.body.dataset.online === 'false'", WAIT);
                scan(b, genuine, "SIGNATURE_VALID", "OFFLINE");
                assertThat(b.text("#verdict-source")).startsWith("离线核验，名单来自");
                scan(b, forged, "FORGED", "OFFLINE");
                scan(b, recalled, "RECALLED", "OFFLINE");
                scan(b, voided, "VOIDED", "OFFLINE");
                assertThat(b.execute("return [...document.querySelectorAll('#units li')].map(li => li.dataset.verdict + '/' + li.dataset.source).join(',')"))
                        .isEqualTo("SIGNATURE_VALID/OFFLINE,FORGED/OFFLINE,RECALLED/OFFLINE,VOIDED/OFFLINE");
                b.click("#outcome-1 option[value=SEIZED]");

                // a 2400 x 1800 photo: the app downscales it to 1600 px before hashing
                BufferedImage img = new BufferedImage(2400, 1800, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(new Color(0x3366aa));
                g.fillRect(0, 0, 2400, 1800);
                g.setColor(Color.ORANGE);
                g.fillOval(600, 400, 1200, 1000);
                g.dispose();
                ImageIO.write(img, "jpg", photo.toFile());
                b.type("#photo", photo.toString());
                b.await("return document.querySelectorAll('#photo-list li').length === 1", WAIT);
                b.type("#sz-qty", "3");
                b.type("#sz-reason", "假冒标志");
                b.type("#sz-held", "禅城区市场监管局仓库 2 号");
                b.click("#sz-add");
                b.await("return document.querySelectorAll('#seizure-list li').length === 1", WAIT);
                b.type("#notes", "摊位 12，店主不在");
                b.click("#finish");
                String id = (String) b.await("const e = document.getElementById('finished'); return e && e.dataset.id", WAIT);
                assertThat(b.attribute("#outbox-count", "data-pending")).isEqualTo("1");

                // the app opens again with no network at all (service worker), the record still waiting
                b.go(app);
                b.await("return document.body.dataset.ready === 'true'", WAIT);
                assertThat(b.attribute("#outbox-count", "data-pending")).isEqualTo("1");
                scan(b, recalled, "RECALLED", "OFFLINE");

                b.offline(false);
                b.await("return document.getElementById('outbox-count').dataset.sent === '1'", Duration.ofSeconds(40));
                assertThat(b.attribute("#outbox-list li[data-id='" + id + "']", "data-state")).isEqualTo("sent");

                JsonObject held = (JsonObject) b.executeAsync("""
                        const [id, done] = arguments;
                        const open = indexedDB.open('markauth-officer');
                        open.onsuccess = () => {
                          const tx = open.result.transaction(['outbox', 'kv']);
                          const item = tx.objectStore('outbox').get(id);
                          const dev = tx.objectStore('kv').get('device');
                          tx.oncomplete = () => done({ record: item.result.record, signature: item.result.signature,
                            recordSha256: item.result.recordSha256, publicKey: dev.result.publicKey, deviceId: dev.result.deviceId });
                        };
                        open.onerror = () => done(null);""", id);
                String text = held.getString("record");
                JsonObject record = new JsonObject(text);
                assertThat(record.getString("id")).isEqualTo(id);
                assertThat(record.getString("officer")).isEqualTo(officer);
                assertThat(record.getString("device")).isEqualTo(device).isEqualTo(held.getString("deviceId"));
                assertThat(record.getJsonArray("units").stream().map(u -> ((JsonObject) u).getString("verdict")).toList())
                        .containsExactly("SIGNATURE_VALID", "FORGED", "RECALLED", "VOIDED");
                assertThat(record.getJsonArray("units").getJsonObject(0).getInteger("statusSequence")).isEqualTo(1);
                assertThat(record.getJsonArray("units").getJsonObject(0).getInteger("batchId")).isEqualTo(batch);
                assertThat(record.getJsonArray("units").getJsonObject(0).getString("serial")).isEqualTo(String.format("%016x", genuineSerial));
                assertThat(record.getJsonArray("units").getJsonObject(1).getString("outcome")).isEqualTo("SEIZED");
                assertThat(record.getJsonArray("photos")).hasSize(1);
                assertThat(record.getJsonArray("photos").getJsonObject(0).getString("type")).isEqualTo("image/jpeg");
                assertThat(record.getJsonArray("seizures").getJsonObject(0).getInteger("quantity")).isEqualTo(3);
                assertThat(record.getString("notes")).isEqualTo("摊位 12，店主不在");

                // the device signature verifies under the registered key, and the server hashed exactly these bytes
                byte[] spki = Base64.getUrlDecoder().decode(held.getString("publicKey"));
                assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)).substring(0, 32)).isEqualTo(device);
                byte[] signature = Base64.getUrlDecoder().decode(held.getString("signature"));
                assertThat(signature).hasSize(64);
                assertThat(verifies(spki, text, signature)).as("device signature over the record").isTrue();
                assertThat(verifies(spki, text.replace("\"quantity\":3", "\"quantity\":4"), signature)).isFalse();
                assertThat(held.getString("recordSha256")).isEqualTo(HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))));

                // exactly once on the server, and sending the same bytes again changes nothing
                String auth = "Bearer " + officerToken;
                assertThat(http.get("/api/v1/officer/inspections/" + id, "Authorization", auth).statusCode()).isEqualTo(200);
                JsonObject body = new JsonObject().put("record", text).put("signature", held.getString("signature"));
                var again = http.post("/api/v1/officer/inspections", "application/json", body.encode(), "Authorization", auth);
                assertThat(again.statusCode()).isEqualTo(200);
                assertThat(new JsonObject(again.body()).getString("recordSha256")).isEqualTo(held.getString("recordSha256"));
                assertThat(countWithId(http.get("/api/v1/officer/inspections", "Authorization", auth).body(), id))
                        .as("the record arrived exactly once").isEqualTo(1);

                // a record altered in transit (another id, other notes, the phone's signature) is refused
                String altered = text.replace(id, UUID.randomUUID().toString()).replace("店主不在", "店主在场");
                var refused = http.post("/api/v1/officer/inspections", "application/json",
                        new JsonObject().put("record", altered).put("signature", held.getString("signature")).encode(), "Authorization", auth);
                assertThat(refused.statusCode()).isEqualTo(422);
                assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("BAD_SIGNATURE");
            });
        } finally {
            Files.deleteIfExists(photo);
        }
    }

    @Test
    void labelsNamesLanguageContrastAndTheMainFlowByKeyboardAlone(TestInfo info) throws Exception {
        try (WebDriver b = phone()) {
            withScreenshot(b, info, () -> {
                open(b);
                assertThat(b.execute("return document.documentElement.lang")).isEqualTo("zh-CN");
                assertThat(unlabelled(b)).as("controls without a label or name, signed out").isEmpty();

                // keyboard only: Tab to the credential, type it and Enter; the scan field gets the focus; a code and Enter
                b.execute("document.activeElement && document.activeElement.blur()");
                b.keys(WebDriver.TAB);
                assertThat(b.execute("return document.activeElement.id")).isEqualTo("lang");
                b.keys(WebDriver.TAB);
                assertThat(b.execute("return document.activeElement.id")).isEqualTo("credential");
                b.keys(officerToken + "\n");
                b.await("return document.body.dataset.session === 'in' && document.activeElement.id === 'code'", WAIT);
                b.keys(genuine + "\n");
                b.await("const v = document.getElementById('verdict'); return v && v.dataset.code === 'GENUINE'", WAIT);
                assertThat(b.execute("return document.activeElement.id")).isEqualTo("code");
                b.keys(WebDriver.TAB);
                assertThat(b.execute("return document.activeElement.id")).isEqualTo("check");
                b.keys(WebDriver.TAB);
                assertThat(b.execute("return document.activeElement.id")).isEqualTo("camera");

                b.click("#start");
                assertThat(unlabelled(b)).as("controls without a label or name, inspection open").isEmpty();
                JsonArray low = (JsonArray) b.execute(CONTRAST);
                assertThat(low.getList()).as("text below 4.5:1 against its background").isEmpty();
                assertThat(b.execute("return document.querySelectorAll('#verdict, label, button, p, h1, h2, dd').length"))
                        .as("the contrast check saw the page").isNotEqualTo(0L);
            });
        }
    }

    /** Inputs, selects and text areas without a label, and buttons without an accessible name. */
    static List<Object> unlabelled(WebDriver b) throws Exception {
        return ((JsonArray) b.execute("""
                const bad = [];
                for (const e of document.querySelectorAll('input, select, textarea')) {
                  const named = (e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
                  if (!named) bad.push(e.outerHTML.slice(0, 80));
                }
                for (const e of document.querySelectorAll('button')) {
                  if (!(e.textContent.trim() || e.getAttribute('aria-label'))) bad.push(e.outerHTML.slice(0, 80));
                }
                return bad;""")).getList();
    }

    /** WCAG 2 contrast of every visible text element's colour against the first opaque background behind it. */
    static final String CONTRAST = """
            const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
              .reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
            const bg = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
              if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
            const low = [];
            for (const e of document.querySelectorAll('#verdict, #verdict h2, #verdict p, label, button, p, h1, h2, h3, dd, dt, li, .badge')) {
              if (!e.offsetParent && e.tagName !== 'BODY') continue;
              if (!e.textContent.trim()) continue;
              const a = lum(rgb(getComputedStyle(e).color).slice(0, 3)), b = lum(bg(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < 4.5) low.push(e.tagName + '#' + e.id + '.' + e.className + ' ' + ratio.toFixed(2));
            }
            return low;""";

    static boolean verifies(byte[] spki, String record, byte[] p1363) throws Exception {
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(key);
        s.update("MARKAUTH-INSPECTION-v1".getBytes(StandardCharsets.US_ASCII));
        s.update(record.getBytes(StandardCharsets.UTF_8));
        return s.verify(p1363);
    }

    /**
     * How many listed inspections carry {@code id}: the list is a JSON array, or an object holding one;
     * an entry names its id directly or through its record (an object or the signed text).
     */
    static long countWithId(String body, String id) {
        Object parsed = body.strip().startsWith("[") ? new JsonArray(body) : new JsonObject(body);
        JsonArray list = parsed instanceof JsonArray a ? a : ((JsonObject) parsed).stream().map(Map.Entry::getValue)
                .filter(JsonArray.class::isInstance).map(JsonArray.class::cast).findFirst().orElse(new JsonArray());
        List<String> ids = new ArrayList<>();
        for (Object o : list) {
            JsonObject e = (JsonObject) o;
            Object rec = e.getValue("record");
            String own = e.getString("id", e.getString("recordId"));
            ids.add(own != null ? own : rec instanceof JsonObject r ? r.getString("id")
                    : rec instanceof String s ? new JsonObject(s).getString("id") : null);
        }
        return ids.stream().filter(id::equals).count();
    }
}
