package org.markauth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.registry.UnitStatus.effective;

import org.junit.jupiter.api.Test;

class UnitStatusTest {

    @Test
    void withoutAnOverrideTheLatestRangeDecides() {
        assertThat(effective(null, null, false)).isEqualTo(UnitStatus.NOT_ACTIVATED);
        assertThat(effective(null, RangeKind.ACTIVATE, false)).isEqualTo(UnitStatus.ACTIVE);
        assertThat(effective(null, RangeKind.VOID, false)).isEqualTo(UnitStatus.VOIDED);
    }

    @Test
    void theUnitsOwnStateWinsOverItsRanges() {
        assertThat(effective(UnitState.ACTIVE, RangeKind.VOID, false)).isEqualTo(UnitStatus.ACTIVE);
        assertThat(effective(UnitState.ACTIVE, null, false)).isEqualTo(UnitStatus.ACTIVE);
        assertThat(effective(UnitState.VOIDED, RangeKind.ACTIVATE, false)).isEqualTo(UnitStatus.VOIDED);
        assertThat(effective(UnitState.DECOMMISSIONED, RangeKind.ACTIVATE, true)).isEqualTo(UnitStatus.DECOMMISSIONED);
    }

    @Test
    void aRecallTurnsOnlyActiveUnitsIntoRecalledOnes() {
        assertThat(effective(null, RangeKind.ACTIVATE, true)).isEqualTo(UnitStatus.RECALLED);
        assertThat(effective(UnitState.ACTIVE, RangeKind.VOID, true)).isEqualTo(UnitStatus.RECALLED);
        assertThat(effective(null, null, true)).isEqualTo(UnitStatus.NOT_ACTIVATED);
        assertThat(effective(null, RangeKind.VOID, true)).isEqualTo(UnitStatus.VOIDED);
        assertThat(effective(UnitState.VOIDED, null, true)).isEqualTo(UnitStatus.VOIDED);
    }

    @Test
    void columnsReadNullOrEmptyAsNoValue() {
        assertThat(UnitState.ofColumn(null)).isNull();
        assertThat(UnitState.ofColumn("")).isNull();
        assertThat(UnitState.ofColumn("VOIDED")).isEqualTo(UnitState.VOIDED);
        assertThat(BatchState.ofColumn("RECALLED")).isEqualTo(BatchState.RECALLED);
        assertThat(LicenceStatus.ofColumn(null)).isNull();
        assertThat(RangeKind.ofColumn("VOID")).isEqualTo(RangeKind.VOID);
    }

    @Test
    void aRevokedLicenceIsFinal() {
        for (LicenceStatus to : LicenceStatus.values()) {
            assertThat(LicenceStatus.REVOKED.mayBecome(to)).isFalse();
        }
        assertThat(LicenceStatus.EXPIRED.mayBecome(LicenceStatus.ACTIVE)).isTrue();
        assertThat(LicenceStatus.EXPIRED.mayBecome(LicenceStatus.SUSPENDED)).isFalse();
    }
}
