package org.markauth.issuer.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.issuer.registry.Uscc;
import org.markauth.registry.Invalidation;
import org.markauth.registry.LicenceStatus;

/**
 * The certification lifecycle over the issuer's real HTTP server (API and console) on the real
 * stack: one application walked from filing to an ACTIVE licence in the registry (completeness,
 * a panel with the conflicting experts refused, scores, grant, a public notice with an objection
 * written to the table as verify-api's form writes it, dismissed, activation), the refusals of
 * the wrong role (403), the wrong state (409 with its sentence) and bad input (400), a manufacturer's
 * own application through the portal path, the direct grant's audit line, and the console's pages.
 */
class CertificationIT {

    /** The applicant: a new enterprise registered in 顺德区 (440606). */
    static final String SHUNDE = Uscc.withCheckCharacter("91440606MA55CERT1");

    static IssuerFixture fx;
    static HttpServer server;
    static IssuerRouter router;
    static WebClient web;
    static String regulator;
    static String officer;
    static String maker;
    static String other;
    static Product renewable;
    static String makerD;
    static String makerE;
    static String makerF;
    static String makerG;
    static String makerH;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_cert_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        router = IssuerRouter.full(fx.vertx, fx.services, http, ConsoleForms.sessions(fx));
        server = router.listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        fx.services.keys.rotate(REGULATOR, null);
        // the programme standard the applications name: registered and published (an unknown one is refused below)
        var std = fx.services.standards.create(REGULATOR, new org.markauth.issuer.standards.Standards.NewStandard("T/FSBZ 001-2025",
                "电饭煲先进标准", "Rice cookers", "家电", "2025", List.of(new org.markauth.issuer.standards.Indicator("热效率", "%", "≥ 90%",
                90.0, null)), List.of("IEC 60335-2-15:2016")));
        fx.services.standards.changeStatus(REGULATOR, std.standard().standardId(), "2025",
                org.markauth.issuer.standards.StandardVersion.Status.PUBLISHED, "published for the test");
        fx.licensee("CA");
        fx.licensee("CB");
        fx.licensee("CC");
        fx.licensee("CD");
        fx.licensee("CE");
        fx.licensee("CF");
        fx.licensee("CG");
        fx.licensee("CH");
        renewable = fx.licensedProduct("CA");
        var keys = fx.services.apiKeys;
        regulator = keys.issue(REGULATOR).toCompletableFuture().get();
        officer = keys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        maker = keys.issue(Principal.manufacturer("maker-ca", "CA")).toCompletableFuture().get();
        other = keys.issue(Principal.manufacturer("maker-cc", "CC")).toCompletableFuture().get();
        makerD = keys.issue(Principal.manufacturer("maker-cd", "CD")).toCompletableFuture().get();
        makerE = keys.issue(Principal.manufacturer("maker-ce", "CE")).toCompletableFuture().get();
        makerF = keys.issue(Principal.manufacturer("maker-cf", "CF")).toCompletableFuture().get();
        makerG = keys.issue(Principal.manufacturer("maker-cg", "CG")).toCompletableFuture().get();
        makerH = keys.issue(Principal.manufacturer("maker-ch", "CH")).toCompletableFuture().get();
        expert("E-SD", "440606", List.of());            // the applicant's own district
        expert("E-CONF", "440604", List.of("NEWCO"));   // declared a conflict with the applicant
        expert("E-NH", "440605", List.of());
        expert("E-SS", "440607", List.of());
        expert("E-GM", "440608", List.of());
        assertThat(send("PUT", "/api/v1/certification/bodies/FSQI", regulator, new JsonObject().put("name", "佛山市质量技术评审中心")
                .put("accreditation", "CNAS").put("contact", "0757-0000")).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static void expert(String id, String district, List<String> conflicts) throws Exception {
        HttpResponse<Buffer> r = send("PUT", "/api/v1/certification/experts/" + id, regulator, new JsonObject().put("name", "专家" + id)
                .put("field", "appliance").put("district", district).put("organisation", "华南检测").put("conflicts", new JsonArray(conflicts)));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    }

    static HttpResponse<Buffer> send(String method, String path, String token, Object body) throws Exception {
        var req = web.request(HttpMethod.valueOf(method), path).putHeader("Authorization", "Bearer " + token);
        return (body == null ? req.send() : body instanceof JsonObject o ? req.sendJsonObject(o) : req.sendBuffer((Buffer) body))
                .await(30, TimeUnit.SECONDS);
    }

    static JsonObject ok(HttpResponse<Buffer> r, int status) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        return r.bodyAsJsonObject();
    }

    static JsonObject filing(String licenseeId) {
        return new JsonObject().put("licenseeId", licenseeId).put("standardNo", "T/FSBZ 001-2025").put("standardVersion", "2025")
                .put("declarationUrl", "https://www.qybz.org.cn/std/" + licenseeId)
                .put("product", new JsonObject().put("name", "智能电饭煲").put("nameEn", "Smart rice cooker").put("model", "RC-9")
                        .put("category", "appliance").put("standardTitle", "电饭煲先进标准").put("coreIndicators", new JsonObject().put("热效率", "≥ 90%")));
    }

