package org.markauth.issuer.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.standards.Indicator;

/**
 * The commit-and-reveal of docs/supervision.md: the published vector (snapshot's canonical form and
 * hash, commitment, seed and result, computed there with Python's hashlib and json independently of
 * this code), and what makes the seed unsteerable: it changes with every part, and the public source,
 * its date and the candidates' standards are inside the hashed snapshot.
 */
class DrawSealTest {

    static final String SECRET = "5b0e8c1f9a3d47e2b6c8a1f0d9e3b7c4";
    static final String SOURCE = "中国福利彩票双色球 2026-08-15 开奖号码";
    static final LocalDate PUBLIC_DATE = LocalDate.of(2026, 8, 15);
    /** The value the source gave on that day (made up for the vector). */
    static final String PUBLIC_PART = "03 09 14 22 27 31 + 12";
    static final List<Draw.Linked> STANDARDS = List.of(
            new Draw.Linked(31, "T-FSBZ-0102-2026", "T/FSBZ 0102-2026", "2026", List.of(new Indicator("破坏强度", "N", "≥ 1300 N", 1300.0, null))),
            new Draw.Linked(11, "T-FSBZ-101-2026", "T/FSBZ 101-2026", "2026", List.of(new Indicator("吸水率", "%", "E ≤ 0.5%", null, 0.5),
                    new Indicator("表面质量", null, "无裂纹、无釉裂", null, null))));
    static final String CANONICAL = "{\"year\":2026,\"enterprises\":3,\"inspectorsPerTask\":2,"
            + "\"publicSource\":\"中国福利彩票双色球 2026-08-15 开奖号码\",\"publicDate\":\"2026-08-15\",\"candidates\":{\"enterprises\":["
            + "{\"licenseeId\":\"L-A\",\"district\":\"440604\",\"productIds\":[11,12]},"
            + "{\"licenseeId\":\"L-B\",\"district\":\"440605\",\"productIds\":[21]},"
            + "{\"licenseeId\":\"L-C\",\"district\":\"440606\",\"productIds\":[31,32,33]},"
            + "{\"licenseeId\":\"L-D\",\"district\":\"440604\",\"productIds\":[41]},"
            + "{\"licenseeId\":\"L-E\",\"district\":null,\"productIds\":[51]}],\"inspectors\":["
            + "{\"inspectorId\":\"I-1\",\"district\":\"440604\",\"conflicts\":[]},"
            + "{\"inspectorId\":\"I-2\",\"district\":\"440605\",\"conflicts\":[\"L-C\"]},"
            + "{\"inspectorId\":\"I-3\",\"district\":\"440606\",\"conflicts\":[]},"
            + "{\"inspectorId\":\"I-4\",\"district\":\"440607\",\"conflicts\":[\"L-A\"]},"
            + "{\"inspectorId\":\"I-5\",\"district\":\"440608\",\"conflicts\":[]}]},\"standards\":["
            + "{\"productId\":11,\"standardId\":\"T-FSBZ-101-2026\",\"standardNo\":\"T/FSBZ 101-2026\",\"version\":\"2026\",\"indicators\":["
            + "{\"name\":\"吸水率\",\"unit\":\"%\",\"requirement\":\"E ≤ 0.5%\",\"min\":null,\"max\":\"0.5\"},"
            + "{\"name\":\"表面质量\",\"unit\":null,\"requirement\":\"无裂纹、无釉裂\",\"min\":null,\"max\":null}]},"
            + "{\"productId\":31,\"standardId\":\"T-FSBZ-0102-2026\",\"standardNo\":\"T/FSBZ 0102-2026\",\"version\":\"2026\",\"indicators\":["
            + "{\"name\":\"破坏强度\",\"unit\":\"N\",\"requirement\":\"≥ 1300 N\",\"min\":\"1300\",\"max\":null}]}]}";

