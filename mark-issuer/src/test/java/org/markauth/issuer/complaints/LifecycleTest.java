package org.markauth.issuer.complaints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.console.Site;
import org.markauth.registry.CaseNumbers;

class LifecycleTest {

    static final Instant T = Instant.parse("2026-12-07T02:00:00Z");

    @Test
    void aCaseWalksOpenAssignedRepliedResolvedClosedAndReopensFromResolvedOrClosed() {
        assertThat(Lifecycle.next(CaseState.OPEN, Lifecycle.Act.ASSIGN, false)).isEqualTo(CaseState.ASSIGNED);
        assertThat(Lifecycle.next(CaseState.ASSIGNED, Lifecycle.Act.REPLY, false)).isEqualTo(CaseState.REPLIED);
        assertThat(Lifecycle.next(CaseState.REPLIED, Lifecycle.Act.RESOLVE, false)).isEqualTo(CaseState.RESOLVED);
        assertThat(Lifecycle.next(CaseState.RESOLVED, Lifecycle.Act.CLOSE, false)).isEqualTo(CaseState.CLOSED);
        assertThat(Lifecycle.next(CaseState.CLOSED, Lifecycle.Act.REOPEN, false)).isEqualTo(CaseState.OPEN);
        assertThat(Lifecycle.next(CaseState.RESOLVED, Lifecycle.Act.REOPEN, false)).isEqualTo(CaseState.OPEN);
    }

    @Test
    void anAssignedCaseIsResolvedWithoutAReplyOnlyOnceItsDeadlinePassed() {
        assertThatThrownBy(() -> Lifecycle.next(CaseState.ASSIGNED, Lifecycle.Act.RESOLVE, false))
                .isInstanceOf(IssuerException.Conflict.class).hasMessageContaining("reply deadline");
        assertThat(Lifecycle.next(CaseState.ASSIGNED, Lifecycle.Act.RESOLVE, true)).isEqualTo(CaseState.RESOLVED);
    }

    @Test
    void everyActOutOfItsStateIsAConflictNamingTheStateAndWhatItNeeds() {
        int refused = 0;
        for (CaseState s : CaseState.values()) {
            for (Lifecycle.Act a : Lifecycle.Act.values()) {
                try {
                    Lifecycle.next(s, a, false);
                } catch (IssuerException.Conflict e) {
                    refused++;
                    assertThat(e.code()).isEqualTo("COMPLAINT_STATE");
                    assertThat(e.getMessage()).contains("state " + s);
                }
            }
        }
        // 5 states x 5 acts, of which 6 are allowed (resolve from ASSIGNED only when overdue)
        assertThat(refused).isEqualTo(25 - 6);
        assertThatThrownBy(() -> Lifecycle.next(CaseState.REPLIED, Lifecycle.Act.REPLY, false)).hasMessageContaining("once");
        assertThatThrownBy(() -> Lifecycle.next(CaseState.OPEN, Lifecycle.Act.CLOSE, false)).hasMessageContaining("only a RESOLVED");
    }

    @Test
    void overdueMeansAssignedPastTheDeadlineWithoutAReply() {
        Instant due = T.plus(Duration.ofDays(7));
        assertThat(Lifecycle.overdue(CaseState.ASSIGNED, due, due)).isFalse();
        assertThat(Lifecycle.overdue(CaseState.ASSIGNED, due, due.plusSeconds(1))).isTrue();
        assertThat(Lifecycle.overdue(CaseState.REPLIED, due, due.plus(Duration.ofDays(30)))).as("replied late: not overdue any more").isFalse();
        assertThat(Lifecycle.overdue(CaseState.OPEN, null, T)).isFalse();
    }

    @Test
    void theSlaTimersCountDaysToTheDeadlineAndPastIt() {
        ComplaintCase c = assigned(T, T.plus(Duration.ofDays(7)));
        assertThat(c.daysToReply(T)).isEqualTo(7);
        assertThat(c.daysToReply(T.plus(Duration.ofDays(7)).plusSeconds(3600))).isEqualTo(-1);
        assertThat(c.overdue(T.plus(Duration.ofDays(9)))).isTrue();
        assertThat(c.ageDays(T.plus(Duration.ofDays(9)).plusSeconds(5))).isEqualTo(9);
    }

