package org.markauth.verify.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.registry.LicenceStatus;
import org.markauth.testing.Browser;
import org.markauth.testing.WebDriver;
import org.markauth.verify.Fixture;
import org.markauth.verify.app.VerifyServer;

/** The public catalogue page in a real headless Chromium: list, search, status filter, language. */
class CatalogueBrowserIT {

    static Fixture f;
    static VerifyServer server;
    static Browser browser;
    static int kettle;
    static int purifier;

    @BeforeAll
    static void up() throws Exception {
        browser = Browser.require();
        f = new Fixture("catalogue_browser_it");
        f.licensee("CAT", "南海家电");
        kettle = f.newId();
        purifier = f.newId();
        f.product(kettle, "CAT", LicenceStatus.ACTIVE, Instant.now().minus(Duration.ofDays(30)), Set.of());
        f.product(purifier, "CAT", LicenceStatus.REVOKED, Instant.now().minus(Duration.ofDays(3)), Set.of());
        f.session.execute("UPDATE products SET name = '空气净化器', name_en = 'Air purifier' WHERE product_id = ?", purifier);
        server = f.start("a", Map.of());
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();   // stops the server it started
        }
    }

    @Test
    void aVisitorListsSearchesAndFiltersCertifiedProducts() throws Exception {
        try (WebDriver b = WebDriver.start(browser, "zh-CN")) {
            b.go("http://127.0.0.1:" + server.port() + "/catalogue");
            assertThat(b.text("#count")).startsWith("2");
            assertThat(b.text("section[data-product=\"" + kettle + "\"] h2")).contains("电热水壶");
            assertThat(b.text("section[data-product=\"" + purifier + "\"]")).contains("已撤销").contains("南海家电");

            b.type("#q", "净化");
            b.clickAndLoad("#go");
            assertThat(b.text("#count")).startsWith("1");
            assertThat(b.currentUrl()).contains("q=");
            assertThat(b.attribute("section.product", "data-product")).isEqualTo(Integer.toString(purifier));

            b.go("http://127.0.0.1:" + server.port() + "/catalogue?status=ACTIVE&lang=en");
            assertThat(b.text("#count")).isEqualTo("1 products");
            assertThat(b.text("section.product h2")).contains("Electric kettle");
        }
    }
}
