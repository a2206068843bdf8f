package org.markauth.issuer.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.image.DataMatrixRenderer;
import org.markauth.sdk.image.PhotoScanner;
import org.markauth.sdk.image.ScannedCode;
import org.markauth.sdk.image.Symbology;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.verify.OfflineVerifier;

/**
 * The Data Matrix carrier end to end on the issuer's real HTTP server over Cassandra: a product's
 * label template set to {@code carrier: DATAMATRIX} through the API (refusals: a label too small,
 * naming the sizes; an unknown carrier; another licensee's product), a batch printed as a PDF sheet
 * and as ZPL, the PDF rasterised as a printer would (PDFBox, 300 dpi), each label photographed
 * under a condition (rotation, blur, noise, low contrast, a small module, a keystone), read with
 * the SDK's {@link PhotoScanner}, and every text read equal to the unit's mark in the CSV and
 * verified offline by the SDK against the issuer's published trust list — the print, photo and
 * verify path of a Data Matrix mark. (The online verdict of the same codes: system-it.)
 */
class DataMatrixPrintIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String owner;
    static String regulator;
    static String other;
    static Product gs1;
    static Product plain;
    static Batch gs1Batch;
    static Batch plainBatch;
    static final Principal LINE = Principal.manufacturer("line-1", "DMAKER");
    static final Pattern BX = Pattern.compile("\\^BXN,(\\d+),200,(\\d+),(\\d+),,_\\^FD([^^]*)\\^FS");
    static final String[] CONDITIONS = {"clean", "rotated 9°", "rotated 180°", "blurred", "noisy", "low contrast", "keystone",
            "small module"};

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_dm_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("DMAKER");
        fx.licensee("DOTHER");
        gs1 = fx.licensedProduct("DMAKER");
        plain = fx.services.registry.createProduct(REGULATOR, new Product.Details(0, "DMAKER", "眼药水", "Eye drops", "E-1", "appliance",
                null, "T/FSBZ 003-2025", "Eye drops", Map.of(), List.of(), Set.of()));
        fx.services.registry.grantLicence(REGULATOR, plain.productId(), "FS-" + plain.productId(),
                fx.clock.instant().minus(Duration.ofDays(1)), fx.clock.instant().plus(Duration.ofDays(365)), "evaluation passed");
        gs1Batch = fx.issued(LINE, gs1, CONDITIONS.length, "dm-1");
        plainBatch = fx.issued(LINE, plain, CONDITIONS.length, "dm-2");
        owner = fx.services.apiKeys.issue(Principal.manufacturer("maker-1", "DMAKER")).toCompletableFuture().get();
        regulator = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();   // prints without the manufacturer's reprint limit
        other = fx.services.apiKeys.issue(Principal.manufacturer("maker-2", "DOTHER")).toCompletableFuture().get();
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> get(String token, String path) throws Exception {
        return web.get(path).putHeader("Authorization", "Bearer " + token).send().await(60, TimeUnit.SECONDS);
    }

    static HttpResponse<Buffer> put(String token, String path, JsonObject body) throws Exception {
        return web.put(path).putHeader("Authorization", "Bearer " + token).sendJsonObject(body).await(30, TimeUnit.SECONDS);
    }

    static String template(Product p) {
        return "/api/v1/products/" + p.productId() + "/label-template";
    }

    static List<String> urls(Batch b) throws Exception {
        HttpResponse<Buffer> r = get(regulator, "/api/v1/batches/" + b.batchId() + "/print/batch.csv");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsString().lines().skip(1).map(l -> l.split(",")[2]).toList();
    }

    @Test
    void aDataMatrixTemplateIsSetThroughTheApiAndRefusedWhenItCannotFit() throws Exception {
        HttpResponse<Buffer> tiny = put(owner, template(plain), new JsonObject().put("carrier", "DATAMATRIX").put("widthMm", 12)
                .put("heightMm", 12));
        assertThat(tiny.statusCode()).isEqualTo(400);
        assertThat(tiny.bodyAsString()).contains("the Data Matrix of these marks (").contains("modules and a quiet zone of 1 on each side")
                .contains("at the minimum module of 0.375 mm (3 dots at 203 dpi)").contains("does not fit a 12 x 12 mm label");
        HttpResponse<Buffer> bad = put(owner, template(plain), new JsonObject().put("carrier", "AZTEC"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsString()).contains("carrier must be QR or DATAMATRIX, got 'AZTEC'");
        assertThat(put(other, template(plain), new JsonObject().put("carrier", "DATAMATRIX")).statusCode()).isEqualTo(404);

        HttpResponse<Buffer> ok = put(owner, template(gs1), new JsonObject().put("carrier", "DATAMATRIX").put("widthMm", 37)
                .put("heightMm", 22).put("lines", List.of("SERIAL")));
        assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
        JsonObject j = ok.bodyAsJsonObject();
        assertThat(j.getString("carrier")).isEqualTo("DATAMATRIX");
        assertThat(j.containsKey("qr")).isFalse();
        // the template's sample mark measures exactly the size every real mark of the product gets
        assertThat(j.getJsonObject("dataMatrix").getInteger("rows")).isEqualTo(DataMatrixRenderer.asciiEncodationSize(urls(gs1Batch).get(0)))
                .isEqualTo(52);
        assertThat(j.getJsonObject("dataMatrix").getBoolean("fits")).isTrue();
        assertThat(j.getJsonObject("dataMatrix").getInteger("minModuleDots")).isEqualTo(3);
        assertThat(get(owner, template(gs1)).bodyAsJsonObject().getString("carrier")).isEqualTo("DATAMATRIX");
        // and the ZPL follows it at every dpi, with a 400 before anything is logged where it cannot fit
        for (int dpi : LabelTemplate.DPIS) {
            HttpResponse<Buffer> zpl = get(regulator, "/api/v1/batches/" + gs1Batch.batchId() + "/print/batch.zpl?dpi=" + dpi);
            assertThat(zpl.statusCode()).as(zpl.bodyAsString()).isEqualTo(200);
            Matcher m = BX.matcher(zpl.body().toString(StandardCharsets.UTF_8));
            List<String> data = new ArrayList<>();
            while (m.find()) {
                assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(Carrier.DATAMATRIX.minModuleDots(dpi));
                assertThat(Integer.parseInt(m.group(2))).isEqualTo(DataMatrixRenderer.asciiEncodationSize(m.group(4)));
                data.add(m.group(4));
            }
            assertThat(data).isEqualTo(urls(gs1Batch));
        }
    }

    @Test
    void printedAsAPdfSheetPhotographedAndScannedEveryDataMatrixVerifiesAsItsUnitsMark() throws Exception {
        assertThat(put(owner, template(plain), new JsonObject().put("carrier", "DATAMATRIX")).statusCode()).isEqualTo(200);
        fx.services.keys.publishTrustList();
        TrustList list = TrustListCodec.decodeAndVerify(fx.services.keys.latestTrustListDocument().orElseThrow(),
                List.of(fx.services.keys.root()));
        OfflineVerifier verifier = OfflineVerifier.create(list, OfflineVerifier.Options.defaults().withClock(fx.clock));
        PhotoScanner scanner = PhotoScanner.create();
        for (Batch b : List.of(plainBatch, gs1Batch)) {
            if (b == gs1Batch) {
                assertThat(put(owner, template(gs1), new JsonObject().put("carrier", "DATAMATRIX")).statusCode()).isEqualTo(200);
            }
            List<String> urls = urls(b);
            HttpResponse<Buffer> pdf = get(regulator, "/api/v1/batches/" + b.batchId() + "/print/batch.pdf");
            assertThat(pdf.statusCode()).isEqualTo(200);
            List<BufferedImage> cells = PdfLabels.cells(pdf.body().getBytes(), urls.size(), 300);
            Random rnd = new Random(b.batchId());
            for (int i = 0; i < urls.size(); i++) {
                String condition = CONDITIONS[i % CONDITIONS.length];
                BufferedImage photo = photograph(cells.get(i), condition, rnd);
                List<ScannedCode> read = scanner.scan(photo);
                assertThat(read).as("unit %d of batch %d, %s", i + 1, b.batchId(), condition).hasSize(1);
                assertThat(read.get(0).symbology()).isEqualTo(Symbology.DATA_MATRIX);
                assertThat(read.get(0).text()).isEqualTo(urls.get(i));
                assertThat(verifier.verify(read.get(0).text()).isGenuine()).as("offline verdict of unit %d", i + 1).isTrue();
            }
        }
    }

    /** A label cell as a phone would see it under {@code condition} (seeded, so the test is deterministic). */
    static BufferedImage photograph(BufferedImage cell, String condition, Random rnd) {
        int pad = 60;
        BufferedImage scene = new BufferedImage(cell.getWidth() + 2 * pad, cell.getHeight() + 2 * pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scene.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(200, 196, 188));
        g.fillRect(0, 0, scene.getWidth(), scene.getHeight());
        AffineTransform t = new AffineTransform();
        double cx = cell.getWidth() / 2.0, cy = cell.getHeight() / 2.0;   // the transform acts on the cell, then it is placed at (pad, pad)
        switch (condition) {
            case "rotated 9°" -> t.rotate(Math.toRadians(9), cx, cy);
            case "rotated 180°" -> t.rotate(Math.PI, cx, cy);
            case "keystone" -> t.shear(0.08, 0.04);
            case "small module" -> {
                t.translate(cx, cy);
                t.scale(0.42, 0.42);   // 0.41 mm modules at 300 dpi: 4.8 px -> 2.0 px
                t.translate(-cx, -cy);
            }
            default -> { }
        }
        g.drawImage(cell, new java.awt.image.AffineTransformOp(t, java.awt.image.AffineTransformOp.TYPE_BILINEAR), pad, pad);
        g.dispose();
        BufferedImage out = scene;
        switch (condition) {
            case "blurred" -> {
                float[] k = new float[25];
                java.util.Arrays.fill(k, 1f / 25);
                out = new ConvolveOp(new Kernel(5, 5, k), ConvolveOp.EDGE_NO_OP, null).filter(scene, null);
            }
            case "noisy", "low contrast" -> {
                boolean noisy = condition.equals("noisy");
                for (int y = 0; y < out.getHeight(); y++) {
                    for (int x = 0; x < out.getWidth(); x++) {
                        int v = out.getRGB(x, y) & 0xFF;
                        int w = noisy ? v + (int) Math.round(rnd.nextGaussian() * 30) : 110 + v * 70 / 255;
                        w = Math.max(0, Math.min(255, w));
                        out.setRGB(x, y, w * 0x010101);
                    }
                }
            }
            default -> { }
        }
        return out;
    }
}
