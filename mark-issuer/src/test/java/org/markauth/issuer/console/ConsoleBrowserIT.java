package org.markauth.issuer.console;

import org.markauth.registry.BatchState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.http.HttpServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.registry.Product;
import org.markauth.testing.Browser;
import org.markauth.testing.WebDriver;

/** The regulator's console in a real headless Chromium: log in, see the map with data, confirm an alert, recall a batch. */
class ConsoleBrowserIT {

    static IssuerFixture fx;
    static HttpServer server;
    static Browser browser;
    static String key;
    static Product product;
    static UUID alert = UUID.randomUUID();

    @BeforeAll
    static void up() throws Exception {
        browser = Browser.require();
        fx = new IssuerFixture("issuer_console_browser_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(ConsoleForms.console(fx)::mount)
                .listen().await(10, TimeUnit.SECONDS);
        key = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("BMAKER");
        product = fx.licensedProduct("BMAKER");
        LocalDate today = LocalDate.ofInstant(fx.services.clock.instant(), ZoneOffset.UTC);
        fx.ks.session().execute("UPDATE scan_hotspots SET scans = scans + 12 WHERE day = ? AND place = 'ws0e9' AND verdict = 'FORGED'", today);
        UUID at = Uuids.timeBased();
        ByteBuffer serial = ByteBuffer.allocate(8).putLong(0, 99L);
        fx.ks.session().execute("INSERT INTO alerts_by_status (status, at, alert_id, rule, batch_id, serial, product_id, summary) "
                + "VALUES ('OPEN', ?, ?, 'MAX_SCANS', 5, ?, ?, '31 scans in 1 day')", at, alert, serial, product.productId());
        fx.ks.session().execute("INSERT INTO alert_by_id (alert_id, at, status, rule, batch_id, serial, product_id, summary, evidence) "
                + "VALUES (?, ?, 'OPEN', 'MAX_SCANS', 5, ?, ?, '31 scans in 1 day', '{\"scans\":31}')", alert, at, serial, product.productId());
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
    void theRegulatorLogsInSeesTheMapConfirmsAnAlertAndRecallsABatch() throws Exception {
        Batch b = fx.services.batches.order(Principal.manufacturer("line-1", "BMAKER"),
                IssuerFixture.order(product.productId(), 2, "browser-1")).batch();
        fx.services.batches.issue(b, c -> { }, (d, t) -> { });
        String base = "http://127.0.0.1:" + server.actualPort();
        try (WebDriver w = WebDriver.start(browser, "en")) {
            w.go(base + "/console/alerts");
            assertThat(w.currentUrl()).endsWith("/console/login");
            w.type("#token", key);
            w.click("#login");
            w.await("return document.querySelector('#logout') !== null", Duration.ofSeconds(20));   // signed in: the form's navigation is over
            assertThat(w.text("h1")).startsWith("Counterfeit alerts");

            w.go(base + "/console/map");
            assertThat(w.attribute("circle.spot[data-place=\"ws0e9\"]", "data-count")).isEqualTo("12");

            w.go(base + "/console/alerts/" + alert);
            w.click("#to-INVESTIGATING");
            awaitStatus(w, "INVESTIGATING");
            w.type("#note", "seized 30 fakes at the market");
            w.click("#to-CONFIRMED");
            // confirming also files a forged-mark case in the licensee's credit file: the page comes back when that is done
            awaitStatus(w, "CONFIRMED");
            assertThat(w.text("#history")).contains("seized 30 fakes at the market");

            w.go(base + "/console/recalls");
            w.type("#batchId", Integer.toString(b.batchId()));
            w.type("#recall-reason", "insulation fault");
            w.type("#notice", "请停止使用并退回购买处。");
            w.click("#recall");
            // #scans-after exists only on the recall's page; the form has a #notice field of its own
            assertThat(w.text("#scans-after")).isEqualTo("0");
            assertThat(w.text("#notice")).isEqualTo("请停止使用并退回购买处。");
        }
        assertThat(fx.services.batchStore.batch(b.batchId()).orElseThrow().state()).isEqualTo(BatchState.RECALLED);
    }

    @Test
    void aChineseBrowserReadsTheConsoleInChineseAndSwitchesToEnglish() throws Exception {
        String base = "http://127.0.0.1:" + server.actualPort();
        try (WebDriver w = WebDriver.start(browser, "zh-CN")) {
            w.go(base + "/console/login");
            assertThat(w.attribute("html", "lang")).isEqualTo("zh-CN");
            assertThat(w.text("h1")).isEqualTo("登录");
            w.type("#token", key);
            w.click("#login");
            w.await("return document.querySelector('#logout') !== null", Duration.ofSeconds(20));   // signed in: the form's navigation is over
            assertThat(w.text("h1")).startsWith("假冒告警");
            assertThat(w.text("#logout")).isEqualTo("退出登录");
            w.clickAndLoad("#lang");
            assertThat(w.attribute("html", "lang")).isEqualTo("en");
            assertThat(w.text("h1")).startsWith("Counterfeit alerts");
            w.go(base + "/console/recalls");
            assertThat(w.text("h1")).isEqualTo("Recalls");
        }
    }

    /** Waits for the alert page the form's post lands on to show {@code status} (the click returns before that page loads). */
    private static void awaitStatus(WebDriver w, String status) throws Exception {
        w.await("const s = document.querySelector('#status'); return s !== null && s.textContent === '" + status + "'",
                java.time.Duration.ofSeconds(20));
        assertThat(w.text("#status")).isEqualTo(status);
    }
}
