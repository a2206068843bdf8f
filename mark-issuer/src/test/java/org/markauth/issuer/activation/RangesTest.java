package org.markauth.issuer.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangesTest {

    @Test
    void gapsAreTheUnitsNoRangeCovers() {
        assertThat(Ranges.gaps(100, List.of(new int[] {10, 20}, new int[] {15, 30}, new int[] {50, 60})))
                .containsExactly(new int[] {1, 9}, new int[] {31, 49}, new int[] {61, 100});
    }

    @Test
    void noRangesMeansOneGapAndFullCoverMeansNone() {
        assertThat(Ranges.gaps(5, List.of())).containsExactly(new int[] {1, 5});
        assertThat(Ranges.gaps(5, List.of(new int[] {1, 5}))).isEmpty();
        assertThat(Ranges.gaps(5, List.of(new int[] {1, 2}, new int[] {3, 5}))).isEmpty();
        assertThat(Ranges.gaps(Integer.MAX_VALUE, List.of(new int[] {1, Integer.MAX_VALUE}))).isEmpty();
    }
}
