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
import org.markauth.verify.app.VerifyServer;
import org.markauth.testing.Browser;
import org.markauth.testing.WebDriver;
import org.markauth.testing.Worlds;

/**
 * The consumer page in a real headless Chromium (Debian's chromium + chromium-driver): the verdict
 * is shown, the language switch works, the report form submits and lands in Cassandra. Installs
 * the browser when missing ({@link Browser#require}); skips, saying why, only if that is impossible
 * (not root, no passwordless sudo, no package registry).
 */
class ConsumerPageBrowserIT {

    static Fixture f;
    static VerifyServer server;
    static Browser browser;

    @BeforeAll
    static void up() throws Exception {
        browser = Browser.require();
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
        Worlds.GenuineBatch world = f.genuineBatch(10);
        String url = f.url(world.productId(), world.batchId(), f.mark(world.batchId(), 1, null));
        String page = "http://127.0.0.1:" + server.port() + url.substring(url.indexOf("/M/"));

        try (WebDriver b = WebDriver.start(browser, "zh-CN")) {
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
