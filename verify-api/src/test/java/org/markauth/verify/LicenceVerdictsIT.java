package org.markauth.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.registry.RangeKind;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.BatchState;

/**
 * The licence's state in the verdict, through the real server, Redis and Cassandra: suspension,
 * expiry (status EXPIRED, or validUntil passed with the row still ACTIVE), revocation and the
 * licensee blacklist; and "made while licensed" judged at the unit's activation against the
 * licence history (rows as the issuer writes them).
 */
class LicenceVerdictsIT {

    static Fixture f;
    static Http http;
    static final Instant NOW = Instant.now();
    static final Instant GRANTED = NOW.minus(Duration.ofDays(100));

    @BeforeAll
    static void up() {
        f = new Fixture("licence_verdicts_it");
        f.licensee("LV", "佛山陶瓷");
        http = new Http(f.start("a", Map.of()).port());
    }

    @AfterAll
    static void down() {
        f.close();
    }

    /** A product licensed since GRANTED (history written), in {@code status} since {@code since}; its batch ordered 30 days ago. */
    static int[] licensed(String licensee, LicenceStatus status, Instant since, Instant validUntil) {
        int p = f.newId();
        f.product(p, licensee, status, since, validUntil);
        f.licenceChange(p, GRANTED, LicenceStatus.ACTIVE);
        if (status != LicenceStatus.ACTIVE) {
            f.licenceChange(p, since, status);
        }
        int b = f.newId();
        f.batch(b, p, licensee, BatchState.ISSUED, null, NOW.minus(Duration.ofDays(30)));
        return new int[] {p, b};
    }

    static JsonObject verify(int[] pb, int seq, String lang) {
        return http.verify(f.url(pb[0], pb[1], f.mark(pb[1], seq, null)), "Accept-Language", lang);
    }

    static String day(Instant i) {
        return LocalDate.ofInstant(i, ZoneId.of("Asia/Shanghai")).toString();
    }

    @Test
    void aGenuineUnitUnderAnActiveLicenceWasMadeWhileLicensed() {
        int[] pb = licensed("LV", LicenceStatus.ACTIVE, GRANTED, NOW.plus(Duration.ofDays(300)));
        f.range(pb[1], 1, 10, RangeKind.ACTIVATE, NOW.minus(Duration.ofDays(20)));
        JsonObject v = verify(pb, 1, "en");
        assertThat(v.getString("code")).isEqualTo("GENUINE");
        assertThat(v.getJsonObject("licence").getString("status")).isEqualTo("ACTIVE");
        assertThat(v.getJsonObject("licence").getBoolean("madeWhileLicensed")).isTrue();
    }

    @Test
    void aUnitActivatedAfterTheSuspensionWasNotMadeWhileLicensedThoughItsBatchWasOrderedBefore() {
        Instant suspended = NOW.minus(Duration.ofDays(5));
        int[] pb = licensed("LV", LicenceStatus.SUSPENDED, suspended, NOW.plus(Duration.ofDays(300)));
        f.range(pb[1], 1, 10, RangeKind.ACTIVATE, NOW.minus(Duration.ofDays(20)));
        f.range(pb[1], 11, 20, RangeKind.ACTIVATE, NOW.minus(Duration.ofDays(2)));
        JsonObject before = verify(pb, 1, "en");
        assertThat(before.getString("code")).isEqualTo("LICENCE_SUSPENDED");
        assertThat(before.getJsonObject("licence").getBoolean("madeWhileLicensed")).isTrue();
        JsonObject after = verify(pb, 11, "en");
        assertThat(after.getString("code")).isEqualTo("LICENCE_SUSPENDED");
        assertThat(after.getJsonObject("licence").getBoolean("madeWhileLicensed")).isFalse();
        assertThat(after.getJsonArray("notes").getString(0)).startsWith("licence suspended since " + day(suspended));
    }

    @Test
    void aLicenceExpiredByStatusIsLicenceExpiredWithBothFactsInJsonAndPage() {
        Instant expired = NOW.minus(Duration.ofDays(3));
        int[] pb = licensed("LV", LicenceStatus.EXPIRED, expired, expired);
        f.range(pb[1], 1, 10, RangeKind.ACTIVATE, NOW.minus(Duration.ofDays(20)));
        JsonObject v = verify(pb, 1, "en");
        assertThat(v.getString("code")).isEqualTo("LICENCE_EXPIRED");
        JsonObject licence = v.getJsonObject("licence");
        assertThat(licence.getString("status")).isEqualTo("EXPIRED");
        assertThat(licence.getString("validUntil")).isEqualTo(expired.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        assertThat(licence.getBoolean("madeWhileLicensed")).isTrue();
        assertThat(v.getJsonArray("notes").getString(0)).isEqualTo("Made while licensed; licence expired on " + day(expired) + ".");
        String code = f.url(pb[0], pb[1], f.mark(pb[1], 2, null));
        String page = http.get(code.substring(code.indexOf("/M/"))).body();
        assertThat(page).contains("许可有效期内生产；许可已于 " + day(expired) + " 过期。").contains("已过期").doesNotContain("正品");
    }

    @Test
    void aLicencePastItsValidUntilIsLicenceExpiredThoughItsRowStillSaysActive() {
        Instant until = NOW.minus(Duration.ofDays(1));
        int[] pb = licensed("LV", LicenceStatus.ACTIVE, GRANTED, until);
        f.range(pb[1], 1, 10, RangeKind.ACTIVATE, NOW.minus(Duration.ofDays(20)));
        JsonObject v = verify(pb, 1, "zh-CN");
        assertThat(v.getString("code")).isEqualTo("LICENCE_EXPIRED");
        assertThat(v.getJsonObject("licence").getString("status")).isEqualTo("EXPIRED");
        assertThat(v.getJsonObject("licence").getString("statusSince"))
                .isEqualTo(until.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        assertThat(v.getJsonArray("notes").getString(0)).isEqualTo("许可有效期内生产；许可已于 " + day(until) + " 过期。");
    }

    @Test
    void aRevokedLicenceSaysWhetherTheUnitWasMadeWhileLicensed() {
        int[] pb = licensed("LV", LicenceStatus.REVOKED, NOW.minus(Duration.ofDays(5)), NOW.plus(Duration.ofDays(300)));
        f.range(pb[1], 1, 10, RangeKind.ACTIVATE, NOW.minus(Duration.ofDays(20)));
        JsonObject v = verify(pb, 1, "en");
        assertThat(v.getString("code")).isEqualTo("LICENCE_REVOKED");
        assertThat(v.getJsonObject("licence").getBoolean("madeWhileLicensed")).isTrue();
        assertThat(v.getJsonArray("notes").getString(0)).startsWith("Made while licensed; licence revoked since");
    }

    @Test
    void aBlacklistedLicenseesGenuineUnitIsLicenceRevoked() {
        f.licensee("LVB", "黑名单企业");
        int[] pb = licensed("LVB", LicenceStatus.ACTIVE, GRANTED, NOW.plus(Duration.ofDays(300)));
        f.range(pb[1], 1, 10, RangeKind.ACTIVATE, NOW.minus(Duration.ofDays(20)));
        f.blacklist("LVB", "counterfeit components");
        JsonObject v = verify(pb, 1, "en");
        assertThat(v.getString("code")).isEqualTo("LICENCE_REVOKED");
        assertThat(v.getJsonObject("manufacturer").getBoolean("blacklisted")).isTrue();
    }
}
