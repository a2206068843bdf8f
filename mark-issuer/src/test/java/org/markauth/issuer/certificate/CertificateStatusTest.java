package org.markauth.issuer.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Uscc;
import org.markauth.registry.LicenceStatus;

class CertificateStatusTest {

    static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    static final Instant FROM = NOW.minus(Duration.ofDays(30));
    static final Instant UNTIL = NOW.plus(Duration.ofDays(300));

    static Certificate cert(Instant validUntil, String supersededBy) {
        return new Certificate("CERT-2026-000123-01", 123, "L1", "FS-123", 7, 42L, "HTTPS://M.X/M/A", "佛山", null,
                "91440600MA0000000X", "电饭煲", null, null, "T/FSBZ 001-2025", "Rice cookers", FROM, validUntil, FROM, "office-1",
                supersededBy, supersededBy == null ? null : NOW);
    }

    static Licence licence(LicenceStatus s, Instant until) {
        return new Licence(123, "FS-123", "L1", FROM, until, s, FROM, s == LicenceStatus.ACTIVE ? null : "why");
    }

    static Licensee licensee(boolean blacklisted) {
        return new Licensee("L1", "佛山", null, Uscc.withCheckCharacter("91440600MA0000000"), null, Map.of(), blacklisted,
                blacklisted ? "forged marks" : null, blacklisted ? FROM : null, FROM, FROM);
    }

    @Test
    void theLiveLicenceDecidesAndSupersededComesFirst() {
        assertThat(CertificateStatus.of(cert(UNTIL, null), licence(LicenceStatus.ACTIVE, UNTIL), licensee(false), NOW))
                .isEqualTo(CertificateStatus.ACTIVE);
        assertThat(CertificateStatus.of(cert(UNTIL, null), licence(LicenceStatus.SUSPENDED, UNTIL), licensee(false), NOW))
                .isEqualTo(CertificateStatus.SUSPENDED);
        assertThat(CertificateStatus.of(cert(UNTIL, null), licence(LicenceStatus.REVOKED, UNTIL), licensee(false), NOW))
                .isEqualTo(CertificateStatus.REVOKED);
        assertThat(CertificateStatus.of(cert(UNTIL, null), licence(LicenceStatus.ACTIVE, UNTIL), licensee(true), NOW))
                .isEqualTo(CertificateStatus.REVOKED);
        assertThat(CertificateStatus.of(cert(UNTIL, null), null, licensee(false), NOW)).isEqualTo(CertificateStatus.REVOKED);
        // an ACTIVE row past its window is expired, and so is a certificate past its own validity under a renewed licence
        assertThat(CertificateStatus.of(cert(UNTIL, null), licence(LicenceStatus.ACTIVE, NOW.minusSeconds(1)), licensee(false), NOW))
                .isEqualTo(CertificateStatus.EXPIRED);
        assertThat(CertificateStatus.of(cert(NOW.minusSeconds(1), null), licence(LicenceStatus.ACTIVE, UNTIL), licensee(false), NOW))
                .isEqualTo(CertificateStatus.EXPIRED);
        assertThat(CertificateStatus.of(cert(UNTIL, "CERT-2026-000123-02"), licence(LicenceStatus.ACTIVE, UNTIL), licensee(false), NOW))
                .isEqualTo(CertificateStatus.SUPERSEDED);
        assertThat(CertificateStatus.of(cert(UNTIL, "CERT-2026-000123-02"), licence(LicenceStatus.REVOKED, UNTIL), licensee(true), NOW))
                .isEqualTo(CertificateStatus.SUPERSEDED);
    }

    @Test
    void numbersAreValidatedAndMadeFromYearProductAndRevision() {
        assertThat(Certificate.number(2026, 123, 1)).isEqualTo("CERT-2026-000123-01");
        assertThat(Certificate.number(2026, 20260001, 12)).isEqualTo("CERT-2026-20260001-12");
        assertThat(Certificate.NUMBER.matcher("CERT-2026-000123-01").matches()).isTrue();
        assertThat(Certificate.NUMBER.matcher("CERT-2026-000123-01' OR 1=1").matches()).isFalse();
        assertThat(Certificate.NUMBER.matcher("../CERT-2026-000123-01").matches()).isFalse();
    }
}
