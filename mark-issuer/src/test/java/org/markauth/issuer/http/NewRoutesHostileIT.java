package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.clones.CloneRuleOverrides;
import org.markauth.issuer.clones.ClonesApi;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.trace.TraceApi;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.app.IssuerRouter;

/**
 * The hostile-input drill over issue 13's routes (credentials, blocks, clone rules, partner
 * withdrawal, the licence-gated print and activation routes, the console's Blocks and Clone rules
 * forms), through the real HTTP server with a regulator key, so every request passes
 * authorisation and reaches the parsing. Each case must be refused with a 4xx (never a 5xx) and a
 * JSON error whose code is specific and whose message is a sentence, not Java or parser internals.
 * Requests go through the core HTTP client so that the URI is sent byte for byte (bad escapes too).
 */
class NewRoutesHostileIT {

    /** What a message shown to a client must never contain: class names, stack frames, parser output. */
    static final List<String> INTERNALS = List.of("Exception", "com.fasterxml", "jackson", "io.vertx", "java.", "org.markauth",
            "at org.", "Unrecognized token", "Unexpected character", "Unexpected end-of-input", "Failed to decode",
            "For input string", "No enum constant", "cannot be cast", "[Source:", "line: ", "column: ", "Cannot invoke", "because \"");
    static final String LONG = "x".repeat(10_000);
    static final String DROP = "'; DROP TABLE x; --";
    static final String DROP_PATH = "%27%3B%20DROP%20TABLE%20x%3B%20--";
    static final String TRAVERSAL_PATH = "..%2F..%2Fetc%2Fpasswd";
    /** Bodies that are not a JSON object, or not JSON, or JSON the parser refuses by its limits. */
    static final List<String> NOT_AN_OBJECT = List.of("[]", "[{\"reason\":\"hostile\"}]", "\"reason\"", "42", "-1.5e308", "null",
            "true", "{", "{\"reason\": }", "{\"reason\":\"x\"", "{'reason':'hostile'}", "{\"reason\":\"hostile\"} trailing", "\u0000",
            "{\"reason\":" + "[".repeat(3000) + "]".repeat(3000) + "}", "{\"first\":" + "1".repeat(2000) + "}");
    static final int MAX_BODY = 64 * 1024;

    static IssuerFixture fx;
    static HttpServer server;
    static HttpClient client;
    static WebClient web;
    static String regulator;
    static String token;          // a live manufacturer key, for the revoke-by-token cases
    static String credential;     // its id, for the revoke-by-id cases
    static Product product;
    static Batch batch;
    static String serial;
    static int cases;

