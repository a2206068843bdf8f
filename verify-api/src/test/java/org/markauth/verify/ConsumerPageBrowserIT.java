package org.markauth.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.ops.testing.WebDriver;
import org.markauth.verify.app.VerifyServer;

/**
 * The consumer page in a real headless Chromium (Debian's chromium + chromium-driver): the verdict
 * is shown, the language switch works, the report form submits and lands in Cassandra. Installs
 * the browser when missing ({@link WebDriver#locate}); skips, saying why, only if that is impossible
 * (not root, no passwordless sudo, no package registry).
 */
class ConsumerPageBrowserIT {

    static Fixture f;
    static VerifyServer server;
    static WebDriver.Browser browser;

    @BeforeAll
    static void up() throws Exception {
        browser = WebDriver.locate().orElse(null);
        Assumptions.assumeTrue(browser != null,
                "SKIPPED: Debian's chromium and chromium-driver are missing and cannot be installed (not root, no passwordless sudo)");
        f = new Fixture("browser_it");
        server = f.start("a", Map.of());
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();   // stops the server it started
        }
    }

    @Test
    void verdictLanguageSwitchAndReportInARealBrowser() throws Exception {
        f.licensee("L1", "佛山电器");
        int product = f.newId();
        f.product(product, "L1", "ACTIVE", Instant.now().minus(Duration.ofDays(100)), Set.of());
        int batch = f.newId();
        f.batch(batch, product, "L1", "ISSUED", LocalDate.now(ZoneOffset.UTC).plusYears(1), Instant.now().minus(Duration.ofDays(10)));
        f.range(batch, 1, 10, "ACTIVATE");
        String url = f.url(product, batch, f.mark(batch, 1, null));
        String page = "http://127.0.0.1:" + server.port() + url.substring(url.indexOf("/M/"));

        try (WebDriver b = WebDriver.start(browser.chromium(), browser.chromedriver(), "zh-CN")) {
            b.go(page);
            assertThat(b.attribute("#verdict", "data-code")).isEqualTo("GENUINE");
            assertThat(b.text("#verdict h1")).isEqualTo("正品");

            b.click("#lang");
            assertThat(b.text("#verdict h1")).isEqualTo("Genuine");
            assertThat(b.currentUrl()).contains("lang=en");

            b.type("#where", "Supermarket on Zumiao Road");
            b.type("#seller", "stall 12");
            b.click("#send");
            String ref = b.text("#ref");
            assertThat(ref).matches("[0-9a-f-]{36}");
            var row = f.session.execute("SELECT where_bought, lang FROM report_by_id WHERE report_id = ?", UUID.fromString(ref)).one();
            assertThat(row.getString("where_bought")).isEqualTo("Supermarket on Zumiao Road");
            assertThat(row.getString("lang")).isEqualTo("en");
        }
    }
}
