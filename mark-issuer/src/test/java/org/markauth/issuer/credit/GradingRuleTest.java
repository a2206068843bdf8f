package org.markauth.issuer.credit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.credit.GradingRule.Blacklisting;
import org.markauth.issuer.credit.GradingRule.Grading;
import org.markauth.issuer.credit.GradingRule.Reason;

/** The examples of docs/credit.md, "Grading rule", each graded on 2026-12-01. */
class GradingRuleTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 12, 1);

    static CreditEvent e(CreditKind kind, String date) {
        return new CreditEvent("L1", kind, LocalDate.parse(date), kind + "-" + date, kind + " on " + date);
    }

    static Grading grade(CreditEvent... events) {
        return GradingRule.grade(List.of(events), null, AS_OF);
    }

    @Test
    void example1_anEmptyFileIsBWithoutASampling() {
        Grading g = grade();
        assertThat(g.grade()).isEqualTo(Grade.B);
        assertThat(g.reason()).isEqualTo(Reason.NO_SAMPLING);
        assertThat(g.since()).isNull();
        assertThat(g.reviewOn()).isNull();
    }

    @Test
    void example2_aCleanSamplingAndNothingAgainstItIsA() {
        Grading g = grade(e(CreditKind.CLEAN_SAMPLING, "2026-03-10"));
        assertThat(g.grade()).isEqualTo(Grade.A);
        assertThat(g.reason()).isEqualTo(Reason.CLEAN);
        assertThat(g.since()).isEqualTo(LocalDate.of(2026, 3, 10));
        assertThat(g.reviewOn()).isEqualTo(LocalDate.of(2028, 3, 10));
    }

    @Test
    void example3_oneUpheldComplaintMakesItB() {
        Grading g = grade(e(CreditKind.CLEAN_SAMPLING, "2026-03-10"), e(CreditKind.COMPLAINT_UPHELD, "2026-06-01"));
        assertThat(g.grade()).isEqualTo(Grade.B);
        assertThat(g.points()).isEqualTo(1);
        assertThat(g.reason()).isEqualTo(Reason.POINTS);
        assertThat(g.since()).isEqualTo(LocalDate.of(2026, 6, 1));
    }

    @Test
    void example4_aSamplingFailureAndARecallMakeC() {
        Grading g = grade(e(CreditKind.SAMPLING_FAILURE, "2026-02-01"), e(CreditKind.RECALL, "2026-05-01"));
        assertThat(g.grade()).isEqualTo(Grade.C);
        assertThat(g.points()).isEqualTo(5);
        assertThat(g.since()).isEqualTo(LocalDate.of(2026, 5, 1));   // the day the total reached 4
        assertThat(g.detail()).isEqualTo("RECALL on 2026-05-01");
    }

    @Test
    void example5_eightPointsMakeDOnTheDayTheTotalReachedEight() {
        Grading g = grade(e(CreditKind.SUSPENSION, "2025-09-01"), e(CreditKind.SAMPLING_FAILURE, "2026-02-01"),
                e(CreditKind.RECALL, "2026-04-01"), e(CreditKind.COMPLAINT_UPHELD, "2026-07-01"));
        assertThat(g.grade()).isEqualTo(Grade.D);
        assertThat(g.points()).isEqualTo(9);
        assertThat(g.reason()).isEqualTo(Reason.POINTS);
        assertThat(g.since()).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(g.reviewOn()).isEqualTo(LocalDate.of(2027, 9, 1));   // the suspension leaves the window: 6 points, C
    }

    @Test
    void example6_aRevocationMakesDWhateverElseTheFileHolds() {
        Grading g = grade(e(CreditKind.CLEAN_SAMPLING, "2026-08-01"), e(CreditKind.REVOCATION, "2026-01-15"));
        assertThat(g.grade()).isEqualTo(Grade.D);
        assertThat(g.reason()).isEqualTo(Reason.REVOKED);
        assertThat(g.points()).isZero();
        assertThat(g.since()).isEqualTo(LocalDate.of(2026, 1, 15));
    }

    @Test
    void example7_theBlacklistMakesDWithItsReasonAndDate() {
        Grading g = GradingRule.grade(List.of(e(CreditKind.CLEAN_SAMPLING, "2026-08-01")),
                new Blacklisting(LocalDate.of(2026, 10, 1), "假冒他人厂名"), AS_OF);
        assertThat(g.grade()).isEqualTo(Grade.D);
        assertThat(g.reason()).isEqualTo(Reason.BLACKLISTED);
        assertThat(g.detail()).isEqualTo("假冒他人厂名");
        assertThat(g.since()).isEqualTo(LocalDate.of(2026, 10, 1));
    }

    @Test
    void example8_eventsOlderThan24MonthsDoNotCount() {
        assertThat(grade(e(CreditKind.REVOCATION, "2024-12-01")).grade()).isEqualTo(Grade.B);   // exactly 24 months: out
        Grading in = grade(e(CreditKind.SAMPLING_FAILURE, "2024-12-02"));
        assertThat(in.grade()).isEqualTo(Grade.B);
        assertThat(in.points()).isEqualTo(3);
        assertThat(in.reviewOn()).isEqualTo(LocalDate.of(2026, 12, 2));
        assertThat(grade(e(CreditKind.CLEAN_SAMPLING, "2026-12-02")).reason()).as("dated after asOf").isEqualTo(Reason.NO_SAMPLING);
    }

    @Test
    void example9_forgedMarkCasesCountNoPoints() {
        List<CreditEvent> events = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            events.add(e(CreditKind.FORGED_MARKS, "2026-0" + i + "-10"));
        }
        events.add(e(CreditKind.CLEAN_SAMPLING, "2026-09-01"));
        Grading g = GradingRule.grade(events, null, AS_OF);
        assertThat(g.grade()).isEqualTo(Grade.A);
        assertThat(g.points()).isZero();
    }

    @Test
    void example10_compensationPaidFirstAndAWarningAfterASamplingFailureMakeDNotYet() {
        Grading g = grade(e(CreditKind.SAMPLING_FAILURE, "2026-02-01"), e(CreditKind.COMPENSATION_PAID_FIRST, "2026-03-01"),
                e(CreditKind.WARNING, "2026-04-01"));
        assertThat(g.grade()).isEqualTo(Grade.C);
        assertThat(g.points()).isEqualTo(6);
        assertThat(g.since()).isEqualTo(LocalDate.of(2026, 3, 1));
    }

    @Test
    void theEventsOrderDoesNotChangeTheAnswer() {
        CreditEvent a = e(CreditKind.SAMPLING_FAILURE, "2026-02-01");
        CreditEvent b = e(CreditKind.RECALL, "2026-05-01");
        assertThat(GradingRule.grade(List.of(b, a), null, AS_OF)).isEqualTo(GradingRule.grade(List.of(a, b), null, AS_OF));
    }

    @Test
    void theDerivedKindsAreTheOnesTheirSourcesRecord() {
        assertThat(java.util.Arrays.stream(CreditKind.values()).filter(CreditKind::derived))
                .containsExactlyInAnyOrder(CreditKind.RECALL, CreditKind.SUSPENSION, CreditKind.REVOCATION, CreditKind.BLACKLISTED,
                        CreditKind.BLACKLIST_LIFTED);
    }
}
