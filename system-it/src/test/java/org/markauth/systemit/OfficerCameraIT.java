package org.markauth.systemit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.print.LabelSheet;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.trace.Capture;
import org.markauth.issuer.trace.EpcisDocuments;
import org.markauth.testing.Browser;
import org.markauth.testing.WebDriver;
import org.markauth.verify.app.VerifyServer;
import org.markauth.verify.officer.LabelVideo;

/**
 * The officer app (docs/officer-app.md) against the whole system: the issuer's HTTP API and a
 * verify-api on one keyspace of the real stack, a real headless Chromium. The camera films the
 * label the manufacturer printed: the batch's PDF label sheet downloaded from the issuer's print
 * route with a print-scoped key, its first page rasterised with PDFBox at 10 px/mm, the first label
 * cut out and made into the fake camera's video ({@link LabelVideo}); the app must read it and show
 * that unit's verdict. A case packed through the issuer's EPCIS capture lists its units with tick
 * boxes, and units typed as a keyboard-wedge scanner types them are ticked off it. verify-api's own
 * OfficerAppBrowserIT draws its label with Java2D because that module cannot see the issuer.
 */
class OfficerCameraIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Principal MAKER = Principal.manufacturer("line-1", "CAMCO");

    static SystemFixture fx;
    static HttpServer issuerHttp;
    static VerifyServer verify;
    static Browser browser;
    static Product product;
    static String app;
    static String officer;
    static String officerToken;

    @BeforeAll
    static void up() throws Exception {
        browser = Browser.require();
        fx = new SystemFixture("system_officer_camera_it");
        issuerHttp = IssuerRouter.api(fx.vertx, fx.issuer,
                new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1"))
                .listen().await(10, TimeUnit.SECONDS);
        verify = fx.startVerify();
        app = "http://127.0.0.1:" + verify.port() + "/officer/";
        fx.licensee("CAMCO");
        product = fx.licensedProduct("CAMCO");
        officer = "officer-cam-" + UUID.randomUUID().toString().substring(0, 8);
        officerToken = fx.issuer.apiKeys.issue(Principal.officer(officer)).toCompletableFuture().get();
    }

    @AfterAll
    static void down() {
        try {
            if (issuerHttp != null) {
                issuerHttp.close().await();
            }
        } finally {
            if (fx != null) {
                fx.close();
            }
        }
    }

    /** A phone-shaped Chromium, with {@code extra} flags (the fake camera). */
    static WebDriver phone(List<String> extra) throws Exception {
        WebDriver b = WebDriver.start(browser, "zh-CN", extra);
        b.windowSize(412, 915);
        return b;
    }

    /** Opens the app and signs in as a wedge scanner types the credential; waits for the device and the trust list. */
    static void signIn(WebDriver b) throws Exception {
        b.go(app);
        b.await("return document.body.dataset.ready === 'true'", WAIT);
        b.type("#credential", officerToken + "\n");
        b.await("return document.body.dataset.device", WAIT);
        b.await("return document.body.dataset.lists === 'loaded'", WAIT);
    }

    /** Runs {@code body}; on failure leaves a screenshot in target/ for the reader of the report. */
    static void withScreenshot(WebDriver b, TestInfo info, ThrowingRunnable body) throws Exception {
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            try {
                Files.write(Path.of("target", "officer-camera-" + info.getTestMethod().orElseThrow().getName() + ".png"), b.screenshot());
            } catch (Exception ignored) {
                // the failure below is what matters
            }
            throw e;
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The batch's label sheet as a manufacturer's print station downloads it: its key has scope print only. */
    static byte[] downloadPdf(int batchId, int from, int to) throws Exception {
        String key = fx.issuer.apiKeys.issue(MAKER, Set.of(Scope.PRINT), null, "system-it").token();
        HttpResponse<Buffer> r = fx.http.get(issuerHttp.actualPort(), "127.0.0.1",
                        "/api/v1/batches/" + batchId + "/print/batch.pdf?from=" + from + "&to=" + to)
                .putHeader("Authorization", "Bearer " + key).send().await(60, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("content-type")).startsWith("application/pdf");
        return r.body().getBytes();
    }

    /** The first label of the sheet's first page, rasterised at 10 px/mm (the scale {@link LabelVideo} films). */
    static BufferedImage firstLabel(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 254, ImageType.RGB);
            LabelSheet.Layout l = LabelSheet.Layout.a4();
            int px = 10;   // per mm at 254 dpi
            return page.getSubimage(Math.round(l.margin() * px), Math.round(l.margin() * px),
                    Math.round(l.labelWidth() * px), Math.round(l.labelHeight() * px));
        }
    }

    @Test
    void theCameraReadsTheFirstLabelOfTheIssuersPdfAndTheAppShowsThatUnitGenuine(TestInfo info) throws Exception {
        SystemFixture.Issued issued = fx.issueActive(MAKER, product.productId(), 30, "LOT-CAM");
        int batchId = issued.batch().batchId();
        String first = issued.codes().get(0);
        String firstSerial = String.format("%016x", issued.serials().get(0));
        BufferedImage label = firstLabel(downloadPdf(batchId, 1, 27));
        ImageIO.write(label, "png", Path.of("target", "officer-camera-label.png").toFile());   // what the camera films, for the reader
        Path video = LabelVideo.write(label, 12, Files.createTempFile("issuer-label", ".y4m"));
        try (WebDriver b = phone(List.of("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + video))) {
            withScreenshot(b, info, () -> {
                signIn(b);
                long t0 = System.nanoTime();
                b.click("#camera");
                b.await("const v = document.getElementById('verdict'); return v && v.dataset.source === 'ONLINE'", WAIT);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("officer app (system): camera to verdict " + ms
                        + " ms (the issuer's PDF label; open camera, decode, online check)");
                assertThat(b.execute("return document.getElementById('code').value")).as("the code read").isEqualTo(first);
                assertThat(b.attribute("#verdict", "data-code")).isEqualTo("GENUINE");
                assertThat(b.text("#verdict h2")).isEqualTo("正品");
                assertThat(b.text("#result")).as("the record of exactly the first unit")
                        .contains(batchId + "/" + firstSerial).contains("LOT-CAM");
                assertThat(b.execute("return document.getElementById('video').srcObject === null"))
                        .as("the camera is stopped once a code is read").isEqualTo(true);
            });
        } finally {
            Files.deleteIfExists(video);
        }
    }

    @Test
    void aCasesCodeListsItsUnitsAndScanningTwoOfThemTicksExactlyThoseTwo(TestInfo info) throws Exception {
        SystemFixture.Issued units = fx.issueActive(MAKER, product.productId(), 5, "LOT-UNITS");
        SystemFixture.Issued cases = fx.issueActive(MAKER, product.productId(), 1, "LOT-CASES");
        String caseCode = cases.codes().get(0);
        // packed as the line's EPCIS feed reports it (the printed codes are EPCs), through the issuer's capture
        JsonObject packing = new JsonObject().put("type", "AggregationEvent")
                .put("eventTime", Instant.now().atOffset(ZoneOffset.ofHours(8)).toString()).put("eventTimeZoneOffset", "+08:00")
                .put("parentID", caseCode).put("childEPCs", new JsonArray(units.codes())).put("action", "ADD")
                .put("bizStep", "packing").put("disposition", "container_closed");
        Capture.Result captured = fx.issuer.capture.capture(MAKER, EpcisDocuments.write(List.of(packing), Instant.now()),
                Capture.Mode.ATOMIC);
        assertThat(captured.rejected()).isEmpty();
        assertThat(captured.recorded()).hasSize(1);

        String unit2 = String.format("%016x", units.serials().get(1));
        String unit4 = String.format("%016x", units.serials().get(3));
        try (WebDriver b = phone(List.of())) {
            withScreenshot(b, info, () -> {
                signIn(b);
                b.type("#code", caseCode + "\n");
                b.await("return document.querySelectorAll('#contents input[type=checkbox]').length === 5", WAIT);
                assertThat(b.attribute("#verdict", "data-code")).isEqualTo("GENUINE");
                assertThat(serials(b, "#contents input[type=checkbox]")).as("every unit of the case listed")
                        .containsExactlyInAnyOrderElementsOf(units.serials().stream().map(s -> String.format("%016x", s)).toList());
                assertThat(serials(b, "#contents input:checked")).isEmpty();
                assertThat(b.text("#contents legend")).endsWith("已清点 0/5");

                // a keyboard-wedge scanner types two of the units, each with Enter
                b.type("#code", units.codes().get(1) + "\n");
                b.await("return document.querySelectorAll('#contents input:checked').length === 1", WAIT);
                b.type("#code", units.codes().get(3) + "\n");
                b.await("return document.querySelectorAll('#contents input:checked').length === 2", WAIT);
                assertThat(serials(b, "#contents input:checked")).containsExactlyInAnyOrder(unit2, unit4);
                assertThat(b.text("#contents legend")).endsWith("已清点 2/5");
                assertThat(b.text("#verdict .code")).isEqualTo(units.codes().get(3));   // the verdict shown is the last unit's

                // a unit that is not in the case ticks nothing
                String stranger = fx.issueActive(MAKER, product.productId(), 1, "LOT-LOOSE").codes().get(0);
                b.type("#code", stranger + "\n");
                b.await("const v = document.getElementById('verdict'); return v && v.querySelector('.code').textContent === '"
                        + stranger + "'", WAIT);
                assertThat(serials(b, "#contents input:checked")).containsExactlyInAnyOrder(unit2, unit4);
                assertThat(b.text("#contents legend")).endsWith("已清点 2/5");
            });
        }
    }

    /** The data-serial of the elements {@code css} selects. */
    @SuppressWarnings("unchecked")
    static List<Object> serials(WebDriver b, String css) throws Exception {
        return ((JsonArray) b.execute("return [...document.querySelectorAll(arguments[0])].map(e => e.dataset.serial)", css)).getList();
    }
}
