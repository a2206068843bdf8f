package org.markauth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.redis.client.Redis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.config.ConfigSource;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.console.RedisSessions;
import org.markauth.testing.StackConfig;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;
import org.markauth.verify.app.VerifyConfig;
import org.markauth.verify.app.VerifyServer;

/**
 * Follows the demo's printout as a person would: seeds a fresh keyspace with the same program
 * ops/run runs, starts a real verify-api on the port the printout names, opens every consumer URL
 * listed and checks the page shows the verdict printed next to it (GENUINE, RECALLED, ...), and the
 * sold unit's page its supply-chain journey (made → shipped → sold). Then re-runs the seed (nothing
 * seeded twice, same URLs, every supply-chain event a duplicate) and resets (keyspace and Redis keys gone).
 * Today's demo scans are sent through the real verify-api once (a second run sends none), and the
 * regulator's targets export over a real mark-issuer counts them per district.
 */
class DemoIT {

    private static final Pattern URL_LINE = Pattern.compile("^  ([A-Z_]+) +(http://\\S+)", Pattern.MULTILINE);
    private static final Pattern PAGE_CODE = Pattern.compile("data-code=\"([A-Z_]+)\"");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void theConsumerUrlsOfThePrintoutShowTheirVerdicts() throws Exception {
        try (TestStack stack = TestStack.connect(); TestKeyspace ks = stack.freshKeyspace("demo_it")) {
            int port = freePort();
            String base = "http://127.0.0.1:" + port;
            List<String> flags = new ArrayList<>(List.of("--out=" + dir, "--verify-base=" + base));
            flags.addAll(StackConfig.flags(stackConfig(stack, ks)));

            String printout = seed(flags);
            List<String[]> lines = urlLines(printout);
            assertThat(lines).extracting(l -> l[0])
                    .containsExactly("GENUINE", "GENUINE", "NOT_ACTIVATED", "RECALLED", "LICENCE_SUSPENDED", "LICENCE_EXPIRED",
                            "CLONED", "UNKNOWN_KEY", "FORGED");
            assertThat(printout).contains("ops/stack down", "credentials.txt", ".pdf", ".zip", ".csv");
            assertThat(printout).contains("Supply chain", "6 events: 6 recorded on this run, 0 already recorded",
                    "journey of the sold unit (made → shipped → sold): " + lines.get(0)[1], "/api/v1/trace");
            assertThat(printout.lines().filter(l -> l.contains(lines.get(0)[1])).findFirst().orElseThrow())
                    .endsWith(DemoSeed.SOLD_NOTE);

            Vertx vertx = Vertx.vertx();
            try {
                VerifyServer server = VerifyServer.start(vertx, VerifyConfig.load(ConfigSource.of(verifyConfig(ks, stack, port))),
                        Clock.systemUTC()).await();
                for (String[] line : lines) {
                    assertThat(pageCode(line[1])).as("page of %s", line[1]).isEqualTo(line[0]);
                }
                // quality credit: the red list shows the clean enterprise, the black list the suspended one (docs/credit.md)
                assertThat(printout).contains(base + "/lists/red", base + "/lists/black", "/console/credit");
                assertThat(get(base + "/lists/red")).contains("佛山市顺德区鸿艺陶瓷有限公司", "全抛釉大板").doesNotContain("华宇卫浴");
                assertThat(get(base + "/lists/black")).contains("佛山市禅城区华宇卫浴有限公司", "9").doesNotContain("鸿艺陶瓷");
                // the sold unit's page shows its journey in order, naming the manufacturer and the retailer only
                String sold = timeline(get(lines.get(0)[1]));
                assertThat(sold).contains("佛山市南海区金陶陶瓷有限公司", DemoSupplyChain.RETAILER_NAME);
                assertThat(sold.indexOf("data-step=\"MADE\"")).isNotNegative()
                        .isLessThan(sold.indexOf("data-step=\"SHIPPED\"")).isLessThan(sold.indexOf("data-step=\"SOLD\""));
                String stocked = timeline(get(lines.get(1)[1]));
                assertThat(stocked).contains("data-step=\"MADE\"", "data-step=\"SHIPPED\"").doesNotContain("data-step=\"SOLD\"");
                assertThat(get(lines.get(2)[1])).as("a unit outside the case has no journey").doesNotContain("id=\"timeline\"");
                String scanned = "HTTPS://M.MARKAUTH.CN" + URI.create(lines.get(0)[1]).getPath();
                assertThat(get(base + "/api/v1/verify?code=" + URLEncoder.encode(scanned, StandardCharsets.UTF_8)))
                        .contains("\"code\":\"GENUINE\"");
                // the credential revoked by id is refused; the live officer key is not
                String record = base + "/api/v1/officer/record?code=" + URLEncoder.encode(scanned, StandardCharsets.UTF_8);
                DemoState st = DemoState.load(dir).orElseThrow();
                assertThat(status(record, st.get("token.revoked"))).isEqualTo(401);
                assertThat(status(record, st.get("token.officer"))).isEqualTo(200);
                assertThat(printout).contains("revoked by id", st.get("credential.revoked"));
                assertThat(printout).contains("/console/targets", "demo scans over " + DemoTargets.DAYS + " days",   // docs/targets.md
                        "the " + DemoTargets.HISTORY_DAYS + " earlier days seeded as history",
                        "31 real consumer scans to send to verify-api once it is up (ops/run.d/30-demo-scans.sh; 0 sent so far)");
                // the officer app is served, and the demo officer's work list holds the seeded alert in its area
                assertThat(printout).contains(base + "/officer/", "area is CN-44", "evidence verify");
                assertThat(get(base + "/officer/")).contains("manifest");
                // GS1: the signed Digital Link code verifies; the same unit without its signature is resolved to registry
                // facts (a 307 to the resolver's page, never a verdict); its linkset lists the link types
                assertThat(pageCode(DemoSeed.local(st.get("gs1.signed"), base))).isEqualTo("GENUINE");
                String bare = base + "/01/" + st.get("gs1.gtin") + "/10/" + DemoGs1.LOT + "/21/" + st.get("gs1.serial");
                assertThat(printout).contains(bare, st.get("gs1.sgtin"), "/api/v1/epcis/epcs/", "Data Matrix label sheet");
                assertThat(printout).contains("/console/standards", "/console/supervision/draws/" + st.get("supervision.draw"),
                        "/console/supervision/tasks/" + st.get("supervision.task"), base + "/draws/" + st.get("supervision.draw"));
                // the year's draw is published on the verify host, its result re-checked there
                String published = get(base + "/draws/" + st.get("supervision.draw") + "?lang=en");
                assertThat(published).contains("data-state=\"DRAWN\"", "data-ok=\"true\"", "id=\"public-source\"", DemoStandards.PUBLIC_SOURCE,
                        DemoStandards.WITNESS_PART).doesNotContain("data-ok=\"false\"");
                HttpResponse<Void> resolved = http.send(HttpRequest.newBuilder(URI.create(bare)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(resolved.statusCode()).isEqualTo(307);
                assertThat(resolved.headers().firstValue("Location").orElseThrow()).contains("/dl/");
                assertThat(get(bare + "?linkType=all")).contains("https://gs1.org/voc/certificationInfo", "https://gs1.org/voc/verificationService");
                // the licence certificate's QR answers the certificate page; the reissued one's predecessor says so
                assertThat(printout).contains("certificate QR: " + DemoSeed.local(st.get("certificate.url"), base));
                assertThat(get(DemoSeed.local(st.get("certificate.url"), base))).contains("data-kind=\"CERTIFICATE\"",
                        "data-certificate-status=\"ACTIVE\"", st.get("certificate.no"));
                assertThat(get(DemoSeed.local(st.get("certificate.superseded.url"), base)))
                        .contains("data-certificate-status=\"SUPERSEDED\"", st.get("certificate.no"));
                String work = body(base + "/api/v1/officer/worklist", st.get("token.officer"));
                assertThat(work).contains("\"area\":[\"CN-44\"]", "\"rule\":\"TOO_MANY_SCANS\"", "\"region\":\"CN-44\"");
                // today's demo scans, sent for real through verify-api's scan path (what ops/run.d/30-demo-scans.sh runs), once
                List<String> scanFlags = List.of("--out=" + dir, "--verify-base=" + base);
                assertThat(demoScans(scanFlags)).contains("sent 31 real consumer scans to " + base + "/api/v1/verify",
                        "{ws011=2, ws03q=7, ws05y=3, ws063=10, ws06s=9}", "{CLONED=2, FORGED=3, GENUINE=25, UNKNOWN_KEY=1}");
                assertThat(demoScans(scanFlags)).contains("the 31 real scans were sent on", "none sent again");
                server.stop().await();   // its scan writer flushes on the way down
            } finally {
                vertx.close().await();
            }

            // the targets page counts today's real scans per district, and only those: the history is the 13 days before
            // (the last row, no district, holds this test's own page visits above, which shared no location)
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            DemoState seeded = DemoState.load(dir).orElseThrow();
            List<String> pages = issuerPages(stack, ks, List.of(
                    new Fetch("console", seeded.get("token.regulator"), "/console/targets/csv/scans?from=" + today + "&to=" + today),
                    new Fetch("portal", seeded.get("token.manufacturer"), "/portal/applications"),
                    new Fetch("portal", seeded.get("token.manufacturer"), "/portal/credit")));
            assertThat(pages.get(0).replace("\uFEFF", "").lines().toList()).hasSize(7).startsWith(
                    "District,Scans,Suspicious scans (verdict not genuine)", "Chancheng,9,0", "Nanhai,10,4", "Shunde,7,2", "Sanshui,3,0",
                    "Gaoming,2,0");
            // the manufacturer's portal: its paper licence due for renewal, the renewal filed; its credit grade
            assertThat(pages.get(1)).contains("id=\"renewal-" + DemoCertification.PAPER_PRODUCT + "\"", "Renewal filed");
            assertThat(pages.get(2)).contains("Your quality-credit grade");

            assertThat(Files.getPosixFilePermissions(dir.resolve("credentials.txt")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            // manufacturers: the portal, the line station with its key (a file for the CLI too), the printer-native files
            var state = DemoState.load(dir).orElseThrow();
            assertThat(printout).contains("/portal/", "/station/", state.get("station.token"), "ops/issuer station --issuer",
                    ".zpl", ".cij.csv");
            assertThat(Files.readString(dir.resolve(DemoManufacturer.STATION_KEY_FILE)).strip()).isEqualTo(state.get("station.token"));
            assertThat(Files.getPosixFilePermissions(dir.resolve(DemoManufacturer.STATION_KEY_FILE)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(stack.session().execute("SELECT batch_ids FROM " + ks.name() + ".lines WHERE line_id = ?",
                    state.get("station.line")).one()).isNotNull();
            assertThat(Files.readString(Path.of(state.get("print.zpl"))).split("\\^XZ", -1)).hasSize(21);   // 20 labels
            assertThat(Files.readAllLines(Path.of(state.get("print.line")))).hasSize(DemoManufacturer.LINE_UNITS);
            try (var files = Files.list(dir.resolve("print"))) {
                List<Path> print = files.sorted().toList();
                assertThat(print).hasSize(9);   // and the GS1 product's Data Matrix sheet, and the licence certificate
                for (Path f : print) {
                    assertThat(Files.size(f)).as("size of %s", f).isGreaterThan(100);
                }
            }

            String again = seed(flags);
            assertThat(again).contains("already seeded", "31 real consumer scans sent to verify-api on " + today);
            // the events are sent again and every one is recognised by its hash: nothing is recorded twice
            assertThat(again).contains("6 events: 0 recorded on this run, 6 already recorded");
            assertThat(urlLines(again)).extracting(l -> l[1]).containsExactlyElementsOf(lines.stream().map(l -> l[1]).toList());

            List<String> reset = new ArrayList<>(flags);
            reset.add("--reset");
            seed(reset);
            assertThat(stack.session().execute("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
                    ks.name()).one()).isNull();
            try (var left = Files.list(dir)) {
                assertThat(left).isEmpty();
            }
        }
    }

    private static String seed(List<String> flags) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertThat(DemoSeed.run(flags, Map.of(), out)).isZero();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String demoScans(List<String> flags) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertThat(DemoScans.run(flags, out)).isZero();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A page to fetch from the issuer: the site signed in to ("console" or "portal"), with which token, and the path. */
    private record Fetch(String site, String token, String path) {
    }

    /**
     * Pages of a real mark-issuer on the demo's keyspace, each fetched in English after signing in to its site with its
     * token (the regulator's console, the manufacturer's portal): their bodies, in order.
     */
    private List<String> issuerPages(TestStack stack, TestKeyspace ks, List<Fetch> fetches) throws Exception {
        List<String> issuerFlags = new ArrayList<>(StackConfig.flags(stackConfig(stack, ks)));
        issuerFlags.add("--issuer.kek=file:" + dir.resolve(DemoSeed.KEK_FILE));
        Path trust = dir.resolve(DemoSeed.ISSUER_FLAGS_FILE);
        if (Files.exists(trust)) {
            Files.readAllLines(trust).stream().filter(l -> !l.isBlank()).forEach(issuerFlags::add);
        }
        Vertx vertx = Vertx.vertx();
        try (Issuer issuer = Issuer.start(issuerFlags, Map.of())) {
            Redis redis = Redis.createClient(vertx, stack.redisUrl());
            HttpServer server = IssuerRouter.full(vertx, issuer.services(),
                            new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1"),
                            new RedisSessions(vertx, redis, ks.name() + ":console-it:"), issuer.config().consoleSessions())
                    .listen().await();
            String issuerBase = "http://127.0.0.1:" + server.actualPort();
            List<String> bodies = new ArrayList<>();
            for (Fetch f : fetches) {
                HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
                HttpResponse<Void> login = browser.send(HttpRequest.newBuilder(URI.create(issuerBase + "/" + f.site() + "/login"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept-Language", "en")
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(f.token(), StandardCharsets.UTF_8)))
                        .build(), HttpResponse.BodyHandlers.discarding());
                assertThat(login.statusCode()).as(f.site() + " login").isEqualTo(303);
                HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(issuerBase + f.path()))
                        .timeout(Duration.ofSeconds(30)).header("Accept-Language", "en").build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(page.statusCode()).as(f.path() + ": " + page.body()).isEqualTo(200);
                bodies.add(page.body());
            }
            server.close().await();
            return bodies;
        } finally {
            vertx.close().await();
        }
    }

    private static List<String[]> urlLines(String printout) {
        List<String[]> l = new ArrayList<>();
        Matcher m = URL_LINE.matcher(printout);
        while (m.find()) {
            l.add(new String[] {m.group(1), m.group(2)});
        }
        return l;
    }

    /** The page's timeline section, or a message saying there is none. */
    private static String timeline(String page) {
        int at = page.indexOf("id=\"timeline\"");
        return at < 0 ? "(no timeline on the page)" : page.substring(at, page.indexOf("</section>", at));
    }

    private String pageCode(String url) throws IOException, InterruptedException {
        Matcher m = PAGE_CODE.matcher(get(url));
        return m.find() ? m.group(1) : "(no verdict on the page)";
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    private String body(String url, String token) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    private int status(String url, String token) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build();
        return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Map<String, String> verifyConfig(TestKeyspace ks, TestStack stack, int port) throws IOException {
        Map<String, String> m = stackConfig(stack, ks);
        m.put("http.host", "127.0.0.1");
        m.put("http.port", Integer.toString(port));
        m.put("verify.trust.roots", Files.readString(dir.resolve("trust-roots")).strip());
        m.put("verify.scan.spill-dir", dir.resolve("spill").toString());
        m.put("verify.rate-limit.per-minute", "0");
        return m;
    }

    /** The seed and the server share the keyspace and a Redis prefix named after it. */
    private static Map<String, String> stackConfig(TestStack stack, TestKeyspace ks) {
        Map<String, String> m = StackConfig.of(stack, ks, ks.name() + ":");
        m.put("cassandra.request-timeout", "30s");
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
