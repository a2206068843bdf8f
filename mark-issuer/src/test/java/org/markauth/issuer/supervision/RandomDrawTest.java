package org.markauth.issuer.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The draw of docs/supervision.md: its published vector, reproducibility, and the conflicts it never draws. */
class RandomDrawTest {

    static final String SEED = "佛山2026-0815";

    static final List<RandomDraw.Enterprise> ENTERPRISES = List.of(
            new RandomDraw.Enterprise("L-A", "440604", List.of(11, 12)),
            new RandomDraw.Enterprise("L-B", "440605", List.of(21)),
            new RandomDraw.Enterprise("L-C", "440606", List.of(31, 32, 33)),
            new RandomDraw.Enterprise("L-D", "440604", List.of(41)),
            new RandomDraw.Enterprise("L-E", null, List.of(51)));

    static final List<RandomDraw.Inspector> INSPECTORS = List.of(
            new RandomDraw.Inspector("I-1", "440604", Set.of()),
            new RandomDraw.Inspector("I-2", "440605", Set.of("L-C")),
            new RandomDraw.Inspector("I-3", "440606", Set.of()),
            new RandomDraw.Inspector("I-4", "440607", Set.of("L-A")),
            new RandomDraw.Inspector("I-5", "440608", Set.of()));

    static final RandomDraw.Candidates CANDIDATES = new RandomDraw.Candidates(ENTERPRISES, INSPECTORS);

    @Test
    void thePublishedVectorGivesThePublishedResult() {
        // docs/supervision.md, "Test vector" (also computed there with Python's hashlib, independently of this code)
        assertThat(RandomDraw.draw(SEED, CANDIDATES, 3, 2)).containsExactly(
                new RandomDraw.Pick("L-A", 12, List.of("I-2", "I-3")),
                new RandomDraw.Pick("L-D", 41, List.of("I-4", "I-2")),
                new RandomDraw.Pick("L-E", 51, List.of("I-1", "I-5")));
    }

    @Test
    void hIsTheHexSha256OfTheUtf8Bytes() {
        // FIPS 180-2's "abc" vector
        assertThat(RandomDraw.h("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void theSameSeedAndListsInAnyOrderDrawTheSameResult() {
        List<RandomDraw.Enterprise> e = new ArrayList<>(ENTERPRISES);
        List<RandomDraw.Inspector> i = new ArrayList<>(INSPECTORS);
        Collections.shuffle(e, new Random(7));
        Collections.shuffle(i, new Random(8));
        assertThat(RandomDraw.draw(SEED, new RandomDraw.Candidates(e, i), 3, 2)).isEqualTo(RandomDraw.draw(SEED, CANDIDATES, 3, 2));
    }

    @Test
    void anotherSeedDrawsAnotherResult() {
        assertThat(RandomDraw.draw("佛山2026-0816", CANDIDATES, 3, 2)).containsExactly(
                new RandomDraw.Pick("L-E", 51, List.of("I-1", "I-4")),
                new RandomDraw.Pick("L-A", 11, List.of("I-3", "I-5")),
                new RandomDraw.Pick("L-D", 41, List.of("I-3", "I-4")));
    }

    @Test
    void noInspectorIsDrawnForAnEnterpriseOfItsDistrictOrOneItDeclaredAConflictWith() {
        for (int s = 0; s < 300; s++) {
            for (RandomDraw.Pick p : RandomDraw.draw("seed-" + s, CANDIDATES, 5, 2)) {
                RandomDraw.Enterprise e = ENTERPRISES.stream().filter(x -> x.licenseeId().equals(p.licenseeId())).findFirst().orElseThrow();
                for (String id : p.inspectorIds()) {
                    RandomDraw.Inspector i = INSPECTORS.stream().filter(x -> x.inspectorId().equals(id)).findFirst().orElseThrow();
                    assertThat(i.conflicts()).as("seed-%s: %s for %s", s, id, e.licenseeId()).doesNotContain(e.licenseeId());
                    assertThat(i.district()).as("seed-%s: %s for %s", s, id, e.licenseeId()).isNotEqualTo(e.district());
                }
                assertThat(p.inspectorIds()).doesNotHaveDuplicates().hasSize(2);
                assertThat(e.productIds()).contains(p.productId());
            }
        }
    }

    @Test
    void anEnterpriseWithTooFewEligibleInspectorsRefusesTheDrawNamingIt() {
        // L-C: I-3 is of its district, I-2 declared a conflict: 3 eligible of 5
        assertThatThrownBy(() -> RandomDraw.draw(SEED, CANDIDATES, 5, 4)).isInstanceOf(RandomDraw.NotEnoughInspectors.class)
                .hasMessageContaining("has 3 eligible inspectors").hasMessageContaining("needs 4");
    }

    @Test
    void aBlankSeedIsRefused() {
        assertThatThrownBy(() -> RandomDraw.draw(" ", CANDIDATES, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed");
    }
}
