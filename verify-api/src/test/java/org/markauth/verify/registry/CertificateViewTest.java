package org.markauth.verify.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.registry.CertificateStatus;
import org.markauth.registry.LicenceStatus;

class CertificateViewTest {

    static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    static final Instant FROM = NOW.minus(Duration.ofDays(30));
    static final Instant UNTIL = NOW.plus(Duration.ofDays(300));

    static CertificateView cert(Instant validUntil, String supersededBy) {
        return new CertificateView("CERT-2026-000123-01", 123, "L1", "FS-123", 7, "佛山", null, "91440600MA0000000X", "电饭煲", null,
                null, "T/FSBZ 001-2025", "Rice cookers", FROM, validUntil, FROM, supersededBy, supersededBy == null ? null : NOW);
    }

    static ProductView product(LicenceStatus s, Instant until) {
        return new ProductView(123, "L1", "电饭煲", null, null, "appliance", null, "T/FSBZ 001-2025", "Rice cookers", Map.of(),
                List.of(), Set.of(), "FS-123", s, FROM, until, FROM, null);
    }

    static LicenseeView licensee(boolean blacklisted) {
        return new LicenseeView("L1", "佛山", null, blacklisted, blacklisted ? "forged marks" : null, blacklisted ? FROM : null);
    }

    @Test
    void aCertificateSaysWhatItsLicenceSaysNowAndSupersededFirst() {
        assertThat(cert(UNTIL, null).status(product(LicenceStatus.ACTIVE, UNTIL), licensee(false), NOW))
                .isEqualTo(CertificateStatus.ACTIVE);
        assertThat(cert(UNTIL, null).status(product(LicenceStatus.SUSPENDED, UNTIL), licensee(false), NOW))
                .isEqualTo(CertificateStatus.SUSPENDED);
        assertThat(cert(UNTIL, null).status(product(LicenceStatus.REVOKED, UNTIL), licensee(false), NOW))
                .isEqualTo(CertificateStatus.REVOKED);
        assertThat(cert(UNTIL, null).status(product(LicenceStatus.ACTIVE, UNTIL), licensee(true), NOW))
                .isEqualTo(CertificateStatus.REVOKED);
        assertThat(cert(UNTIL, null).status(null, licensee(false), NOW)).isEqualTo(CertificateStatus.REVOKED);
        assertThat(cert(UNTIL, null).status(product(LicenceStatus.ACTIVE, NOW.minusSeconds(1)), licensee(false), NOW))
                .isEqualTo(CertificateStatus.EXPIRED);
        assertThat(cert(NOW.minusSeconds(1), null).status(product(LicenceStatus.ACTIVE, UNTIL), licensee(false), NOW))
                .isEqualTo(CertificateStatus.EXPIRED);
        assertThat(cert(UNTIL, "CERT-2026-000123-02").status(product(LicenceStatus.REVOKED, UNTIL), licensee(true), NOW))
                .isEqualTo(CertificateStatus.SUPERSEDED);
    }
}