    @Test
    void anApplicationWalksFromFilingToAnActiveLicence() throws Exception {
        String path = "/api/v1/certification/applications";
        JsonObject body = filing("NEWCO").put("newLicensee", new JsonObject().put("name", "佛山新科电器有限公司").put("uscc", SHUNDE)
                .put("address", "佛山市顺德区"));
        // the wrong role, another manufacturer, bad input
        assertThat(send("POST", path, officer, body).statusCode()).isEqualTo(403);
        JsonObject notOwn = ok(send("POST", path, other, filing("CA")), 403);
        assertThat(notOwn.getString("message")).contains("only for its own licensee");
        JsonObject insecure = ok(send("POST", path, regulator, body.copy().put("declarationUrl", "http://www.qybz.org.cn/x")), 400);
        assertThat(insecure.getString("message")).contains("declarationUrl must be an https URL");
        assertThat(ok(send("POST", path, regulator, body.copy().put("newLicensee", new JsonObject().put("name", "x")
                .put("uscc", "91440606MA55CERT10"))), 400).getString("message")).contains("uscc");

        JsonObject app = ok(send("POST", path, regulator, body), 201);
        assertThat(app.getString("state")).isEqualTo("SUBMITTED");
        String a = path + "/" + app.getString("appId");

        // evidence: a real PDF up and down, a file that is not what it says refused
        byte[] pdf = ("%PDF-1.4\n% type test report\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        var up = web.post(a + "/evidence?name=type-test.pdf").putHeader("Authorization", "Bearer " + regulator)
                .putHeader("Content-Type", "application/pdf").sendBuffer(Buffer.buffer(pdf)).await(30, TimeUnit.SECONDS);
        JsonObject file = ok(up, 201);
        assertThat(file.getString("sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)));
        var down = send("GET", a + "/evidence/" + file.getString("fileId"), officer, null);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.getHeader("Content-Type")).isEqualTo("application/pdf");
        assertThat(down.body().getBytes()).isEqualTo(pdf);
        var fake = web.post(a + "/evidence?name=x.png").putHeader("Authorization", "Bearer " + regulator)
                .putHeader("Content-Type", "image/png").sendBuffer(Buffer.buffer(pdf)).await(30, TimeUnit.SECONDS);
        assertThat(ok(fake, 400).getString("message")).contains("does not start as a image/png file does");
        assertThat(send("GET", a + "/evidence/" + file.getString("fileId"), other, null).statusCode()).isEqualTo(404);

        // the wrong state: 409 with the sentence naming the state it needs
        JsonObject early = ok(send("POST", a + "/assignment", regulator, new JsonObject().put("bodyId", "FSQI")), 409);
        assertThat(early.getString("error")).isEqualTo("CERT_APP_STATE");
        assertThat(early.getString("message")).contains("is SUBMITTED").contains("only when it is COMPLETENESS_CHECKED");
        assertThat(send("POST", a + "/completeness", maker, new JsonObject().put("complete", true)).statusCode()).isEqualTo(403);
        ok(send("POST", a + "/completeness", regulator, new JsonObject().put("complete", true).put("reason", "材料齐全")), 200);

        // the panel: an expert of the applicant's district and one with a declared conflict are refused, each with its sentence
        JsonObject sameDistrict = ok(send("POST", a + "/assignment", regulator, new JsonObject().put("bodyId", "FSQI")
                .put("expertIds", new JsonArray().add("E-NH").add("E-SD"))), 422);
        assertThat(sameDistrict.getString("error")).isEqualTo("CERT_EXPERT_CONFLICT");
        assertThat(sameDistrict.getString("message")).contains("E-SD").contains("顺德区").contains("the applicant's own district");
        JsonObject conflict = ok(send("POST", a + "/assignment", regulator, new JsonObject().put("bodyId", "FSQI")
                .put("expertIds", new JsonArray().add("E-CONF"))), 422);
        assertThat(conflict.getString("message")).contains("declared a conflict of interest with licensee NEWCO");
        assertThat(ok(send("POST", a + "/assignment", regulator, new JsonObject().put("bodyId", "NOPE")), 404).getString("message"))
                .contains("evaluation body NOPE");
        JsonObject assigned = ok(send("POST", a + "/assignment", regulator, new JsonObject().put("bodyId", "FSQI")
                .put("expertIds", new JsonArray().add("E-NH").add("E-SS"))), 200);
        assertThat(assigned.getString("state")).isEqualTo("UNDER_EVALUATION");

        // scores: an expert off the panel refused, a score out of range a 400, the last expert's scores move it on
        JsonObject scores = new JsonObject().put("STANDARD_LEVEL", 88).put("QUALITY_STABILITY", 90).put("INNOVATION", 75).put("BENEFIT", 82);
        assertThat(ok(send("POST", a + "/scores", regulator, new JsonObject().put("expertId", "E-GM").put("scores", scores)
                .put("findings", "x")), 422).getString("error")).isEqualTo("CERT_NOT_ASSIGNED");
        assertThat(ok(send("POST", a + "/scores", regulator, new JsonObject().put("expertId", "E-NH")
                .put("scores", scores.copy().put("BENEFIT", 101)).put("findings", "x")), 400).getString("message")).contains("BENEFIT must be 0 to 100");
        assertThat(ok(send("POST", a + "/scores", regulator, new JsonObject().put("expertId", "E-NH").put("scores", scores)
                .put("findings", "热效率实测 92%，优于标准")), 200).getString("state")).isEqualTo("UNDER_EVALUATION");
        assertThat(ok(send("POST", a + "/scores", regulator, new JsonObject().put("expertId", "E-SS").put("scores", scores)
                .put("findings", "质量管理体系健全")), 200).getString("state")).isEqualTo("SCORED");

        // grant: the public notice opens; activation before it closes is refused
        JsonObject granted = ok(send("POST", a + "/decision", regulator, new JsonObject().put("decision", "GRANTED")
                .put("reason", "评价得分 83.8，达到先进标准").put("noticeDays", 7)), 200);
        assertThat(granted.getString("state")).isEqualTo("IN_NOTICE");
        UUID notice = UUID.fromString(granted.getString("noticeId"));
        assertThat(ok(send("POST", a + "/activation", regulator, null), 409).getString("error")).isEqualTo("CERT_NOTICE_RUNNING");

        // an objection written to the table as verify-api's public form writes it
        UUID objection = Uuids.timeBased();
        fx.ks.session().execute("INSERT INTO cert_objections (notice_id, objection_id, name, contact, text, status) VALUES (?, ?, ?, ?, ?, 'PENDING')",
                notice, objection, "王先生", "139****0000", "该企业去年曾因产品抽检不合格被通报");
        fx.clock.advance(Duration.ofDays(8));
        JsonObject pending = ok(send("POST", a + "/activation", regulator, null), 409);
        assertThat(pending.getString("error")).isEqualTo("CERT_OBJECTIONS_PENDING");
        JsonObject n = ok(send("GET", "/api/v1/certification/notices/" + notice, officer, null), 200);
        assertThat(n.getJsonArray("objections")).hasSize(1);
        String rule = "/api/v1/certification/notices/" + notice + "/objections/" + objection + "/ruling";
        assertThat(ok(send("POST", rule, regulator, new JsonObject().put("upheld", false).put("ruling", "经核查，通报问题已整改并复检合格")), 200)
                .getString("status")).isEqualTo("DISMISSED");
        assertThat(ok(send("POST", rule, regulator, new JsonObject().put("upheld", true).put("ruling", "again")), 409).getString("error"))
                .isEqualTo("CERT_OBJECTION_RULED");

        // activation: the new licensee and the product registered, the licence ACTIVE in the registry
        JsonObject licensed = ok(send("POST", a + "/activation", regulator, new JsonObject().put("validYears", 3)), 200);
        assertThat(licensed.getString("state")).isEqualTo("LICENSED");
        int productId = licensed.getInteger("productId");
        Licence l = fx.services.registry.findLicence(productId).orElseThrow();
        assertThat(l.status()).isEqualTo(LicenceStatus.ACTIVE);
        assertThat(l.licenceNo()).isEqualTo(licensed.getString("licenceNo"));
        assertThat(l.effectiveStatus(fx.clock.instant())).isEqualTo(LicenceStatus.ACTIVE);
        assertThat(fx.services.registry.findLicensee("NEWCO").orElseThrow().uscc()).isEqualTo(SHUNDE);
        assertThat(fx.services.changes.entity(Invalidation.of(Invalidation.Kind.LICENCE, productId).encode(), 10))
                .anySatisfy(e -> assertThat(e.detail()).startsWith("certified: application " + app.getString("appId")));
        assertThat(ok(send("POST", a + "/activation", regulator, null), 409).getString("message")).contains("LICENSED is final");
        // the product carries the application's standard version, and the licence its certificate (a signed mark of its own)
        assertThat(fx.services.standards.linkOf(productId)).get().extracting(e -> e.standard().standardNo()).isEqualTo("T/FSBZ 001-2025");
        assertThat(fx.services.registry.findProduct(productId).orElseThrow().coreIndicators()).containsKey("热效率");
        assertThat(fx.services.certificates.ofProduct(REGULATOR, productId)).singleElement()
                .satisfies(c -> assertThat(c.certificate().licenceNo()).isEqualTo(l.licenceNo()));

        // the timeline: every step, who and why, oldest first
        JsonArray timeline = send("GET", a + "/timeline", officer, null).bodyAsJsonArray();
        assertThat(timeline.stream().map(x -> ((JsonObject) x).getString("action")).toList()).containsSubsequence("cert.apply",
                "cert.evidence", "cert.complete", "cert.assign", "cert.score", "cert.score", "cert.scored", "cert.grant",
                "cert.objection.dismissed", "cert.activate");
        assertThat(timeline.getJsonObject(0).getString("actor")).isEqualTo(REGULATOR.userId());
        assertThat(timeline.stream().map(x -> ((JsonObject) x).getString("detail")).toList())
                .anySatisfy(d -> assertThat(d).contains("经核查，通报问题已整改并复检合格"));

        // the console shows it LICENSED with its timeline
        WebClientSession s = ConsoleForms.login(web, regulator);
        String page = ConsoleForms.get(s, "/console/certification/" + app.getString("appId")).bodyAsString();
        assertThat(page).contains("Licensed").contains(licensed.getString("licenceNo")).contains("Objection dismissed")
                .contains("type-test.pdf");
    }

    @Test
    void aManufacturerFilesForItsOwnLicenseeAndSeesOnlyItsOwn() throws Exception {
        JsonObject mine = ok(send("POST", "/api/v1/certification/applications", maker, filing("CA")), 201);
        assertThat(mine.getString("filedRole")).isEqualTo("MANUFACTURER");
        String a = "/api/v1/certification/applications/" + mine.getString("appId");
        assertThat(send("GET", a, other, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/certification/applications", other, null).bodyAsJsonArray()).isEmpty();
        assertThat(send("GET", "/api/v1/certification/applications", maker, null).bodyAsJsonArray()).hasSize(1);
        assertThat(ok(send("POST", "/api/v1/certification/applications", maker, filing("CA").put("newLicensee",
                new JsonObject().put("name", "x").put("uscc", SHUNDE))), 403).getString("message")).contains("filed by the programme office");
        // the office returns it, the manufacturer resubmits
        ok(send("POST", a + "/completeness", regulator, new JsonObject().put("complete", false).put("reason", "缺少型式检验报告")), 200);
        assertThat(ok(send("POST", a + "/completeness", regulator, new JsonObject().put("complete", false)), 400).getString("message"))
                .contains("reason is required");
        assertThat(ok(send("POST", a + "/resubmit", maker, new JsonObject().put("note", "已补交检验报告")), 200).getString("state"))
                .isEqualTo("SUBMITTED");
        assertThat(send("POST", a + "/resubmit", other, new JsonObject().put("note", "x")).statusCode()).isEqualTo(404);
        assertThat(ok(send("GET", "/api/v1/certification/applications/not-a-uuid", regulator, null), 400).getString("message"))
                .contains("appId must be an id");
        // an application names a programme standard that is registered and published
        assertThat(ok(send("POST", "/api/v1/certification/applications", maker, filing("CA").put("standardNo", "T/FSBZ 999-2025")), 422)
                .getString("error")).isEqualTo("CERT_STANDARD_UNKNOWN");
        assertThat(ok(send("POST", "/api/v1/certification/applications", maker, filing("CA").put("standardVersion", "2019")), 422)
                .getString("message")).contains("not in the programme's standards registry");
    }

    @Test
    void anUpheldObjectionRefusesTheApplication() throws Exception {
        Certification c = fx.services.certification;
        String nanhai = Uscc.withCheckCharacter("91440605MA55CERT2");
        Application a = c.apply(REGULATOR, CertificationRoutes.filing(filing("NHCO").put("newLicensee", new JsonObject()
                .put("name", "佛山南海某某有限公司").put("uscc", nanhai))));
        c.checkComplete(REGULATOR, a.appId(), null);
        // the automatic pick never draws the expert of the applicant's district (南海区, E-NH)
        for (int i = 0; i < 10; i++) {
            assertThat(c.pick(a, 3)).extracting(Expert::expertId).doesNotContain("E-NH").doesNotHaveDuplicates();
        }
        a = c.assign(REGULATOR, a.appId(), "FSQI", List.of(), 2);
        assertThat(a.expertIds()).hasSize(2).doesNotContain("E-NH");
        for (String e : a.expertIds()) {
            a = c.score(REGULATOR, a.appId(), new Scores(e, java.util.Map.of(Criterion.STANDARD_LEVEL, 60, Criterion.QUALITY_STABILITY, 60,
                    Criterion.INNOVATION, 60, Criterion.BENEFIT, 60), "合格", "x", java.time.Instant.EPOCH));
        }
        a = c.decide(REGULATOR, a.appId(), true, "达到要求", 1);
        Objection o = c.object(REGULATOR, a.noticeId(), "李女士", "电话 0757-1", "产品与申报型号不符");
        c.rule(REGULATOR, a.noticeId(), o.objectionId(), true, "现场核查属实");
        Application refused = c.application(REGULATOR, a.appId());
        assertThat(refused.state()).isEqualTo(AppState.REFUSED);
        assertThat(refused.decisionReason()).contains("objection upheld: 现场核查属实");
        assertThat(c.notice(REGULATOR, a.noticeId()).status()).isEqualTo("WITHDRAWN");
    }

    @Test
    void aDirectGrantIsAuditedAsAMigrationAndRenewalsAreListed() throws Exception {
        Product p = fx.services.registry.createProduct(REGULATOR, new Product.Details(0, "CB", "壁挂炉", null, "WB-1", "appliance", null,
                "T/FSBZ 002-2025", "壁挂炉先进标准", java.util.Map.of(), List.of(), java.util.Set.of()));
        ok(send("PUT", "/api/v1/products/" + p.productId() + "/licence", regulator, new JsonObject().put("licenceNo", "PAPER-1")
                .put("validFrom", fx.clock.instant().minus(Duration.ofDays(1000)).toString())
                .put("validUntil", fx.clock.instant().plus(Duration.ofDays(20)).toString()).put("reason", "2023 年纸质证书")), 200);
        assertThat(fx.services.changes.entity(Invalidation.of(Invalidation.Kind.LICENCE, p.productId()).encode(), 10))
                .anySatisfy(e -> assertThat(e.detail()).startsWith(Registry.DIRECT_GRANT + ": PAPER-1").contains("2023 年纸质证书"));
        JsonArray due = send("GET", "/api/v1/certification/renewals?days=30", officer, null).bodyAsJsonArray();
        assertThat(due.stream().map(x -> ((JsonObject) x).getInteger("productId")).toList()).contains(p.productId());
        assertThat(send("GET", "/api/v1/certification/renewals?days=0", regulator, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/certification/renewals", maker, null).statusCode()).isEqualTo(403);
        // a renewal application for the licensed product takes the registry's product details
        JsonObject renewal = ok(send("POST", "/api/v1/certification/applications", regulator, filing("CB").put("renewalOf", p.productId())), 201);
        assertThat(renewal.getString("kind")).isEqualTo("RENEWAL");
        assertThat(renewal.getJsonObject("product").getString("name")).isEqualTo("壁挂炉");
        WebClientSession s = ConsoleForms.login(web, regulator);
        String list = ConsoleForms.get(s, "/console/certification").bodyAsString();
        assertThat(list).contains("PAPER-1").contains("within 30 days").contains(renewal.getString("appId").substring(0, 8));
        String zh = ConsoleForms.get(s, "/console/certification?lang=zh").bodyAsString();
        assertThat(zh).contains("认证申请").contains("待续证");
    }

    @Test
    void theExpertLibraryPageListsExpertsAndTakesANewOne() throws Exception {
        WebClientSession s = ConsoleForms.login(web, regulator);
        assertThat(ConsoleForms.get(s, "/console/experts").bodyAsString()).contains("E-CONF").contains("NEWCO").contains("Shunde");
        var r = ConsoleForms.post(s, "/console/experts", "/console/experts", MultiMap.caseInsensitiveMultiMap().add("expertId", "E-NEW")
                .add("name", "陈工").add("field", "ceramics").add("district", "440604").add("organisation", "陶瓷研究所").add("conflicts", "CA, CB"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(303);
        assertThat(fx.services.certification.experts(REGULATOR)).anySatisfy(e -> {
            assertThat(e.expertId()).isEqualTo("E-NEW");
            assertThat(e.conflicts()).containsExactlyInAnyOrder("CA", "CB");
        });
        var bad = ConsoleForms.post(s, "/console/experts", "/console/experts", MultiMap.caseInsensitiveMultiMap().add("expertId", "E-BAD")
                .add("name", "x").add("field", "x").add("district", "4406").add("organisation", "x"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.bodyAsString()).contains("district must be a six-digit");
        assertThat(send("PUT", "/api/v1/certification/experts/E-X", officer, new JsonObject().put("name", "x")).statusCode()).isEqualTo(403);
    }

    static final byte[] PDF = ("%PDF-1.4\n% evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);

    static WebClientSession portal(String key, String lang) throws Exception {
        return ConsoleForms.portalLogin(web, key, lang);
    }

    /** Posts {@code file} as the page's multipart evidence form does (its CSRF token read from {@code page}). */
    static HttpResponse<Buffer> upload(WebClientSession s, String page, String path, String name, String type, byte[] file) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(ConsoleForms.get(s, page).bodyAsString());
        assertThat(m.find()).isTrue();
        return s.post(path).sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create().attribute("csrf", m.group(1))
                .binaryFileUpload("file", name, Buffer.buffer(file), type)).await(30, TimeUnit.SECONDS);
    }

    @Test
    void aLicenseeHasAtMostFiveOpenApplicationsAndAWithdrawalFreesAPlace() throws Exception {
        String path = "/api/v1/certification/applications";
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < Certification.DEFAULT_MAX_OPEN_APPLICATIONS; i++) {
            ids.add(ok(send("POST", path, makerD, filing("CD")), 201).getString("appId"));
        }
        JsonObject full = ok(send("POST", path, makerD, filing("CD")), 422);
        assertThat(full.getString("error")).isEqualTo("CERT_TOO_MANY_OPEN");
        assertThat(full.getString("message")).contains("licensee CD has 5 open certification applications").contains("withdraw one");
        // the office's paper intake counts against the same cap
        assertThat(ok(send("POST", path, regulator, filing("CD")), 422).getString("error")).isEqualTo("CERT_TOO_MANY_OPEN");

        WebClientSession d = portal(makerD, "en");
        String list = ConsoleForms.get(d, "/portal/applications").bodyAsString();
        assertThat(list).contains("id=\"full\"").contains("Your licensee has 5 open certification applications").doesNotContain("id=\"apply-form\"");
        String zh = portal(makerD, "zh-CN").get("/portal/applications").send().await(30, TimeUnit.SECONDS).bodyAsString();
        assertThat(zh).contains("贵企业已有 5 件在办的认证申请");
        // a withdrawal needs a reason, is the owner's only, and frees a place
        String page = "/portal/applications/" + ids.get(0);
        HttpResponse<Buffer> noReason = ConsoleForms.post(d, page, page + "/withdraw", MultiMap.caseInsensitiveMultiMap().add("reason", " "));
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(noReason.bodyAsString()).contains("reason");
        WebClientSession c = portal(other, "en");
        assertThat(ConsoleForms.get(c, page).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> notTheirs = ConsoleForms.post(c, "/portal/applications", page + "/withdraw",
                MultiMap.caseInsensitiveMultiMap().add("reason", "not ours"));
        assertThat(notTheirs.statusCode()).isEqualTo(404);
        HttpResponse<Buffer> withdrawn = ConsoleForms.post(d, page, page + "/withdraw", MultiMap.caseInsensitiveMultiMap().add("reason", "产品改型，重新申请"));
        assertThat(withdrawn.statusCode()).as(withdrawn.bodyAsString()).isEqualTo(303);
        assertThat(ok(send("GET", path + "/" + ids.get(0), makerD, null), 200).getString("state")).isEqualTo("WITHDRAWN");
        JsonArray timeline = send("GET", path + "/" + ids.get(0) + "/timeline", regulator, null).bodyAsJsonArray();
        assertThat(timeline.stream().map(x -> (JsonObject) x).filter(x -> x.getString("action").equals("cert.withdraw")).toList())
                .singleElement().satisfies(x -> {
                    assertThat(x.getString("actor")).isEqualTo("maker-cd");
                    assertThat(x.getString("detail")).contains("SUBMITTED -> WITHDRAWN").contains("产品改型，重新申请");
                });
        // WITHDRAWN is final: no second withdrawal, no evidence, said in the portal's words
        HttpResponse<Buffer> again = ConsoleForms.post(d, "/portal/applications", page + "/withdraw", MultiMap.caseInsensitiveMultiMap().add("reason", "x"));
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.bodyAsString()).contains("state does not allow this");
        assertThat(ok(send("POST", path, makerD, filing("CD")), 201).getString("state")).isEqualTo("SUBMITTED");
        // the API's withdrawal: the owner's (or the office's), with a reason, before the decision
        String w = path + "/" + ids.get(1) + "/withdrawal";
        assertThat(send("POST", w, officer, new JsonObject().put("reason", "x")).statusCode()).isEqualTo(403);
        assertThat(send("POST", w, other, new JsonObject().put("reason", "x")).statusCode()).isEqualTo(404);
        assertThat(ok(send("POST", w, makerD, new JsonObject()), 400).getString("message")).contains("reason is required");
        assertThat(ok(send("POST", w, makerD, new JsonObject().put("reason", "合并到另一申请")), 200).getString("state")).isEqualTo("WITHDRAWN");
        JsonObject twice = ok(send("POST", w, regulator, new JsonObject().put("reason", "again")), 409);
        assertThat(twice.getString("error")).isEqualTo("CERT_APP_STATE");
        assertThat(twice.getString("message")).contains("is WITHDRAWN").contains("WITHDRAWN is final");
    }

    /**
     * Sixteen uploads to one application at once: the limit of ten is taken by compare-and-set, so
     * exactly ten land and six are refused, whatever order the workers run them in.
     */
    @Test
    void concurrentUploadsNeverExceedTheEvidenceLimit() throws Exception {
        String a = "/api/v1/certification/applications/" + ok(send("POST", "/api/v1/certification/applications", regulator, filing("CB")), 201)
                .getString("appId");
        // sixteen connections, so all sixteen requests are in flight together (the default pool holds five)
        WebClient wide = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()),
                new io.vertx.core.http.PoolOptions().setHttp1MaxSize(16));
        List<io.vertx.core.Future<HttpResponse<Buffer>>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            all.add(wide.post(a + "/evidence?name=report-" + i + ".pdf").putHeader("Authorization", "Bearer " + regulator)
                    .putHeader("Content-Type", "application/pdf").sendBuffer(Buffer.buffer(PDF)));
        }
        io.vertx.core.Future.join(all).await(60, TimeUnit.SECONDS);
        wide.close();
        List<Integer> statuses = all.stream().map(f -> f.result().statusCode()).toList();
        assertThat(statuses).filteredOn(x -> x == 201).hasSize(Certification.MAX_EVIDENCE_FILES);
        assertThat(statuses).filteredOn(x -> x == 422).hasSize(16 - Certification.MAX_EVIDENCE_FILES);
        assertThat(all.stream().map(io.vertx.core.Future::result).filter(r -> r.statusCode() == 422)
                .map(r -> r.bodyAsJsonObject().getString("error")).distinct().toList()).containsExactly("CERT_EVIDENCE_FULL");
        assertThat(ok(send("GET", a, regulator, null), 200).getJsonArray("evidence")).hasSize(Certification.MAX_EVIDENCE_FILES);
        assertThat(send("GET", a + "/timeline", regulator, null).bodyAsJsonArray().stream()
                .filter(x -> ((JsonObject) x).getString("action").equals("cert.evidence")).count()).isEqualTo(Certification.MAX_EVIDENCE_FILES);
    }

    /**
     * The applicant sees nothing of the panel before the decision (API JSON, timeline, portal page),
     * and after it the evaluation body, the scores and findings, never the experts' identities;
     * the office sees all of it.
     */
    @Test
    void theApplicantSeesNoPanelBeforeTheDecisionAndNoExpertEver() throws Exception {
        JsonObject filed = ok(send("POST", "/api/v1/certification/applications", makerF, filing("CF")), 201);
        String id = filed.getString("appId");
        String a = "/api/v1/certification/applications/" + id;
        ok(send("POST", a + "/completeness", regulator, new JsonObject().put("complete", true)), 200);
        List<String> panel = ok(send("POST", a + "/assignment", regulator, new JsonObject().put("bodyId", "FSQI").put("panel", 2)), 200)
                .getJsonArray("expertIds").stream().map(String::valueOf).toList();
        assertThat(panel).hasSize(2);
        JsonObject scores = new JsonObject().put("STANDARD_LEVEL", 70).put("QUALITY_STABILITY", 60).put("INNOVATION", 65).put("BENEFIT", 62);
        ok(send("POST", a + "/scores", regulator, new JsonObject().put("expertId", panel.get(0)).put("scores", scores)
                .put("findings", "能效实测未达标准限值")), 200);

        // before the decision: no body, no experts, no scores, no panel step in the timeline
        JsonObject mine = ok(send("GET", a, makerF, null), 200);
        assertThat(mine.getValue("bodyId")).isNull();
        assertThat(mine.getJsonArray("expertIds")).isEmpty();
        assertThat(mine.getJsonArray("scores")).isEmpty();
        String json = mine.encode() + send("GET", a + "/timeline", makerF, null).bodyAsString()
                + send("GET", "/api/v1/certification/applications", makerF, null).bodyAsString();
        assertThat(json).doesNotContain(panel.get(0)).doesNotContain(panel.get(1)).doesNotContain("FSQI").doesNotContain("能效实测")
                .doesNotContain("cert.assign").doesNotContain("cert.score");
        String html = ConsoleForms.get(portal(makerF, "en"), "/portal/applications/" + id).bodyAsString();
        assertThat(html).contains("Under evaluation").doesNotContain(panel.get(0)).doesNotContain(panel.get(1)).doesNotContain("FSQI")
                .doesNotContain("能效实测").doesNotContain("Evaluators assigned").doesNotContain("id=\"findings\"");
        // the office sees the panel
        JsonObject office = ok(send("GET", a, regulator, null), 200);
        assertThat(office.getString("bodyId")).isEqualTo("FSQI");
        assertThat(office.getJsonArray("scores")).hasSize(1);
        assertThat(ConsoleForms.get(ConsoleForms.login(web, regulator), "/console/certification/" + id).bodyAsString()).contains(panel.get(0));

        ok(send("POST", a + "/scores", regulator, new JsonObject().put("expertId", panel.get(1)).put("scores", scores)
                .put("findings", "质量稳定性一般")), 200);
        // SCORED: the applicant can no longer withdraw (it would dodge the refusal it sees coming), API or portal
        JsonObject dodge = ok(send("POST", a + "/withdrawal", makerF, new JsonObject().put("reason", "不想被驳回")), 409);
        assertThat(dodge.getString("error")).isEqualTo("CERT_APP_STATE");
        assertThat(dodge.getString("message")).contains("is SCORED").contains("only before the experts have scored it");
        assertThat(ConsoleForms.get(portal(makerF, "en"), "/portal/applications/" + id).bodyAsString()).doesNotContain("id=\"withdraw-form\"");
        assertThat(ok(send("GET", a, regulator, null), 200).getString("state")).isEqualTo("SCORED");
        ok(send("POST", a + "/decision", regulator, new JsonObject().put("decision", "REFUSED").put("reason", "评价得分 64.3，未达先进标准")), 200);

        // the refusal gave the licensee's open-application place back: the stored count is its open applications
        long open = send("GET", "/api/v1/certification/applications", makerF, null).bodyAsJsonArray().stream()
                .filter(x -> AppState.valueOf(((JsonObject) x).getString("state")).open()).count();
        assertThat(fx.services.session.execute("SELECT open_count FROM cert_apps_by_licensee WHERE licensee_id = 'CF' LIMIT 1").one()
                .getInt("open_count")).isEqualTo((int) open);
        // after the decision: the outcome, the body, the scores and findings; never who scored them
        JsonObject decided = ok(send("GET", a, makerF, null), 200);
        assertThat(decided.getString("decision")).isEqualTo("REFUSED");
        assertThat(decided.getString("bodyId")).isEqualTo("FSQI");
        assertThat(decided.getJsonArray("expertIds")).isEmpty();
        assertThat(decided.getJsonArray("scores").stream().map(x -> ((JsonObject) x).getString("expertId")).toList())
                .containsExactlyInAnyOrder("panel-1", "panel-2");
        assertThat(decided.getJsonArray("scores").stream().map(x -> ((JsonObject) x).getString("findings")).toList())
                .containsExactlyInAnyOrder("能效实测未达标准限值", "质量稳定性一般");
        String after = decided.encode() + send("GET", a + "/timeline", makerF, null).bodyAsString();
        assertThat(after).doesNotContain(panel.get(0)).doesNotContain(panel.get(1)).contains("cert.scored").contains("cert.refuse")
                .doesNotContain("cert.assign");
        String page = ConsoleForms.get(portal(makerF, "en"), "/portal/applications/" + id).bodyAsString();
        assertThat(page).contains("id=\"findings\"").contains("能效实测未达标准限值").contains("评价得分 64.3").contains("Panel member")
                .doesNotContain(panel.get(0)).doesNotContain(panel.get(1)).doesNotContain("id=\"withdraw-form\"");
    }

    /** The office uploads evidence from the console (the API's limits) and downloads it; a manufacturer cannot use the console. */
    @Test
    void theOfficeUploadsAndDownloadsEvidenceInTheConsole() throws Exception {
        String id = ok(send("POST", "/api/v1/certification/applications", regulator, filing("CB")), 201).getString("appId");
        WebClientSession s = ConsoleForms.login(web, regulator);
        String page = "/console/certification/" + id;
        assertThat(ConsoleForms.get(s, page).bodyAsString()).contains("id=\"evidence-form\"").contains("enctype=\"multipart/form-data\"");
        // the completeness note reaches the applicant, and the form says so
        assertThat(ConsoleForms.get(s, page + "?lang=en").bodyAsString()).contains("<label for=\"complete-note\">Message to the applicant");
        HttpResponse<Buffer> up = upload(s, page, page + "/evidence", "检验报告.pdf", "application/pdf", PDF);
        assertThat(up.statusCode()).as(up.bodyAsString()).isEqualTo(303);
        JsonObject file = ok(send("GET", "/api/v1/certification/applications/" + id, regulator, null), 200).getJsonArray("evidence").getJsonObject(0);
        assertThat(file.getString("name")).isEqualTo("检验报告.pdf");
        assertThat(file.getString("uploadedBy")).isEqualTo(REGULATOR.userId());
        var down = ConsoleForms.get(s, page + "/evidence/" + file.getString("fileId"));
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body().getBytes()).isEqualTo(PDF);
        // the API's rules: a file that is not what it says, one that is too large, no file, no CSRF token
        HttpResponse<Buffer> fake = upload(s, page, page + "/evidence", "x.png", "image/png", PDF);
        assertThat(fake.statusCode()).isEqualTo(422);
        assertThat(fake.bodyAsString()).contains("does not start as a image/png file does");
        byte[] big = new byte[Certification.MAX_EVIDENCE_BYTES + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        HttpResponse<Buffer> tooBig = upload(s, page, page + "/evidence", "big.pdf", "application/pdf", big);
        assertThat(tooBig.statusCode()).isEqualTo(422);
        assertThat(tooBig.bodyAsString()).contains("1 MiB");
        HttpResponse<Buffer> noCsrf = s.post(page + "/evidence").sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create()
                .binaryFileUpload("file", "a.pdf", Buffer.buffer(PDF), "application/pdf")).await(30, TimeUnit.SECONDS);
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(ok(send("GET", "/api/v1/certification/applications/" + id, regulator, null), 200).getJsonArray("evidence")).hasSize(1);
        // the console is the office's: a manufacturer key does not sign in
        HttpResponse<Buffer> m = web.post("/console/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", maker))
                .await(30, TimeUnit.SECONDS);
        assertThat(m.statusCode()).isNotEqualTo(303);
    }

    /**
     * The manufacturer's walk in headless Chromium, in the portal's default language: file an
     * application (the standard picked from the published ones), upload a PDF through the form,
     * see it listed and the application SUBMITTED in the list; another licensee's id is 404.
     */
    @Test
    void inChromiumAManufacturerFilesUploadsEvidenceAndSeesItsState() throws Exception {
        org.markauth.testing.Browser browser = org.markauth.testing.Browser.require();
        String base = "http://127.0.0.1:" + server.actualPort();
        java.nio.file.Path pdf = java.nio.file.Files.createTempFile("型式检验报告", ".pdf");
        java.nio.file.Files.write(pdf, PDF);
        String theirs = ok(send("POST", "/api/v1/certification/applications", regulator, filing("CB")), 201).getString("appId");
        try (org.markauth.testing.WebDriver w = org.markauth.testing.WebDriver.start(browser, "zh-CN")) {
            w.go(base + "/portal/login");
            w.type("#token", makerE);
            w.click("#login");
            w.await("return document.querySelector('#logout') !== null", Duration.ofSeconds(20));
            w.go(base + "/portal/applications");
            assertThat(w.execute("return document.documentElement.lang")).isEqualTo("zh-CN");
            assertThat(w.text("main h1")).isEqualTo("认证申请");
            w.type("#productName", "节能电饭煲");
            w.type("#model", "RC-E1");
            w.type("#category", "appliance");
            assertThat(w.execute("return [...document.querySelectorAll('#standard option')].map(o => o.value)"))
                    .asString().contains("T/FSBZ 001-2025|2025");
            w.type("#declarationUrl", "https://www.qybz.org.cn/std/CE");
            w.click("#apply");
            w.await("return document.querySelector('#evidence-form') !== null", Duration.ofSeconds(20));
            assertThat(w.text("#state")).isEqualTo("已提交");
            String url = w.currentUrl();
            String id = url.substring(url.lastIndexOf('/') + 1);
            w.type("#file", pdf.toString());
            w.click("#upload");
            w.await("return document.querySelectorAll('#evidence li.file').length === 1", Duration.ofSeconds(20));
            assertThat(w.text("#evidence li.file")).startsWith(pdf.getFileName().toString()).contains("application/pdf");
            assertThat(w.execute("return [...document.querySelectorAll('#timeline .action')].map(x => x.textContent)")).asString()
                    .contains("提交申请").contains("上传证明材料");
            w.go(base + "/portal/applications");
            assertThat(w.attribute("#app-" + id, "data-state")).isEqualTo("SUBMITTED");
            assertThat(w.text("#app-" + id)).contains("节能电饭煲").contains("已提交");
            w.go(base + "/portal/applications/" + theirs);
            assertThat(w.execute("return document.querySelector('#summary') === null")).isEqualTo(true);
        } finally {
            java.nio.file.Files.deleteIfExists(pdf);
        }
        JsonArray own = send("GET", "/api/v1/certification/applications", makerE, null).bodyAsJsonArray();
        assertThat(own).hasSize(1);
        assertThat(own.getJsonObject(0).getString("filedRole")).isEqualTo("MANUFACTURER");
        assertThat(ok(send("GET", "/api/v1/certification/applications/" + own.getJsonObject(0).getString("appId"), makerE, null), 200)
                .getJsonArray("evidence")).hasSize(1);
        assertThat(ConsoleForms.get(portal(makerE, "en"), "/portal/applications/" + theirs).statusCode()).isEqualTo(404);
    }

    /**
     * The programme office's row of the console, in headless Chromium and in the console's default
     * language: every link leads to its page (a heading, no refusal), signed in with a regulator key.
     */
    @Test
    void inChromiumTheProgrammeOfficeRowLeadsToEveryPage() throws Exception {
        org.markauth.testing.Browser browser = org.markauth.testing.Browser.require();
        String base = "http://127.0.0.1:" + server.actualPort();
        try (org.markauth.testing.WebDriver w = org.markauth.testing.WebDriver.start(browser, "zh-CN")) {
            w.go(base + "/console/login");
            w.type("#token", regulator);
            w.click("#login");
            w.await("return document.querySelector('#logout') !== null", Duration.ofSeconds(20));
            assertThat(w.text("#office span")).isEqualTo("项目办：");
            List<String> hrefs = ((JsonArray) w.execute("return [...document.querySelectorAll('#office a')].map(a => a.getAttribute('href'))"))
                    .stream().map(String::valueOf).toList();
            assertThat(hrefs).containsExactly("/console/standards", "/console/certification", "/console/experts",
                    "/console/certificates", "/console/complaints", "/console/credit", "/console/supervision", "/console/targets");
            for (String href : hrefs) {
                w.go(base + href);
                assertThat(w.text("main h1")).as(String.valueOf(href)).isNotBlank();
                assertThat(w.execute("return document.querySelector('.err') === null")).as(String.valueOf(href)).isEqualTo(true);
                assertThat(w.execute("return document.documentElement.lang")).as(String.valueOf(href)).isEqualTo("zh-CN");
            }
        }
    }

    /**
     * Sixteen filings for one licensee at once: its open-application places are taken by
     * compare-and-set, so exactly five land. A withdrawal gives a place back and drops the
     * withdrawn application's evidence bytes (the file's description stays).
     */
    @Test
    void concurrentFilingsNeverExceedTheOpenApplicationCapAndAWithdrawalDropsTheEvidenceBytes() throws Exception {
        String path = "/api/v1/certification/applications";
        WebClient wide = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()),
                new io.vertx.core.http.PoolOptions().setHttp1MaxSize(16));
        List<io.vertx.core.Future<HttpResponse<Buffer>>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            all.add(wide.post(path).putHeader("Authorization", "Bearer " + makerG).sendJsonObject(filing("CG")));
        }
        io.vertx.core.Future.join(all).await(60, TimeUnit.SECONDS);
        wide.close();
        List<HttpResponse<Buffer>> answers = all.stream().map(io.vertx.core.Future::result).toList();
        assertThat(answers.stream().map(r -> r.statusCode() + " " + r.bodyAsString()).toList()).as("answers")
                .allSatisfy(x -> assertThat(x).matches("(201|422) .*"));
        assertThat(answers).filteredOn(r -> r.statusCode() == 201).hasSize(Certification.DEFAULT_MAX_OPEN_APPLICATIONS);
        assertThat(answers).filteredOn(r -> r.statusCode() == 422).hasSize(16 - Certification.DEFAULT_MAX_OPEN_APPLICATIONS)
                .allSatisfy(r -> assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("CERT_TOO_MANY_OPEN"));
        assertThat(send("GET", path, makerG, null).bodyAsJsonArray()).hasSize(Certification.DEFAULT_MAX_OPEN_APPLICATIONS);

