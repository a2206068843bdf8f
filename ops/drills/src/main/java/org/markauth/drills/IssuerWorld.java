package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.issuer.keys.Kek;
import org.markauth.issuer.registry.Uscc;
import org.markauth.testing.StackConfig;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;

/**
 * The hostile drill's second service: the real mark-issuer ({@code IssuerCli serve}) as a child JVM
 * over a keyspace of its own (its key rotations and trust lists never reach the verify-api's world),
 * its log in the work folder, and a programme seeded through its own API with a bootstrap regulator
 * key: licensees A and B (each with products, licences, issued and activated batches, a recall),
 * a victim licensee C and a partner R, two signing keys (the first retired), and a credential of each
 * role: regulator, officer, manufacturer of A, manufacturer of B, a revoked key, plus console sessions.
 */
final class IssuerWorld implements AutoCloseable {

    static final String HOST = "ISSUER.EXAMPLE.CN";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final TestStack stack;
    private final Vertx vertx = Vertx.vertx();
    private final DrillHttp http;
    final TestKeyspace ks;
    final int port;
    final ServiceProcess process;
    /** The issuer's settings (port aside): more instances over the same keyspace, KEK and Redis prefix ({@link #instance}). */
    private final Map<String, String> settings;
    private final Path work;
    private final String scenario;
    /** Tokens by role name: regulator, officer, manufacturerA, manufacturerB, revoked, regulatorRevoked. */
    final Map<String, String> tokens = new HashMap<>();
    /** Valid values of the programme's objects by name (licenseeA, productA, batchA, serialA, recallA, credentialB ...). */
    final Map<String, String> ids = new HashMap<>();
    /** Console cookies and CSRF token of the regulator's session ({@link #refreshConsole}). */
    volatile String consoleCookies = "";
    volatile String consoleCsrf = "";
    /** A second session, for logging out; and one opened with a key revoked afterwards. */
    volatile String logoutCookies = "";
    volatile String revokedSessionCookies = "";

