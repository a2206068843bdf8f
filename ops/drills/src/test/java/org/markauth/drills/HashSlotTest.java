package org.markauth.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Slots as Redis 7.0's CLUSTER KEYSLOT answers them (values taken from a live node), and the specification's CRC16 check value. */
class HashSlotTest {

    @Test
    void crc16IsTheXmodemVariantOfTheSpecification() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(HashSlot.crc16(b, 0, b.length)).isEqualTo(0x31C3);
    }

    @Test
    void keysWithoutATagHashWhole() {
        assertThat(HashSlot.of("123456789")).isEqualTo(12739);
        assertThat(HashSlot.of("foo")).isEqualTo(12182);
        assertThat(HashSlot.of("bar")).isEqualTo(5061);
    }

    @Test
    void theFirstNonEmptyTagDecides() {
        assertThat(HashSlot.of("{user1000}.following")).isEqualTo(3443);
        assertThat(HashSlot.of("foo{bar}{zap}")).isEqualTo(HashSlot.of("bar")).isEqualTo(5061);
        assertThat(HashSlot.of("foo{{bar}}zap")).isEqualTo(4015);   // the tag is "{bar"
        assertThat(HashSlot.of("foo{}{bar}")).isEqualTo(8363);      // an empty first tag: the whole key
    }

    @Test
    void aPrefixBeforeTheTagDoesNotMoveTheKey() {
        assertThat(HashSlot.of("ma:scan:{7}:complete")).isEqualTo(HashSlot.of("{7}")).isEqualTo(1716);
        assertThat(HashSlot.tag("ma:scan:{7}:1:ff")).isEqualTo("7");
        assertThat(HashSlot.tag("ma:c:mark:1:ff")).isNull();
    }
}
