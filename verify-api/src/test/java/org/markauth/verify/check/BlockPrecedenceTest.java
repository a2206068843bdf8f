package org.markauth.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.registry.BlockView;
import org.markauth.verify.registry.MarkRow;

/** Where a block (CLONED) sits in the verdict precedence: after the unit's own state and recall, before the licence. */
class BlockPrecedenceTest {

    static final BlockView BLOCKED = new BlockView(42, 99, true, Instant.parse("2026-11-20T00:00:00Z"), "office-1",
            "alert confirmed", null);
    static final BlockView UNBLOCKED = new BlockView(42, 99, false, Instant.parse("2026-11-21T00:00:00Z"), "office-1",
            "display unit", null);

    static VerdictCode blocked(VerdictCode before, BlockView block) {
        return VerdictPolicy.blocked(new VerdictPolicy.Decision(before, ""), block).code();
    }

    @Test
    void aBlockedCodeIsClonedOverGenuineAndEveryLicenceState() {
        for (VerdictCode c : List.of(VerdictCode.GENUINE, VerdictCode.LICENCE_SUSPENDED, VerdictCode.LICENCE_REVOKED,
                VerdictCode.LICENCE_EXPIRED, VerdictCode.EXPIRED)) {
            assertThat(blocked(c, BLOCKED)).as(c.name()).isEqualTo(VerdictCode.CLONED);
        }
        VerdictPolicy.Decision d = VerdictPolicy.blocked(VerdictPolicy.decide(VerdictCode.SIGNATURE_VALID,
                VerdictPolicyTest.CONTENT, VerdictPolicyTest.UNIT, VerdictPolicyTest.batch("ISSUED", null, VerdictPolicyTest.ACTIVE),
                VerdictPolicyTest.product("SUSPENDED"), VerdictPolicyTest.OK, VerdictPolicyTest.NOW), BLOCKED);
        assertThat(d.code()).isEqualTo(VerdictCode.CLONED);
        assertThat(d.detail()).contains("office-1");
    }

    @Test
    void theUnitsOwnStateAndARecallStandOverTheBlock() {
        for (VerdictCode c : List.of(VerdictCode.UNKNOWN_SERIAL, VerdictCode.KEY_REVOKED, VerdictCode.VOIDED,
                VerdictCode.DECOMMISSIONED, VerdictCode.NOT_ACTIVATED, VerdictCode.RECALLED)) {
            assertThat(blocked(c, BLOCKED)).as(c.name()).isEqualTo(c);
            assertThat(VerdictPolicy.blockable(c)).as(c.name()).isFalse();
        }
        assertThat(VerdictPolicy.decide(VerdictCode.SIGNATURE_VALID, VerdictPolicyTest.CONTENT,
                new MarkRow(42, 99, 5, "VOIDED", null), VerdictPolicyTest.batch("ISSUED", null, VerdictPolicyTest.ACTIVE),
                VerdictPolicyTest.product("ACTIVE"), VerdictPolicyTest.OK, VerdictPolicyTest.NOW).code())
                .isEqualTo(VerdictCode.VOIDED);
    }

    @Test
    void anUnblockedOrNeverBlockedCodeKeepsItsVerdict() {
        assertThat(blocked(VerdictCode.GENUINE, UNBLOCKED)).isEqualTo(VerdictCode.GENUINE);
        assertThat(blocked(VerdictCode.GENUINE, null)).isEqualTo(VerdictCode.GENUINE);
    }
}
