package org.markauth.verify.scan;

import org.markauth.registry.Geohash;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeoTest {

    @Test
    void geohashRoundTripsAndMeasuresDistance() {
        assertThat(Geohash.encode(57.64911, 10.40744, 11)).isEqualTo("u4pruydqqvj");   // Wikipedia's example
        assertThat(Geohash.distanceKm("ws0e9", "yb1x5")).isBetween(2_500.0, 3_200.0);    // Foshan to Harbin
        assertThat(Geohash.valid("ws0e9")).isTrue();
        assertThat(Geohash.valid("wsa")).isFalse();
        assertThat(Geohash.coarse("ws0e9bcd")).isEqualTo("ws0e9");
    }

    @Test
    void ipRegionsUseTheLongestPrefixAndNeverResolveNames() {
        IpRegions r = IpRegions.load(null);
        assertThat(r.regionOf("127.0.0.1")).isEqualTo("local");
        assertThat(r.regionOf("192.168.3.4")).isEqualTo("local");
        assertThat(r.regionOf("192.0.2.77")).isEqualTo("TEST-NET-1");
        assertThat(r.regionOf("::1")).isEqualTo("local");
        assertThat(r.regionOf("8.8.8.8")).isNull();
        assertThat(r.regionOf("example.com")).isNull();
    }

    @Test
    void clientHashIsKeyedStableWithinADayAndShort() {
        var clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-23T10:00:00Z"), java.time.ZoneOffset.UTC);
        ClientHasher a = new ClientHasher(new byte[32], clock);
        byte[] h = a.hash("192.0.2.1");
        assertThat(h).hasSize(16).isEqualTo(a.hash("192.0.2.1")).isNotEqualTo(a.hash("192.0.2.2"));
        var nextDay = java.time.Clock.offset(clock, java.time.Duration.ofDays(1));
        assertThat(new ClientHasher(new byte[32], nextDay).hash("192.0.2.1")).isNotEqualTo(h);
    }

    @Test
    void deviceClassesAreCoarse() {
        assertThat(ScanOrigin.deviceOf("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148")).isEqualTo("mobile");
        assertThat(ScanOrigin.deviceOf("Mozilla/5.0 ... MicroMessenger/8.0")).isEqualTo("wechat");
        assertThat(ScanOrigin.deviceOf(null)).isEqualTo("unknown");
    }
}
