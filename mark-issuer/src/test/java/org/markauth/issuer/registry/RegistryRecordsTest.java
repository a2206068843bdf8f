package org.markauth.issuer.registry;

import org.markauth.registry.LicenceStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryRecordsTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static Product.Details product(String gtin) {
        return new Product.Details(5, "L1", "电热水壶", "Kettle", "K-1", "appliance", gtin, "T/FS 1-2025",
                "Electric kettles", Map.of("热效率", "≥ 88%"), List.of("https://img.example/k1.jpg"), Set.of("CN-44"));
    }

    @Test
    void gtinsOfEveryLengthAreCheckedAndStoredAsGtin14() {
        assertThat(product("4006381333931").toProduct(5, T, T).gtin()).isEqualTo("04006381333931");
        assertThat(product("96385074").toProduct(5, T, T).gtin()).isEqualTo("00000096385074");
        assertThat(product("036000291452").toProduct(5, T, T).gtin()).isEqualTo("00036000291452");
        assertThat(product(null).toProduct(5, T, T).gtin()).isNull();
        assertThatThrownBy(() -> product("4006381333932").toProduct(5, T, T))
                .hasMessageContaining("wrong check digit: expected 1");
        assertThatThrownBy(() -> product("40063813339").toProduct(5, T, T)).hasMessageContaining("8, 12, 13 or 14 digits");
    }

    @Test
    void productsNeedAStandardAndHttpPhotos() {
        Product.Details d = product(null);
        assertThatThrownBy(() -> new Product.Details(5, "L1", "x", null, null, "c", null, "", "t", null, null, null)
                .toProduct(5, T, T)).hasMessageContaining("standardNo is required");
        assertThatThrownBy(() -> new Product.Details(5, "L1", "x", null, null, "c", null, "S", "t", null,
                List.of("ftp://x/y.jpg"), null).toProduct(5, T, T)).hasMessageContaining("http(s) URL");
        assertThat(d.toProduct(5, T, T).coreIndicators()).containsEntry("热效率", "≥ 88%");
    }

    @Test
    void licenseesNeedAValidUsccAndABlacklistReason() {
        Licensee.Details d = new Licensee.Details("L1", "小米", "Xiaomi", "91110108551385082Q", "Beijing", Map.of("tel", "010"));
        Licensee l = d.toNew(T);
        assertThat(l.blacklisted()).isFalse();
        assertThatThrownBy(() -> new Licensee.Details("L1", "x", null, "91110108551385082R", null, null).toNew(T))
                .hasMessageContaining("uscc: check character");
        assertThat(l.withBlacklist(true, "fake test reports", T).blacklistedSince()).isEqualTo(T);
        assertThatThrownBy(() -> l.withBlacklist(true, null, T)).hasMessageContaining("blacklistReason is required");
        assertThatThrownBy(() -> new Licensee.Details("bad id!", "x", null, "91110108551385082Q", null, null).toNew(T))
                .hasMessageContaining("licenseeId must be");
    }

    @Test
    void licenceTransitionsFollowTheExitMechanism() {
        assertThat(LicenceStatus.ACTIVE.mayBecome(LicenceStatus.SUSPENDED)).isTrue();
        assertThat(LicenceStatus.SUSPENDED.mayBecome(LicenceStatus.ACTIVE)).isTrue();
        assertThat(LicenceStatus.REVOKED.mayBecome(LicenceStatus.ACTIVE)).isFalse();
        assertThat(LicenceStatus.ACTIVE.mayBecome(LicenceStatus.ACTIVE)).isFalse();
    }

    @Test
    void anActiveLicenceOutsideItsWindowIsEffectivelyExpired() {
        Licence l = new Licence(5, "FS-2026-001", "L1", T, T.plusSeconds(100), LicenceStatus.ACTIVE, T, "granted");
        assertThat(l.effectiveStatus(T.plusSeconds(50))).isEqualTo(LicenceStatus.ACTIVE);
        assertThat(l.effectiveStatus(T.plusSeconds(100))).isEqualTo(LicenceStatus.EXPIRED);
        assertThat(l.effectiveStatus(T.minusSeconds(1))).isEqualTo(LicenceStatus.EXPIRED);
        assertThatThrownBy(() -> new Licence(5, "N", "L1", T, T, LicenceStatus.ACTIVE, T, null))
                .hasMessageContaining("must be after validFrom");
    }
}
