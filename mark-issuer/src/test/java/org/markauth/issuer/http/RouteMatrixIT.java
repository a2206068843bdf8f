package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;

/**
 * The role × route matrix of docs/api-issuer.md, checked against the running server: every row is
 * called with every column's key and the status compared with the cell (✓ = neither 401 nor 403; 404 where another licensee's record must look missing).
 * The allowed calls send valid bodies, so a refusal can only come from authentication or
 * authorisation; the matrix must also list exactly the core API's /api/v1 routes.
 */
class RouteMatrixIT {

    static final Path DOC = Path.of("..", "docs", "api-issuer.md");
    static final String HEADER = "| route | no key |";

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static final Map<String, String> tokens = new LinkedHashMap<>();
    static final Map<String, String> params = new LinkedHashMap<>();
    static int matrixBatch;
    static Licensee own;
    static Product product;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_matrix_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        fx.services.keys.rotate(REGULATOR, null);
        own = fx.licensee("MX");
        fx.licensee("MY");
        product = fx.licensedProduct("MX");
        Batches.Ordered o = fx.services.batches.order(REGULATOR, IssuerFixture.order(product.productId(), 20, "matrix-0"));
        fx.services.batches.issue(o.batch(), null, Batches.ProgressListener.none());
        var keys = fx.services.apiKeys;
        Principal ownMaker = Principal.manufacturer("m-own", "MX");
        // the column names of the doc's table, each with its key (no key: null)
        tokens.put("no key", null);
        tokens.put("manufacturer other", keys.issue(Principal.manufacturer("m-other", "MY")).toCompletableFuture().get());
        tokens.put("officer", keys.issue(IssuerFixture.OFFICER).toCompletableFuture().get());
        tokens.put("line key", keys.issue(ownMaker, Set.of(Scope.ACTIVATE), null, "test").token());
        tokens.put("print key", keys.issue(ownMaker, Set.of(Scope.PRINT), null, "test").token());
        tokens.put("order key", keys.issue(ownMaker, Set.of(Scope.ORDER), null, "test").token());
        tokens.put("manufacturer own", keys.issue(ownMaker).toCompletableFuture().get());
        tokens.put("regulator", keys.issue(REGULATOR).toCompletableFuture().get());
        params.put("licenseeId", "MX");
        params.put("productId", String.valueOf(product.productId()));
        params.put("batchId", String.valueOf(o.batch().batchId()));
        params.put("file", "batch.csv");
        params.put("keyId", "0000abcd");
        params.put("entity", "licensee:MX");
        params.put("userId", IssuerFixture.OFFICER.userId());
        params.put("credentialId", keys.issue(ownMaker, Scope.ALL, null, "test").credential().id());
        params.put("webhookId", fx.services.webhooks.create(ownMaker, "https://198.51.100.7/hook", List.of("alert.raised"), "matrix")
                .webhook().webhookId().toString());
        params.put("id", java.util.UUID.randomUUID().toString());   // a recall request no one made: the regulator gets 404
        params.put("lineId", fx.services.lines.create(ownMaker, null, "matrix", List.of(o.batch().batchId()), 5, 2).lineId());
        matrixBatch = o.batch().batchId();
        params.put("caseNo", "TS2026-999999");   // a case no one opened: 404 to everyone allowed to ask
        params.put("standardId", "T-MX-1");
        params.put("drawId", java.util.UUID.randomUUID().toString());   // no such draw or task: the regulator and officer get 404
        params.put("taskId", java.util.UUID.randomUUID().toString());
        params.put("eventType", "ObjectEvent");
        params.put("epc", new org.markauth.issuer.trace.UnitRef(o.batch().batchId(), 1).urn());
        params.put("certificateNo", fx.services.certificates.issue(REGULATOR, product.productId()).certificateNo());
        params.put("bizStep", "shipping");
        params.put("disposition", "in_transit");
        params.put("bizLocation", "urn:markauth:loc:MX:1");
        params.put("readPoint", "urn:markauth:loc:MX:1:dock");
        params.put("queryName", fx.services.namedQueries.create(ownMaker, new JsonObject().put("name", "matrix")
                .put("query", new JsonObject())).name());
        params.put("subscriptionID", fx.services.subscriptions.create(ownMaker, "matrix", new JsonObject()
                .put("dest", "https://198.51.100.7/epcis").put("stream", true)).subscription().id().toString());
        var standard = fx.services.standards.create(REGULATOR, new org.markauth.issuer.standards.Standards.NewStandard("T/FSBZ 001-2025",
                "电饭煲", "Rice cookers", "家电", "2025", List.of(new org.markauth.issuer.standards.Indicator("热效率", "%", "≥ 90%", 90.0,
                null)), List.of()));
        fx.services.standards.changeStatus(REGULATOR, standard.standard().standardId(), "2025",
                org.markauth.issuer.standards.StandardVersion.Status.PUBLISHED, "matrix");
        params.put("appId", fx.services.certification.apply(REGULATOR, org.markauth.issuer.certification.CertificationRoutes.filing(
                certFiling())).id());
        params.put("fileId", java.util.UUID.randomUUID().toString());
        params.put("expertId", "EXP-M");
        params.put("bodyId", "BODY-M");
        params.put("noticeId", java.util.UUID.randomUUID().toString());
        params.put("objectionId", java.util.UUID.randomUUID().toString());
    }

    /** A valid certification application of licensee MX. */
    static JsonObject certFiling() {
        return new JsonObject().put("licenseeId", "MX").put("standardNo", "T/FSBZ 001-2025").put("standardVersion", "2025")
                .put("declarationUrl", "https://www.qybz.org.cn/mx").put("product", new JsonObject().put("name", "电饭煲")
                        .put("category", "appliance").put("standardTitle", "Rice cookers, advanced standard"));
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    /** Valid bodies for the writes, so that an allowed caller is never stopped by its input before authorisation. */
    static JsonObject body(String route) {
        JsonObject productBody = new JsonObject().put("licenseeId", "MX").put("name", "电饭煲").put("nameEn", "Rice cooker")
                .put("model", "RC-1").put("category", "appliance").put("gtin", "4006381333931").put("standardNo", "T/FSBZ 001-2025")
                .put("standardTitle", "Rice cookers, advanced standard").put("marketRegions", new JsonArray().add("CN-44"));
        return switch (route) {
            case "POST /api/v1/licensees" -> new JsonObject().put("licenseeId", "MX").put("name", own.name())
                    .put("uscc", own.uscc());
            case "PUT /api/v1/licensees/{licenseeId}" -> new JsonObject().put("name", own.name())
                    .put("nameEn", own.nameEn()).put("uscc", own.uscc()).put("address", own.address());
            case "POST /api/v1/licensees/{licenseeId}/blacklist" -> new JsonObject().put("blacklisted", false).put("reason", "matrix");
            case "PUT /api/v1/licensees/{licenseeId}/gs1-company-prefix" -> new JsonObject().putNull("gs1CompanyPrefix");
            case "POST /api/v1/marks/sscc" -> new JsonObject().put("epc", new org.markauth.issuer.trace.UnitRef(
                    Integer.parseInt(params.get("batchId")), fx.services.serials.serial(Integer.parseInt(params.get("batchId")), 1)).urn());
            case "POST /api/v1/credit/{licenseeId}/events" -> new JsonObject().put("kind", "WARNING").put("date", "2026-01-05")
                    .put("reference", "matrix").put("summary", "matrix");
            case "POST /api/v1/certificates" -> new JsonObject().put("productId", product.productId());
            case "POST /api/v1/products", "PUT /api/v1/products/{productId}" -> productBody;
            case "PUT /api/v1/products/{productId}/licence" -> new JsonObject().put("licenceNo", "FS-" + product.productId())
                    .put("validFrom", fx.clock.instant().minus(Duration.ofDays(1)).toString())
                    .put("validUntil", fx.clock.instant().plus(Duration.ofDays(365)).toString()).put("reason", "matrix");
            case "POST /api/v1/products/{productId}/licence/status" -> new JsonObject().put("status", "ACTIVE").put("reason", "matrix");
            case "POST /api/v1/batches" -> new JsonObject().put("productId", product.productId()).put("quantity", 1).put("lot", "M")
                    .put("productionDate", "2026-11-01").put("lineId", "A").put("idempotencyKey", "matrix-1");
            case "POST /api/v1/batches/{batchId}/activations" -> new JsonObject().put("first", 1).put("last", 1);
            case "POST /api/v1/batches/{batchId}/voids" -> new JsonObject().put("first", 20).put("last", 20);
            case "POST /api/v1/batches/{batchId}/recall", "POST /api/v1/keys/{keyId}/revoke",
                    "POST /api/v1/credentials/{credentialId}/revoke" -> new JsonObject().put("reason", "matrix");
            case "POST /api/v1/keys/rotate" -> new JsonObject();
            case "POST /api/v1/credentials" -> new JsonObject().put("userId", "matrix").put("role", "OFFICER");
            case "POST /api/v1/credentials/revoke" -> new JsonObject().put("token", "mak_" + "A".repeat(32));
            case "POST /api/v1/recall-requests" -> new JsonObject().put("batchId", Integer.parseInt(params.get("batchId"))).put("reason", "matrix")
                    .put("notice", "matrix");
            case "POST /api/v1/recall-requests/{id}/approve", "POST /api/v1/recall-requests/{id}/reject" ->
                    new JsonObject().put("note", "matrix");
            case "POST /api/v1/complaints" -> new JsonObject().put("referralNo", "matrix-" + java.util.UUID.randomUUID())
                    .put("referralDate", "2026-12-01").put("complaint", "matrix");
            case "POST /api/v1/complaints/fund/deposits" -> new JsonObject().put("amountFen", 100).put("note", "matrix");
            case "POST /api/v1/complaints/{caseNo}/assign", "POST /api/v1/complaints/{caseNo}/close",
                    "POST /api/v1/complaints/{caseNo}/reopen" -> new JsonObject().put("reason", "matrix");
            case "POST /api/v1/complaints/{caseNo}/reply" -> new JsonObject().put("reply", "matrix");
            case "POST /api/v1/complaints/{caseNo}/resolve" -> new JsonObject().put("outcome", "REFUND").put("reason", "matrix");
            case "POST /api/v1/complaints/{caseNo}/recoveries" -> new JsonObject().put("amountFen", 100).put("date", "2026-12-01");
            case "PUT /api/v1/officers/{userId}/area" -> new JsonObject().put("regions", new JsonArray().add("CN-44"));
            case "PUT /api/v1/products/{productId}/label-template" -> new JsonObject().put("widthMm", 60).put("heightMm", 40);
            case "DELETE /api/v1/webhooks/{webhookId}" -> new JsonObject();
            case "POST /api/v1/webhooks" -> new JsonObject().put("url", "https://198.51.100.7/hook")
                    .put("events", new JsonArray().add("alert.raised"));
            case "POST /api/v1/lines" -> new JsonObject().put("name", "matrix 2").put("licenseeId", "MX")
                    .put("batchIds", new JsonArray().add(matrixBatch)).put("packSize", 5).put("casesPerPallet", 2);
            case "PUT /api/v1/lines/{lineId}" -> new JsonObject().put("packSize", 6);
            case "POST /api/v1/lines/{lineId}/keys" -> new JsonObject();
            case "POST /api/v1/station/scans" -> new JsonObject().put("scans", new JsonArray().add(new JsonObject()
                    .put("id", java.util.UUID.randomUUID().toString()).put("mode", "ACTIVATE").put("code", "x")));
            case "POST /api/v1/station/packs" -> new JsonObject().put("id", java.util.UUID.randomUUID().toString()).put("level", "CASE")
                    .put("parent", "x").put("children", new JsonArray().add("y"));
            case "POST /api/v1/epcis/queries" -> new JsonObject().put("name", "matrix-" + java.util.UUID.randomUUID().toString().substring(0, 8))
                    .put("query", new JsonObject());
            case "POST /api/v1/epcis/queries/{queryName}/subscriptions" -> new JsonObject().put("dest", "https://198.51.100.7/epcis")
                    .put("stream", true);
            case "DELETE /api/v1/epcis/queries/{queryName}", "DELETE /api/v1/epcis/queries/{queryName}/subscriptions/{subscriptionID}" ->
                    new JsonObject();
            case "POST /api/v1/standards" -> new JsonObject().put("standardNo", "T/MX 1").put("titleZh", "矩阵").put("sector", "家电")
                    .put("version", "1");
            case "POST /api/v1/standards/{standardId}/versions" -> new JsonObject().put("version", "2");
            case "POST /api/v1/standards/{standardId}/status" -> new JsonObject().put("version", "1").put("status", "WITHDRAWN")
                    .put("reason", "matrix");
            case "POST /api/v1/standards/{standardId}/products" -> new JsonObject().put("version", "1").put("productId", product.productId());
            case "POST /api/v1/supervision/inspectors" -> new JsonObject().put("inspectorId", "MX-I").put("name", "矩阵")
                    .put("districtCode", "440604").put("organisation", "matrix");
            case "POST /api/v1/supervision/draws" -> new JsonObject().put("year", 2026).put("officeSecret", "matrix-secret-0123456789")
                    .put("enterprises", 1).put("inspectorsPerTask", 1).put("dueOn", "2026-12-31")
                    .put("publicSource", "上证指数收盘点位").put("publicDate", java.time.LocalDate.now().plusDays(2).toString());
            case "POST /api/v1/supervision/draws/{drawId}/witness" -> new JsonObject().put("witnessPart", "matrix");
            case "POST /api/v1/supervision/draws/{drawId}/reveal" -> new JsonObject().put("officeSecret", "matrix-secret-0123456789");
            case "POST /api/v1/supervision/draws/{drawId}/void" -> new JsonObject().put("reason", "matrix");
            case "POST /api/v1/supervision/tasks/{taskId}/results" -> new JsonObject().put("indicator", "a").put("value", "1")
                    .put("lab", "l").put("reportNo", "r");
            case "POST /api/v1/supervision/tasks/{taskId}/consequences" -> new JsonObject().put("kind", "WARNING").put("reason", "matrix");
            case "POST /api/v1/certification/applications" -> certFiling();
            case "POST /api/v1/certification/applications/{appId}/evidence" -> new JsonObject();
            case "POST /api/v1/certification/applications/{appId}/resubmit" -> new JsonObject().put("note", "matrix");
            case "POST /api/v1/certification/applications/{appId}/withdrawal" -> new JsonObject().put("reason", "matrix");
            case "POST /api/v1/certification/applications/{appId}/completeness" -> new JsonObject().put("complete", true);
            case "POST /api/v1/certification/applications/{appId}/assignment" -> new JsonObject().put("bodyId", "BODY-M");
            case "POST /api/v1/certification/applications/{appId}/scores" -> new JsonObject().put("expertId", "EXP-M")
                    .put("scores", new JsonObject().put("STANDARD_LEVEL", 80).put("QUALITY_STABILITY", 80).put("INNOVATION", 80)
                            .put("BENEFIT", 80)).put("findings", "matrix");
            case "POST /api/v1/certification/applications/{appId}/decision" -> new JsonObject().put("decision", "REFUSED")
                    .put("reason", "matrix");
            case "POST /api/v1/certification/applications/{appId}/activation" -> new JsonObject();
            case "PUT /api/v1/certification/experts/{expertId}" -> new JsonObject().put("name", "专家").put("field", "appliance")
                    .put("district", "440605").put("organisation", "matrix");
            case "PUT /api/v1/certification/bodies/{bodyId}" -> new JsonObject().put("name", "matrix body");
            case "POST /api/v1/certification/notices/{noticeId}/objections" -> new JsonObject().put("name", "n").put("contact", "c")
                    .put("text", "t");
            case "POST /api/v1/certification/notices/{noticeId}/objections/{objectionId}/ruling" -> new JsonObject()
                    .put("upheld", false).put("ruling", "matrix");
            case "POST /api/v1/certification/notices/{noticeId}/extension" -> new JsonObject().put("days", 7).put("reason", "matrix");
            case "POST /api/v1/certification/notices/{noticeId}/objections/dismissal" -> new JsonObject()
                    .put("objectionIds", new JsonArray().add(params.get("objectionId"))).put("reason", "matrix");
            default -> null;
        };
    }

    record Row(String route, Map<String, String> expected) {
    }

    static List<Row> matrix() throws Exception {
        List<String> lines = Files.readAllLines(DOC);
        int h = 0;
        while (h < lines.size() && !lines.get(h).startsWith(HEADER)) {
            h++;
        }
        assertThat(h).as("the matrix header '%s' in %s", HEADER, DOC).isLessThan(lines.size());
        List<String> columns = cells(lines.get(h)).subList(1, cells(lines.get(h)).size());
        assertThat(columns).containsExactlyInAnyOrderElementsOf(tokens.keySet());
        List<Row> rows = new ArrayList<>();
        for (int i = h + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> c = cells(lines.get(i));
            assertThat(c).as("row %s", lines.get(i)).hasSize(columns.size() + 1);
            Map<String, String> expected = new LinkedHashMap<>();
            for (int k = 0; k < columns.size(); k++) {
                assertThat(c.get(k + 1)).as("cell in %s", lines.get(i)).isIn("✓", "401", "403", "404");
                expected.put(columns.get(k), c.get(k + 1));
            }
            rows.add(new Row(c.get(0).replace("`", ""), expected));
        }
        return rows;
    }

    static List<String> cells(String line) {
        String t = line.strip();
        return java.util.Arrays.stream(t.substring(1, t.length() - 1).split("\\|")).map(String::strip).toList();
    }

    @Test
    void theMatrixListsExactlyTheCoreApiRoutes() throws Exception {
        Set<String> routed = OpenApiRoutes.routed(IssuerRouter.api(fx.vertx, null,
                new HttpSettings("127.0.0.1", 0, 1024, Duration.ofSeconds(5), "http://127.0.0.1")).router())
                .stream().filter(r -> r.contains(" /api/v1/")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = matrix().stream().map(Row::route).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(routed);
    }

    @Test
    void everyRoleGetsWhatTheMatrixSays() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Row row : matrix()) {
            String method = row.route().substring(0, row.route().indexOf(' '));
            String path = row.route().substring(method.length() + 1);
            for (var p : params.entrySet()) {
                path = path.replace("{" + p.getKey() + "}", p.getValue());
            }
            JsonObject body = body(row.route());
            if (!method.equals("GET")) {
                assertThat(body).as("a valid body for %s in RouteMatrixIT.body", row.route()).isNotNull();
            }
            for (var t : tokens.entrySet()) {     // the owner and the regulator last: their writes change state
                String want = row.expected().get(t.getKey());
                var req = web.request(HttpMethod.valueOf(method), path);
                if (t.getValue() != null) {
                    req.putHeader("Authorization", "Bearer " + t.getValue());
                }
                HttpResponse<Buffer> r = (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
                int got = r.statusCode();
                boolean ok = want.equals("✓") ? got != 401 && got != 403 : got == Integer.parseInt(want);
                if (!ok) {
                    wrong.add(row.route() + " as " + t.getKey() + ": doc says " + want + ", server answered " + got + " "
                            + r.bodyAsString());
                }
            }
        }
        assertThat(wrong).as("routes whose answer differs from docs/api-issuer.md's matrix").isEmpty();
    }
}