    private IssuerWorld(TestStack stack, TestKeyspace ks, Path work, String scenario) throws Exception {
        this.stack = stack;
        this.ks = ks;
        this.port = DrillWorld.freePort();
        this.http = new DrillHttp(vertx, 32, 10_000);
        Path kek = work.resolve("issuer.kek");
        Files.writeString(kek, Kek.generateEncoded());
        Files.setPosixFilePermissions(kek, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> m = StackConfig.of(stack, ks, "drill:" + ks.name().substring(ks.name().length() - 12) + ":");
        m.putAll(Map.of("http.host", "127.0.0.1", "http.port", String.valueOf(port), "issuer.kek", "file:" + kek,
                "issuer.mark-host", HOST,
                // a hostile quantity within the limit starts a real issuance job: keep every job small
                "issuer.max-batch", "1000", "cassandra.consistency", "local_one",
                // a request the loaded machine answers late is no fault of its input: only a true fault may answer 5xx
                "http.request-timeout", "60s"));
        m.put("issuer.metrics.port", "0");   // any free port: the demo's issuer may hold the default 9081
        // the drill sends thousands of cases a minute with a few keys: at the default 1,200 a minute per key the
        // limiter answered 1,855 of them 429 before they reached their route (the limit itself: mark-issuer EdgeIT)
        m.put("issuer.rate-limit-per-minute", "1000000");
        this.settings = Map.copyOf(m);
        this.work = work;
        this.scenario = scenario;
        this.process = instance("mark-issuer", port, Map.of());
    }

    /**
     * Another issuer process over this world (not started): its own name (config and log files) and port,
     * {@code extra} settings on top of the world's.
     */
    ServiceProcess instance(String name, int onPort, Map<String, String> extra) throws java.io.IOException {
        Map<String, String> m = new HashMap<>(settings);
        m.put("http.port", String.valueOf(onPort));
        m.putAll(extra);
        return new ServiceProcess(name, "mark-issuer", work, m, scenario, "384m", "org.markauth.issuer.cli.IssuerCli",
                List.of("serve"), () -> send(onPort, HttpMethod.GET, "/health", null, null).map(DrillWorld.Reply::status));
    }

    /**
     * A fresh keyspace of its own and the issuer started over it (the drill calls it in the background
     * while the verify-api's world is set up); {@link #seed} next.
     */
    static IssuerWorld open(Path work, String scenario) throws Exception {
        return open(work, scenario, true);
    }

    /** {@link #open}, with {@link #process} left unstarted when {@code start} is false (the drill starts its own build). */
    static IssuerWorld open(Path work, String scenario, boolean start) throws Exception {
        TestStack stack = TestStack.connect();
        TestKeyspace ks = null;
        try {
            ks = stack.freshKeyspace("drill_issuer");
            IssuerWorld w = new IssuerWorld(stack, ks, work, scenario);
            if (start) {
                w.process.start();
            }
            return w;
        } catch (Exception | Error e) {
            if (ks != null) {
                ks.drop();
            }
            stack.close();
            throw e;
        }
    }

    /** A request to the issuer over the world's own client. */
    Future<DrillWorld.Reply> send(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
        return send(port, method, uri, headers, body);
    }

    /** A request to the issuer instance on {@code toPort}. */
    Future<DrillWorld.Reply> send(int toPort, HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
        return http.send(toPort, method, uri, headers, body);
    }

    /** Seeds the programme through the issuer's API. */
    void seed() throws Exception {
        long t0 = System.nanoTime();
        ApiKeyStore keys = ApiKeyStore.create(ks.session(), Clock.systemUTC());
        String reg = keys.issue(Principal.regulator("drill-regulator")).toCompletableFuture().get();
        tokens.put("regulator", reg);
        String first = ok(call(HttpMethod.POST, "/api/v1/keys/rotate", reg, new JsonObject())).getString("keyId");
        ok(call(HttpMethod.POST, "/api/v1/keys/rotate", reg, new JsonObject()));
        ids.put("keyRetired", first);
        int n = 0;
        for (String l : List.of("A", "B", "C", "R")) {
            String id = "DRILL-" + l;
            ok(call(HttpMethod.POST, "/api/v1/licensees", reg, new JsonObject().put("licenseeId", id).put("name", "演练" + l + "有限公司")
                    .put("nameEn", "Drill " + l).put("uscc", Uscc.withCheckCharacter(String.format("91440600MA%07d", 1234560 + n++)))
                    .put("address", "佛山").put("contacts", new JsonObject().put("phone", "0757-0000000"))));
            ids.put("licensee" + l, id);
        }
        for (String p : List.of("A", "A2", "B")) {
            String owner = ids.get("licensee" + p.charAt(0));
            JsonObject prod = ok(call(HttpMethod.POST, "/api/v1/products", reg, new JsonObject().put("licenseeId", owner)
                    .put("name", "电饭煲" + p).put("nameEn", "Rice cooker " + p).put("model", "RC-" + p).put("category", "appliance")
                    .put("standardNo", "T/FSBZ 001-2025").put("standardTitle", "Rice cookers")));
            String pid = String.valueOf(prod.getInteger("productId"));
            ids.put("product" + p, pid);
            ok(call(HttpMethod.PUT, "/api/v1/products/" + pid + "/licence", reg, new JsonObject().put("licenceNo", "FS-" + pid)
                    .put("validFrom", Instant.now().minus(1, ChronoUnit.DAYS).toString())
                    .put("validUntil", Instant.now().plus(365, ChronoUnit.DAYS).toString()).put("reason", "drill")));
        }
        // batches: A's worked batch, A's victim (recalled by the drill's own valid requests), A's and B's recalled ones
        for (String[] b : new String[][] {{"A", "A", "40"}, {"A2", "A", "10"}, {"A3", "A", "5"}, {"B", "B", "20"}, {"B2", "B", "5"}}) {
            JsonObject order = ok(call(HttpMethod.POST, "/api/v1/batches", reg, new JsonObject().put("productId",
                    Integer.parseInt(ids.get("product" + b[1]))).put("quantity", Integer.parseInt(b[2])).put("lot", "LOT-" + b[0])
                    .put("productionDate", "2026-11-01").put("expiryDate", "2028-11-01").put("lineId", "LINE-1")
                    .put("idempotencyKey", "drill-" + b[0])));
            ids.put("batch" + b[0], String.valueOf(order.getInteger("batchId")));
        }
        for (String b : List.of("A", "A2", "A3", "B", "B2")) {
            awaitIssued(ids.get("batch" + b));
        }
        ok(call(HttpMethod.POST, "/api/v1/batches/" + ids.get("batchA") + "/activations", reg, new JsonObject().put("first", 1).put("last", 30)));
        ok(call(HttpMethod.POST, "/api/v1/batches/" + ids.get("batchB") + "/activations", reg, new JsonObject().put("first", 1).put("last", 10)));
        ids.put("serialA", serialOf(ids.get("batchA")));
        ids.put("serialB", serialOf(ids.get("batchB")));
        ids.put("recallA", ok(call(HttpMethod.POST, "/api/v1/recalls", reg, new JsonObject().put("batchId",
                Integer.parseInt(ids.get("batchA3"))).put("reason", "drill").put("notice", "drill recall"))).getString("recallId"));
        ids.put("recallB", ok(call(HttpMethod.POST, "/api/v1/recalls", reg, new JsonObject().put("batchId",
                Integer.parseInt(ids.get("batchB2"))).put("reason", "drill").put("notice", "drill recall"))).getString("recallId"));
        ok(call(HttpMethod.POST, "/api/v1/licensees/" + ids.get("licenseeA") + "/partners", reg,
                new JsonObject().put("partnerId", ids.get("licenseeR")).put("role", "RETAILER")));
        ok(call(HttpMethod.POST, "/api/v1/licensees/" + ids.get("licenseeB") + "/partners", reg,
                new JsonObject().put("partnerId", ids.get("licenseeR")).put("role", "RETAILER")));
        // a credential of each role, as the regulator issues them
        issue("officer", new JsonObject().put("userId", "drill-officer").put("role", "OFFICER"));
        issue("manufacturerA", new JsonObject().put("userId", "drill-maker-a").put("role", "MANUFACTURER").put("licenseeId", ids.get("licenseeA")));
        issue("manufacturerB", new JsonObject().put("userId", "drill-maker-b").put("role", "MANUFACTURER").put("licenseeId", ids.get("licenseeB")));
        issue("printA", new JsonObject().put("userId", "drill-print-a").put("role", "MANUFACTURER").put("licenseeId", ids.get("licenseeA"))
                .put("scopes", new JsonArray().add("print")));
        issue("victim", new JsonObject().put("userId", "drill-victim").put("role", "OFFICER"));
        issue("revoked", new JsonObject().put("userId", "drill-maker-a-revoked").put("role", "MANUFACTURER").put("licenseeId", ids.get("licenseeA")));
        issue("regulatorRevoked", new JsonObject().put("userId", "drill-regulator-2").put("role", "REGULATOR"));
        // console: the regulator's session, a session to log out, and a session whose key is revoked next
        consoleCookies = login(reg);
        logoutCookies = login(reg);
        revokedSessionCookies = login(tokens.get("regulatorRevoked"));
        for (String k : List.of("revoked", "regulatorRevoked")) {
            ok(call(HttpMethod.POST, "/api/v1/credentials/" + ids.get("credential" + cap(k)) + "/revoke", reg, new JsonObject().put("reason", "drill")));
        }
        if (!refreshConsole()) {
            throw new IllegalStateException("no console page with a CSRF token");
        }
        say(String.format("issuer seeded in %d ms: licensees %s, products %s/%s/%s, batches %s/%s/%s/%s/%s, recalls %s %s",
                (System.nanoTime() - t0) / 1_000_000, List.of("A", "B", "C", "R").stream().map(x -> ids.get("licensee" + x)).toList(),
                ids.get("productA"), ids.get("productA2"), ids.get("productB"), ids.get("batchA"), ids.get("batchA2"), ids.get("batchA3"),
                ids.get("batchB"), ids.get("batchB2"), ids.get("recallA"), ids.get("recallB")));
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private void issue(String name, JsonObject body) throws Exception {
        JsonObject c = ok(call(HttpMethod.POST, "/api/v1/credentials", tokens.get("regulator"), body));
        tokens.put(name, c.getString("token"));
        ids.put("credential" + cap(name), c.getString("id"));
    }

    private void awaitIssued(String batchId) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            JsonObject job = ok(call(HttpMethod.GET, "/api/v1/batches/" + batchId + "/job", tokens.get("regulator"), null));
            if ("DONE".equals(job.getString("state"))) {
                return;
            }
            if ("FAILED".equals(job.getString("state")) || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("issuance of batch " + batchId + " did not finish: " + job);
            }
            Thread.sleep(200);
        }
    }

