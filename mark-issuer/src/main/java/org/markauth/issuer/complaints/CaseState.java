package org.markauth.issuer.complaints;

/**
 * Where a complaint case is: OPEN (received) → ASSIGNED (to the manufacturer, with a reply
 * deadline) → REPLIED (the manufacturer answered) → RESOLVED (the office decided an outcome) →
 * CLOSED. {@link Lifecycle} says which act moves a case from which state.
 */
public enum CaseState {
    OPEN, ASSIGNED, REPLIED, RESOLVED, CLOSED;

    /** Every state but CLOSED: the console's default list. */
    public static final java.util.List<CaseState> ACTIVE = java.util.List.of(OPEN, ASSIGNED, REPLIED, RESOLVED);
}
