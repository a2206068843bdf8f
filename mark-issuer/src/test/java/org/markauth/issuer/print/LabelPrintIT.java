package org.markauth.issuer.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.image.QrRenderer;
import org.markauth.sdk.mark.Serial;

/**
 * ZPL labels, CIJ feeds and label templates on the issuer's real HTTP server over Cassandra: the
 * QR data of every ZPL label is exactly the mark the CSV print file gives for that unit (plain
 * and GS1 Digital Link marks, 203/300/600 dpi), at no less than the minimum module; the CIJ feeds
 * parse back field by field to the same units; a template whose QR cannot fit is refused with a
 * 400 naming the sizes; officers, other licensees and narrow keys are refused as elsewhere; the
 * downloads are logged with their format.
 */
class LabelPrintIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String regulator;
    static String officer;
    static String owner;
    static String printKey;
    static String other;
    static Product gs1;
    static Product plain;
    static Batch gs1Batch;
    static Batch plainBatch;
    static final Principal LINE = Principal.manufacturer("line-1", "LMAKER");

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_labels_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("LMAKER");
        fx.licensee("LOTHER");
        gs1 = fx.licensedProduct("LMAKER");
        plain = fx.services.registry.createProduct(REGULATOR, new Product.Details(0, "LMAKER", "电水壶", "Kettle", "K-2", "appliance",
                null, "T/FSBZ 002-2025", "Kettles", Map.of(), List.of(), Set.of()));
        fx.services.registry.grantLicence(REGULATOR, plain.productId(), "FS-" + plain.productId(),
                fx.clock.instant().minus(Duration.ofDays(1)), fx.clock.instant().plus(Duration.ofDays(365)), "evaluation passed");
        gs1Batch = fx.issued(LINE, gs1, 30, "labels-1");
        plainBatch = fx.issued(LINE, plain, 30, "labels-2");
        var keys = fx.services.apiKeys;
        regulator = keys.issue(REGULATOR).toCompletableFuture().get();
        officer = keys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        owner = keys.issue(Principal.manufacturer("maker-1", "LMAKER")).toCompletableFuture().get();
        printKey = keys.issue(Principal.manufacturer("printer-1", "LMAKER"), Set.of(Scope.PRINT), null, "test").token();
        other = keys.issue(Principal.manufacturer("maker-2", "LOTHER")).toCompletableFuture().get();
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> get(String token, String path) {
        try {
            return web.get(path).putHeader("Authorization", "Bearer " + token).send().await(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("GET " + path + " timed out", e);
        }
    }

    static HttpResponse<Buffer> put(String token, String path, JsonObject body) {
        try {
            return web.put(path).putHeader("Authorization", "Bearer " + token).sendJsonObject(body).await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("PUT " + path + " timed out", e);
        }
    }

    static String template(Product p) {
        return "/api/v1/products/" + p.productId() + "/label-template";
    }

    /** The CSV print file's rows: sequence, serial (hex), url. */
    static List<String[]> csv(Batch b) {
        HttpResponse<Buffer> r = get(regulator, "/api/v1/batches/" + b.batchId() + "/print/batch.csv");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> lines = r.bodyAsString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("sequence,serial,url");
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
    }

    @Test
    void everyZplLabelsQrIsExactlyItsUnitsMarkAtNoLessThanTheMinimumModule() {
        for (Batch b : List.of(gs1Batch, plainBatch)) {
            List<String[]> rows = csv(b);
            assertThat(rows).hasSize(30);
            for (String dpi : List.of("", "?dpi=203", "?dpi=300", "?dpi=600")) {
                HttpResponse<Buffer> r = get(regulator, "/api/v1/batches/" + b.batchId() + "/print/batch.zpl" + dpi);
                assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                assertThat(r.getHeader("content-type")).isEqualTo("application/zpl; charset=utf-8");
                int d = dpi.isEmpty() ? 203 : Integer.parseInt(dpi.substring(5));
                List<ZplParser.Label> labels = ZplParser.parse(r.body().toString(StandardCharsets.UTF_8));
                assertThat(labels).hasSize(30);
                for (int i = 0; i < 30; i++) {
                    ZplParser.Label l = labels.get(i);
                    assertThat(l.qrData()).as("label %d of batch %d at %d dpi", i + 1, b.batchId(), d).isEqualTo(rows.get(i)[2]);
                    assertThat(l.magnification()).isGreaterThanOrEqualTo(LabelTemplate.minModuleDots(d)).isGreaterThanOrEqualTo(2);
                    assertThat(l.magnification() * 25.4 / d).isGreaterThanOrEqualTo(LabelTemplate.MIN_MODULE_MM);
                    int side = (QrRenderer.create().modules(l.qrData()).size() + 8) * l.magnification();
                    assertThat(side).isLessThanOrEqualTo(Math.min(l.widthDots(), l.heightDots()));
                    String b32 = Serial.ofHex(rows.get(i)[1]).toBase32();
                    assertThat(l.texts()).contains(b32.substring(0, 7) + " " + b32.substring(7), "批号 LOT-1", "#" + (i + 1))
                            .contains(b == gs1Batch ? "电饭煲" : "电水壶");
                }
            }
        }
    }

    @Test
    void theCijFeedsParseBackToTheSameUnits() {
        List<String[]> rows = csv(plainBatch);
        HttpResponse<Buffer> delimited = get(regulator, "/api/v1/batches/" + plainBatch.batchId() + "/print/batch.cij.csv");
        assertThat(delimited.statusCode()).isEqualTo(200);
        assertThat(delimited.getHeader("content-type")).isEqualTo("text/csv; charset=utf-8");
        List<String> lines = delimited.bodyAsString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("SEQUENCE,SERIAL,LOT,EXPIRY,CODE");
        HttpResponse<Buffer> fixed = get(regulator, "/api/v1/batches/" + plainBatch.batchId() + "/print/batch.cij.txt");
        assertThat(fixed.statusCode()).isEqualTo(200);
        List<String> records = fixed.bodyAsString().lines().toList();
        assertThat(lines).hasSize(31);
        assertThat(records).hasSize(30);
        for (int i = 0; i < 30; i++) {
            String[] want = rows.get(i);
            String[] f = lines.get(i + 1).split(",", -1);
            assertThat(f).containsExactly(want[0], Serial.ofHex(want[1]).toBase32(), "LOT-1", "2028-11-01", want[2]);
            String r = records.get(i);
            assertThat(r).hasSize(8 + 13 + 20 + 10 + want[2].length());
            assertThat(Integer.parseInt(r.substring(0, 8))).isEqualTo(i + 1);
            assertThat(Serial.ofBase32(r.substring(8, 21)).toHex()).isEqualTo(want[1]);
            assertThat(r.substring(21, 41).stripTrailing()).isEqualTo("LOT-1");
            assertThat(r.substring(41, 51)).isEqualTo("2028-11-01");
            assertThat(r.substring(51)).isEqualTo(want[2]);
        }
    }

    @Test
    void templatesAreReadAndSetByTheOwnerAndTheRegulatorOnly() {
        HttpResponse<Buffer> dflt = get(owner, template(plain));
        assertThat(dflt.statusCode()).isEqualTo(200);
        JsonObject d = dflt.bodyAsJsonObject();
        assertThat(d.getBoolean("default")).isTrue();
        assertThat(d.getDouble("widthMm")).isEqualTo(50.0);
        assertThat(d.getJsonObject("qr").getBoolean("fits")).isTrue();
        assertThat(get(printKey, template(plain)).statusCode()).isEqualTo(200);
        assertThat(get(regulator, template(plain)).statusCode()).isEqualTo(200);
        assertThat(get(officer, template(plain)).statusCode()).isEqualTo(403);
        assertThat(get(other, template(plain)).statusCode()).isEqualTo(404);

        JsonObject tiny = new JsonObject().put("widthMm", 12).put("heightMm", 12);
        HttpResponse<Buffer> refused = put(owner, template(gs1), tiny);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.bodyAsJsonObject().getString("message")).contains("does not fit a 12 x 12 mm label")
                .contains("minimum module of 0.25 mm (2 dots at 203 dpi)");
        assertThat(put(owner, template(gs1), new JsonObject().put("dpi", 150)).statusCode()).isEqualTo(400);
        assertThat(put(owner, template(gs1), new JsonObject().put("cij", new JsonObject().put("columns", List.of(
                new JsonObject().put("field", "CODE").put("width", 40))))).bodyAsJsonObject().getString("message"))
                .contains("cij width of CODE is 40 characters");

        JsonObject wide = new JsonObject().put("widthMm", 70).put("heightMm", 40).put("dpi", 300).put("lines", List.of("PRODUCT", "LOT"))
                .put("language", "en");
        assertThat(put(officer, template(plain), wide).statusCode()).isEqualTo(403);
        assertThat(put(other, template(plain), wide).statusCode()).isEqualTo(404);
        assertThat(put(printKey, template(plain), wide).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> set = put(owner, template(plain), wide);
        assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
        assertThat(set.bodyAsJsonObject().getBoolean("default")).isFalse();
        assertThat(set.bodyAsJsonObject().getJsonObject("qr").getInteger("magnification")).isGreaterThanOrEqualTo(3);
        JsonObject read = get(printKey, template(plain)).bodyAsJsonObject();
        assertThat(read.getInteger("dpi")).isEqualTo(300);
        assertThat(read.getString("updatedBy")).isEqualTo("maker-1");
        assertThat(fx.services.changes.entity("product:" + plain.productId(), 10))
                .anyMatch(e -> e.action().equals("product.label-template"));

        // the owner's print key prints with it: 300 dpi, two text lines, English words; logged as ZPL (a batch of its own: the
        // regulator's downloads of the others count as earlier prints, and a manufacturer's reprints are limited)
        Batch mine = fx.issued(LINE, plain, 5, "labels-3");
        HttpResponse<Buffer> zpl = get(printKey, "/api/v1/batches/" + mine.batchId() + "/print/batch.zpl?from=3&to=4");
        assertThat(zpl.statusCode()).as(zpl.bodyAsString()).isEqualTo(200);
        List<ZplParser.Label> labels = ZplParser.parse(zpl.bodyAsString());
        assertThat(labels).hasSize(2);
        assertThat(labels.get(0).widthDots()).isEqualTo(LabelTemplate.dots(70, 300));
        assertThat(labels.get(0).texts()).containsExactly("电水壶", "LOT LOT-1");
        assertThat(fx.services.prints.downloads(mine.batchId())).singleElement()
                .matches(x -> x.format().equals("ZPL") && x.first() == 3 && x.last() == 4 && x.actor().equals("printer-1"));
    }

    @Test
    void badPrintRequestsAreRefusedBeforeAnythingIsLogged() {
        int before = fx.services.prints.downloads(gs1Batch.batchId()).size();
        HttpResponse<Buffer> dpi = get(regulator, "/api/v1/batches/" + gs1Batch.batchId() + "/print/batch.zpl?dpi=150");
        assertThat(dpi.statusCode()).isEqualTo(400);
        assertThat(dpi.bodyAsJsonObject().getString("message")).contains("dpi must be one of [203, 300, 600]");
        HttpResponse<Buffer> name = get(regulator, "/api/v1/batches/" + gs1Batch.batchId() + "/print/batch.prn");
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(name.bodyAsJsonObject().getString("message")).contains("batch.zpl");
        assertThat(get(officer, "/api/v1/batches/" + gs1Batch.batchId() + "/print/batch.zpl").statusCode()).isEqualTo(403);
        assertThat(get(other, "/api/v1/batches/" + gs1Batch.batchId() + "/print/batch.cij.csv").statusCode()).isEqualTo(404);
        assertThat(fx.services.prints.downloads(gs1Batch.batchId())).hasSize(before);
    }
}
