package org.markauth.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * is shown, the language switch works, the report form submits with a photo and lands in Cassandra. Installs
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

            b.clickAndLoad("#lang");
            assertThat(b.text("#verdict h1")).isEqualTo("Genuine");
            assertThat(b.currentUrl()).contains("lang=en");

            b.type("#where", "Supermarket on Zumiao Road");
            b.type("#seller", "stall 12");
            // a phone-sized photo chosen in the file input (chromedriver takes the file's path as its keys)
            byte[] photo = new byte[300 * 1024];
            new java.util.Random(7).nextBytes(photo);
            photo[0] = (byte) 0xFF;
            photo[1] = (byte) 0xD8;
            photo[2] = (byte) 0xFF;
            Path file = Files.createTempFile("report-photo", ".jpg");
            Files.write(file, photo);
            b.type("#photo", file.toString());
            b.clickAndLoad("#send");
            String ref = b.text("#ref");
            assertThat(ref).matches("[0-9a-f-]{36}");
            var row = f.session.execute("SELECT where_bought, lang, photo_count FROM report_by_id WHERE report_id = ?",
                    UUID.fromString(ref)).one();
            assertThat(row.getString("where_bought")).isEqualTo("Supermarket on Zumiao Road");
            assertThat(row.getString("lang")).isEqualTo("en");
            assertThat(row.getInt("photo_count")).isEqualTo(1);
            var manifest = f.session.execute("SELECT photo_id, content_type, bytes FROM report_photos WHERE report_id = ?",
                    UUID.fromString(ref)).one();
            assertThat(manifest.getString("content_type")).isEqualTo("image/jpeg");
            assertThat(manifest.getInt("bytes")).isEqualTo(photo.length);
            java.io.ByteArrayOutputStream stored = new java.io.ByteArrayOutputStream();
            f.session.execute("SELECT data FROM report_photo_chunks WHERE photo_id = ?", manifest.getUuid("photo_id"))
                    .forEach(c -> {
                        var d = c.getByteBuffer(0);
                        byte[] bytes = new byte[d.remaining()];
                        d.get(bytes);
                        stored.writeBytes(bytes);
                    });
            assertThat(stored.toByteArray()).as("the photo as the browser sent it").isEqualTo(photo);
            Files.delete(file);
        }
    }
}
