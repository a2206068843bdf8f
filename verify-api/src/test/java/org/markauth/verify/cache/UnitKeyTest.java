package org.markauth.verify.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.registry.Invalidation;
import org.markauth.registry.MarkKey;

class UnitKeyTest {

    @Test
    void namesAUnitInRedisAsTheStringKeysDid() {
        // the shared tier's names are unchanged, so instances of the last release share its entries during a rolling update
        assertThat(new UnitKey(7, 0xffL).redisId()).isEqualTo("7:ff");
        assertThat(new UnitKey(123, 0x00ab_cdef_0123_4567L).redisId()).isEqualTo("123:abcdef01234567");
        assertThat(new UnitKey(5, -1L).redisId()).isEqualTo("5:ffffffffffffffff");
        assertThat(new UnitKey(5, 0L).redisId()).isEqualTo("5:0");
    }

    @Test
    void theUnitAnInvalidationNamesIsTheSameKey() {
        long serial = 0x0000_0000_0000_00ffL;
        Invalidation.Unit unit = Invalidation.mark(7, serial).unit().orElseThrow();
        assertThat(UnitKey.of(unit)).isEqualTo(new UnitKey(7, serial)).hasSameHashCodeAs(new UnitKey(7, serial));
        assertThat(Invalidation.mark(7, serial).id()).isEqualTo(MarkKey.unitId(7, serial));
    }

    @Test
    void batchAndSerialBothCount() {
        assertThat(new UnitKey(7, 1)).isNotEqualTo(new UnitKey(8, 1)).isNotEqualTo(new UnitKey(7, 2));
        assertThat(new UnitKey(7, 1)).isNotEqualTo("7:1");
    }

    @Test
    void consecutiveSerialsSpreadOverTheTable() {
        // a batch's serials are issued in runs; a hash table of 2^17 slots holding 100,000 of them
        // must not pile them into few slots (a plain serial-as-int hash would put pairs of batches together)
        Set<Integer> slots = new HashSet<>();
        Set<Integer> hashes = new HashSet<>();
        for (int b = 1; b <= 10; b++) {
            for (long s = 1_000_000; s < 1_010_000; s++) {
                int h = new UnitKey(b, s).hashCode();
                hashes.add(h);
                slots.add((h ^ (h >>> 16)) & ((1 << 17) - 1));   // how ConcurrentHashMap picks a slot
            }
        }
        assertThat(hashes).as("distinct hashes").hasSizeGreaterThan(99_990);
        // 100,000 keys thrown at random into 131,072 slots fill about 71,000 of them
        assertThat(slots).as("slots used").hasSizeGreaterThan(65_000);
    }
}