        String a = path + "/" + answers.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow().bodyAsJsonObject().getString("appId");
        JsonObject up = ok(web.post(a + "/evidence?name=report.pdf").putHeader("Authorization", "Bearer " + makerG)
                .putHeader("Content-Type", "application/pdf").sendBuffer(Buffer.buffer(PDF)).await(30, TimeUnit.SECONDS), 201);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PDF));
        assertThat(up.getString("sha256")).isEqualTo(sha);
        assertThat(send("GET", a + "/evidence/" + up.getString("fileId"), makerG, null).body().getBytes()).isEqualTo(PDF);
        ok(send("POST", a + "/withdrawal", makerG, new JsonObject().put("reason", "重新整理材料")), 200);
        JsonObject kept = ok(send("GET", a, makerG, null), 200).getJsonArray("evidence").getJsonObject(0);
        assertThat(kept.getString("name")).isEqualTo("report.pdf");
        assertThat(kept.getString("sha256")).isEqualTo(sha);
        assertThat(kept.getInteger("size")).isEqualTo(PDF.length);
        JsonObject dropped = ok(send("GET", a + "/evidence/" + up.getString("fileId"), regulator, null), 409);
        assertThat(dropped.getString("error")).isEqualTo("CERT_EVIDENCE_DROPPED");
        assertThat(dropped.getString("message")).contains("withdrawn").contains(sha);
        // the withdrawal gave one place back, exactly one
        ok(send("POST", path, makerG, filing("CG")), 201);
        assertThat(ok(send("POST", path, regulator, filing("CG")), 422).getString("error")).isEqualTo("CERT_TOO_MANY_OPEN");
    }

    /** The office may withdraw a SCORED application (the applicant may not), audited as withdrawn after evaluation. */
    @Test
    void onlyTheOfficeWithdrawsAScoredApplicationAndTheTimelineSaysAfterEvaluation() throws Exception {
        String a = "/api/v1/certification/applications/" + ok(send("POST", "/api/v1/certification/applications", makerH, filing("CH")), 201)
                .getString("appId");
        ok(send("POST", a + "/completeness", regulator, new JsonObject().put("complete", true)), 200);
        String expert = ok(send("POST", a + "/assignment", regulator, new JsonObject().put("bodyId", "FSQI").put("panel", 1)), 200)
                .getJsonArray("expertIds").getString(0);
        JsonObject scores = new JsonObject().put("STANDARD_LEVEL", 80).put("QUALITY_STABILITY", 80).put("INNOVATION", 80).put("BENEFIT", 80);
        assertThat(ok(send("POST", a + "/scores", regulator, new JsonObject().put("expertId", expert).put("scores", scores)
                .put("findings", "符合")), 200).getString("state")).isEqualTo("SCORED");
        assertThat(ok(send("POST", a + "/withdrawal", makerH, new JsonObject().put("reason", "撤回")), 409).getString("message"))
                .contains("only before the experts have scored it");
        assertThat(ok(send("POST", a + "/withdrawal", regulator, new JsonObject().put("reason", "企业书面申请撤回，经办公室同意")), 200)
                .getString("state")).isEqualTo("WITHDRAWN");
        assertThat(send("GET", a + "/timeline", regulator, null).bodyAsJsonArray().stream().map(x -> (JsonObject) x)
                .filter(x -> x.getString("action").equals("cert.withdraw")).toList()).singleElement()
                .satisfies(x -> assertThat(x.getString("detail")).contains("SCORED -> WITHDRAWN").contains("withdrawn after evaluation by REGULATOR")
                        .contains("企业书面申请撤回"));
    }

    /**
     * A suspended licence is not renewed (activation would write it ACTIVE again): refused through the
     * API and the portal with the sentence that says the office reinstates it first; once reinstated it is.
     */
    @Test
    void aSuspendedLicenceIsNotRenewedUntilTheOfficeReinstatesIt() throws Exception {
        Product p = fx.licensedProduct("CH");
        fx.services.registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.SUSPENDED, "抽检不合格");
        String path = "/api/v1/certification/applications";
        JsonObject refused = ok(send("POST", path, makerH, filing("CH").put("renewalOf", p.productId())), 422);
        assertThat(refused.getString("error")).isEqualTo("LICENCE_SUSPENDED");
        assertThat(refused.getString("message")).contains("is suspended").contains("reinstated by the office first");
        assertThat(ok(send("POST", path, regulator, filing("CH").put("renewalOf", p.productId())), 422).getString("error"))
                .isEqualTo("LICENCE_SUSPENDED");
        WebClientSession h = portal(makerH, "en");
        HttpResponse<Buffer> form = ConsoleForms.post(h, "/portal/applications", "/portal/applications/renewal", MultiMap.caseInsensitiveMultiMap()
                .add("productId", Integer.toString(p.productId())).add("standard", "T/FSBZ 001-2025|2025")
                .add("declarationUrl", "https://www.qybz.org.cn/std/CH"));
        assertThat(form.statusCode()).isEqualTo(422);
        assertThat(form.bodyAsString()).contains("suspended").contains("reinstate it first");
        assertThat(fx.services.registry.findLicence(p.productId()).orElseThrow().status()).isEqualTo(LicenceStatus.SUSPENDED);
        fx.services.registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.ACTIVE, "整改合格，恢复");
        assertThat(ok(send("POST", path, makerH, filing("CH").put("renewalOf", p.productId())), 201).getString("kind")).isEqualTo("RENEWAL");
    }

    /**
     * An upload form's body is read only for a signed-in session: an anonymous one is refused while
     * its body is still on the way (a refusal that waited for the rest would never come), nothing
     * lands in the instance's owner-only upload folder; one announced over the upload limit is 413
     * from its Content-Length, before anything is read.
     */
    @Test
    void anAnonymousUploadIsRefusedBeforeItsBodyIsReadAndAnOversizedOneIs413() throws Exception {
        java.nio.file.Path dir = router.uploadsDirectory();
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String id = ok(send("POST", "/api/v1/certification/applications", regulator, filing("CB")), 201).getString("appId");
        for (String path : List.of("/portal/applications/" + id + "/evidence", "/console/certification/" + id + "/evidence")) {
            String part = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
                    + new String(PDF, StandardCharsets.US_ASCII);
            assertThat(statusLine(path, 512 * 1024, part)).startsWith("HTTP/1.1 401");
            try (var files = java.nio.file.Files.list(dir)) {
                assertThat(files.toList()).isEmpty();
            }
            assertThat(statusLine(path, Certification.MAX_EVIDENCE_BYTES + org.markauth.issuer.http.Bodies.FORM_OVERHEAD + 1, ""))
                    .startsWith("HTTP/1.1 413");
        }
    }

    /** Sends a multipart POST's head announcing {@code length} bytes and only {@code start} of them; the response's status line. */
    static String statusLine(String path, int length, String start) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.actualPort())) {
            s.setSoTimeout(60_000);
            s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b0undary\r\n"
                    + "Content-Length: " + length + "\r\n\r\n" + start).getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
        }
    }
}
