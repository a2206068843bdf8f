package org.markauth.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The manifests the rolling-upgrade drill reads (and so proves): both services announce DRAINING before
 * their port closes, and a stop fits the pod's grace period with room for the flush after it.
 */
class DeploySettingsTest {

    @Test
    void verifyApiAnnouncesDrainingAndItsStopFitsTheGracePeriod() throws Exception {
        DeploySettings d = DeploySettings.of("verify-api");
        assertThat(d.readinessPath()).isEqualTo("/health/ready");
        assertThat(d.unreadyDelay()).isPositive();
        assertThat(d.maxUnavailable()).isEqualTo("0");
        // what is left of the grace period after preStop + unready + drain is the scan buffer's flush
        assertThat(d.terminationGrace().minus(d.stopBudget())).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void markIssuerAnnouncesDrainingAndItsStopFitsTheGracePeriod() throws Exception {
        DeploySettings d = DeploySettings.of("mark-issuer");
        assertThat(d.readinessPath()).isEqualTo("/health");
        assertThat(d.unreadyDelay()).isPositive();
        assertThat(d.maxUnavailable()).isEqualTo("0");
        // issuance runs finishing or stopping at their resume point get the rest (docs/issuer.md)
        assertThat(d.terminationGrace().minus(d.stopBudget())).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }
}
