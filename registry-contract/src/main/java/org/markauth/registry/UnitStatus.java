package org.markauth.registry;

/**
 * A unit's effective status, as verification, the trace, the status list and the issuer all see it.
 * This is the one place the rule is written.
 *
 * <p>The unit's own override wins: VOIDED and DECOMMISSIONED are final, ACTIVE stands even inside a
 * voided range (a unit activated by list after its range was voided is in use). Without an override
 * the latest range covering the unit decides: ACTIVATE makes it ACTIVE, VOID makes it VOIDED, no range
 * leaves it NOT_ACTIVATED. An ACTIVE unit of a recalled batch is RECALLED; a recall does not revive a
 * voided or unactivated unit.
 */
public enum UnitStatus {
    ACTIVE, NOT_ACTIVATED, VOIDED, DECOMMISSIONED, RECALLED;

    /**
     * @param override       the unit's own state ({@code marks.state}), null when it has none
     * @param latestRange    the latest range action covering the unit, null when none does
     * @param batchRecalled  whether the unit's batch is RECALLED; pass false for the unit's own status
     */
    public static UnitStatus effective(UnitState override, RangeKind latestRange, boolean batchRecalled) {
        UnitStatus own;
        if (override == UnitState.VOIDED) {
            return VOIDED;
        } else if (override == UnitState.DECOMMISSIONED) {
            return DECOMMISSIONED;
        } else if (override == UnitState.ACTIVE) {
            own = ACTIVE;
        } else if (latestRange == RangeKind.VOID) {
            return VOIDED;
        } else if (latestRange == RangeKind.ACTIVATE) {
            own = ACTIVE;
        } else {
            return NOT_ACTIVATED;
        }
        return batchRecalled ? RECALLED : own;
    }
}
