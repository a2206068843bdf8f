package org.markauth.issuer.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The commit-and-reveal of docs/supervision.md: the published vector (snapshot's canonical form and
 * hash, commitment, seed and result, computed there with Python's hashlib and json independently of
 * this code), and what makes the seed unsteerable: it changes with every part.
 */
class DrawSealTest {

    static final String SECRET = "5b0e8c1f9a3d47e2b6c8a1f0d9e3b7c4";
    static final String WITNESS = "2026-08-15 上证指数收盘 3021.57";
    static final String CANONICAL = "{\"year\":2026,\"enterprises\":3,\"inspectorsPerTask\":2,\"candidates\":{\"enterprises\":["
            + "{\"licenseeId\":\"L-A\",\"district\":\"440604\",\"productIds\":[11,12]},"
            + "{\"licenseeId\":\"L-B\",\"district\":\"440605\",\"productIds\":[21]},"
            + "{\"licenseeId\":\"L-C\",\"district\":\"440606\",\"productIds\":[31,32,33]},"
            + "{\"licenseeId\":\"L-D\",\"district\":\"440604\",\"productIds\":[41]},"
            + "{\"licenseeId\":\"L-E\",\"district\":null,\"productIds\":[51]}],\"inspectors\":["
            + "{\"inspectorId\":\"I-1\",\"district\":\"440604\",\"conflicts\":[]},"
            + "{\"inspectorId\":\"I-2\",\"district\":\"440605\",\"conflicts\":[\"L-C\"]},"
            + "{\"inspectorId\":\"I-3\",\"district\":\"440606\",\"conflicts\":[]},"
            + "{\"inspectorId\":\"I-4\",\"district\":\"440607\",\"conflicts\":[\"L-A\"]},"
            + "{\"inspectorId\":\"I-5\",\"district\":\"440608\",\"conflicts\":[]}]}}";

    @Test
    void thePublishedVectorGivesThePublishedHashesSeedAndResult() {
        assertThat(DrawSeal.canonical(2026, 3, 2, RandomDrawTest.CANDIDATES)).isEqualTo(CANONICAL);
        String snapshot = DrawSeal.snapshotHash(2026, 3, 2, RandomDrawTest.CANDIDATES);
        assertThat(snapshot).isEqualTo("75abfe2ed6d2e9c32da1bc05d44c10f69dced29aab04f9767e6b94cd2bf43b6e");
        assertThat(DrawSeal.commitment(SECRET)).isEqualTo("294e745485fb1925782de1362cfbbc6b72bde2f954dd76fa40ff23ad240e6dbd");
        String seed = DrawSeal.seed(snapshot, SECRET, WITNESS);
        assertThat(seed).isEqualTo("edd6cc2b224bd68ccb76c50c151d1dd4c100f3fd1c1c352824e7699d13ab1b16");
        assertThat(RandomDraw.draw(seed, RandomDrawTest.CANDIDATES, 3, 2)).containsExactly(
                new RandomDraw.Pick("L-E", 51, List.of("I-2", "I-1")),
                new RandomDraw.Pick("L-B", 21, List.of("I-5", "I-1")),
                new RandomDraw.Pick("L-C", 31, List.of("I-4", "I-1")));
    }

    @Test
    void theSnapshotHashDoesNotDependOnTheListsOrderButOnEveryCandidateAndParameter() {
        var reversed = new java.util.ArrayList<>(RandomDrawTest.ENTERPRISES);
        Collections.reverse(reversed);
        String hash = DrawSeal.snapshotHash(2026, 3, 2, RandomDrawTest.CANDIDATES);
        assertThat(DrawSeal.snapshotHash(2026, 3, 2, new RandomDraw.Candidates(reversed, RandomDrawTest.INSPECTORS))).isEqualTo(hash);
        var fewer = RandomDrawTest.INSPECTORS.subList(0, 4);
        assertThat(DrawSeal.snapshotHash(2026, 3, 2, new RandomDraw.Candidates(RandomDrawTest.ENTERPRISES, fewer))).isNotEqualTo(hash);
        var conflict = new java.util.ArrayList<>(RandomDrawTest.INSPECTORS);
        conflict.set(0, new RandomDraw.Inspector("I-1", "440604", Set.of("L-B")));
        assertThat(DrawSeal.snapshotHash(2026, 3, 2, new RandomDraw.Candidates(RandomDrawTest.ENTERPRISES, conflict))).isNotEqualTo(hash);
        assertThat(DrawSeal.snapshotHash(2026, 4, 2, RandomDrawTest.CANDIDATES)).isNotEqualTo(hash);
        assertThat(DrawSeal.snapshotHash(2027, 3, 2, RandomDrawTest.CANDIDATES)).isNotEqualTo(hash);
    }

    @Test
    void theSeedChangesWithEachOfItsThreeParts() {
        String seed = DrawSeal.seed("a".repeat(64), SECRET, WITNESS);
        assertThat(DrawSeal.seed("b".repeat(64), SECRET, WITNESS)).isNotEqualTo(seed);
        assertThat(DrawSeal.seed("a".repeat(64), SECRET + "0", WITNESS)).isNotEqualTo(seed);
        assertThat(DrawSeal.seed("a".repeat(64), SECRET, WITNESS + "0")).isNotEqualTo(seed);
    }

    @Test
    void anAnnouncementTakesACommitmentOrALongEnoughSecretAndNeverKeepsTheSecret() {
        LocalDate due = LocalDate.of(2026, 6, 30);
        Supervision.Announcement a = Supervision.Announcement.ofSecret(2026, 3, 2, due, "  " + SECRET + " ");
        assertThat(a.commitment()).isEqualTo(DrawSeal.commitment(SECRET));
        assertThat(a.toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> Supervision.Announcement.ofSecret(2026, 3, 2, due, "short"))
                .hasMessageContaining("officeSecret must be at least 16 characters");
        assertThatThrownBy(() -> new Supervision.Announcement(2026, 3, 2, due, DrawSeal.commitment(SECRET).toUpperCase()))
                .hasMessageContaining("64 lowercase hex digits");
        assertThatThrownBy(() -> new Supervision.Announcement(2026, 3, 2, due, "abc")).hasMessageContaining("commitment must be");
        assertThatThrownBy(() -> new Supervision.Announcement(1999, 3, 2, due, DrawSeal.commitment(SECRET))).hasMessageContaining("year");
    }
}