    /** The serial of the batch's first mark, from its CSV work order (sequence,serial,url). */
    private String serialOf(String batchId) throws Exception {
        DrillWorld.Reply r = call(HttpMethod.GET, "/api/v1/batches/" + batchId + "/print/batch.csv?from=1&to=1", tokens.get("regulator"), null);
        if (r.status() != 200) {
            throw new IllegalStateException("print file of batch " + batchId + ": HTTP " + r.status() + " " + r.body());
        }
        for (String line : r.body().toString(StandardCharsets.UTF_8).split("\r?\n")) {
            String[] f = line.split(",");
            if (f.length >= 2 && f[1].matches("[0-9a-fA-F]{16}")) {
                return f[1].toLowerCase();
            }
        }
        throw new IllegalStateException("no serial in the work order of batch " + batchId + ": " + r.body());
    }

    /** Logs into the console with {@code token}; answers the session's cookies as one Cookie header. */
    private String login(String token) throws Exception {
        DrillWorld.Reply r = call(HttpMethod.POST, "/console/login", null, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                Buffer.buffer("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        if (r.status() != 303) {
            throw new IllegalStateException("console login: HTTP " + r.status());
        }
        return cookies(r.headers(), "");
    }

    /** Reads a fresh CSRF token (and its cookie) from a console page: a successful post rotates it. */
    /**
     * Tries a few times (a page can fail while other requests of the session write it); answers false, the
     * token unchanged, when no page gave one.
     */
    boolean refreshConsole() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            DrillWorld.Reply r = call(HttpMethod.GET, "/console/registry", null, Map.of("Cookie", consoleCookies), null);
            Matcher m = CSRF.matcher(r.body().toString(StandardCharsets.UTF_8));
            if (r.status() == 200 && m.find()) {
                consoleCsrf = m.group(1);
                consoleCookies = cookies(r.headers(), consoleCookies);
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** {@code prior} cookies updated by the answer's Set-Cookie headers. */
    private static String cookies(MultiMap headers, String prior) {
        Map<String, String> jar = new java.util.LinkedHashMap<>();
        for (String c : prior.split(";\\s*")) {
            if (c.contains("=")) {
                jar.put(c.substring(0, c.indexOf('=')), c.substring(c.indexOf('=') + 1));
            }
        }
        for (String set : headers.getAll("Set-Cookie")) {
            String nv = set.split(";", 2)[0];
            if (nv.contains("=")) {
                jar.put(nv.substring(0, nv.indexOf('=')).trim(), nv.substring(nv.indexOf('=') + 1).trim());
            }
        }
        StringBuilder b = new StringBuilder();
        jar.forEach((k, v) -> b.append(b.isEmpty() ? "" : "; ").append(k).append('=').append(v));
        return b.toString();
    }

    DrillWorld.Reply call(HttpMethod method, String uri, String token, JsonObject json) throws Exception {
        Map<String, String> h = new HashMap<>();
        if (token != null) {
            h.put("Authorization", "Bearer " + token);
        }
        if (json != null) {
            h.put("Content-Type", "application/json");
        }
        return call(method, uri, null, h, json == null ? null : json.toBuffer());
    }

    private DrillWorld.Reply call(HttpMethod method, String uri, String unused, Map<String, String> headers, Buffer body) throws Exception {
        return send(method, uri, headers, body).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    private static JsonObject ok(DrillWorld.Reply r) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("issuer seed step refused: HTTP " + r.status() + " " + r.body());
        }
        return r.body().length() == 0 ? new JsonObject() : new JsonObject(r.body());
    }

    @Override
    public void close() {
        try {
            process.stop();
        } catch (Exception e) {
            System.err.println("stopping mark-issuer: " + e);
        }
        try {
            ks.drop();
        } catch (RuntimeException e) {
            System.err.println("dropping the issuer keyspace: " + e.getMessage());
        }
        stack.close();
        vertx.close();
    }
}
