package org.markauth.verify.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.registry.BatchState;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.RangeKind;
import org.markauth.verify.Fixture;
import org.markauth.verify.Http;

/**
 * A licence certificate's QR on a real verify-api over the real stack, its rows written as
 * mark-issuer's Certificates writes them (V025: a one-unit batch naming the certificate, its range,
 * its mark, the certificates row): it verifies as a certificate (page and JSON, kind=CERTIFICATE),
 * is never counted or ruled as a unit, says "suspended" plainly once the licence is, and
 * "superseded by No. …" after a reissue — while a unit of the same product answers as it always has.
 */
class CertificateScanIT {

    static Fixture f;
    static Http http;
    static int product;
    static String unit;

    @BeforeAll
    static void up() {
        f = new Fixture("verify_certificate_it");
        // registry values live 100 ms here, so the licence change is seen without waiting for the invalidation feed
        http = new Http(f.start("certificates", Map.of("verify.cache.local-ttl", "100ms", "verify.cache.registry.redis-ttl", "1s"))
                .port());
        product = f.newId();
        f.licensee("C1", "佛山证书电器有限公司");
        f.product(product, "C1", LicenceStatus.ACTIVE, Instant.now().minus(Duration.ofDays(100)), Set.of());
        int batch = f.newId();
        f.batch(batch, product, "C1", BatchState.ISSUED, null, Instant.now().minus(Duration.ofDays(5)));
        f.range(batch, 1, 100, RangeKind.ACTIVATE);
        unit = f.url(product, batch, f.mark(batch, 1, null));
    }

    @AfterAll
    static void down() {
        f.close();
    }

    /** The rows mark-issuer writes for certificate {@code no}; returns its QR's URL. */
    static String certificate(String no) {
        int batch = f.newId();
        f.session.execute("INSERT INTO batches (batch_id, product_id, licensee_id, lot, production_date, quantity, line_id, state, "
                + "created_at, certificate_no) VALUES (?, ?, 'C1', ?, ?, 1, 'certificate', 'ISSUED', ?, ?)", batch, product, no,
                LocalDate.now(ZoneOffset.UTC), Instant.now(), no);
        f.range(batch, 1, 1, RangeKind.ACTIVATE);
        long serial = f.mark(batch, 1, null);
        f.session.execute("INSERT INTO certificates (certificate_no, product_id, licensee_id, licence_no, batch_id, serial, url, "
                + "licensee_name, licensee_name_en, uscc, product_name, product_name_en, model, standard_no, standard_title, valid_from, "
                + "valid_until, issued_at, issued_by) VALUES (?, ?, 'C1', ?, ?, ?, 'x', '佛山证书电器有限公司', 'Foshan Cert Appliances', "
                + "'91440606MA4UJXXX0X', '电饭煲', 'Rice cooker', 'RC-1', 'T/FSBZ 001-2025', 'Rice cookers', ?, ?, ?, 'office-1')",
                no, product, "FS-" + product, batch, serial, Instant.now().minus(Duration.ofDays(100)),
                Instant.now().plus(Duration.ofDays(265)), Instant.now());
        return f.url(product, batch, serial);
    }

