package org.markauth.issuer.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Uscc;
import org.markauth.testing.Browser;
import org.markauth.testing.WebDriver;

/**
 * The targets page over a real issuer, Cassandra and Redis: the figures against the targets, by
 * district and industry, scans placed in districts, handling times, the CSV exports, setting a
 * phase's targets (and every refusal), and, in headless Chromium, the charts and the district map drawn.
 */
class TargetsIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String key;
    static String base;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_targets_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(ConsoleForms.console(fx)::mount)
                .listen().await(10, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        key = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();

        // Nanhai: two tile products on one standard; Shunde: a product whose licence is suspended, and one
        // whose category a manufacturer typed as a formula; a licensee registered outside the five districts
        licensee("T-NANHAI", "91440605MA4W1K2X3");
        licensee("T-SHUNDE", "91440606MA52QWE1X");
        licensee("T-GZ", "91440101MA59ABCD1");
        Instant now = fx.services.clock.instant();
        int tile1 = product("T-NANHAI", "陶瓷砖", "GB/T 4100-2015", true);
        product("T-NANHAI", "陶瓷砖", "GB/T 4100-2015", true);
        int suspended = product("T-SHUNDE", "家电", "T/FSAS 7-2021", true);
        fx.services.registry.changeLicenceStatus(REGULATOR, suspended, org.markauth.registry.LicenceStatus.SUSPENDED, "sampling failed");
        product("T-SHUNDE", "=HYPERLINK(\"http://evil\")", "T/FSAS 8-2021", true);
        product("T-GZ", "家电", "T/FSAS 9-2022", true);
        product("T-GZ", "家电", "T/FSAS 10-2022", false);
        assertThat(tile1).isPositive();

        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        hot(today, "ws06s", "GENUINE", 9);      // 禅城
        hot(today, "ws06s", "FORGED", 3);
        hot(today.minusDays(3), "ws063", "GENUINE", 5);    // 南海
        hot(today, "ws03q", "CLONED", 2);       // 顺德
        hot(today, "CN-44", "GENUINE", 7);      // from an address: a province only
        hot(today.minusDays(60), "ws011", "FORGED", 50);   // 高明, outside the default 30 days

        // the standards registry: two published standards made, a draft not yet
        standard("T/FSBZ 9001-2026", true);
        standard("T/FSBZ 9002-2026", true);
        standard("T/FSBZ 9003-2026", false);
        handled(now.minus(Duration.ofHours(10)), now.minus(Duration.ofHours(8)));   // 2 h
        handled(now.minus(Duration.ofHours(30)), now.minus(Duration.ofHours(24)));  // 6 h
        handled(now.minus(Duration.ofHours(1)), null);                              // open
    }

    @AfterAll
    static void down() {
        if (server != null) {
            server.close().await();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void thePageShowsTheTargetsAgainstTheFiguresByDistrictIndustryAndPlace() throws Exception {
        WebClientSession s = ConsoleForms.login(web, key);
        HttpResponse<Buffer> r = ConsoleForms.get(s, "/console/targets");
        assertThat(r.statusCode()).isEqualTo(200);
        String html = r.bodyAsString();
        assertThat(r.getHeader("Content-Security-Policy")).isEqualTo("default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
                + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'");
        // the seed's targets; actual: 2 published standards in the registry, 4 certified products, 3 enterprises
        assertThat(row(html, "table-phases", 0)).containsExactly("2023", "Foshan standards", "100", "2", "2%",
                "implementing opinion (default)");
        assertThat(row(html, "table-phases", 1)).containsExactly("2023", "Certified products", "300", "4", "1%",
                "implementing opinion (default)");
        assertThat(row(html, "table-phases", 5)).containsExactly("2025", "Certified enterprises", "", "3", "",
                "implementing opinion (default)");
        assertThat(row(html, "table-districts", 1)).containsExactly("Nanhai", "1", "2", "1");
        assertThat(row(html, "table-districts", 2)).containsExactly("Shunde", "1", "1", "1");
        assertThat(row(html, "table-districts", 5)).containsExactly("Outside the five districts or not placeable", "1", "1", "1");
        assertThat(row(html, "table-industries", 0)).containsExactly("=HYPERLINK(&#34;http://evil&#34;)", "1", "1", "1");
        assertThat(html).contains("<td>陶瓷砖</td><td>1</td><td>2</td><td>1</td>");
        assertThat(row(html, "table-scans", 0)).containsExactly("Chancheng", "12", "3");
        assertThat(row(html, "table-scans", 1)).containsExactly("Nanhai", "5", "0");
        assertThat(row(html, "table-scans", 4)).containsExactly("Gaoming", "0", "0");
        assertThat(row(html, "table-scans", 5)).containsExactly("Outside the five districts or not placeable", "7", "0");
        assertThat(row(html, "table-hotspots", 0)).containsExactly("ws06s", "Chancheng", "3", "12");
        assertThat(row(html, "table-cases", 0)).containsExactly("2", "1", "2.0", "6.0");
        assertThat(html).contains("data-figures=\"{&#34;lang&#34;:&#34;en&#34;");
        if (new ConsoleAppFiles(getClass().getClassLoader()).script().isPresent()) {
            assertThat(html).containsPattern("<script src=\"/console/assets/targets-[A-Z0-9]{8}\\.js\" defer></script>");
        } else {
            assertThat(html).contains("id=\"no-charts\"");
        }

        // a longer period reaches Gaoming's old hot spot
        String wide = ConsoleForms.get(s, "/console/targets?from=" + LocalDate.ofInstant(fx.services.clock.instant(), ZoneOffset.UTC)
                .minusDays(90)).bodyAsString();
        assertThat(row(wide, "table-scans", 4)).containsExactly("Gaoming", "50", "50");
    }

    @Test
    void eachTableExportsAsCsvWithABomAndFormulasNeutralised() throws Exception {
        WebClientSession s = ConsoleForms.login(web, key, "zh-CN");
        HttpResponse<Buffer> r = ConsoleForms.get(s, "/console/targets/csv/industries");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(r.getHeader("Content-Disposition")).matches("attachment; filename=\"targets-industries-\\d{4}-\\d\\d-\\d\\d\\.csv\"");
        byte[] bytes = r.body().getBytes();
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String csv = new String(bytes, StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFF行业（产品类别）,佛山标准（项）,获证产品（个）,获证企业（家）\r\n")
                .contains("\"'=HYPERLINK(\"\"http://evil\"\")\",1,1,1\r\n").contains("陶瓷砖,1,2,1\r\n");
        String districts = ConsoleForms.get(s, "/console/targets/csv/districts").bodyAsString();
        assertThat(districts).contains("南海区,1,2,1\r\n");
        for (String t : TargetViews.TABLES) {
            assertThat(ConsoleForms.get(s, "/console/targets/csv/" + t).statusCode()).as(t).isEqualTo(200);
        }

        HttpResponse<Buffer> unknown = ConsoleForms.get(s, "/console/targets/csv/secrets");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.bodyAsString()).contains("没有名为 “secrets” 的表");
        HttpResponse<Buffer> period = ConsoleForms.get(s, "/console/targets/csv/scans?from=2026-01-01&to=2025-01-01");
        assertThat(period.statusCode()).isEqualTo(422);
        assertThat(period.bodyAsString()).contains("统计期间 2026-01-01 至 2025-01-01 无效");
        assertThat(ConsoleForms.get(s, "/console/targets?from=2020-01-01&to=2026-01-01").statusCode()).isEqualTo(422);
        assertThat(ConsoleForms.get(s, "/console/targets?from=yesterday").statusCode()).isEqualTo(422);
    }

    @Test
    void theOfficeSetsAPhasesTargetsAuditedAndEveryBadValueIsRefused() throws Exception {
        WebClientSession s = ConsoleForms.login(web, key);
        HttpResponse<Buffer> ok = ConsoleForms.post(s, "/console/targets", "/console/targets/phases", form("2027", "260", "650", "120",
                "new five-year plan"));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.getHeader("Location")).isEqualTo("/console/targets");
        String html = ConsoleForms.get(s, "/console/targets").bodyAsString();
        assertThat(row(html, "table-phases", 8)).containsExactly("2027", "Certified enterprises", "120", "3", "3%",
                "programme office (office-1)");
        assertThat(fx.services.changes.entity("targets:2027", 5)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("targets.set");
            assertThat(e.actor()).isEqualTo("office-1");
            assertThat(e.detail()).contains("products=650").contains("new five-year plan");
        });

        refused(s, form("1999", "1", "1", "1", "why"), "The year 1999 is not within 2020 to 2050");
        refused(s, form("2026", "-1", "1", "1", "why"), "The standards target -1 must be 0 to 100000");
        refused(s, form("2026", "1", "many", "1", "why"), "products must be a whole number");
        refused(s, form("2026", "1", "1", "1", ""), "reason is required");
        // no CSRF token: refused before anything is written
        HttpResponse<Buffer> forged = s.post("/console/targets/phases").sendForm(form("2026", "1", "1", "1", "csrf"))
                .await(30, TimeUnit.SECONDS);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(fx.services.changes.entity("targets:2026", 5)).isEmpty();
        // nobody signed in: the log-in page, for the page and the export alike
        assertThat(web.get("/console/targets").send().await(30, TimeUnit.SECONDS).getHeader("Location")).contains("/console/login");
        assertThat(web.get("/console/targets/csv/phases").send().await(30, TimeUnit.SECONDS).getHeader("Location"))
                .contains("/console/login");
    }

    @Test
    void inChromiumTheChartsAndTheDistrictMapAreDrawn() throws Exception {
        Assumptions.assumeTrue(new ConsoleAppFiles(getClass().getClassLoader()).script().isPresent(),
                "built with -Dmarkauth.console.skip=true: no chart script to run");
        Browser browser = Browser.require();
        for (String lang : List.of("en", "zh-CN")) {
            try (WebDriver w = WebDriver.start(browser, lang)) {
                w.go(base + "/console/login");
                w.type("#token", key);
                w.click("#login");
                w.await("return document.querySelector('#logout') !== null", Duration.ofSeconds(20));   // signed in: the form's navigation is over
                w.go(base + "/console/targets");
                assertThat(w.await("return document.body.dataset.charts", Duration.ofSeconds(20))).isEqualTo("4");
                for (String chart : List.of("chart-phases", "chart-districts", "chart-industries", "chart-map")) {
                    assertThat(w.execute("return document.querySelectorAll('#" + chart + " svg path').length")).as(chart)
                            .isInstanceOfSatisfying(Number.class, n -> assertThat(n.intValue()).isPositive());
                }
                Object names = w.execute("return [...document.querySelectorAll('#chart-map svg text')].map(t => t.textContent).join('|')");
                if (lang.equals("en")) {
                    assertThat((String) names).contains("Chancheng", "Nanhai", "Shunde", "Sanshui", "Gaoming");
                } else {
                    assertThat((String) names).contains("禅城区", "南海区", "顺德区", "三水区", "高明区");
                }
            }
        }
    }

    // ------------------------------------------------------------------ the world

    private static void licensee(String id, String usccWithoutCheck) {
        fx.services.registry.createLicensee(REGULATOR, new Licensee.Details(id, id + " 有限公司", id + " Co.",
                Uscc.withCheckCharacter(usccWithoutCheck), "佛山市", Map.of("phone", "0757-0000000")));
    }

    private static int product(String licensee, String category, String standard, boolean licensed) {
        Product p = fx.services.registry.createProduct(REGULATOR, new Product.Details(0, licensee, "产品", "Product", "M-1", category,
                null, standard, "标准", Map.of("指标", "≥ 1"), List.of(), Set.of("CN-44")));
        if (licensed) {
            Instant now = fx.services.clock.instant();
            fx.services.registry.grantLicence(REGULATOR, p.productId(), "FS-T-" + p.productId(), now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(365)), "evaluation passed");
        }
        return p.productId();
    }

    private static void hot(LocalDate day, String place, String verdict, long n) {
        fx.ks.session().execute("UPDATE scan_hotspots SET scans = scans + ? WHERE day = ? AND place = ? AND verdict = ?", n, day, place,
                verdict);
    }

    private static void handled(Instant opened, Instant closed) {
        fx.ks.session().execute("INSERT INTO complaint_cases (case_no, state, opened_at, closed_at) VALUES (?, ?, ?, ?)",
                "TS2026-" + UUID.randomUUID().toString().substring(0, 6), closed == null ? "OPEN" : "CLOSED", opened, closed);
    }

    /** A programme standard in the registry, its first version published or left a draft. */
    private static void standard(String no, boolean publish) {
        var d = fx.services.standards.create(REGULATOR, new org.markauth.issuer.standards.Standards.NewStandard(no, "标准", "Standard",
                "家电", "1", List.of(new org.markauth.issuer.standards.Indicator("指标", null, "≥ 1", 1.0, null)), List.of()));
        if (publish) {
            fx.services.standards.changeStatus(REGULATOR, d.standard().standardId(), "1",
                    org.markauth.issuer.standards.StandardVersion.Status.PUBLISHED, "published");
        }
    }

    private static MultiMap form(String year, String standards, String products, String enterprises, String reason) {
        return MultiMap.caseInsensitiveMultiMap().add("year", year).add("standards", standards).add("products", products)
                .add("enterprises", enterprises).add("reason", reason);
    }

    private static void refused(WebClientSession s, MultiMap form, String sentence) throws Exception {
        HttpResponse<Buffer> r = ConsoleForms.post(s, "/console/targets", "/console/targets/phases", form);
        assertThat(r.statusCode()).as(sentence).isEqualTo(422);
        assertThat(r.bodyAsString()).contains(sentence);
    }

    /** The cells of data row {@code i} (0 = the first after the header) of the table with id {@code id}. */
    private static List<String> row(String html, String id, int i) {
        int start = html.indexOf("<table id=\"" + id + "\">");
        assertThat(start).as(id).isNotNegative();
        String table = html.substring(start, html.indexOf("</table>", start));
        String[] rows = table.split("<tr>");
        // rows[0] is the table tag, rows[1] the header
        String row = rows[i + 2];
        return java.util.Arrays.stream(row.split("<td>")).skip(1).map(c -> c.substring(0, c.indexOf("</td>"))).toList();
    }
}