    static String canonical(int year, int count, String source, LocalDate date, RandomDraw.Candidates c, List<Draw.Linked> standards) {
        return DrawSeal.canonical(year, count, 2, source, date, c, standards);
    }

    static String hash(int year, int count, String source, LocalDate date, RandomDraw.Candidates c, List<Draw.Linked> standards) {
        return RandomDraw.h(canonical(year, count, source, date, c, standards));
    }

    @Test
    void thePublishedVectorGivesThePublishedHashesSeedAndResult() {
        assertThat(canonical(2026, 3, SOURCE, PUBLIC_DATE, RandomDrawTest.CANDIDATES, STANDARDS)).isEqualTo(CANONICAL);
        String snapshot = hash(2026, 3, SOURCE, PUBLIC_DATE, RandomDrawTest.CANDIDATES, STANDARDS);
        assertThat(snapshot).isEqualTo("0daf3fe13b5c526417bd68e7491fd856e4659149b00efc2d396666a825605b2b");
        assertThat(DrawSeal.commitment(SECRET)).isEqualTo("294e745485fb1925782de1362cfbbc6b72bde2f954dd76fa40ff23ad240e6dbd");
        String seed = DrawSeal.seed(snapshot, SECRET, PUBLIC_PART);
        assertThat(seed).isEqualTo("d304175893c2bb928c4627fbf3f10571df7af9dfc644593ceca473277a8ba0c7");
        assertThat(RandomDraw.draw(seed, RandomDrawTest.CANDIDATES, 3, 2)).containsExactly(
                new RandomDraw.Pick("L-B", 21, List.of("I-1", "I-4")),
                new RandomDraw.Pick("L-C", 33, List.of("I-1", "I-4")),
                new RandomDraw.Pick("L-E", 51, List.of("I-5", "I-2")));
    }

    @Test
    void theStandardsFrozenAtTheAnnouncementRoundTripThroughTheirStoredForm() {
        assertThat(SupervisionStore.standards(SupervisionStore.standardsJson(STANDARDS)))
                .containsExactlyInAnyOrderElementsOf(STANDARDS);
        var big = List.of(new Draw.Linked(7, "S", "S 1", "1", List.of(new Indicator("n", null, "r", 1e-4, 1.25e7))));
        assertThat(SupervisionStore.standardsJson(big).encode()).contains("\"min\":\"0.0001\",\"max\":\"12500000\"");
        assertThat(SupervisionStore.standards(SupervisionStore.standardsJson(big))).isEqualTo(big);
    }