    static String page(String url, String lang) {
        String path = URI.create(url).getPath();
        var r = http.get(path + (lang == null ? "" : "?lang=" + lang));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static JsonObject await(String code, Predicate<JsonObject> until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonObject v = http.verify(code, "Accept-Language", "en");
        while (!until.test(v) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            v = http.verify(code, "Accept-Language", "en");
        }
        return v;
    }

    @Test
    void aCertificateVerifiesAsOneItsLicencesSuspensionIsSaidPlainlyAndAUnitIsUnaffected() throws Exception {
        String no = "CERT-2026-" + String.format("%06d", product % 1_000_000) + "-01";
        String cert = certificate(no);

        JsonObject v = http.verify(cert, "Accept-Language", "en");
        assertThat(v.getString("kind")).isEqualTo("CERTIFICATE");
        assertThat(v.getString("code")).isEqualTo("GENUINE");
        JsonObject c = v.getJsonObject("certificate");
        assertThat(c.getString("number")).isEqualTo(no);
        assertThat(c.getString("status")).isEqualTo("ACTIVE");
        assertThat(c.getString("uscc")).isEqualTo("91440606MA4UJXXX0X");
        assertThat(c.getString("licenceNo")).isEqualTo("FS-" + product);
        assertThat(v.getString("message")).contains("Valid certificate").doesNotContain("genuine product");
        String zh = page(cert, null);
        assertThat(zh).contains("data-kind=\"CERTIFICATE\"").contains("data-certificate-status=\"ACTIVE\"").contains("有效证书")
                .contains(no).contains("佛山证书电器有限公司").contains("91440606MA4UJXXX0X").contains("T/FSBZ 001-2025");
        assertThat(page(cert, "en")).contains("Valid certificate").contains("Certificate No.");

        // a certificate hangs on a wall: scanned by many, it is never counted, never ruled a clone
        for (int i = 0; i < 15; i++) {
            JsonObject again = http.verify(cert, "X-Forwarded-For", "203.0.113." + (i + 1));
            assertThat(again.getString("code")).isEqualTo("GENUINE");
            assertThat(again.containsKey("scans")).isFalse();
            assertThat(again.containsKey("rules")).isFalse();
        }
        // a unit of the same product answers as it always has: no kind, no certificate, its scans counted
        JsonObject u = http.verify(unit);
        assertThat(u.getString("code")).isEqualTo("GENUINE");
        assertThat(u.containsKey("kind")).isFalse();
        assertThat(u.containsKey("certificate")).isFalse();
        assertThat(http.verify(unit).getJsonObject("scans").getInteger("before")).isEqualTo(1);
        assertThat(page(unit, null)).doesNotContain("data-kind=\"CERTIFICATE\"");

        // the licence is suspended: the certificate says so plainly, never "valid"; the unit says what units say
        f.session.execute("UPDATE licences SET status = 'SUSPENDED', status_since = ?, status_reason = 'sampling failure' "
                + "WHERE product_id = ?", Instant.now(), product);
        f.changed("licence", Integer.toString(product));
        JsonObject s = await(cert, x -> "LICENCE_SUSPENDED".equals(x.getString("code")));
        assertThat(s.getString("code")).isEqualTo("LICENCE_SUSPENDED");
        assertThat(s.getJsonObject("certificate").getString("status")).isEqualTo("SUSPENDED");
        assertThat(s.getString("message")).contains("Licence suspended").contains("sampling failure").doesNotContain("Valid certificate");
        String suspended = page(cert, null);
        assertThat(suspended).contains("data-certificate-status=\"SUSPENDED\"").contains("许可已暂停：此证书当前无效")
                .contains("sampling failure").doesNotContain("有效证书");
        JsonObject su = http.verify(unit);
        assertThat(su.getString("code")).isEqualTo("LICENCE_SUSPENDED");
        assertThat(su.containsKey("kind")).isFalse();

        // revoked: void, never "genuine"
        f.session.execute("UPDATE licences SET status = 'REVOKED', status_since = ? WHERE product_id = ?", Instant.now(), product);
        f.changed("licence", Integer.toString(product));
        JsonObject r = await(cert, x -> "LICENCE_REVOKED".equals(x.getString("code")));
        assertThat(r.getJsonObject("certificate").getString("status")).isEqualTo("REVOKED");
        assertThat(page(cert, "en")).contains("Licence revoked: this certificate is void").doesNotContain("Valid certificate");

        f.session.execute("UPDATE licences SET status = 'ACTIVE', status_since = ? WHERE product_id = ?", Instant.now(), product);
        f.changed("licence", Integer.toString(product));
        assertThat(await(cert, x -> "GENUINE".equals(x.getString("code"))).getString("code")).isEqualTo("GENUINE");
    }

    @Test
    void aSupersededCertificateNamesItsSuccessorAndTheSuccessorIsValid() throws Exception {
        String old = "CERT-2026-" + String.format("%06d", product % 1_000_000) + "-02";
        String oldUrl = certificate(old);
        String next = "CERT-2026-" + String.format("%06d", product % 1_000_000) + "-03";
        String nextUrl = certificate(next);
        // the issuer's reissue: the old row names the new one (the void of its unit follows; the row alone already decides)
        f.session.execute("UPDATE certificates SET superseded_by = ?, superseded_at = ? WHERE certificate_no = ?", next, Instant.now(),
                old);
        JsonObject v = await(oldUrl, x -> "ACTIVE".equals(x.getJsonObject("certificate").getString("status")) == false);
        assertThat(v.getString("code")).isEqualTo("VOIDED");   // never GENUINE, for a client that knows nothing of certificates
        assertThat(v.getJsonObject("certificate").getString("status")).isEqualTo("SUPERSEDED");
        assertThat(v.getJsonObject("certificate").getString("supersededBy")).isEqualTo(next);
        assertThat(v.getString("message")).contains("Superseded by No. " + next);
        assertThat(page(oldUrl, null)).contains("此证书已被取代").contains("编号 " + next).doesNotContain("有效证书");
        assertThat(http.verify(nextUrl).getJsonObject("certificate").getString("status")).isIn("ACTIVE");
    }
}
