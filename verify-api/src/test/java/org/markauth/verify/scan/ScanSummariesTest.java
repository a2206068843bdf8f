package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which summary rows a flush writes: by exception, else once per interval; never two for a code in one flush. */
class ScanSummariesTest {

    static final Instant FIRST = Instant.parse("2026-12-01T08:00:00Z");

    static ScanRecord scan(long serial, String verdict, String cell, boolean newClient, long count) {
        return new ScanRecord(Uuids.timeBased(), 7, serial, verdict, cell, "CN-44", null, "mobile", "zh", "PAGE", true,
                newClient, count, 1, FIRST, "ws0e9");
    }

    final ScanSummaries s = new ScanSummaries(Duration.ofMinutes(5));

    @Test
    void aCodesFirstScanHereIsWritten_onceForAllItsScansOfTheFlush() {
        List<ScanSummaries.Update> u = s.decide(List.of(scan(1, "GENUINE", "ws0e9", true, 1),
                scan(1, "GENUINE", "wx4g0", false, 2), scan(2, "GENUINE", "ws0e9", true, 1)), 0);
        assertThat(u).extracting(x -> x.code().serial()).containsExactlyInAnyOrder(1L, 2L);
        ScanSummaries.Update one = u.stream().filter(x -> x.code().serial() == 1).findFirst().orElseThrow();
        assertThat(one.scans()).isEqualTo(2);
        assertThat(one.latest().cell()).isEqualTo("wx4g0");
        assertThat(one.places()).containsOnlyKeys("ws0e9", "wx4g0");
        assertThat(one.firstAt()).isEqualTo(FIRST);
    }

    @Test
    void anUnexceptionalScanIsHeldBack_andWrittenWhenTheIntervalHasPassed() {
        s.decide(List.of(scan(1, "GENUINE", "ws0e9", true, 1)), 0);
        assertThat(s.decide(List.of(scan(1, "GENUINE", "ws0e9", false, 2)), 1_000)).isEmpty();
        assertThat(s.decide(List.of(), 60_000)).as("not due yet").isEmpty();
        List<ScanSummaries.Update> due = s.decide(List.of(), Duration.ofMinutes(5).toMillis());
        assertThat(due).hasSize(1);
        assertThat(due.get(0).scans()).isEqualTo(2);
        assertThat(s.decide(List.of(), Duration.ofMinutes(20).toMillis())).as("written once").isEmpty();
    }

    @Test
    void aNewPlaceANewClientOrAnotherVerdictIsWrittenAtOnce() {
        s.decide(List.of(scan(1, "GENUINE", "ws0e9", true, 1)), 0);
        assertThat(s.decide(List.of(scan(1, "GENUINE", "wx4g0", false, 2)), 1)).as("a new place").hasSize(1);
        assertThat(s.decide(List.of(scan(1, "GENUINE", "wx4g0", true, 3)), 2)).as("a new client").hasSize(1);
        ScanRecord clone = scan(1, "CLONE_SUSPECTED", "wx4g0", false, 4);
        List<ScanSummaries.Update> changed = s.decide(List.of(clone), 3);
        assertThat(changed).as("a verdict change").hasSize(1);
        assertThat(changed.get(0).prevVerdict()).isEqualTo("GENUINE");
        assertThat(changed.get(0).verdictChangedAt()).isEqualTo(clone.at());
        assertThat(s.decide(List.of(scan(1, "CLONE_SUSPECTED", "wx4g0", false, 5)), 4)).as("nothing new").isEmpty();
    }

    @Test
    void placesStopAtTheCap_andAFailedFlushIsWrittenAgainOnReplay() {
        for (int i = 0; i < ScanSummaries.MAX_PLACES + 5; i++) {
            s.decide(List.of(scan(1, "GENUINE", "cell" + i, false, i + 1)), i);
        }
        assertThat(s.decide(List.of(scan(1, "GENUINE", "another", false, 99)), 100)).as("past the cap a place is no news").isEmpty();
        List<ScanRecord> flush = List.of(scan(2, "GENUINE", "ws0e9", true, 1));
        List<ScanSummaries.Update> lost = s.decide(flush, 200);
        s.forget(lost.stream().map(ScanSummaries.Update::code).toList());
        assertThat(s.decide(flush, 201)).as("the replay of a refused flush").hasSize(1);
    }

    @Test
    void unidentifiedScansHaveNoSummary() {
        assertThat(s.decide(List.of(new ScanRecord(Uuids.timeBased(), null, null, "FORGED", null, "CN-44", null, "mobile", "zh",
                "API")), 0)).isEmpty();
        assertThat(s.remembered()).isZero();
    }

    @Test
    void theLatestScanAndEachPlacesLatestAreWhatTheRowCarries_heldBackScansIncluded() {
        ScanRecord first = scan(1, "GENUINE", "ws0e9", true, 1);
        s.decide(List.of(first), 0);
        ScanRecord a = scan(1, "GENUINE", "ws0e9", false, 2);
        ScanRecord b = scan(1, "GENUINE", "ws0e9", false, 3);
        assertThat(s.decide(List.of(b, a), 1_000)).as("held back, in any order").isEmpty();
        List<ScanSummaries.Update> due = s.decide(List.of(), Duration.ofMinutes(5).toMillis());
        assertThat(due).hasSize(1);
        ScanSummaries.Update u = due.get(0);
        assertThat(u.latest().at()).isEqualTo(b.at());
        assertThat(u.latest().verdict()).isEqualTo("GENUINE");
        assertThat(u.latest().channel()).isEqualTo("PAGE");
        assertThat(u.latest().cell()).isEqualTo("ws0e9");
        assertThat(u.latest().region()).isEqualTo("CN-44");
        assertThat(u.latest().batchId()).isEqualTo(7);
        assertThat(u.latest().serial()).isEqualTo(1L);
        assertThat(u.places()).containsExactly(java.util.Map.entry("ws0e9", b.at()));
        assertThat(u.scans()).isEqualTo(3);
    }

    @Test
    void pastTheLimitTheLeastRecentlyScannedCodesAreForgotten_theRecentOnesKept() {
        int n = ScanSummaries.MAX_CODES + 10;
        for (int i = 0; i < n; i++) {
            s.decide(List.of(scan(i, "GENUINE", "ws0e9", true, 1)), i);
        }
        assertThat(s.remembered()).isLessThanOrEqualTo(ScanSummaries.MAX_CODES)
                .isGreaterThanOrEqualTo(ScanSummaries.MAX_CODES - ScanSummaries.MAX_CODES / 10);
        // a remembered code's unexceptional scan is held back; a forgotten one's is written as new
        assertThat(s.decide(List.of(scan(n - 1, "GENUINE", "ws0e9", false, 2)), n)).as("the latest code").isEmpty();
        assertThat(s.decide(List.of(scan(0, "GENUINE", "ws0e9", false, 2)), n + 1)).as("the oldest code").hasSize(1);
    }
}
