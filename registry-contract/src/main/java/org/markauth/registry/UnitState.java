package org.markauth.registry;

/**
 * A unit's own state override ({@code marks.state}). A unit without one ({@code null} in the table)
 * follows its batch's ranges; see {@link UnitStatus#effective}.
 */
public enum UnitState {
    /** Activated on its own (by list), whatever the ranges say. */
    ACTIVE,
    /** Voided (by list, or printed and spoilt): never genuine again. */
    VOIDED,
    /** Taken out of circulation after use (consumed, destroyed): never genuine again. */
    DECOMMISSIONED;

    /** The column's value, or null for a null or empty column (no override). */
    public static UnitState ofColumn(String value) {
        return value == null || value.isEmpty() ? null : valueOf(value);
    }

    /** Whether this state ends the unit's life: no activation may bring it back. */
    public boolean outOfUse() {
        return this != ACTIVE;
    }
}
