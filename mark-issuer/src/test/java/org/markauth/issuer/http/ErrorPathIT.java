package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.registry.Product;
import org.slf4j.LoggerFactory;

/**
 * Issue 15, "one error path": every decoding, parsing, binding and validation failure is a 4xx
 * with a specific code and a plain sentence in the request's language, never a 500 and never the
 * parser's words; a true fault is a 500 logged once with the reference the client is given; the
 * body is neither buffered nor judged before the caller is authenticated and its role checked; a
 * manufacturer cannot tell another licensee's objects from missing ones. Fired at every route of
 * {@code issuer serve} (read from its own router), through the real server over the real stack,
 * with the log captured: none of these requests may write an ERROR line.
 */
class ErrorPathIT {

    static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT");
    static final int JSON_LIMIT = 64 * 1024;

    static IssuerFixture fx;
    static HttpServer server;
    static HttpClient client;
    static List<String[]> routes;     // {method, concrete path}
    static String regulator;
    static String officer;
    static String maker;              // the manufacturer of licensee EX, which owns the product and batch
    static String other;              // the manufacturer of licensee EY
    static Product product;
    static Batch batch;
    static String serial;
    static int cases;
    static final ListAppender<ILoggingEvent> log = new ListAppender<>();

    private final List<String> wrong = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_errors_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        IssuerRouter issuer = IssuerRouter.full(fx.vertx, fx.services, http, ConsoleForms.sessions(fx))
                // a true fault, for the one 500 this test wants
                .mount(r -> r.get("/api/v1/test-fault").handler(ctx -> {
                    throw new IllegalStateException("secret internal state 0xdeadbeef");
                }));
        server = issuer.listen().await(10, TimeUnit.SECONDS);
        client = fx.vertx.createHttpClient();
        var keys = fx.services.apiKeys;
        regulator = keys.issue(REGULATOR).toCompletableFuture().get();
        officer = keys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        maker = keys.issue(Principal.manufacturer("m-ex", "EX")).toCompletableFuture().get();
        other = keys.issue(Principal.manufacturer("m-ey", "EY")).toCompletableFuture().get();
        String credential = keys.issue(Principal.manufacturer("line", "EX"), Scope.ALL, null, "test").credential().id();
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("EX");
        fx.licensee("EY");
        product = fx.licensedProduct("EX");
        Batches.Ordered o = fx.services.batches.order(REGULATOR, IssuerFixture.order(product.productId(), 10, "errors-1"));
        fx.services.batches.issue(o.batch(), null, Batches.ProgressListener.none());
        batch = o.batch();
        serial = HexFormat.of().toHexDigits(fx.services.serials.serial(batch.batchId(), 3));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("licenseeId", "EX");
        params.put("partnerId", "EY");
        params.put("productId", String.valueOf(product.productId()));
        params.put("batchId", String.valueOf(batch.batchId()));
        params.put("serial", serial);
        params.put("file", "batch.csv");
        params.put("keyId", "0000abcd");
        params.put("entity", "licensee:EX");
        params.put("credentialId", credential);
        params.put("recallId", UUID.randomUUID().toString());
        params.put("id", "1");
        params.put("userId", "officer-1");
        params.put("webhookId", UUID.randomUUID().toString());
        params.put("lineId", "L0123456789ab");
        params.put("eventType", "ObjectEvent");
        params.put("epc", "urn:markauth:mark:1:0000000000000001");
        params.put("bizStep", "shipping");
        params.put("disposition", "in_transit");
        params.put("bizLocation", "urn:markauth:loc:EX:1");
        params.put("readPoint", "urn:markauth:loc:EX:1:dock");
        params.put("queryName", "no-such-query");
        params.put("subscriptionID", UUID.randomUUID().toString());
        params.put("caseNo", "TS2026-000001");
        params.put("table", "districts");
        params.put("standardId", "T-FSBZ-999-2026");
        params.put("drawId", UUID.randomUUID().toString());
        params.put("taskId", UUID.randomUUID().toString());
        params.put("certificateNo", "CERT-2026-000001-01");
        params.put("appId", UUID.randomUUID().toString());
        params.put("fileId", UUID.randomUUID().toString());
        params.put("expertId", "EXP-1");
        params.put("bodyId", "BODY-1");
        params.put("noticeId", UUID.randomUUID().toString());
        params.put("objectionId", UUID.randomUUID().toString());
        routes = new ArrayList<>();
        for (String route : OpenApiRoutes.routed(issuer.router())) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(method.length() + 1);
            for (var p : params.entrySet()) {
                path = path.replace("{" + p.getKey() + "}", p.getValue());
            }
            assertThat(path).as("a value for every parameter of %s", route).doesNotContain("{");
            if (!path.equals("/api/v1/test-fault")) {
                routes.add(new String[] {method, path});
            }
        }
        assertThat(routes).hasSizeGreaterThan(50);
        log.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterAll
    static void down() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        System.out.println("ErrorPathIT: " + cases + " malformed requests over " + routes.size() + " routes");
        client.close();
        server.close().await();
        fx.close();
    }

    @BeforeEach
    void clearLog() {
        log.list.clear();
    }

    // ------------------------------------------------------------------ bodies that do not decode

    @Test
    void formAndMultipartBodiesWithABadEscapeAreRefusedOnEveryRoute() throws Exception {
        String boundary = "b0undary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"a%zz\"; filename*=UTF-8''%zz.txt\r\n"
                + "Content-Type: text/plain\r\n\r\nx%zz\r\n--" + boundary + "--\r\n";
        for (String[] r : routes) {
            for (String key : new String[] {null, regulator}) {
                if (METHODS_WITH_BODY.contains(r[0])) {
                    expect4xx(r[0], r[1], key, "application/x-www-form-urlencoded", "a=%zz&b=%E0%A4%A&c=%", null);
                    expect4xx(r[0], r[1], key, "multipart/form-data; boundary=" + boundary, multipart, null);
                } else {
                    // a GET's body is not read at all: answered as if there were none, never a 5xx
                    notAFault(r[0], r[1], key, "application/x-www-form-urlencoded", "a=%zz&b=%E0%A4%A&c=%");
                    notAFault(r[0], r[1], key, "multipart/form-data; boundary=" + boundary, multipart);
                }
            }
        }
        // on a JSON route, with a key: the refusal names the body, not the parser
        JsonObject e = expect4xx("POST", "/api/v1/licensees", regulator, "application/x-www-form-urlencoded", "a=%zz", null);
        refusedAll();
        assertThat(e.getString("error")).isIn("MALFORMED_BODY", "NOT_JSON");
        noErrorLogged();
    }

    @Test
    void jsonThatIsNotAnObjectIsRefusedOnEveryWrite() throws Exception {
        for (String[] r : routes) {
            if (!METHODS_WITH_BODY.contains(r[0]) || r[1].startsWith("/console") || r[1].startsWith("/portal")) {
                continue;
            }
            for (String b : List.of("[]", "[{\"reason\":\"x\"}]", "\"reason\"", "42", "-1.5e308", "true", "null")) {
                JsonObject e = expect4xx(r[0], r[1], regulator, "application/json", b, null);
                if (e != null && e.getInteger("status", 400) == 400) {
                    assertThat(e.getString("error")).as("%s %s %s", r[0], r[1], b).isIn("NOT_A_JSON_OBJECT", "FORBIDDEN");
                }
            }
            for (String b : List.of("{", "{\"a\": }", "{'a':1}", "{\"a\":1} trailing", "\u0000")) {
                JsonObject e = expect4xx(r[0], r[1], regulator, "application/json", b, null);
                if (e != null && e.getInteger("status", 400) == 400) {
                    assertThat(e.getString("error")).as("%s %s %s", r[0], r[1], b).isIn("NOT_JSON", "FORBIDDEN");
                }
            }
        }
        refusedAll();
        noErrorLogged();
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedInPlainWords() throws Exception {
        for (var t : validBodies().entrySet()) {
            String method = t.getKey().substring(0, t.getKey().indexOf(' '));
            String path = t.getKey().substring(method.length() + 1);
            JsonObject valid = t.getValue();
            for (String field : valid.fieldNames()) {
                for (Object bad : wrongTypes(valid.getValue(field))) {
                    JsonObject b = valid.copy().put(field, bad);
                    JsonObject e = expect4xx(method, path, regulator, "application/json", b.encode(), null);
                    if (e != null && e.getInteger("status", 0) == 400 && !e.getString("message", "").contains(field)) {
                        wrong.add(method + " " + path + " " + b.encode() + ": the sentence does not name " + field + ": " + e);
                    }
                }
            }
        }
        refusedAll();
        noErrorLogged();
    }

    @Test
    void aBatchOrderWithoutAProductionDateIsA400NamingIt() throws Exception {
        JsonObject order = validBodies().get("POST /api/v1/batches");
        order.remove("productionDate");
        JsonObject e = expect4xx("POST", "/api/v1/batches", maker, "application/json", order.encode(), 400);
        assertThat(e.getString("message")).contains("productionDate");
        refusedAll();
        noErrorLogged();
    }

    // ------------------------------------------------------------------ request targets and heads

    @Test
    void aBadEscapeInTheQueryOrThePathIsA400WithoutAnErrorLine() throws Exception {
        for (String[] r : routes) {
            for (String key : new String[] {null, regulator}) {
                JsonObject e = expect4xx(r[0], r[1] + "?limit=%zz&lang=%", key, null, null, 400);
                if (e != null) {
                    assertThat(e.getString("error")).isEqualTo("BAD_QUERY_ENCODING");
                }
                String path = r[1].endsWith("/") ? r[1] + "%zz" : r[1].replaceFirst("/[^/]+$", "/%zz");
                e = expect4xx(r[0], path, key, null, null, 400);
                if (e != null) {
                    assertThat(e.getString("error")).isEqualTo("BAD_PATH_ENCODING");
                }
                expect4xx(r[0], r[1] + "/%E0%A4%A", key, null, null, null);
            }
        }
        refusedAll();
        noErrorLogged();
    }

    @Test
    void aRequestWithoutAHostHeaderIsA400() throws Exception {
        for (String[] r : routes) {
            for (String key : new String[] {null, regulator}) {
                String head = r[0] + " " + r[1] + " HTTP/1.1\r\n" + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                        + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
                Raw got = raw(head);
                cases++;
                if (got.status != 400) {
                    wrong.add(r[0] + " " + r[1] + " without Host: answered " + got.status + " " + got.body);
                    continue;
                }
                judge(r[0] + " " + r[1] + " without Host", got.status, got.contentType, got.body, "MISSING_HOST");
            }
        }
        refusedAll();
        noErrorLogged();
    }

    // ------------------------------------------------------------------ the language of the sentence

    @Test
    void theSentenceIsInTheLanguageTheRequestAsksFor() throws Exception {
        JsonObject en = expect4xx("POST", "/api/v1/licensees", regulator, "application/json", "[]", 400);
        assertThat(en.getString("lang")).isEqualTo("en");
        assertThat(en.getString("message")).contains("JSON object");
        JsonObject zh = expect4xx("POST", "/api/v1/licensees?lang=zh", regulator, "application/json", "[]", 400);
        assertThat(zh.getString("lang")).isEqualTo("zh-CN");
        assertThat(zh.getString("error")).isEqualTo("NOT_A_JSON_OBJECT");
        assertThat(zh.getString("message")).contains("JSON").containsPattern("\\p{IsHan}");
        JsonObject header = send("POST", "/api/v1/licensees", regulator, "application/json", "{\"licenseeId\":42}",
                Map.of("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5"));
        assertThat(header.getString("lang")).isEqualTo("zh-CN");
        assertThat(header.getString("message")).contains("licenseeId").containsPattern("\\p{IsHan}");
        JsonObject noKey = send("GET", "/api/v1/batches/1", null, null, null, Map.of("Accept-Language", "zh"));
        assertThat(noKey.getString("error")).isEqualTo("UNAUTHENTICATED");
        assertThat(noKey.getString("message")).containsPattern("\\p{IsHan}");
        noErrorLogged();
    }

    // ------------------------------------------------------------------ a true fault

    @Test
    void aTrueFaultIsA500LoggedOnceWithTheReferenceTheClientSees() throws Exception {
        JsonObject e = send("GET", "/api/v1/test-fault", regulator, null, null, Map.of());
        assertThat(e.getInteger("status")).isEqualTo(500);
        assertThat(e.getString("error")).isEqualTo("INTERNAL");
        String ref = e.getString("ref");
        assertThat(ref).isNotBlank();
        assertThat(e.encode()).doesNotContain("deadbeef").doesNotContain("IllegalState");
        List<ILoggingEvent> errors = log.list.stream().filter(x -> x.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getLevel()).isEqualTo(Level.ERROR);
        assertThat(errors.get(0).getFormattedMessage()).contains(ref);
        assertThat(errors.get(0).getThrowableProxy()).isNotNull();
        assertThat(errors.get(0).getThrowableProxy().getMessage()).contains("deadbeef");
    }

    // ------------------------------------------------------------------ authentication and roles before the body

    @Test
    void noBodyIsReadBeforeTheCallerIsAuthenticated() throws Exception {
        // a megabyte announced, ten bytes sent: the 401 comes back without waiting for the rest
        for (String[] r : routes) {
            if (!METHODS_WITH_BODY.contains(r[0]) || !r[1].startsWith("/api/v1/")) {
                continue;
            }
            Raw got = raw(r[0] + " " + r[1] + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n"
                    + "\r\n{\"a\":\"bcd");
            cases++;
            if (got.status != 401) {
                wrong.add(r[0] + " " + r[1] + " with no key and a body still coming: " + got.status + " " + got.body);
            }
        }
        refusedAll();
        noErrorLogged();
    }

    @Test
    void theJsonRoutesTakeSmallBodiesAndTheBulkRoutesLargerOnes() throws Exception {
        String big = "{\"reason\":\"" + "x".repeat(JSON_LIMIT) + "\"}";
        JsonObject e = expect4xx("POST", "/api/v1/licensees", regulator, "application/json", big, 413);
        assertThat(e.getString("error")).isEqualTo("BODY_TOO_LARGE");
        // a list of 10,000 serials (the documented maximum) is well over the small limit and accepted
        JsonArray serials = new JsonArray();
        for (int i = 0; i < 10_000; i++) {
            serials.add("0000000000000000");
        }
        String list = new JsonObject().put("serials", serials).encode();
        assertThat(list.length()).isGreaterThan(JSON_LIMIT);
        JsonObject r = send("POST", "/api/v1/batches/" + batch.batchId() + "/activations", maker, "application/json", list, Map.of());
        assertThat(r.getInteger("status")).as("%s", r).isNotEqualTo(413).isLessThan(500);
        refusedAll();
        noErrorLogged();
    }

    @Test
    void theRoleIsCheckedBeforeTheBody() throws Exception {
        String[][] cases = {
                {"POST", "/api/v1/licensees", officer}, {"POST", "/api/v1/licensees", maker},
                {"PUT", "/api/v1/licensees/EX", maker}, {"POST", "/api/v1/licensees/EX/blacklist", maker},
                {"POST", "/api/v1/products", officer}, {"PUT", "/api/v1/products/" + product.productId(), maker},
                {"PUT", "/api/v1/products/" + product.productId() + "/licence", maker},
                {"POST", "/api/v1/products/" + product.productId() + "/licence/status", officer},
                {"POST", "/api/v1/batches", officer}, {"POST", "/api/v1/batches/" + batch.batchId() + "/activations", officer},
                {"POST", "/api/v1/batches/" + batch.batchId() + "/voids", officer},
                {"POST", "/api/v1/batches/" + batch.batchId() + "/recall", officer},
                {"POST", "/api/v1/keys/rotate", maker}, {"POST", "/api/v1/keys/0000abcd/revoke", officer},
                {"POST", "/api/v1/credentials", officer}, {"POST", "/api/v1/credentials/revoke", maker},
                {"POST", "/api/v1/blocks", officer}, {"POST", "/api/v1/blocks/" + batch.batchId() + "/" + serial + "/unblock", maker},
                {"PUT", "/api/v1/products/" + product.productId() + "/clone-rules", officer},
        };
        for (String[] c : cases) {
            for (String b : List.of("[]", "{", "{\"reason\":42,\"first\":\"x\",\"productId\":\"x\"}")) {
                expect4xx(c[0], c[1], c[2], "application/json", b, 403);
            }
        }
        refusedAll();
        noErrorLogged();
    }

    // ------------------------------------------------------------------ no existence oracle

    @Test
    void anotherLicenseesObjectsAnswerAsIfTheyDidNotExist() throws Exception {
        int b = batch.batchId();
        int p = product.productId();
        String[][] pairs = {
                {"GET", "/api/v1/batches/" + b, "/api/v1/batches/" + 99_999_999, null},
                {"GET", "/api/v1/batches/" + b + "/job", "/api/v1/batches/" + 99_999_999 + "/job", null},
                {"GET", "/api/v1/batches/" + b + "/ranges", "/api/v1/batches/" + 99_999_999 + "/ranges", null},
                {"GET", "/api/v1/batches/" + b + "/print/batch.csv", "/api/v1/batches/" + 99_999_999 + "/print/batch.csv", null},
                {"POST", "/api/v1/batches/" + b + "/activations", "/api/v1/batches/" + 99_999_999 + "/activations", "{\"first\":1,\"last\":1}"},
                {"POST", "/api/v1/batches/" + b + "/voids", "/api/v1/batches/" + 99_999_999 + "/voids", "{\"first\":1,\"last\":1}"},
                {"POST", "/api/v1/batches/" + b + "/recall", "/api/v1/batches/" + 99_999_999 + "/recall", "{\"reason\":\"x\"}"},
                {"GET", "/api/v1/products/" + p, "/api/v1/products/" + 99_999_999, null},
                {"GET", "/api/v1/products/" + p + "/licence", "/api/v1/products/" + 99_999_999 + "/licence", null},
                {"GET", "/api/v1/products/" + p + "/licence/history", "/api/v1/products/" + 99_999_999 + "/licence/history", null},
        };
        for (String[] c : pairs) {
            JsonObject theirs = send(c[0], c[1], other, c[3] == null ? null : "application/json", c[3], Map.of());
            JsonObject none = send(c[0], c[2], other, c[3] == null ? null : "application/json", c[3], Map.of());
            cases += 2;
            String id = c[1].replaceAll("\\D+", " ").trim().split(" ")[1];
            if (!theirs.getInteger("status").equals(none.getInteger("status"))
                    || !java.util.Objects.equals(theirs.getString("error"), none.getString("error"))
                    || !java.util.Objects.equals(String.valueOf(theirs.getString("message")).replace(id, "#"),
                            String.valueOf(none.getString("message")).replace("99999999", "#"))) {
                wrong.add(c[0] + " " + c[1] + " as another licensee's manufacturer: " + theirs + ", for a missing one: " + none);
            }
        }
        // the order of another licensee's product as of a missing product
        JsonObject order = validBodies().get("POST /api/v1/batches");
        JsonObject theirs = send("POST", "/api/v1/batches", other, "application/json", order.encode(), Map.of());
        JsonObject none = send("POST", "/api/v1/batches", other, "application/json", order.copy().put("productId", 99_999_999).encode(), Map.of());
        if (!theirs.getInteger("status").equals(none.getInteger("status"))
                || !java.util.Objects.equals(theirs.getString("error"), none.getString("error"))) {
            wrong.add("POST /api/v1/batches of another licensee's product: " + theirs + ", of a missing one: " + none);
        }
        refusedAll();
        noErrorLogged();
    }

    // ------------------------------------------------------------------ plumbing

    /** A valid body for each JSON write whose fields this test mistypes. */
    static Map<String, JsonObject> validBodies() {
        int p = product.productId();
        int b = batch.batchId();
        Map<String, JsonObject> m = new LinkedHashMap<>();
        m.put("POST /api/v1/webhooks", new JsonObject().put("url", "https://198.51.100.7/hook")
                .put("events", new JsonArray().add("alert.raised")).put("description", "typed"));
        m.put("POST /api/v1/licensees", new JsonObject().put("licenseeId", "EZ").put("name", "某某电器有限公司").put("nameEn", "Z")
                .put("uscc", "91440600MA0000000X").put("address", "佛山").put("contacts", new JsonObject().put("phone", "1")));
        m.put("POST /api/v1/licensees/EX/blacklist", new JsonObject().put("blacklisted", false).put("reason", "x"));
        m.put("PUT /api/v1/licensees/EX/gs1-company-prefix", new JsonObject().put("gs1CompanyPrefix", "6901234"));
        m.put("POST /api/v1/marks/sscc", new JsonObject().put("epc", "urn:markauth:mark:" + b + ":" + serial));
        m.put("POST /api/v1/credit/EX/events", new JsonObject().put("kind", "WARNING").put("date", "2026-01-05").put("reference", "W-1")
                .put("summary", "typed"));
        m.put("POST /api/v1/certificates", new JsonObject().put("productId", p));
        m.put("PUT /api/v1/products/" + p, new JsonObject().put("licenseeId", "EX").put("name", "电饭煲").put("nameEn", "Rice cooker")
                .put("model", "RC-1").put("category", "appliance").put("gtin", "4006381333931").put("standardNo", "T/FSBZ 001-2025")
                .put("standardTitle", "Rice cookers").put("marketRegions", new JsonArray().add("CN-44"))
                .put("coreIndicators", new JsonObject().put("a", "b")).put("photoUrls", new JsonArray().add("https://img.example/a.jpg")));
        m.put("PUT /api/v1/products/" + p + "/licence", new JsonObject().put("licenceNo", "FS-" + p).put("validFrom", "2026-01-01")
                .put("validUntil", "2030-01-01").put("reason", "x"));
        m.put("POST /api/v1/products/" + p + "/licence/status", new JsonObject().put("status", "ACTIVE").put("reason", "x"));
        m.put("POST /api/v1/batches", new JsonObject().put("productId", p).put("quantity", 1).put("lot", "L")
                .put("productionDate", "2026-11-01").put("expiryDate", "2028-11-01").put("lineId", "A").put("idempotencyKey", "typed-1"));
        m.put("POST /api/v1/batches/" + b + "/activations", new JsonObject().put("first", 1).put("last", 1));
        m.put("POST /api/v1/batches/" + b + "/recall", new JsonObject().put("reason", "x").put("notice", "y"));
        m.put("POST /api/v1/standards", new JsonObject().put("standardNo", "T/FSBZ 998-2026").put("titleZh", "陶瓷砖").put("sector", "陶瓷")
                .put("version", "2026").put("indicators", new JsonArray().add(new JsonObject().put("name", "吸水率").put("requirement", "≤ 0.5%")
                        .put("max", 0.5))).put("benchmarks", new JsonArray().add("ISO 13006:2018")));
        m.put("POST /api/v1/supervision/draws", new JsonObject().put("year", 2026).put("officeSecret", "typed-secret-0123456789")
                .put("enterprises", 1).put("inspectorsPerTask", 1).put("dueOn", "2026-12-31")
                    .put("publicSource", "上证指数收盘点位").put("publicDate", java.time.LocalDate.now().plusDays(2).toString()));
        m.put("POST /api/v1/keys/rotate", new JsonObject().put("algorithm", "ED25519"));
        m.put("POST /api/v1/keys/0000abcd/revoke", new JsonObject().put("reason", "x"));
        m.put("POST /api/v1/credentials", new JsonObject().put("userId", "u").put("role", "OFFICER").put("scopes", new JsonArray().add("full"))
                .put("expiresAt", "2030-01-01T00:00:00Z"));
        m.put("POST /api/v1/credentials/revoke", new JsonObject().put("token", "mak_" + "A".repeat(32)).put("reason", "x"));
        m.put("POST /api/v1/blocks", new JsonObject().put("batchId", b).put("serial", serial).put("reason", "x"));
        m.put("PUT /api/v1/products/" + p + "/clone-rules", new JsonObject().put("maxScans", 5).put("scanWindowSeconds", 60)
                .put("offMarket", false));
        m.put("POST /api/v1/licensees/EX/partners", new JsonObject().put("partnerId", "EY").put("role", "RETAILER"));
        m.put("POST /api/v1/recalls", new JsonObject().put("productId", p).put("lot", "L").put("reason", "x"));
        m.put("POST /api/v1/lines", new JsonObject().put("licenseeId", "EX").put("name", "Line A").put("batchIds", new JsonArray().add(b))
                .put("packSize", 20).put("casesPerPallet", 10));
        return m;
    }

    /** Values of every other JSON type than {@code v}'s. */
    static List<Object> wrongTypes(Object v) {
        List<Object> out = new ArrayList<>();
        if (!(v instanceof String)) {
            out.add("x");
        }
        if (!(v instanceof Number)) {
            out.add(42);
        }
        if (!(v instanceof Boolean)) {
            out.add(true);
        }
        if (!(v instanceof JsonArray)) {
            out.add(new JsonArray().add(1));
        }
        if (!(v instanceof JsonObject)) {
            out.add(new JsonObject().put("a", 1));
        }
        if (v instanceof JsonObject) {
            out.add(new JsonObject().put("a", new JsonArray()));
        }
        if (v instanceof Number) {
            out.add(1.5);
            out.add(99_999_999_999L);
        }
        return out;
    }

    /** Sends and judges: a 4xx ({@code status} exactly, if given), a specific code, a sentence without internals. */
    JsonObject expect4xx(String method, String uri, String key, String contentType, String body, Integer status) throws Exception {
        JsonObject e = send(method, uri, key, contentType, body, Map.of());
        String what = method + " " + abbreviate(uri) + (body == null ? "" : " " + abbreviate(body)) + (key == null ? " (no key)" : "");
        int got = e.getInteger("status");
        if (status != null ? got != status : got < 400 || got >= 500) {
            wrong.add(what + ": answered " + got + " (wanted " + (status == null ? "4xx" : status) + ") " + abbreviate(e.encode()));
            return null;
        }
        judge(what, got, e.getString("contentType"), e.getString("raw"), null);
        return e;
    }

    void notAFault(String method, String uri, String key, String contentType, String body) throws Exception {
        JsonObject e = send(method, uri, key, contentType, body, Map.of());
        if (e.getInteger("status") >= 500) {
            wrong.add(method + " " + uri + " " + abbreviate(body) + ": answered " + e.getInteger("status") + " " + abbreviate(e.encode()));
        }
    }

    void judge(String what, int status, String contentType, String body, String wantedCode) {
        if (contentType != null && contentType.startsWith("text/html")) {
            internals(what, body);     // a console page: words, not internals
            return;
        }
        JsonObject j;
        try {
            j = contentType != null && contentType.startsWith("application/json") ? new JsonObject(body) : null;
        } catch (DecodeException e) {
            j = null;
        }
        if (j == null) {
            wrong.add(what + ": " + status + " without a JSON error body: " + contentType + " " + abbreviate(body));
            return;
        }
        String code = j.getValue("error") instanceof String c ? c : "";
        String message = j.getValue("message") instanceof String m ? m : "";
        if (code.isBlank() || code.equals("INTERNAL") || code.equals("ERROR")) {
            wrong.add(what + ": " + status + " with an unspecific code '" + code + "'");
        }
        if (wantedCode != null && !code.equals(wantedCode)) {
            wrong.add(what + ": " + status + " " + code + " where " + wantedCode + " was due");
        }
        if (message.isBlank()) {
            wrong.add(what + ": " + status + " " + code + " without a message");
        }
        internals(what + ": " + status + " " + code, message);
    }

    void internals(String what, String text) {
        for (String bad : NewRoutesHostileIT.INTERNALS) {
            if (text.contains(bad)) {
                wrong.add(what + ": the message shows '" + bad + "': " + abbreviate(text));
                return;
            }
        }
    }

    /** The answer as its JSON body (or an empty object) with {@code status}, {@code contentType} and {@code raw} added. */
    static JsonObject send(String method, String uri, String key, String contentType, String body, Map<String, String> headers)
            throws Exception {
        cases++;
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setHost("127.0.0.1")
                .setPort(server.actualPort()).setURI(uri);
        if (key != null) {
            o.putHeader("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            o.putHeader("content-type", contentType);
        }
        headers.forEach(o::putHeader);
        String[] got = client.request(o)
                .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body))).compose(res -> res.body()
                        .map(b -> new String[] {String.valueOf(res.statusCode()), res.getHeader("content-type"), b.toString()})))
                .await(30, TimeUnit.SECONDS);
        JsonObject j;
        try {
            j = got[1] != null && got[1].startsWith("application/json") && got[2].startsWith("{") ? new JsonObject(got[2]) : new JsonObject();
        } catch (DecodeException e) {
            j = new JsonObject();
        }
        return j.put("status", Integer.parseInt(got[0])).put("contentType", got[1]).put("raw", got[2]);
    }

    record Raw(int status, String contentType, String body) {
    }

    /** One request written byte for byte on a socket; the answer read until the server closes or a response is whole. */
    static Raw raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.actualPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
                String t = got.toString(StandardCharsets.UTF_8);
                int end = t.indexOf("\r\n\r\n");
                if (end > 0) {
                    var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(t.substring(0, end));
                    if (m.find() && t.getBytes(StandardCharsets.UTF_8).length >= end + 4 + Integer.parseInt(m.group(1))) {
                        break;
                    }
                }
            }
            String t = got.toString(StandardCharsets.UTF_8);
            int end = t.indexOf("\r\n\r\n");
            if (!t.startsWith("HTTP/1.1 ") || end < 0) {
                return new Raw(-1, null, t);
            }
            var ct = java.util.regex.Pattern.compile("(?i)content-type: *([^\r\n]+)").matcher(t.substring(0, end));
            return new Raw(Integer.parseInt(t.substring(9, 12)), ct.find() ? ct.group(1) : null, t.substring(end + 4));
        }
    }

    void refusedAll() {
        assertThat(wrong).as("malformed requests not refused with a 4xx and a plain, specific error").isEmpty();
    }

    static void noErrorLogged() {
        assertThat(log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName())))
                .as("ERROR lines written for client input").isEmpty();
    }

    static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 160 ? s : s.substring(0, 160) + "…(" + s.length() + " chars)";
    }
}
