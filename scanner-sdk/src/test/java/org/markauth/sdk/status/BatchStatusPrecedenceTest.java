package org.markauth.sdk.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The status list answers a unit as the online verdict does: its own record and a recall before a block. */
class BatchStatusPrecedenceTest {

    @Test
    void aBlockedUnitOfARecalledBatchIsRecalled_asOnline() {
        BatchStatus recalled = new BatchStatus(7, 42, 1000, true, new long[] {1}, new long[] {2}, new long[] {3});
        assertThat(recalled.stateOf(1)).isEqualTo(BatchStatus.UnitState.VOIDED);
        assertThat(recalled.stateOf(2)).isEqualTo(BatchStatus.UnitState.DECOMMISSIONED);
        assertThat(recalled.stateOf(3)).isEqualTo(BatchStatus.UnitState.RECALLED);
        assertThat(recalled.stateOf(4)).isEqualTo(BatchStatus.UnitState.RECALLED);

        BatchStatus plain = new BatchStatus(7, 42, 1001, false, new long[0], new long[0], new long[] {3});
        assertThat(plain.stateOf(3)).isEqualTo(BatchStatus.UnitState.BLOCKED);
        assertThat(plain.stateOf(4)).isNull();
    }
}