    private final List<String> wrong = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_hostile_it");
        IssuerServices trace = fx.services;
        HttpSettings http = new HttpSettings("127.0.0.1", 0, MAX_BODY, Duration.ofSeconds(30), "http://127.0.0.1");
        // mounted as issuer serve mounts them
        server = IssuerRouter.full(fx.vertx, fx.services, http, ConsoleForms.sessions(fx)).listen().await(10, TimeUnit.SECONDS);
        client = fx.vertx.createHttpClient();
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        regulator = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        var issued = fx.services.apiKeys.issue(Principal.manufacturer("line-h", "HX"), Scope.ALL, null, "test");
        token = issued.token();
        credential = issued.credential().id();
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("HX");
        fx.licensee("HP");
        product = fx.licensedProduct("HX");
        trace.partners.declare(REGULATOR, "HX", "HP", "DISTRIBUTOR");
        Batches.Ordered o = fx.services.batches.order(REGULATOR, IssuerFixture.order(product.productId(), 10, "hostile-1"));
        fx.services.batches.issue(o.batch(), null, Batches.ProgressListener.none());
        batch = o.batch();
        serial = HexFormat.of().toHexDigits(fx.services.serials.serial(batch.batchId(), 3));
    }

    @AfterAll
    static void down() {
        System.out.println("NewRoutesHostileIT: " + cases + " hostile cases");
        client.close();
        server.close().await();
        fx.close();
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void credentials() throws Exception {
        String issue = "/api/v1/credentials";
        commonBodies("POST", issue);
        for (String b : List.of("{}", "{\"role\":\"OFFICER\"}", "{\"userId\":\"u\"}", "{\"role\":42,\"userId\":\"u\"}",
                "{\"role\":[\"OFFICER\"],\"userId\":\"u\"}", "{\"role\":\"KING\",\"userId\":\"u\"}", "{\"role\":\"" + DROP + "\",\"userId\":\"u\"}",
                "{\"role\":\"OFFICER\",\"userId\":42}", "{\"role\":\"OFFICER\",\"userId\":{}}", "{\"role\":\"OFFICER\",\"userId\":\"\"}",
                "{\"role\":\"OFFICER\",\"userId\":\"" + LONG + "\"}",
                "{\"role\":\"MANUFACTURER\",\"userId\":\"u\",\"licenseeId\":\"" + LONG + "\"}",
                "{\"role\":\"MANUFACTURER\",\"userId\":\"u\",\"licenseeId\":5}",
                "{\"role\":\"OFFICER\",\"userId\":\"u\",\"scopes\":\"print\"}", "{\"role\":\"OFFICER\",\"userId\":\"u\",\"scopes\":{\"print\":true}}",
                "{\"role\":\"OFFICER\",\"userId\":\"u\",\"scopes\":[1]}", "{\"role\":\"OFFICER\",\"userId\":\"u\",\"scopes\":[\"teleport\"]}",
                "{\"role\":\"OFFICER\",\"userId\":\"u\",\"expiresAt\":12}", "{\"role\":\"OFFICER\",\"userId\":\"u\",\"expiresAt\":\"tomorrow\"}",
                "{\"role\":\"OFFICER\",\"userId\":\"u\",\"expiresAt\":true}")) {
            json("POST", issue, b);
        }
        for (String q : List.of("?role=%zz", "?role=KING", "?role=" + DROP_PATH, "?licenseeId=%E0%A4%A", "?licenseeId=%")) {
            json("GET", issue + q, null);
        }
        for (String id : badIds()) {
            json("GET", issue + "/" + id, null);
            json("POST", issue + "/" + id + "/revoke", "{\"reason\":\"hostile\"}");
        }
        String byId = issue + "/" + credential + "/revoke";
        commonBodies("POST", byId);
        for (String b : List.of("{}", "{\"reason\":42}", "{\"reason\":{}}", "{\"reason\":[\"x\"]}", "{\"reason\":\"\"}",
                "{\"reason\":\"" + LONG + "\"}")) {
            json("POST", byId, b);
        }
        String byToken = issue + "/revoke";
        commonBodies("POST", byToken);
        for (String b : List.of("{}", "{\"token\":42}", "{\"token\":[]}", "{\"token\":\"\"}", "{\"token\":\"" + LONG + "\"}",
                "{\"token\":\"" + DROP + "\"}", "{\"token\":\"" + token + "\",\"reason\":42}",
                "{\"token\":\"" + token + "\",\"reason\":\"" + LONG + "\"}")) {
            json("POST", byToken, b);
        }
        refusedAll();
        // none of the above revoked the live key
        assertThat(fx.services.apiKeys.find(credential).orElseThrow().revoked()).isFalse();
    }

    // ------------------------------------------------------------------ blocks

    @Test
    void blocks() throws Exception {
        String block = "/api/v1/blocks";
        commonBodies("POST", block);
        int b = batch.batchId();
        for (String body : List.of("{}", "{\"serial\":\"" + serial + "\",\"reason\":\"hostile\"}",
                "{\"batchId\":" + b + ",\"reason\":\"hostile\"}", "{\"batchId\":" + b + ",\"serial\":\"" + serial + "\"}",
                "{\"batchId\":\"abc\",\"serial\":\"" + serial + "\",\"reason\":\"hostile\"}",
                "{\"batchId\":{},\"serial\":\"" + serial + "\",\"reason\":\"hostile\"}",
                "{\"batchId\":1.5,\"serial\":\"" + serial + "\",\"reason\":\"hostile\"}",
                "{\"batchId\":99999999999,\"serial\":\"" + serial + "\",\"reason\":\"hostile\"}",
                "{\"batchId\":true,\"serial\":\"" + serial + "\",\"reason\":\"hostile\"}",
                "{\"batchId\":\"" + DROP + "\",\"serial\":\"" + serial + "\",\"reason\":\"hostile\"}",
                "{\"batchId\":" + b + ",\"serial\":123,\"reason\":\"hostile\"}",
                "{\"batchId\":" + b + ",\"serial\":[\"" + serial + "\"],\"reason\":\"hostile\"}",
                "{\"batchId\":" + b + ",\"serial\":\"zz\",\"reason\":\"hostile\"}",
                "{\"batchId\":" + b + ",\"serial\":\"" + DROP + "\",\"reason\":\"hostile\"}",
                "{\"batchId\":" + b + ",\"serial\":\"" + LONG + "\",\"reason\":\"hostile\"}",
                "{\"batchId\":" + b + ",\"serial\":\"" + serial + "\",\"reason\":42}",
                "{\"batchId\":" + b + ",\"serial\":\"" + serial + "\",\"reason\":\"   \"}",
                "{\"batchId\":" + b + ",\"serial\":\"" + serial + "\",\"reason\":\"" + LONG + "\"}",
                "{\"batchId\":" + b + ",\"serial\":\"" + serial + "\",\"reason\":\"hostile\",\"alertId\":\"nope\"}",
                "{\"batchId\":" + b + ",\"serial\":\"" + serial + "\",\"reason\":\"hostile\",\"alertId\":5}",
                "{\"batchId\":999999,\"serial\":\"" + serial + "\",\"reason\":\"hostile\"}")) {
            json("POST", block, body);
        }
        for (String[] unit : badUnits()) {
            json("GET", block + "/" + unit[0] + "/" + unit[1], null);
            json("POST", block + "/" + unit[0] + "/" + unit[1] + "/unblock", "{\"reason\":\"hostile\"}");
        }
        String unblock = block + "/" + b + "/" + serial + "/unblock";
        commonBodies("POST", unblock);
        for (String body : List.of("{}", "{\"reason\":42}", "{\"reason\":[]}", "{\"reason\":\"" + LONG + "\"}")) {
            json("POST", unblock, body);
        }
        json("POST", unblock, "{\"reason\":\"hostile\"}");    // a unit that is not blocked: 409 NOT_BLOCKED
        refusedAll();
    }

    // ------------------------------------------------------------------ clone rules

    @Test
    void cloneRules() throws Exception {
        for (String id : List.of("abc", "1.5", "1e3", "99999999999", DROP_PATH, TRAVERSAL_PATH, "%00", "%zz")) {
            json("GET", "/api/v1/products/" + id + "/clone-rules", null);
            json("PUT", "/api/v1/products/" + id + "/clone-rules", "{\"maxScans\":5}");
        }
        String rules = "/api/v1/products/" + product.productId() + "/clone-rules";
        commonBodies("PUT", rules);
        for (String body : List.of("{\"maxScans\":\"ten\"}", "{\"maxScans\":{}}", "{\"maxScans\":[]}", "{\"maxScans\":1.5}",
                "{\"maxScans\":-1}", "{\"maxScans\":99999999999}", "{\"maxScans\":true}", "{\"blockThreshold\":\"1e9\"}",
                "{\"scanWindowSeconds\":\"" + LONG + "\"}", "{\"maxSpeedKmh\":\"" + DROP + "\"}", "{\"offMarket\":\"yes\"}",
                "{\"offMarket\":1}", "{\"offMarket\":{}}")) {
            json("PUT", rules, body);
        }
        json("PUT", "/api/v1/products/999999/clone-rules", "{\"maxScans\":5}");   // no such product: 404
        refusedAll();
    }

    // ------------------------------------------------------------------ partner withdrawal

    @Test
    void partnerWithdrawal() throws Exception {
        String withdraw = "/api/v1/licensees/HX/partners/HP/withdraw";
        commonBodies("POST", withdraw);
        for (String body : List.of("{}", "{\"reason\":42}", "{\"reason\":[\"x\"]}", "{\"reason\":\"\"}", "{\"reason\":\"" + LONG + "\"}")) {
            json("POST", withdraw, body);
        }
        for (String id : badIds()) {
            json("POST", "/api/v1/licensees/" + id + "/partners/HP/withdraw", "{\"reason\":\"hostile\"}");
            json("POST", "/api/v1/licensees/HX/partners/" + id + "/withdraw", "{\"reason\":\"hostile\"}");
        }
        refusedAll();
        assertThat(fx.services.changes.entity("licensee:HX", 100)).noneMatch(a -> a.action().equals("licensee.partner.withdraw"));
    }

    // ------------------------------------------------------------------ older routes this drill found answering badly

    @Test
    void listLimitsRecallYearsAndTheCaptureBody() throws Exception {
        for (String limit : List.of("abc", "-1", "0", "1001", "99999999999", "1e3", "%00")) {
            json("GET", "/api/v1/licensees?limit=" + limit, null);   // "For input string" before
        }
        for (String year : List.of("abc", "99999999999", "20 26")) {
            json("GET", "/api/v1/recalls?year=" + year.replace(" ", "%20"), null);
        }
        commonBodies("POST", "/api/v1/epcis/capture");              // an array or a scalar body was a 500
        refusedAll();
    }

    // ------------------------------------------------------------------ licence-gated print and activation

    @Test
    void printAndActivation() throws Exception {
        int b = batch.batchId();
        for (String id : List.of("abc", "1.5", "99999999999", DROP_PATH, TRAVERSAL_PATH, "%00", "%zz", "999999")) {
            json("GET", "/api/v1/batches/" + id + "/print/batch.csv", null);
            json("POST", "/api/v1/batches/" + id + "/activations", "{\"first\":1,\"last\":1}");
        }
        String print = "/api/v1/batches/" + b + "/print/";
        for (String f : List.of("batch.exe", TRAVERSAL_PATH, "%00", DROP_PATH, "%zz", "batch.csv%00.pdf")) {
            json("GET", print + f, null);
        }
        for (String q : List.of("?from=abc", "?to=1e3", "?from=%zz", "?from=1&to=%", "?from=99999999999", "?from=-1", "?from=0",
                "?from=5&to=2", "?to=" + DROP_PATH)) {
            json("GET", print + "batch.csv" + q, null);
        }
        for (String verb : List.of("activations", "voids")) {
            String path = "/api/v1/batches/" + b + "/" + verb;
            commonBodies("POST", path);
            for (String body : List.of("{}", "{\"first\":\"1\",\"last\":1}", "{\"first\":1.5,\"last\":2}", "{\"first\":{},\"last\":1}",
                    "{\"first\":1,\"last\":99999999999}", "{\"first\":5,\"last\":2}", "{\"first\":-1,\"last\":1}",
                    "{\"first\":1,\"last\":1000000}", "{\"serials\":\"" + serial + "\"}", "{\"serials\":{}}", "{\"serials\":[1]}",
                    "{\"serials\":[null]}", "{\"serials\":[]}", "{\"serials\":[\"zz\"]}", "{\"serials\":[\"" + DROP + "\"]}",
                    "{\"serials\":[\"" + LONG + "\"]}")) {
                json("POST", path, body);
            }
        }
        refusedAll();
        assertThat(fx.services.activation.ranges(REGULATOR, b)).isEmpty();
    }

    // ------------------------------------------------------------------ console forms

    @Test
    void consoleForms() throws Exception {
        WebClientSession s = ConsoleForms.login(web, regulator);
        int b = batch.batchId();
        List<MultiMap> blockForms = List.of(form("batchId", "abc", "serial", serial, "reason", "hostile"),
                form("batchId", DROP, "serial", serial, "reason", "hostile"), form("batchId", "99999999999", "serial", serial, "reason", "hostile"),
                form("batchId", "" + b, "serial", "zz", "reason", "hostile"), form("batchId", "" + b, "serial", "../../etc/passwd", "reason", "hostile"),
                form("batchId", "" + b, "serial", DROP, "reason", "hostile"), form("batchId", "" + b, "serial", serial, "reason", LONG),
                form("batchId", "" + b, "serial", serial), form("serial", serial, "reason", "hostile"),
                form("batchId", "" + b, "serial", serial, "reason", "hostile", "alertId", "nope"),
                form("batchId", "" + b, "serial", LONG, "reason", "hostile"));
        for (MultiMap f : blockForms) {
            console(s, "/console/blocks", "/console/blocks", f);
            console(s, "/console/blocks", "/console/blocks/unblock", form(f));
        }
        for (MultiMap f : List.of(form("productId", "abc"), form("productId", DROP), form("productId", "" + product.productId(), "maxScans", "ten"),
                form("productId", "" + product.productId(), "maxScans", "-1"), form("productId", "" + product.productId(), "maxScans", "99999999999"),
                form("productId", "" + product.productId(), "blockThreshold", LONG), form("productId", "999999", "maxScans", "5"))) {
            console(s, "/console/rules", "/console/rules", f);
        }
        for (String q : List.of("/console/blocks?batchId=abc&serial=" + serial, "/console/blocks?batchId=" + b + "&serial=zz",
                "/console/blocks?batchId=" + b + "&serial=" + DROP_PATH, "/console/blocks?batchId=" + b + "&serial=%zz",
                "/console/rules?productId=abc", "/console/rules?productId=%00", "/console/rules?productId=%zz")) {
            cases++;
            HttpResponse<Buffer> r = ConsoleForms.get(s, q);
            judgeHtml("GET " + q, r.statusCode(), r.bodyAsString());
        }
        refusedAll();
        assertThat(fx.services.changes.day(java.time.LocalDate.ofInstant(fx.clock.instant(), java.time.ZoneOffset.UTC), 1000))
                .noneMatch(a -> a.action().equals("mark.block") || a.action().equals("product.clone-rules"));
    }

    // ------------------------------------------------------------------ plumbing

    /** Path ids the routes must refuse or not find: wrong shape, right shape unknown, injection, traversal, NUL, bad escape. */
    static List<String> badIds() {
        // 3,000 characters, not 10,000: the HTTP codec refuses request lines over 4 KiB before any route sees them
        return List.of("nope", "c" + "0".repeat(16), "c" + "f".repeat(16), "c".repeat(3000), DROP_PATH, TRAVERSAL_PATH, "%00", "%zz", "%");
    }

    /** Batch id and serial pairs of units that cannot exist. */
    static List<String[]> badUnits() {
        int b = batch.batchId();
        return List.of(new String[] {"abc", serial}, new String[] {"1.5", serial}, new String[] {"99999999999", serial},
                new String[] {DROP_PATH, serial}, new String[] {"%00", serial}, new String[] {"%zz", serial},
                new String[] {"" + b, "zz"}, new String[] {"" + b, "0011"}, new String[] {"" + b, serial + "0"},
                new String[] {"" + b, "g".repeat(16)}, new String[] {"" + b, DROP_PATH}, new String[] {"" + b, TRAVERSAL_PATH},
                new String[] {"" + b, "%00"}, new String[] {"" + b, "%zz"}, new String[] {"" + b, "c".repeat(3000)});
    }

    /** What every JSON route must refuse whatever its fields: not an object, a form, too large. */
    void commonBodies(String method, String path) throws Exception {
        for (String b : NOT_AN_OBJECT) {
            json(method, path, b);
        }
        json(method, path, "");
        check(method, path, "application/x-www-form-urlencoded", "reason=hostile&batchId=1&serial=" + serial + "&first=1&last=1");
        check(method, path, "application/json", "{\"reason\":\"" + "x".repeat(MAX_BODY + 1024) + "\"}");
    }

    void json(String method, String uri, String body) throws Exception {
        check(method, uri, body == null ? null : "application/json", body);
    }

    void check(String method, String uri, String contentType, String body) throws Exception {
        cases++;
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setHost("127.0.0.1")
                .setPort(server.actualPort()).setURI(uri).putHeader("Authorization", "Bearer " + regulator);
        if (contentType != null) {
            o.putHeader("content-type", contentType);
        }
        String[] got = client.request(o)
                .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body))).compose(res -> res.body()
                        .map(b -> new String[] {String.valueOf(res.statusCode()), res.getHeader("content-type"), b.toString()})))
                .await(30, TimeUnit.SECONDS);
        String what = method + " " + abbreviate(uri) + (body == null ? "" : " " + abbreviate(body));
        int status = Integer.parseInt(got[0]);
        if (status < 400 || status >= 500) {
            wrong.add(what + ": answered " + status + " " + abbreviate(got[2]));
            return;
        }
        JsonObject j;
        try {
            j = got[1] != null && got[1].startsWith("application/json") ? new JsonObject(got[2]) : null;
        } catch (DecodeException e) {
            j = null;
        }
        if (j == null) {
            wrong.add(what + ": " + status + " without a JSON error body: " + got[1] + " " + abbreviate(got[2]));
            return;
        }
        String code = j.getValue("error") instanceof String c ? c : "";
        String message = j.getValue("message") instanceof String m ? m : "";
        if (code.isBlank() || code.equals("INTERNAL") || code.equals("ERROR")) {
            wrong.add(what + ": " + status + " with an unspecific code '" + code + "'");
        }
        if (message.isBlank()) {
            wrong.add(what + ": " + status + " " + code + " without a message");
        }
        internals(what + ": " + status + " " + code, message);
    }

    /** A console form posted with a valid session and CSRF token: a 4xx page that says what is wrong in words. */
    void console(WebClientSession s, String page, String path, MultiMap form) throws Exception {
        cases++;
        HttpResponse<Buffer> r = ConsoleForms.post(s, page, path, form);
        judgeHtml("POST " + path + " " + abbreviate(form.entries().toString()), r.statusCode(), r.bodyAsString());
    }

    void judgeHtml(String what, int status, String body) {
        if (status < 400 || status >= 500) {
            wrong.add(what + ": answered " + status + " " + abbreviate(body));
            return;
        }
        internals(what + ": " + status, body.replace(serial, ""));
    }

    void internals(String what, String text) {
        for (String bad : INTERNALS) {
            if (text.contains(bad)) {
                wrong.add(what + ": the message shows '" + bad + "': " + abbreviate(text));
                return;
            }
        }
    }

    void refusedAll() {
        assertThat(wrong).as("hostile requests not refused with a 4xx and a plain, specific error").isEmpty();
    }

    static MultiMap form(String... kv) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < kv.length; i += 2) {
            m.add(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A copy: ConsoleForms.post adds the CSRF token to the map it is given. */
    static MultiMap form(MultiMap f) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        f.forEach(e -> {
            if (!e.getKey().equals("csrf")) {
                m.add(e.getKey(), e.getValue());
            }
        });
        return m;
    }

    static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 160 ? s : s.substring(0, 160) + "…(" + s.length() + " chars)";
    }
}
