package org.markauth.issuer.targets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.markauth.issuer.registry.Districts;

class DistrictMapTest {

    static final DistrictMap MAP = DistrictMap.bundled();

    @Test
    void aSharedGeocellIsPlacedInTheDistrictItsCentreLiesIn() {
        // the cells the demo's scans use (DemoTargets), one per district
        assertThat(MAP.ofPlace("ws06s").map(Districts.District::code)).contains("440604");   // 禅城 (Foshan's centre)
        assertThat(MAP.ofPlace("ws063").map(Districts.District::code)).contains("440605");   // 南海
        assertThat(MAP.ofPlace("ws03q").map(Districts.District::code)).contains("440606");   // 顺德
        assertThat(MAP.ofPlace("ws05y").map(Districts.District::code)).contains("440607");   // 三水
        assertThat(MAP.ofPlace("ws011").map(Districts.District::code)).contains("440608");   // 高明
    }

    @Test
    void aPositionIsPlacedByTheBoundaries() {
        assertThat(MAP.at(23.02, 113.11).map(Districts.District::nameEn)).contains("Chancheng");
        assertThat(MAP.at(22.80, 113.25).map(Districts.District::nameEn)).contains("Shunde");
    }

    @Test
    void regionCodesCellsElsewhereAndJunkHaveNoDistrict() {
        assertThat(MAP.ofPlace("CN-44")).isEmpty();       // from the client address: a province, never a district
        assertThat(MAP.ofPlace("wtw3s")).isEmpty();       // Shanghai
        assertThat(MAP.ofPlace("ws06")).isEmpty();        // coarser than a shared cell: could straddle a border
        assertThat(MAP.ofPlace("unknown")).isEmpty();
        assertThat(MAP.ofPlace(null)).isEmpty();
    }

    @Test
    void aHoleInAPolygonIsNotInside() {
        DistrictMap m = DistrictMap.parse("""
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"440604"},
                 "geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}}]}""");
        assertThat(m.at(2, 2)).isPresent();
        assertThat(m.at(5, 5)).isEmpty();
        assertThat(m.at(12, 2)).isEmpty();
    }
}
