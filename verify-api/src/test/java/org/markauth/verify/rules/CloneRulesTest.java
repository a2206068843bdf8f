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

    @Test
    void theScanLimitCountsDistinctClientsNotScans() {
        // 100 scans by 1 client, and this scan by that client again: one client, no evidence
        var oneClient = new PriorScans(true, 100, NOW.minus(Duration.ofDays(1)), "ws0e9", null, null, null, 1, true);
        assertThat(rules.evaluate("GENUINE", oneClient, NOW, null, null, Set.of())).isEmpty();
        var twentyClients = new PriorScans(true, 100, NOW.minus(Duration.ofDays(1)), "ws0e9", null, null, null, 20, false);
        var hits = rules.evaluate("GENUINE", twentyClients, NOW, null, null, Set.of());
        assertThat(hits).extracting(RuleHit::rule).containsExactly(Rule.TOO_MANY_SCANS);
        assertThat(hits.get(0).evidence().getLong("clients")).isEqualTo(21);
        assertThat(hits.get(0).summary()).isEqualTo("scanned 101 times by 21 distinct clients (limit 20)");
    }

    @Test
    void aClientThatScannedBeforeIsNoWitnessOfTravel() {
        var sameClient = new PriorScans(true, 1, NOW.minusSeconds(600), "ws0e9", NOW.minusSeconds(600), "ws0e9", null, 1, true);
        assertThat(rules.evaluate("GENUINE", sameClient, NOW, "yb1x5", null, Set.of())).isEmpty();
    }

    @Test
    void ipCityPositionsNeedAtLeast300Km() {
        // Foshan and Guangzhou city cells (4 characters, from the IP): ~20 km, a minute apart: no evidence
        var foshanIp = new PriorScans(true, 1, NOW.minusSeconds(60), "ws06", NOW.minusSeconds(60), "ws06", "CN-44");
        assertThat(rules.evaluate("GENUINE", foshanIp, NOW, "ws0e", "CN-44", Set.of())).isEmpty();
        // Foshan to Changsha (~570 km) in a minute by IP cities: fires, and says the position was the IP's
        var hits = rules.evaluate("GENUINE", foshanIp, NOW, "wt02", "CN-43", Set.of());
        assertThat(hits).extracting(RuleHit::rule).containsExactly(Rule.IMPOSSIBLE_TRAVEL);
        assertThat(hits.get(0).evidence().getString("position")).isEqualTo("ip-city");
        // a 100 km hop between shared cells still counts (min-travel 50 km), not between IP cities
        var sharedFoshan = new PriorScans(true, 1, NOW.minusSeconds(60), "ws0e9", NOW.minusSeconds(60), "ws0e9", "CN-44");
        assertThat(rules.evaluate("GENUINE", sharedFoshan, NOW, "ws1bp", "CN-44", Set.of()))
                .extracting(RuleHit::rule).containsExactly(Rule.IMPOSSIBLE_TRAVEL);
        var guangzhouIp = new PriorScans(true, 1, NOW.minusSeconds(60), "ws0e", NOW.minusSeconds(60), "ws0e", "CN-44");
        assertThat(rules.evaluate("GENUINE", guangzhouIp, NOW, "ws1b", "CN-44", Set.of())).isEmpty();   // ~190 km
    }
}
