package org.markauth.issuer.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.BatchState;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.RangeKind;
import org.markauth.sdk.mark.MarkCodec;
import org.markauth.sdk.mark.ParseResult;

/**
 * Licence certificates on the issuer's real HTTP server over the real stack: issue → a one-unit
 * batch of its own, activated, marked as a certificate's → the PDF whose rendered QR decodes to the
 * certificate's signed URL (and whose link and text carry it) → who may do what (API, console,
 * portal), the 409 for a licence that is not ACTIVE, reissue superseding the old certificate, audit.
 */
class CertificatesIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String regulator;
    static String makerA;
    static String makerB;
    static String officer;
    static String orderOnlyA;
    static String printOnlyA;
    static Product productA;
    static Product productB;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_certificates_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(ConsoleForms.console(fx)::mount)
                .mount(IssuerRouter.portal(fx.vertx, fx.services, ConsoleForms.sessions(fx), Console.SessionSettings.defaults())::mount)
                .listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("CA");
        fx.licensee("CB");
        productA = fx.licensedProduct("CA");
        productB = fx.licensedProduct("CB");
        var keys = fx.services.apiKeys;
        Principal a = Principal.manufacturer("maker-a", "CA");
        regulator = keys.issue(REGULATOR).toCompletableFuture().get();
        makerA = keys.issue(a).toCompletableFuture().get();
        makerB = keys.issue(Principal.manufacturer("maker-b", "CB")).toCompletableFuture().get();
        officer = keys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        orderOnlyA = keys.issue(a, Set.of(Scope.ORDER), null, "test").token();
        printOnlyA = keys.issue(a, Set.of(Scope.PRINT), null, "test").token();
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> send(String method, String path, String key, JsonObject body) throws Exception {
        var req = web.request(io.vertx.core.http.HttpMethod.valueOf(method), path);
        if (key != null) {
            req.bearerTokenAuthentication(key);
        }
        return (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
    }

    static JsonObject issue(String key, int productId, int status) throws Exception {
        HttpResponse<Buffer> r = send("POST", "/api/v1/certificates", key, new JsonObject().put("productId", productId));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        return r.bodyAsJsonObject();
    }

    static String decodeQr(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            // read as a phone would read the printed page: the SDK's photo scanner over the rendered page (ZXing's
            // single pass over a whole A4 page of text missed the symbol now and then)
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 200, ImageType.GRAY);
            List<org.markauth.sdk.image.ScannedCode> codes = org.markauth.sdk.image.PhotoScanner.create().scan(page);
            assertThat(codes).as("QR codes on the certificate page").hasSize(1);
            return codes.get(0).text();
        }
    }

    @Test
    void anIssuedCertificateIsAnActivatedMarkOfItsOwnWhosePdfQrIsItsSignedUrl() throws Exception {
        JsonObject c = issue(regulator, productA.productId(), 201);
        String no = c.getString("certificateNo");
        assertThat(no).matches("CERT-\\d{4}-\\d{6,10}-01");
        assertThat(c.getString("status")).isEqualTo("ACTIVE");
        assertThat(c.getJsonObject("licensee").getString("uscc")).isEqualTo(fx.services.registry.findLicensee("CA").orElseThrow().uscc());
        assertThat(c.getString("licenceNo")).isEqualTo("FS-" + productA.productId());

        // the QR is a signed mark of the licensed product in a one-unit batch of its own, activated, and the batch names it
        String url = c.getString("url");
        assertThat(url).startsWith("HTTPS://" + IssuerFixture.HOST + "/M/");   // the plain form, though the product has a GTIN
        var mark = ((ParseResult.Parsed) MarkCodec.create(List.of(IssuerFixture.HOST)).parse(url)).mark();
        assertThat(mark.content().productId()).isEqualTo((long) productA.productId());
        assertThat(mark.content().batchId()).isEqualTo((long) c.getInteger("batchId"));
        assertThat(mark.content().serial().toHex()).isEqualTo(c.getString("serial"));
        Batch b = fx.services.batches.find(c.getInteger("batchId"));
        assertThat(b.quantity()).isEqualTo(1);
        assertThat(b.state()).isEqualTo(BatchState.ISSUED);
        assertThat(b.lot()).isEqualTo(no);
        assertThat(fx.services.activation.ranges(REGULATOR, b.batchId())).extracting(r -> r.action()).containsExactly(RangeKind.ACTIVATE);
        assertThat(fx.ks.session().execute("SELECT certificate_no FROM batches WHERE batch_id = ?", b.batchId()).one()
                .getString("certificate_no")).isEqualTo(no);

        // the PDF: its rendered QR decodes to the URL, its link opens it, its text names the certificate and the licensee
        HttpResponse<Buffer> pdf = send("GET", "/api/v1/certificates/" + no + "/pdf", regulator, null);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.getHeader("content-type")).isEqualTo("application/pdf");
        byte[] bytes = pdf.body().getBytes();
        assertThat(decodeQr(bytes)).isEqualTo(url);
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            PDAnnotationLink link = (PDAnnotationLink) doc.getPage(0).getAnnotations().get(0);
            assertThat(((PDActionURI) link.getAction()).getURI()).isEqualTo(url);
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains(no).contains("FS-" + productA.productId()).contains("T/FSBZ 001-2025")
                    .contains(c.getJsonObject("licensee").getString("uscc")).contains("CERTIFICATE OF LICENCE");
        }
        // every download is audited, who and through which key
        assertThat(fx.services.changes.entity("certificate:" + no, 10)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("certificate.download");
            assertThat(e.actor()).isEqualTo(REGULATOR.userId());
        });

        // the owner reads it and downloads it with a print key; the product's list holds it
        HttpResponse<Buffer> own = send("GET", "/api/v1/certificates/" + no, makerA, null);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/certificates/" + no + "/pdf", printOnlyA, null).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> list = send("GET", "/api/v1/products/" + productA.productId() + "/certificates", makerA, null);
        assertThat(list.bodyAsJsonArray().getJsonObject(0).getString("certificateNo")).isEqualTo(no);
    }

    @Test
    void othersAreRefusedAndAnotherLicenseesCertificateLooksMissing() throws Exception {
        JsonObject c = issue(regulator, productB.productId(), 201);
        String no = c.getString("certificateNo");
        String missing = "CERT-2026-099999-01";
        // issuing is the programme office's
        assertThat(send("POST", "/api/v1/certificates", makerB, new JsonObject().put("productId", productB.productId())).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/v1/certificates", officer, new JsonObject().put("productId", productB.productId())).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/v1/certificates", null, new JsonObject().put("productId", productB.productId())).statusCode())
                .isEqualTo(401);
        // another licensee's certificate and its PDF: the very answer a missing one gets
        for (String path : List.of("/api/v1/certificates/%s", "/api/v1/certificates/%s/pdf")) {
            HttpResponse<Buffer> theirs = send("GET", path.formatted(no), makerA, null);
            HttpResponse<Buffer> none = send("GET", path.formatted(missing), makerA, null);
            assertThat(theirs.statusCode()).isEqualTo(404);
            assertThat(theirs.bodyAsJsonObject().getString("message"))
                    .isEqualTo(none.bodyAsJsonObject().getString("message").replace(missing, no));
        }
        assertThat(send("GET", "/api/v1/products/" + productB.productId() + "/certificates", makerA, null).statusCode()).isEqualTo(404);
        // an officer reads no certificate and prints none; a key without print scope gets no PDF
        assertThat(send("GET", "/api/v1/certificates/" + no, officer, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/certificates/" + no + "/pdf", officer, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/certificates/" + no + "/pdf", orderOnlyA, null).statusCode()).isEqualTo(403);
        // nonsense is a sentence, not a 500
        HttpResponse<Buffer> bad = send("POST", "/api/v1/certificates", regulator, new JsonObject().put("productId", "seven"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getString("message")).contains("productId");
        assertThat(send("POST", "/api/v1/certificates", regulator, new JsonObject()).bodyAsJsonObject().getString("message"))
                .contains("productId is required");
        assertThat(send("POST", "/api/v1/certificates", regulator, new JsonObject().put("productId", 99_999_999)).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/v1/certificates/..%2Fetc", regulator, null).statusCode()).isIn(400, 404);
        // the certificate batches' line and keys are the office's: a manufacturer cannot take the next revision's key
        // first (which would block its reissue) nor order a batch on the certificate line
        for (JsonObject order : List.of(batchOrder(productB.productId(), "A", "certificate-CERT-2026-%06d-02".formatted(productB.productId())),
                batchOrder(productB.productId(), "certificate", "mine-1"))) {
            HttpResponse<Buffer> squat = send("POST", "/api/v1/batches", makerB, order);
            assertThat(squat.statusCode()).as(squat.bodyAsString()).isEqualTo(400);
            assertThat(squat.bodyAsJsonObject().getString("message")).contains("reserved for licence certificates");
        }
        // none of the refusals downloaded anything
        assertThat(fx.services.changes.entity("certificate:" + no, 10)).noneMatch(e -> e.action().equals("certificate.download"));
    }

    @Test
    void aLicenceThatIsNotActiveGetsNoCertificateAndSaysWhy() throws Exception {
        Product suspended = fx.licensedProduct("CA");
        fx.services.registry.changeLicenceStatus(REGULATOR, suspended.productId(), LicenceStatus.SUSPENDED, "sampling failure");
        JsonObject e = issue(regulator, suspended.productId(), 409);
        assertThat(e.getString("error")).isEqualTo(Certificates.NOT_ACTIVE);
        assertThat(e.getString("message")).contains("SUSPENDED").contains("sampling failure").contains("only for an ACTIVE licence");
        Product unlicensed = fx.services.registry.createProduct(REGULATOR, new Product.Details(0, "CA", "电水壶", "Kettle", "K-1",
                "appliance", null, "T/FSBZ 002-2025", "Kettles", Map.of(), List.of(), Set.of("CN-44")));
        assertThat(issue(regulator, unlicensed.productId(), 409).getString("message")).contains("has no licence");
    }

    @Test
    void reissueInTheConsoleSupersedesAndThePortalShowsTheOwnersOnly() throws Exception {
        Product p = fx.licensedProduct("CA");
        JsonObject first = issue(regulator, p.productId(), 201);
        WebClientSession console = ConsoleForms.login(web, regulator);
        String page = ConsoleForms.get(console, "/console/certificates").bodyAsString();
        assertThat(page).contains(first.getString("certificateNo")).contains("data-product=\"" + p.productId() + "\"");
        HttpResponse<Buffer> posted = ConsoleForms.post(console, "/console/certificates", "/console/certificates",
                MultiMap.caseInsensitiveMultiMap().add("productId", Integer.toString(p.productId())));
        assertThat(posted.statusCode()).isEqualTo(303);
        String second = posted.getHeader("Location").replace("/console/certificates?issued=", "");
        assertThat(second).endsWith("-02").isNotEqualTo(first.getString("certificateNo"));
        String after = ConsoleForms.get(console, "/console/certificates?issued=" + second).bodyAsString();
        assertThat(after).contains("id=\"issued\"").contains("data-no=\"" + first.getString("certificateNo") + "\" data-status=\"SUPERSEDED\"");

        // the old one names its successor, its unit is voided, and its PDF is refused with the new number
        JsonObject old = send("GET", "/api/v1/certificates/" + first.getString("certificateNo"), regulator, null).bodyAsJsonObject();
        assertThat(old.getString("status")).isEqualTo("SUPERSEDED");
        assertThat(old.getString("supersededBy")).isEqualTo(second);
        assertThat(fx.services.activation.ranges(REGULATOR, first.getInteger("batchId"))).extracting(r -> r.action()).last()
                .isEqualTo(RangeKind.VOID);
        HttpResponse<Buffer> oldPdf = send("GET", "/api/v1/certificates/" + first.getString("certificateNo") + "/pdf", regulator, null);
        assertThat(oldPdf.statusCode()).isEqualTo(409);
        assertThat(oldPdf.bodyAsJsonObject().getString("message")).contains("superseded by " + second);
        // the console's PDF link works, as the regulator
        HttpResponse<Buffer> consolePdf = ConsoleForms.get(console, "/console/certificates/" + second + "/pdf");
        assertThat(consolePdf.statusCode()).isEqualTo(200);
        assertThat(decodeQr(consolePdf.body().getBytes())).startsWith("HTTPS://" + IssuerFixture.HOST + "/M/");

        // the portal: the owner sees both with their status and downloads the current one; another licensee's is missing
        WebClientSession a = WebClientSession.create(web).addHeader("Accept-Language", "en");
        a.post("/portal/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", makerA)).await(30, TimeUnit.SECONDS);
        String portal = ConsoleForms.get(a, "/portal/certificates").bodyAsString();
        assertThat(portal).contains("data-no=\"" + second + "\" data-status=\"ACTIVE\"").contains("Superseded")
                .contains("/portal/certificates/" + second + "/pdf");
        assertThat(ConsoleForms.get(a, "/portal/certificates/" + second + "/pdf").statusCode()).isEqualTo(200);
        String theirs = send("GET", "/api/v1/products/" + productB.productId() + "/certificates", regulator, null).bodyAsJsonArray()
                .getJsonObject(0).getString("certificateNo");
        assertThat(portal).doesNotContain(theirs);
        assertThat(ConsoleForms.get(a, "/portal/certificates/" + theirs + "/pdf").statusCode()).isEqualTo(404);
        // a manufacturer's console session does not exist: the console is the regulator's
        assertThat(ConsoleForms.get(a, "/console/certificates").statusCode()).isEqualTo(303);
    }

    private static JsonObject batchOrder(int productId, String line, String key) {
        return new JsonObject().put("productId", productId).put("quantity", 5).put("lot", "L-1").put("productionDate", "2026-11-01")
                .put("lineId", line).put("idempotencyKey", key);
    }
}
