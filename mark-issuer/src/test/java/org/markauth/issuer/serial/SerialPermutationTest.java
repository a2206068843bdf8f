package org.markauth.issuer.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SerialPermutationTest {

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) (fill + i);
        }
        return k;
    }

    @Test
    void invertsToBatchAndSeq() {
        SerialPermutation p = new SerialPermutation(key(1));
        for (int seq = 1; seq < 2000; seq += 7) {
            long s = p.serial(123456789, seq);
            assertThat(p.invert(s)).containsExactly(123456789, seq);
        }
        assertThat(p.invert(p.serial(Integer.MAX_VALUE, Integer.MAX_VALUE))).containsExactly(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    @Test
    void distinctInputsGiveDistinctSerialsAcrossBatches() {
        SerialPermutation p = new SerialPermutation(key(1));
        Set<Long> seen = new HashSet<>();
        for (int batch = 1; batch <= 20; batch++) {
            for (int seq = 1; seq <= 5000; seq++) {
                assertThat(seen.add(p.serial(batch, seq))).isTrue();
            }
        }
    }

    @Test
    void serialsOfConsecutiveUnitsLookRandom() {
        SerialPermutation p = new SerialPermutation(key(1));
        // consecutive inputs must not give nearby outputs: the high byte (the Cassandra bucket)
        // spreads over all 256 values within a few thousand units
        Set<Integer> buckets = new HashSet<>();
        int ones = 0;
        for (int seq = 1; seq <= 4096; seq++) {
            long s = p.serial(42, seq);
            buckets.add((int) (s >>> 56));
            ones += Long.bitCount(s);
        }
        assertThat(buckets).hasSize(256);
        assertThat(ones / 4096.0).isBetween(30.0, 34.0);
    }

    @Test
    void dependsOnTheKeyAndIsStableForIt() {
        long a = new SerialPermutation(key(1)).serial(7, 1);
        assertThat(new SerialPermutation(key(1)).serial(7, 1)).isEqualTo(a);
        assertThat(new SerialPermutation(key(2)).serial(7, 1)).isNotEqualTo(a);
        assertThat(new SerialPermutation(key(1)).copy().serial(7, 1)).isEqualTo(a);
    }

    @Test
    void refusesShortKeysAndNegativeInputs() {
        assertThatThrownBy(() -> new SerialPermutation(new byte[16])).hasMessageContaining("32 bytes, got 16");
        assertThatThrownBy(() -> new SerialPermutation(key(1)).serial(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