    @Test
    void theSnapshotHashDoesNotDependOnTheListsOrderButOnEveryCandidateParameterSourceAndStandard() {
        var reversed = new java.util.ArrayList<>(RandomDrawTest.ENTERPRISES);
        Collections.reverse(reversed);
        String hash = hash(2026, 3, SOURCE, PUBLIC_DATE, RandomDrawTest.CANDIDATES, STANDARDS);
        assertThat(hash(2026, 3, SOURCE, PUBLIC_DATE, new RandomDraw.Candidates(reversed, RandomDrawTest.INSPECTORS), List.of(STANDARDS.get(1), STANDARDS.get(0))))
                .isEqualTo(hash);
        var fewer = RandomDrawTest.INSPECTORS.subList(0, 4);
        assertThat(hash(2026, 3, SOURCE, PUBLIC_DATE, new RandomDraw.Candidates(RandomDrawTest.ENTERPRISES, fewer), STANDARDS)).isNotEqualTo(hash);
        var conflict = new java.util.ArrayList<>(RandomDrawTest.INSPECTORS);
        conflict.set(0, new RandomDraw.Inspector("I-1", "440604", Set.of("L-B")));
        assertThat(hash(2026, 3, SOURCE, PUBLIC_DATE, new RandomDraw.Candidates(RandomDrawTest.ENTERPRISES, conflict), STANDARDS))
                .isNotEqualTo(hash);
        assertThat(hash(2026, 4, SOURCE, PUBLIC_DATE, RandomDrawTest.CANDIDATES, STANDARDS)).isNotEqualTo(hash);
        assertThat(hash(2027, 3, SOURCE, PUBLIC_DATE, RandomDrawTest.CANDIDATES, STANDARDS)).isNotEqualTo(hash);
        // the public source and its date cannot change after the announcement: they are hashed
        assertThat(hash(2026, 3, "上证指数 2026-08-15 收盘", PUBLIC_DATE, RandomDrawTest.CANDIDATES, STANDARDS)).isNotEqualTo(hash);
        assertThat(hash(2026, 3, SOURCE, PUBLIC_DATE.plusDays(1), RandomDrawTest.CANDIDATES, STANDARDS)).isNotEqualTo(hash);
        // nor can a product's standard version or its limits
        var relinked = List.of(STANDARDS.get(0), new Draw.Linked(11, "T-FSBZ-101-2026", "T/FSBZ 101-2026", "2027",
                STANDARDS.get(1).indicators()));
        assertThat(hash(2026, 3, SOURCE, PUBLIC_DATE, RandomDrawTest.CANDIDATES, relinked)).isNotEqualTo(hash);
        var looser = List.of(STANDARDS.get(0), new Draw.Linked(11, "T-FSBZ-101-2026", "T/FSBZ 101-2026", "2026",
                List.of(new Indicator("吸水率", "%", "E ≤ 0.5%", null, 0.6), STANDARDS.get(1).indicators().get(1))));
        assertThat(hash(2026, 3, SOURCE, PUBLIC_DATE, RandomDrawTest.CANDIDATES, looser)).isNotEqualTo(hash);
    }

    @Test
    void theSeedChangesWithEachOfItsThreeParts() {
        String seed = DrawSeal.seed("a".repeat(64), SECRET, PUBLIC_PART);
        assertThat(DrawSeal.seed("b".repeat(64), SECRET, PUBLIC_PART)).isNotEqualTo(seed);
        assertThat(DrawSeal.seed("a".repeat(64), SECRET + "0", PUBLIC_PART)).isNotEqualTo(seed);
        assertThat(DrawSeal.seed("a".repeat(64), SECRET, PUBLIC_PART + "0")).isNotEqualTo(seed);
    }

    @Test
    void anAnnouncementTakesACommitmentOrALongEnoughSecretAndNeverKeepsTheSecret() {
        LocalDate due = LocalDate.of(2026, 6, 30);
        Supervision.Announcement a = Supervision.Announcement.ofSecret(2026, 3, 2, due, SOURCE, PUBLIC_DATE, "  " + SECRET + " ");
        assertThat(a.commitment()).isEqualTo(DrawSeal.commitment(SECRET));
        assertThat(a.toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> Supervision.Announcement.ofSecret(2026, 3, 2, due, SOURCE, PUBLIC_DATE, "short"))
                .hasMessageContaining("officeSecret must be at least 16 characters");
        String c = DrawSeal.commitment(SECRET);
        assertThatThrownBy(() -> new Supervision.Announcement(2026, 3, 2, due, SOURCE, PUBLIC_DATE, c.toUpperCase()))
                .hasMessageContaining("64 lowercase hex digits");
        assertThatThrownBy(() -> new Supervision.Announcement(2026, 3, 2, due, SOURCE, PUBLIC_DATE, "abc")).hasMessageContaining("commitment must be");
        assertThatThrownBy(() -> new Supervision.Announcement(1999, 3, 2, due, SOURCE, PUBLIC_DATE, c)).hasMessageContaining("year");
        // the second seed part's public source and date are required
        assertThatThrownBy(() -> new Supervision.Announcement(2026, 3, 2, due, " ", PUBLIC_DATE, c)).hasMessageContaining("publicSource");
        assertThatThrownBy(() -> new Supervision.Announcement(2026, 3, 2, due, SOURCE, null, c)).hasMessageContaining("publicDate");
    }
}
