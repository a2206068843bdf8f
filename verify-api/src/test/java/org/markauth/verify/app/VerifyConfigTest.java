package org.markauth.verify.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.markauth.config.ConfigException;
import org.markauth.config.ConfigSource;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.SignatureAlgorithm;

class VerifyConfigTest {

    static final String ROOT = "ED25519:" + HexFormat.of().formatHex(KeyPairs.generate(SignatureAlgorithm.ED25519).publicKey());

    @Test
    void defaultsNeedOnlyTheTrustRoot() {
        VerifyConfig c = VerifyConfig.load(ConfigSource.of(Map.of("verify.trust.roots", ROOT)));
        assertThat(c.http().port()).as("the port the k8s/systemd manifests and Prometheus targets use").isEqualTo(8080);
        assertThat(c.rules().maxScans()).isEqualTo(20);
        assertThat(c.batchMaxCodes()).isEqualTo(100);
        assertThat(c.invalidationChannel()).isEqualTo("markauth:invalidate");
    }

    @Test
    void missingRootAndBadValuesNameTheKey() {
        assertThatThrownBy(() -> VerifyConfig.load(ConfigSource.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("verify.trust.roots");
        assertThatThrownBy(() -> VerifyConfig.load(ConfigSource.of(Map.of("verify.trust.roots", "RSA:00"))))
                .hasMessageContaining("verify.trust.roots");
        assertThatThrownBy(() -> VerifyConfig.load(ConfigSource.of(Map.of("verify.trust.roots", ROOT, "verify.batch.max-codes", "0"))))
                .hasMessageContaining("verify.batch.max-codes");
        assertThatThrownBy(() -> VerifyConfig.load(ConfigSource.of(Map.of("verify.trust.roots", ROOT, "verify.typo", "1"))))
                .hasMessageContaining("verify.typo");
    }
}
