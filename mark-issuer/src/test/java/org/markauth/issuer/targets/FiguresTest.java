package org.markauth.issuer.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.console.ConsoleData;
import org.markauth.issuer.registry.Uscc;

class FiguresTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final String NANHAI = Uscc.withCheckCharacter("91440605MA4W1K2X3");
    static final String CHANCHENG = Uscc.withCheckCharacter("91440604MA51R7T2Y");
    static final String GUANGZHOU = Uscc.withCheckCharacter("91440101MA59ABCD1");

    @Test
    void onlyActiveUnexpiredLicencesCountAndEnterprisesAreLicenseesWithOne() {
        var products = List.of(
                new Figures.ProductRow(1, "A", "陶瓷砖", "GB/T 4100-2015"),
                new Figures.ProductRow(2, "A", "陶瓷砖", "GB/T 4100-2015"),
                new Figures.ProductRow(3, "B", "卫生陶瓷", "GB/T 6952-2015"),
                new Figures.ProductRow(4, "B", "卫生陶瓷", "T/FSAS 1-2020"),   // suspended
                new Figures.ProductRow(5, "C", "", "T/FSAS 2-2020"),          // expired
                new Figures.ProductRow(6, "D", null, " T/FSAS 3-2021 "));     // outside Foshan
        var licences = List.of(
                new Figures.LicenceRow(1, "ACTIVE", NOW.plusSeconds(86400)),
                new Figures.LicenceRow(2, "ACTIVE", null),
                new Figures.LicenceRow(3, "ACTIVE", NOW.plusSeconds(1)),
                new Figures.LicenceRow(4, "SUSPENDED", NOW.plusSeconds(86400)),
                new Figures.LicenceRow(5, "ACTIVE", NOW),
                new Figures.LicenceRow(6, "ACTIVE", null));
        var licensees = List.of(new Figures.LicenseeRow("A", NANHAI), new Figures.LicenseeRow("B", CHANCHENG),
                new Figures.LicenseeRow("C", NANHAI), new Figures.LicenseeRow("D", GUANGZHOU));

        Figures.Counted c = Figures.count(products, licences, licensees, NOW);

        assertThat(c.certifiedProducts()).isEqualTo(4);
        assertThat(c.enterprises()).isEqualTo(3);
        assertThat(c.byDistrict()).containsExactly(
                new Figures.Group("440604", 1, 1, 1),
                new Figures.Group("440605", 1, 2, 1),
                new Figures.Group("440606", 0, 0, 0),
                new Figures.Group("440607", 0, 0, 0),
                new Figures.Group("440608", 0, 0, 0),
                new Figures.Group(Figures.OTHER, 1, 1, 1));
        assertThat(c.byIndustry()).containsExactly(
                new Figures.Group("卫生陶瓷", 1, 1, 1),
                new Figures.Group("陶瓷砖", 1, 2, 1),
                new Figures.Group(Figures.OTHER, 1, 1, 1));
    }

    @Test
    void scansArePlacedInDistrictsAndTheRestCountApart() {
        var spots = List.of(
                new ConsoleData.Spot("ws06s", Map.of("GENUINE", 10L, "FORGED", 2L)),
                new ConsoleData.Spot("ws063", Map.of("GENUINE", 4L)),
                new ConsoleData.Spot("CN-44", Map.of("GENUINE", 7L, "CLONED", 1L)));
        Map<String, String> d = Map.of("ws06s", "440604", "ws063", "440605");

        var byDistrict = Figures.scansByDistrict(spots, d::get);
        assertThat(byDistrict.get(0)).isEqualTo(new Figures.DistrictScans("440604", 12, 2));
        assertThat(byDistrict.get(1)).isEqualTo(new Figures.DistrictScans("440605", 4, 0));
        assertThat(byDistrict.get(5)).isEqualTo(new Figures.DistrictScans(Figures.OTHER, 8, 1));

        assertThat(Figures.hotSpots(spots, d::get, 10)).containsExactly(
                new Figures.HotSpot("ws06s", "440604", 12, 2), new Figures.HotSpot("CN-44", null, 8, 1));
        assertThat(Figures.hotSpots(spots, d::get, 1)).hasSize(1);
    }

    @Test
    void handlingTimesAreNearestRankPercentilesOfClosedCases() {
        Instant t = NOW;
        var cases = new java.util.ArrayList<Instant[]>();
        for (int h = 1; h <= 10; h++) {
            cases.add(new Instant[] {t, t.plus(Duration.ofHours(h))});
        }
        cases.add(new Instant[] {t, null});
        cases.add(new Instant[] {null, null});
        Figures.HandlingTimes h = Figures.handling(cases);
        assertThat(h.closed()).isEqualTo(10);
        assertThat(h.open()).isEqualTo(2);
        assertThat(h.median()).isEqualTo(Duration.ofHours(5));
        assertThat(h.p90()).isEqualTo(Duration.ofHours(9));
        assertThat(Figures.handling(List.of()).median()).isNull();
        assertThat(TargetViews.hours(Duration.ofMinutes(90))).isEqualTo("1.5");
        assertThat(TargetViews.percent(150, 300)).isEqualTo("50%");
    }
}
