package org.markauth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkKeyTest {

    @Test
    void theBucketIsTheSerialsFirstByteUnsigned() {
        assertThat(MarkKey.bucket(0x00ffffffffffffffL)).isEqualTo((short) 0);
        assertThat(MarkKey.bucket(0x7f00000000000000L)).isEqualTo((short) 127);
        assertThat(MarkKey.bucket(0xff00000000000000L)).isEqualTo((short) 255);
        assertThat(MarkKey.bucket(-1L)).isEqualTo((short) 255);
    }

    @Test
    void theSerialIsEightBigEndianBytes() {
        var b = MarkKey.serialBytes(0x0102030405060708L);
        assertThat(b.position()).isZero();
        assertThat(b.remaining()).isEqualTo(8);
        assertThat(b.get(0)).isEqualTo((byte) 1);
        assertThat(b.get(7)).isEqualTo((byte) 8);
    }

    @Test
    void aUnitIdKeepsLeadingZeros() {
        assertThat(MarkKey.unitId(12, 0xabcL)).isEqualTo("12:0000000000000abc");
    }
}