    @Test
    void caseNumbersHaveTheYearAndASixDigitSequenceAndCodesCompareWhateverTheCase() {
        assertThat(CaseNumbers.format(2026, 123)).isEqualTo("TS2026-000123");
        assertThat(CaseNumbers.normalise(" ts2026-000123 ")).isEqualTo("TS2026-000123");
        assertThat(CaseNumbers.normalise("TS2026-123")).isNull();
        assertThat(CaseNumbers.normalise("TS2026-000123' OR 1=1")).isNull();
        assertThatThrownBy(() -> CaseNumbers.format(2026, 1_000_000)).isInstanceOf(IllegalArgumentException.class);
        String code = CaseNumbers.newCode();
        assertThat(code).hasSize(CaseNumbers.CODE_LENGTH).matches("[2-9A-HJKMNP-TV-Z]+");
        assertThat(CaseNumbers.sameCode(code, code.toLowerCase())).isTrue();
        assertThat(CaseNumbers.sameCode(code, code.substring(0, 4) + " " + code.substring(4))).isTrue();
        assertThat(CaseNumbers.sameCode(code, code.substring(1))).isFalse();
        assertThat(CaseNumbers.sameCode(null, code)).isFalse();
        assertThat(CaseNumbers.yuan(30050)).isEqualTo("300.50");
        assertThat(CaseNumbers.yuan(7)).isEqualTo("0.07");
    }

    @Test
    void amountsAreTypedInYuanAndKeptInFen() {
        assertThat(ComplaintPages.fen("120")).isEqualTo(12000);
        assertThat(ComplaintPages.fen("120.5")).isEqualTo(12050);
        assertThat(ComplaintPages.fen("1,200.05")).isEqualTo(120005);
        assertThatThrownBy(() -> ComplaintPages.fen("12.345")).isInstanceOf(Site.FormError.class);
        assertThatThrownBy(() -> ComplaintPages.fen("-3")).isInstanceOf(Site.FormError.class);
    }

    @Test
    void aReferralNeedsItsNumberDateAndTextAndALanguageOfTheTwo() {
        assertThatThrownBy(() -> new Complaints.Referral(" ", LocalDate.of(2026, 12, 1), null, null, null, null, null, "x"))
                .hasMessageContaining("referralNo is required");
        assertThatThrownBy(() -> new Complaints.Referral("12315-1", null, null, null, null, null, null, "x"))
                .hasMessageContaining("referralDate");
        assertThatThrownBy(() -> new Complaints.Referral("12315-1", LocalDate.of(2026, 12, 1), null, null, "fr", null, null, "x"))
                .hasMessageContaining("zh or en");
        assertThatThrownBy(() -> new Complaints.Referral("12315-1", LocalDate.of(2026, 12, 1), null, null, null, null, null,
                "x".repeat(Complaints.MAX_TEXT + 1))).hasMessageContaining("at most " + Complaints.MAX_TEXT);
        assertThat(new Complaints.Referral(" 12315-1 ", LocalDate.of(2026, 12, 1), " ", null, null, null, null, "x").lang()).isEqualTo("zh");
    }

    @Test
    void stepIdsKeepTheOrderTheyWereTakenInUnderAClockThatStandsStillAndCarryItsTime() {
        StepIds ids = new StepIds();
        java.util.UUID a = ids.next(T);
        java.util.UUID b = ids.next(T);
        java.util.UUID c = ids.next(T.minusSeconds(5));   // a clock set back: still after b
        assertThat(a.version()).isEqualTo(1);
        assertThat(a.timestamp()).isLessThan(b.timestamp());
        assertThat(b.timestamp()).isLessThan(c.timestamp());
        assertThat(com.datastax.oss.driver.api.core.uuid.Uuids.unixTimestamp(a)).isEqualTo(T.toEpochMilli());
        assertThat(com.datastax.oss.driver.api.core.uuid.Uuids.unixTimestamp(ids.next(T.plusSeconds(60))))
                .isEqualTo(T.plusSeconds(60).toEpochMilli());
    }

    static ComplaintCase assigned(Instant opened, Instant due) {
        return new ComplaintCase("TS2026-000001", "ABCDEFGH", ComplaintCase.Source.REFERRAL, null, "r", LocalDate.of(2026, 12, 1), null,
                null, "zh", 1, "L", null, "c", CaseState.ASSIGNED, opened, "office", opened, due, null, null, null, null, null, null, null,
                null, null, null);
    }
}
