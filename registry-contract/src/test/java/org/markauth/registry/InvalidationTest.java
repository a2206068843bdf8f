package org.markauth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InvalidationTest {

    @Test
    void aUnitIsNamedByBatchAndSixteenHexDigits() {
        Invalidation i = Invalidation.mark(7, 0xffL);
        assertThat(i.encode()).isEqualTo("mark:7:00000000000000ff");
        assertThat(Invalidation.block(7, -1L).encode()).isEqualTo("block:7:ffffffffffffffff");
        assertThat(Invalidation.parse(i.encode())).contains(i);
        assertThat(i.unit()).contains(new Invalidation.Unit(7, 0xffL));
        assertThat(Invalidation.parse("block:7:ffffffffffffffff").flatMap(Invalidation::unit))
                .contains(new Invalidation.Unit(7, -1L));
    }

    @Test
    void entityKindsAndAllRoundTrip() {
        assertThat(Invalidation.of(Invalidation.Kind.PRODUCT, 42).encode()).isEqualTo("product:42");
        assertThat(Invalidation.parse("licensee:L-1:x")).contains(Invalidation.of(Invalidation.Kind.LICENSEE, "L-1:x"));
        Invalidation all = Invalidation.parse("keys:*").orElseThrow();
        assertThat(all.kind()).isEqualTo(Invalidation.Kind.KEYS);
        assertThat(all.all()).isTrue();
        assertThat(Invalidation.all(Invalidation.Kind.MARK).unit()).isEmpty();
    }

    @Test
    void unknownKindsAndMalformedMessagesAreIgnored() {
        assertThat(Invalidation.parse("certificate:9")).isEmpty();   // a newer issuer's kind
        assertThat(Invalidation.parse("mark")).isEmpty();
        assertThat(Invalidation.parse("mark:")).isEmpty();
        assertThat(Invalidation.parse(":5")).isEmpty();
        assertThat(Invalidation.parse(null)).isEmpty();
        assertThat(Invalidation.parse("MARK:7:ff")).isEmpty();
        assertThat(Invalidation.parse("mark:7").orElseThrow().unit()).isEmpty();
        assertThat(Invalidation.parse("mark:x:ff").orElseThrow().unit()).isEmpty();
        assertThat(Invalidation.parse("mark:7:zz").orElseThrow().unit()).isEmpty();
        assertThat(Invalidation.parse("mark:7:00000000000000fff").orElseThrow().unit()).isEmpty();
        assertThat(Invalidation.parse("product:7:ff").orElseThrow().unit()).isEmpty();
        assertThatThrownBy(() -> Invalidation.of(Invalidation.Kind.BATCH, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
