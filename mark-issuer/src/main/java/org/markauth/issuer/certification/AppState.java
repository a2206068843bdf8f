package org.markauth.issuer.certification;

import java.time.Duration;

/**
 * Where a certification application stands. The decision of docs/certification.md's "DECIDED"
 * is two states here: a granted application is {@link #IN_NOTICE} (its public notice runs), a
 * refused one {@link #REFUSED}. {@link #sla} is how long the office means to keep an application
 * in the state: the console shows the ones past it.
 */
public enum AppState {
    SUBMITTED(Duration.ofDays(5)),
    RETURNED(Duration.ofDays(30)),
    COMPLETENESS_CHECKED(Duration.ofDays(10)),
    UNDER_EVALUATION(Duration.ofDays(30)),
    SCORED(Duration.ofDays(10)),
    IN_NOTICE(Duration.ofDays(15)),
    REFUSED(null),
    LICENSED(null),
    /** The applicant (or the office for it) withdrew the application before the decision. */
    WITHDRAWN(null);

    private final Duration sla;

    AppState(Duration sla) {
        this.sla = sla;
    }

    /** How long the office means to keep an application in this state; null for a final state. */
    public Duration sla() {
        return sla;
    }

    public boolean isFinal() {
        return sla == null;
    }

    /**
     * Whether an application in this state is still open: not final (withdrawn, refused and licensed
     * are). The one rule for "a renewal is in progress" (the portal's "renewal filed", the reminders
     * stopping) and for the licensee's open-application places.
     */
    public boolean open() {
        return !isFinal();
    }

    /** Whether the office has decided (granted: the notice runs or ran; refused): what the applicant may see of the panel hangs on it. */
    public boolean decided() {
        return this == IN_NOTICE || this == REFUSED || this == LICENSED;
    }
}
