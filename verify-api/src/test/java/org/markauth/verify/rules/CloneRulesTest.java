package org.markauth.verify.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.verify.scan.PriorScans;

class CloneRulesTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    final CloneRules rules = new CloneRules(RuleSettings.defaults());

    @Test
    void nothingFiresForAFirstScan() {
        assertThat(rules.evaluate("GENUINE", PriorScans.NONE, NOW, "ws0e9", "CN-44", Set.of("CN-44"))).isEmpty();
    }

    @Test
    void tooManyScansFiresAboveTheLimit() {
        var prior = new PriorScans(true, 20, NOW.minus(Duration.ofDays(3)), "ws0e9", null, null, null);
        var hits = rules.evaluate("GENUINE", prior, NOW, null, null, Set.of());
        assertThat(hits).extracting(RuleHit::rule).containsExactly(Rule.TOO_MANY_SCANS);
        assertThat(hits.get(0).evidence().getLong("count")).isEqualTo(21);
    }

    @Test
    void impossibleTravelNeedsDistanceAndSpeed() {
        var foshan = new PriorScans(true, 1, NOW.minusSeconds(600), "ws0e9", NOW.minusSeconds(600), "ws0e9", null);
        assertThat(rules.evaluate("GENUINE", foshan, NOW, "yb1x5", null, Set.of()))
                .extracting(RuleHit::rule).containsExactly(Rule.IMPOSSIBLE_TRAVEL);
        var dayAgo = new PriorScans(true, 1, NOW.minus(Duration.ofDays(1)), "ws0e9", NOW.minus(Duration.ofDays(1)), "ws0e9", null);
        assertThat(rules.evaluate("GENUINE", dayAgo, NOW, "yb1x5", null, Set.of())).isEmpty();
        assertThat(rules.evaluate("GENUINE", foshan, NOW, "ws0e3", null, Set.of())).isEmpty();   // neighbouring cell
    }

    @Test
    void offMarketIgnoresLocalAndUnknownRegions() {
        assertThat(rules.evaluate("GENUINE", PriorScans.NONE, NOW, null, "CN-11", Set.of("CN-44")))
                .extracting(RuleHit::rule).containsExactly(Rule.OFF_MARKET);
        assertThat(rules.evaluate("GENUINE", PriorScans.NONE, NOW, null, "local", Set.of("CN-44"))).isEmpty();
        assertThat(rules.evaluate("GENUINE", PriorScans.NONE, NOW, null, null, Set.of("CN-44"))).isEmpty();
    }

    @Test
    void deadCodesInTheFieldAlertWithoutClaimingClone() {
        var hits = rules.evaluate("VOIDED", PriorScans.UNKNOWN, NOW, null, null, Set.of());
        assertThat(hits).extracting(RuleHit::rule).containsExactly(Rule.DEAD_CODE_IN_FIELD);
        assertThat(hits.get(0).suspectsClone()).isFalse();
    }
}
