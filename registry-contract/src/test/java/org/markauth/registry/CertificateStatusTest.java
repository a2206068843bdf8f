package org.markauth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateStatusTest {

    static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    static final Instant UNTIL = NOW.plus(Duration.ofDays(300));

    @Test
    void anActiveLicenceWithinTheCertificatesValidityIsActive() {
        assertThat(CertificateStatus.of(false, LicenceStatus.ACTIVE, false, UNTIL, NOW)).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(CertificateStatus.of(false, LicenceStatus.ACTIVE, false, null, NOW)).isEqualTo(CertificateStatus.ACTIVE);
    }

    @Test
    void theLicencesStatusNowDecides() {
        assertThat(CertificateStatus.of(false, LicenceStatus.SUSPENDED, false, UNTIL, NOW)).isEqualTo(CertificateStatus.SUSPENDED);
        assertThat(CertificateStatus.of(false, LicenceStatus.REVOKED, false, UNTIL, NOW)).isEqualTo(CertificateStatus.REVOKED);
        assertThat(CertificateStatus.of(false, LicenceStatus.EXPIRED, false, UNTIL, NOW)).isEqualTo(CertificateStatus.EXPIRED);
    }

    @Test
    void noLicenceOrABlacklistedLicenseeIsRevoked() {
        assertThat(CertificateStatus.of(false, null, false, UNTIL, NOW)).isEqualTo(CertificateStatus.REVOKED);
        assertThat(CertificateStatus.of(false, LicenceStatus.ACTIVE, true, UNTIL, NOW)).isEqualTo(CertificateStatus.REVOKED);
        assertThat(CertificateStatus.of(false, LicenceStatus.SUSPENDED, true, UNTIL, NOW)).isEqualTo(CertificateStatus.REVOKED);
    }

    @Test
    void aRenewedLicenceDoesNotStretchTheCertificatesOwnValidity() {
        assertThat(CertificateStatus.of(false, LicenceStatus.ACTIVE, false, NOW, NOW)).isEqualTo(CertificateStatus.EXPIRED);
        assertThat(CertificateStatus.of(false, LicenceStatus.ACTIVE, false, NOW.plusSeconds(1), NOW)).isEqualTo(CertificateStatus.ACTIVE);
    }

    @Test
    void supersededComesBeforeEverythingElse() {
        assertThat(CertificateStatus.of(true, LicenceStatus.ACTIVE, false, UNTIL, NOW)).isEqualTo(CertificateStatus.SUPERSEDED);
        assertThat(CertificateStatus.of(true, LicenceStatus.REVOKED, true, NOW.minusSeconds(1), NOW))
                .isEqualTo(CertificateStatus.SUPERSEDED);
        assertThat(CertificateStatus.of(true, null, false, null, NOW)).isEqualTo(CertificateStatus.SUPERSEDED);
    }

    @Test
    void anAnswerNeedsAnInstant() {
        assertThatThrownBy(() -> CertificateStatus.of(false, LicenceStatus.ACTIVE, false, UNTIL, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("now");
    }
}
