package org.markauth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertStatusTest {

    @Test
    void anOpenAlertIsTakenOrDismissedAndATakenOneIsDecidedByTheRegulator() {
        assertThat(AlertStatus.OPEN.next()).containsExactlyInAnyOrder(AlertStatus.INVESTIGATING, AlertStatus.DISMISSED);
        assertThat(AlertStatus.INVESTIGATING.next()).containsExactlyInAnyOrder(AlertStatus.CONFIRMED, AlertStatus.DISMISSED);
        assertThat(AlertStatus.OPEN.mayMoveTo(AlertStatus.CONFIRMED)).isFalse();
    }

    @Test
    void aClosedAlertMovesNoMore() {
        assertThat(AlertStatus.CONFIRMED.next()).isEmpty();
        assertThat(AlertStatus.DISMISSED.next()).isEmpty();
    }

    @Test
    void anUnknownColumnValueIsNoStatus() {
        assertThat(AlertStatus.ofColumn("ACKNOWLEDGED")).isNull();
        assertThat(AlertStatus.ofColumn(null)).isNull();
        assertThat(AlertStatus.ofColumn("OPEN")).isEqualTo(AlertStatus.OPEN);
    }

    @Test
    void anOutcomeNoteNamesTheFindingTheInspectionAndTheNote() {
        assertThat(AlertMove.outcomeNote("NOTHING_FOUND", "abc", " shelf empty ")).isEqualTo("outcome: NOTHING_FOUND (inspection abc) — shelf empty");
        assertThat(AlertMove.outcomeNote("COUNTERFEIT_FOUND", null, null)).isEqualTo("outcome: COUNTERFEIT_FOUND");
    }
}
