package org.markauth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GeohashTest {

    @Test
    void encodesWikipediasExampleAndDecodesToTheCellCentre() {
        assertThat(Geohash.encode(57.64911, 10.40744, 11)).isEqualTo("u4pruydqqvj");
        double[] c = Geohash.decode("u4pruydqqvj");
        assertThat(c[0]).isCloseTo(57.64911, within(1e-4));
        assertThat(c[1]).isCloseTo(10.40744, within(1e-4));
        double[] cell = Geohash.decode("ws0e9");
        assertThat(Geohash.encode(cell[0], cell[1], 5)).isEqualTo("ws0e9");
    }

    @Test
    void onlyTheAlphabetIsValid() {
        assertThat(Geohash.valid("ws0e9")).isTrue();
        assertThat(Geohash.valid("wsa")).isFalse();
        assertThat(Geohash.valid("")).isFalse();
        assertThat(Geohash.valid(null)).isFalse();
        assertThat(Geohash.valid("0123456789bcd")).isFalse();
        assertThat(Geohash.distanceKm("ws0e9", "yb1x5")).isBetween(2_500.0, 3_200.0);
    }
}
