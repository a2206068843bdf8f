package org.markauth.issuer.standards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a lab value is judged against a core indicator's limits. */
class IndicatorTest {

    final Indicator absorption = new Indicator("吸水率", "%", "E ≤ 0.5%", null, 0.5);
    final Indicator efficiency = new Indicator("热效率", "%", "≥ 88%", 88.0, null);
    final Indicator band = new Indicator("厚度", "mm", "9.0 ± 0.5", 8.5, 9.5);
    final Indicator visual = new Indicator("表面质量", null, "无裂纹、无釉裂", null, null);

    @Test
    void aValueWithinTheLimitsPassesAndTheLimitsThemselvesPass() {
        assertThat(absorption.judge("0.5")).contains(true);
        assertThat(absorption.judge(" 0.12 ")).contains(true);
        assertThat(efficiency.judge("88")).contains(true);
        assertThat(band.judge("8.5")).contains(true);
        assertThat(band.judge("9.5")).contains(true);
    }

    @Test
    void aValueBeyondALimitFails() {
        assertThat(absorption.judge("0.51")).contains(false);
        assertThat(efficiency.judge("87.9")).contains(false);
        assertThat(band.judge("8.49")).contains(false);
        assertThat(band.judge("9.6")).contains(false);
    }

    @Test
    void anIndicatorWithoutLimitsLeavesTheVerdictToTheLab() {
        assertThat(visual.judge("一处釉裂")).isEqualTo(Optional.empty());
    }

    @Test
    void aValueThatIsNoNumberIsRefusedNamingTheIndicator() {
        assertThatThrownBy(() -> absorption.judge("low")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("吸水率").hasMessageContaining("must be a number");
        assertThatThrownBy(() -> absorption.judge("NaN")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsTheWrongWayRoundAreRefused() {
        assertThatThrownBy(() -> new Indicator("x", null, "r", 2.0, 1.0)).hasMessageContaining("min 2.0 is above max 1.0");
    }

    @Test
    void aStandardNumberFoldsIntoItsId() {
        assertThat(Standard.idOf("T/FSBZ 001-2026")).isEqualTo("T-FSBZ-001-2026");
        assertThat(Standard.idOf(" gb/t 4100—2015 ")).isEqualTo("GB-T-4100-2015");
        assertThatThrownBy(() -> Standard.idOf("佛山标准")).hasMessageContaining("no letters or digits");
    }
}
