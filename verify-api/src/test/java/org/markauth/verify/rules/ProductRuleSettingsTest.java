package org.markauth.verify.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.verify.registry.RuleOverrides;
import org.markauth.verify.scan.PriorScans;

/** A product's overrides over the service defaults; the scan window; the block threshold. */
class ProductRuleSettingsTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    final CloneRules rules = new CloneRules(RuleSettings.defaults());

    static PriorScans scans(long count, Instant first) {
        return new PriorScans(true, count, first, "ws0e9", first, "ws0e9", null);
    }

    @Test
    void anOverrideReplacesOnlyTheValuesItSets() {
        RuleSettings d = RuleSettings.defaults();
        RuleSettings s = d.with(new RuleOverrides(5, 1000, null, null, null, 0, false));
        assertThat(s.maxScans()).isEqualTo(1000);
        assertThat(s.blockThreshold()).isZero();
        assertThat(s.offMarket()).isFalse();
        assertThat(s.maxSpeedKmh()).isEqualTo(d.maxSpeedKmh());
        assertThat(s.minTravelKm()).isEqualTo(d.minTravelKm());
        assertThat(s.scanWindow()).isEqualTo(d.scanWindow());
        assertThat(d.with(null)).isSameAs(d);
    }

    @Test
    void theProductsSettingsDecideTheRulesForItsScans() {
        PriorScans many = scans(30, NOW.minus(Duration.ofDays(2)));
        assertThat(rules.evaluate("GENUINE", many, NOW, null, null, Set.of())).extracting(RuleHit::rule)
                .containsExactly(Rule.TOO_MANY_SCANS);
        RuleSettings lenient = rules.defaults().with(new RuleOverrides(5, 1000, null, null, null, null, null));
        assertThat(rules.evaluate("GENUINE", many, NOW, null, null, Set.of(), lenient)).isEmpty();
        RuleSettings noOffMarket = rules.defaults().with(new RuleOverrides(5, null, null, null, null, null, false));
        assertThat(rules.evaluate("GENUINE", PriorScans.NONE, NOW, null, "CN-11", Set.of("CN-44"), noOffMarket)).isEmpty();
    }

    @Test
    void theScanWindowCountsOnlyWhileTheFirstScanIsRecent() {
        RuleSettings day = rules.defaults().with(new RuleOverrides(5, null, 86_400, null, null, null, null));
        assertThat(rules.evaluate("GENUINE", scans(30, NOW.minus(Duration.ofHours(5))), NOW, null, null, Set.of(), day))
                .extracting(RuleHit::rule).containsExactly(Rule.TOO_MANY_SCANS);
        assertThat(rules.evaluate("GENUINE", scans(30, NOW.minus(Duration.ofDays(3))), NOW, null, null, Set.of(), day))
                .isEmpty();
    }

    @Test
    void theBlockThresholdIsPassedByTheScanThatExceedsIt() {
        RuleSettings s = rules.defaults().with(new RuleOverrides(5, null, null, null, null, 6, null));
        assertThat(CloneRules.overBlockThreshold(scans(5, NOW), s)).as("6th scan").isFalse();
        assertThat(CloneRules.overBlockThreshold(scans(6, NOW), s)).as("7th scan").isTrue();
        assertThat(CloneRules.overBlockThreshold(PriorScans.UNKNOWN, s)).as("counts unknown: abstain").isFalse();
        RuleSettings never = rules.defaults().with(new RuleOverrides(5, null, null, null, null, 0, null));
        assertThat(CloneRules.overBlockThreshold(scans(1_000_000, NOW), never)).isFalse();
        assertThat(RuleSettings.defaults().blockThreshold()).isEqualTo(100);
    }

    @Test
    void negativeThresholdsAreRefused() {
        assertThatThrownBy(() -> RuleSettings.defaults().with(new RuleOverrides(5, null, null, null, null, -1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockThreshold=-1");
    }
}
