package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.OFFICER;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.mark.Serial;

/**
 * GTIN-based EPCs over the issuer's real HTTP API, Cassandra and Redis: marks named by SGTIN URN and
 * by Digital Link on any host are captured and traced, the trace shows the GS1 forms beside the
 * markauth URN, SSCCs are allocated once per container and only for its owner, a case is packed and
 * traced by its SSCC, and a real serial under another GTIN names no mark.
 */
class Gs1MarksIT {

    static final String GTIN = "04006381333931";       // the fixture's product: GS1 Company Prefix 4006381
    static final String OTHER_GTIN = "09506000134352";
    static final String PREFIX = "4006381";

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String maker;
    static String other;
    static String otherOwner;
    static String regulator;
    static String officer;
    static Batch units;
    static Batch cases;
    static Batch otherBatch;
    static Product product;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_gs1_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(IssuerRouter.trace(fx.vertx, fx.services)::mount)
                .listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        Principal makerP = Principal.manufacturer("gline-1", "GMAKER");
        Principal otherP = Principal.manufacturer("gother-1", "GOTHER");
        maker = fx.services.apiKeys.issue(makerP).toCompletableFuture().get();
        other = fx.services.apiKeys.issue(Principal.manufacturer("gstranger-1", "GSTRANGER")).toCompletableFuture().get();
        otherOwner = fx.services.apiKeys.issue(otherP).toCompletableFuture().get();
        regulator = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        officer = fx.services.apiKeys.issue(OFFICER).toCompletableFuture().get();
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("GMAKER");
        fx.licensee("GOTHER");
        fx.licensee("GSTRANGER");
        fx.licensee("GTHIRD");
        fx.services.registry.setGs1CompanyPrefix(REGULATOR, "GMAKER", PREFIX);
        product = fx.licensedProduct("GMAKER");
        units = fx.issued(makerP, product, 6, "gs1-units");
        cases = fx.issued(makerP, product, 4, "gs1-cases");
        otherBatch = fx.issued(otherP, fx.licensedProduct("GOTHER"), 1, "gs1-other");
        fx.services.activation.activateRange(makerP, units.batchId(), 1, 6);
        fx.services.activation.activateRange(makerP, cases.batchId(), 1, 4);
        fx.clock.advance(Duration.ofDays(2));
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> send(HttpMethod m, String path, String token, JsonObject body) throws Exception {
        var req = web.request(m, path).putHeader("Authorization", "Bearer " + token);
        return (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
    }

    /** The {@code i}-th unit (from 0) of a batch: seqs start at 1. */
    static UnitRef unit(Batch b, int i) {
        return new UnitRef(b.batchId(), fx.services.serials.serial(b.batchId(), i + 1));
    }

    static String base32(UnitRef u) {
        return new Serial(u.serial()).toBase32();
    }

    static String sgtin(UnitRef u) {
        return Gs1Keys.sgtinUrn(GTIN, PREFIX.length(), base32(u));
    }

    static String foreignLink(UnitRef u) {
        return "https://partner.example/dl/01/" + GTIN + "/10/LOT-1/21/" + base32(u) + "?17=281101";
    }

    static String at(Duration ago) {
        return fx.services.clock.instant().minus(ago).atOffset(ZoneOffset.ofHours(8)).toString();
    }

    static JsonObject doc(JsonObject... events) {
        return EpcisDocuments.write(List.of(events), Instant.now());
    }

    static JsonObject object(String... epcs) {
        return new JsonObject().put("type", "ObjectEvent").put("eventTime", at(Duration.ofHours(5))).put("eventTimeZoneOffset", "+08:00")
                .put("epcList", new JsonArray(List.of(epcs))).put("action", "ADD").put("bizStep", "commissioning")
                .put("disposition", "active").put("bizLocation", new JsonObject().put("id", "urn:markauth:loc:GMAKER:1"));
    }

    static JsonObject trace(String epc, String token) throws Exception {
        HttpResponse<Buffer> r = send(HttpMethod.GET, "/api/v1/trace?epc=" + URLEncoder.encode(epc, StandardCharsets.UTF_8), token, null);
        assertThat(r.statusCode()).as("%s", r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    static String refusal(HttpResponse<Buffer> r) {
        JsonObject b = r.bodyAsJsonObject();
        return b.containsKey("rejected") ? b.getJsonArray("rejected").getJsonObject(0).getString("code") : b.getString("error");
    }

    @Test
    void eventsNamingMarksBySgtinUrnAndDigitalLinkAreCapturedAndTheTraceShowsBothForms() throws Exception {
        UnitRef a = unit(units, 0);
        UnitRef b = unit(units, 1);
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/v1/epcis/capture", maker, doc(object(sgtin(a), foreignLink(b))));
        assertThat(r.statusCode()).as("%s", r.bodyAsString()).isEqualTo(201);

        JsonObject t = trace(a.urn(), maker);
        assertThat(t.getJsonArray("path")).hasSize(1);
        JsonObject origin = t.getJsonObject("origin");
        assertThat(origin.getString("urn")).isEqualTo(a.urn());
        JsonObject gs1 = origin.getJsonObject("gs1");
        assertThat(gs1.getString("gtin")).isEqualTo(GTIN);
        assertThat(gs1.getString("serial")).isEqualTo(base32(a)).hasSize(13);
        assertThat(gs1.getString("sgtin")).isEqualTo("urn:epc:id:sgtin:4006381.033393." + base32(a));
        assertThat(gs1.getString("digitalLink")).isEqualTo("https://id.gs1.org/01/" + GTIN + "/21/" + base32(a));

        // the trace is asked for in any form: the GS1 URN, the canonical Digital Link, another host's link
        assertThat(trace(sgtin(b), maker).getJsonObject("origin").getString("urn")).isEqualTo(b.urn());
        assertThat(trace(gs1.getString("digitalLink"), regulator).getJsonArray("path")).hasSize(1);
        assertThat(trace(foreignLink(b), maker).getJsonArray("path")).hasSize(1);
        // another licensee asking by SGTIN is told what a missing mark gets
        assertThat(send(HttpMethod.GET, "/api/v1/trace?epc=" + URLEncoder.encode(sgtin(a), StandardCharsets.UTF_8), other, null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aSerialUnderAnotherGtinOrNotIssuedNamesNoMark() throws Exception {
        fx.services.registry.createProduct(REGULATOR, new Product.Details(0, "GMAKER", "电水壶", "Kettle", "K-1", "appliance", OTHER_GTIN,
                "T/FSBZ 002-2025", "Kettles", Map.of(), List.of(), Set.of("CN-44")));
        UnitRef a = unit(units, 2);
        String relabelled = "https://id.gs1.org/01/" + OTHER_GTIN + "/21/" + base32(a);
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/v1/epcis/capture", maker, doc(object(relabelled)));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(refusal(r)).isEqualTo("UNKNOWN_MARK");
        assertThat(r.bodyAsJsonObject().getJsonArray("rejected").getJsonObject(0).getString("message")).contains(OTHER_GTIN);
        HttpResponse<Buffer> unallocated = send(HttpMethod.POST, "/api/v1/epcis/capture", maker, doc(object("urn:epc:id:sscc:4006381.0999999999")));
        assertThat(refusal(unallocated)).isEqualTo("UNKNOWN_MARK");
        HttpResponse<Buffer> foreign = send(HttpMethod.POST, "/api/v1/epcis/capture", maker, doc(object("urn:epc:id:sgtin:4006381.033393.400")));
        assertThat(refusal(foreign)).isEqualTo("FOREIGN_EPC");

        // asked for a trace, a GS1 key naming no mark is "not found", as another licensee's mark is: no oracle
        for (String none : List.of(relabelled, Gs1Keys.sgtinUrn(GTIN, 7, base32(unit(units, 50))),   // seq beyond the batch
                Gs1Keys.sgtinUrn(GTIN, 7, "AAAAAAAAAAAAA"), "urn:epc:id:sscc:4006381.0999999999")) {       // no batch; never allocated
            HttpResponse<Buffer> t = send(HttpMethod.GET, "/api/v1/trace?epc=" + URLEncoder.encode(none, StandardCharsets.UTF_8), maker, null);
            assertThat(t.statusCode()).as(none).isEqualTo(404);
            assertThat(t.bodyAsJsonObject().getString("message")).as(none).isEqualTo("mark " + none + " does not exist; check the id");
        }
        String theirs = Gs1Keys.sgtinUrn(GTIN, 7, base32(a));
        HttpResponse<Buffer> asOther = send(HttpMethod.GET, "/api/v1/trace?epc=" + URLEncoder.encode(theirs, StandardCharsets.UTF_8), other, null);
        assertThat(asOther.statusCode()).isEqualTo(404);
        assertThat(asOther.bodyAsJsonObject().getString("message")).isEqualTo("mark " + theirs + " does not exist; check the id");
        String[][] cases = {
                {"urn:epc:id:sgtin:4006381.033393.400", "FOREIGN_EPC"},                       // not a markauth serial
                {"https://id.gs1.org/01/" + GTIN + "/21/" + base32(a).toLowerCase(), "FOREIGN_EPC"},   // AI 21 is case-sensitive
                {"urn:epc:id:sscc:0614141.1234567890", "FOREIGN_EPC"},                        // a prefix no licensee holds
                {"urn:epc:id:sgln:4006381.00001.0", "FOREIGN_EPC"},
                {"https://id.gs1.org/01/" + GTIN, "FOREIGN_EPC"},                             // a class, not an item
                {"urn:epc:id:sgtin:4006381.03339.X", "MALFORMED_EPC"},
                {"https://id.gs1.org/01/04006381333932/21/" + base32(a), "MALFORMED_EPC"},   // check digit
        };
        for (String[] c : cases) {
            HttpResponse<Buffer> t = send(HttpMethod.GET, "/api/v1/trace?epc=" + URLEncoder.encode(c[0], StandardCharsets.UTF_8), maker, null);
            assertThat(t.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(t.bodyAsJsonObject().getString("error")).as(c[0]).isEqualTo(c[1]);
            assertThat(t.bodyAsJsonObject().getString("message")).as(c[0]).isNotBlank().doesNotContain("Exception");
        }
    }

    @Test
    void anSsccIsAllocatedOncePerContainerAndOnlyForItsOwner() throws Exception {
        UnitRef box = unit(cases, 0);
        HttpResponse<Buffer> first = send(HttpMethod.POST, "/api/v1/marks/sscc", maker, new JsonObject().put("epc", sgtin(box)));
        assertThat(first.statusCode()).as("%s", first.bodyAsString()).isEqualTo(201);
        JsonObject a = first.bodyAsJsonObject();
        String sscc = a.getString("sscc");
        assertThat(sscc).hasSize(18).startsWith("0" + PREFIX);
        assertThat(Gs1Keys.checkDigit(sscc.substring(0, 17))).isEqualTo(sscc.charAt(17));
        assertThat(a.getString("urn")).isEqualTo("urn:epc:id:sscc:" + PREFIX + ".0" + sscc.substring(8, 17));
        assertThat(a.getString("digitalLink")).isEqualTo("https://id.gs1.org/00/" + sscc);
        assertThat(a.getString("epc")).isEqualTo(box.urn());

        // idempotent: the same container gets the same SSCC, whoever may ask and in whichever form
        HttpResponse<Buffer> again = send(HttpMethod.POST, "/api/v1/marks/sscc", maker, new JsonObject().put("epc", box.urn()));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.bodyAsJsonObject().getString("sscc")).isEqualTo(sscc);
        assertThat(send(HttpMethod.POST, "/api/v1/marks/sscc", regulator, new JsonObject().put("epc", a.getString("urn")))
                .bodyAsJsonObject().getString("sscc")).isEqualTo(sscc);
        // concurrent first requests for another container agree on one SSCC
        UnitRef box2 = unit(cases, 1);
        List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(web.post("/api/v1/marks/sscc").putHeader("Authorization", "Bearer " + maker)
                    .sendJsonObject(new JsonObject().put("epc", box2.urn())));
        }
        Future.all(calls).await(30, TimeUnit.SECONDS);
        assertThat(calls.stream().map(f -> f.result().bodyAsJsonObject().getString("sscc")).distinct().toList()).hasSize(1)
                .doesNotContain(sscc);
        assertThat(calls.stream().filter(f -> f.result().statusCode() == 201).count()).isEqualTo(1);

        // refusals: another licensee's manufacturer (as a missing mark), an officer, no prefix, malformed input
        HttpResponse<Buffer> theirs = send(HttpMethod.POST, "/api/v1/marks/sscc", other, new JsonObject().put("epc", box.urn()));
        HttpResponse<Buffer> none = send(HttpMethod.POST, "/api/v1/marks/sscc", other,
                new JsonObject().put("epc", new UnitRef(cases.batchId(), 42L).urn()));
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(send(HttpMethod.POST, "/api/v1/marks/sscc", officer, new JsonObject().put("epc", box.urn())).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> noPrefix = send(HttpMethod.POST, "/api/v1/marks/sscc", otherOwner,
                new JsonObject().put("epc", unit(otherBatch, 0).urn()));
        assertThat(noPrefix.statusCode()).isEqualTo(422);
        assertThat(refusal(noPrefix)).isEqualTo("NO_GS1_COMPANY_PREFIX");
        HttpResponse<Buffer> bad = send(HttpMethod.POST, "/api/v1/marks/sscc", maker, new JsonObject().put("epc", "urn:epc:id:sscc:1.2"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(refusal(bad)).isEqualTo("MALFORMED_EPC");
        assertThat(send(HttpMethod.POST, "/api/v1/marks/sscc", maker, new JsonObject()).statusCode()).isEqualTo(400);
    }

    @Test
    void aCaseIsPackedAndTracedByItsSscc() throws Exception {
        UnitRef box = unit(cases, 2);
        UnitRef x = unit(units, 3);
        UnitRef y = unit(units, 4);
        JsonObject a = send(HttpMethod.POST, "/api/v1/marks/sscc", maker, new JsonObject().put("epc", box.urn())).bodyAsJsonObject();
        String ssccUrn = a.getString("urn");
        JsonObject pack = new JsonObject().put("type", "AggregationEvent").put("eventTime", at(Duration.ofHours(3)))
                .put("eventTimeZoneOffset", "+08:00").put("parentID", ssccUrn)
                .put("childEPCs", new JsonArray().add(foreignLink(x)).add(sgtin(y))).put("action", "ADD")
                .put("bizStep", "packing").put("disposition", "container_closed")
                .put("bizLocation", new JsonObject().put("id", "urn:markauth:loc:GMAKER:1"));
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/v1/epcis/capture", maker, doc(pack));
        assertThat(r.statusCode()).as("%s", r.bodyAsString()).isEqualTo(201);

        JsonObject unitTrace = trace(x.urn(), maker);
        assertThat(unitTrace.getString("container")).isEqualTo(ssccUrn);
        assertThat(unitTrace.getJsonObject("containerGs1").getString("sscc")).isEqualTo(a.getString("sscc"));
        assertThat(unitTrace.getJsonObject("containerGs1").getString("ssccUrn")).isEqualTo(ssccUrn);

        JsonObject caseTrace = trace("https://scanner.example/00/" + a.getString("sscc"), maker);
        assertThat(caseTrace.getJsonObject("origin").getString("urn")).isEqualTo(box.urn());
        assertThat(caseTrace.getJsonObject("origin").getJsonObject("gs1").getString("ssccUrn")).isEqualTo(ssccUrn);
        JsonArray contents = caseTrace.getJsonArray("contents");
        assertThat(contents).hasSize(2);
        assertThat(contents.stream().map(c -> ((JsonObject) c).getJsonObject("gs1").getString("sgtin")).toList())
                .containsExactlyInAnyOrder(sgtin(x), sgtin(y));
    }

    @Test
    void theCompanyPrefixIsTheRegulatorsToSetValidatedUniqueAndAudited() throws Exception {
        String path = "/api/v1/licensees/GTHIRD/gs1-company-prefix";
        assertThat(send(HttpMethod.PUT, path, maker, new JsonObject().put("gs1CompanyPrefix", "6901234")).statusCode()).isEqualTo(403);
        for (String bad : List.of("12345", "1234567890123", "69O1234", "0212345", "2912345", "9912345")) {
            HttpResponse<Buffer> r = send(HttpMethod.PUT, path, regulator, new JsonObject().put("gs1CompanyPrefix", bad));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("message")).as(bad).contains("gs1CompanyPrefix");
        }
        assertThat(send(HttpMethod.PUT, path, regulator, new JsonObject()).statusCode()).isEqualTo(400);
        HttpResponse<Buffer> taken = send(HttpMethod.PUT, path, regulator, new JsonObject().put("gs1CompanyPrefix", PREFIX));
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(refusal(taken)).isEqualTo("GS1_PREFIX_TAKEN");
        assertThat(send(HttpMethod.PUT, path, regulator, new JsonObject().put("gs1CompanyPrefix", PREFIX + "5")).statusCode()).isEqualTo(409);
        // nor a shorter prefix containing another's: GMAKER's 4006381 lies inside 400638
        HttpResponse<Buffer> containing = send(HttpMethod.PUT, path, regulator, new JsonObject().put("gs1CompanyPrefix", "400638"));
        assertThat(containing.statusCode()).isEqualTo(409);
        assertThat(containing.bodyAsJsonObject().getString("message")).contains("contains prefix 4006381");

        HttpResponse<Buffer> ok = send(HttpMethod.PUT, path, regulator, new JsonObject().put("gs1CompanyPrefix", "6901234"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.bodyAsJsonObject().getString("gs1CompanyPrefix")).isEqualTo("6901234");
        assertThat(send(HttpMethod.GET, "/api/v1/licensees/GTHIRD", regulator, null).bodyAsJsonObject().getString("gs1CompanyPrefix"))
                .isEqualTo("6901234");
        // editing the other details keeps it
        JsonObject details = send(HttpMethod.GET, "/api/v1/licensees/GTHIRD", regulator, null).bodyAsJsonObject();
        assertThat(send(HttpMethod.PUT, "/api/v1/licensees/GTHIRD", regulator, new JsonObject().put("name", details.getString("name"))
                .put("uscc", details.getString("uscc"))).bodyAsJsonObject().getString("gs1CompanyPrefix")).isEqualTo("6901234");
        // removed, it is free for another licensee
        assertThat(send(HttpMethod.PUT, path, regulator, new JsonObject().putNull("gs1CompanyPrefix")).bodyAsJsonObject()
                .getString("gs1CompanyPrefix")).isNull();
        assertThat(send(HttpMethod.PUT, "/api/v1/licensees/GSTRANGER/gs1-company-prefix", regulator,
                new JsonObject().put("gs1CompanyPrefix", "6901234")).statusCode()).isEqualTo(200);
        JsonArray audit = send(HttpMethod.GET, "/api/v1/audit/licensee:GTHIRD", regulator, null).bodyAsJsonArray();
        assertThat(audit.encode()).contains("licensee.gs1-prefix").contains("null -> 6901234").contains("6901234 -> null");
    }
}
