package org.markauth.issuer.certification;

import java.util.EnumSet;
import java.util.Set;
import org.markauth.issuer.IssuerException;

/**
 * The steps that move an application, each from the states it may start in to the one it leads to:
 * the lifecycle's state machine in one table. {@link #check} refuses a step from any other state
 * with a 409 that names the state and what the application needs instead.
 */
public enum Step {
    CHECK_COMPLETE("check its completeness", EnumSet.of(AppState.SUBMITTED), AppState.COMPLETENESS_CHECKED),
    RETURN("return it to the applicant", EnumSet.of(AppState.SUBMITTED), AppState.RETURNED),
    RESUBMIT("resubmit it", EnumSet.of(AppState.RETURNED), AppState.SUBMITTED),
    ASSIGN("assign its evaluation body and experts", EnumSet.of(AppState.COMPLETENESS_CHECKED), AppState.UNDER_EVALUATION),
    /** An expert's scores; the last assigned expert's moves the application on to SCORED. */
    SCORE("record an expert's scores", EnumSet.of(AppState.UNDER_EVALUATION), AppState.SCORED),
    GRANT("grant it", EnumSet.of(AppState.SCORED), AppState.IN_NOTICE),
    REFUSE("refuse it", EnumSet.of(AppState.SCORED), AppState.REFUSED),
    /** An objection upheld during the public notice refuses the application. */
    UPHOLD_OBJECTION("uphold an objection to it", EnumSet.of(AppState.IN_NOTICE), AppState.REFUSED),
    DISMISS_OBJECTION("dismiss an objection to it", EnumSet.of(AppState.IN_NOTICE), AppState.IN_NOTICE),
    /** A notice whose objection cap refused someone is extended (a new closing time) before the licence may be activated. */
    EXTEND_NOTICE("extend its public notice", EnumSet.of(AppState.IN_NOTICE), AppState.IN_NOTICE),
    ACTIVATE("activate its licence", EnumSet.of(AppState.IN_NOTICE), AppState.LICENSED),
    EVIDENCE("add evidence to it", EnumSet.of(AppState.SUBMITTED, AppState.RETURNED), null),
    /** The applicant withdraws it: any time before the decision. */
    WITHDRAW("withdraw it", EnumSet.of(AppState.SUBMITTED, AppState.RETURNED, AppState.COMPLETENESS_CHECKED, AppState.UNDER_EVALUATION,
            AppState.SCORED), AppState.WITHDRAWN);

    private final String doing;
    private final Set<AppState> from;
    private final AppState to;

    Step(String doing, Set<AppState> from, AppState to) {
        this.doing = doing;
        this.from = from;
        this.to = to;
    }

    /** The state the step leads to (null: the step does not move the application). */
    public AppState to() {
        return to;
    }

    public Set<AppState> from() {
        return from;
    }

    /** Whether an application in {@code state} may take this step. */
    public boolean allowedFrom(AppState state) {
        return from.contains(state);
    }

    /**
     * Refuses the step from {@code state} (409 {@code CERT_APP_STATE}) with a sentence naming the
     * application, its state and the states the step needs.
     */
    public void check(String appId, AppState state) {
        if (!allowedFrom(state)) {
            throw new IssuerException.Conflict("CERT_APP_STATE", "application " + appId + " is " + state + "; "
                    + (this == WITHDRAW || this == EVIDENCE || this == RESUBMIT ? "one may " : "the office may ") + doing + " only when it is " + String.join(" or ", from.stream().map(Enum::name).toList())
                    + (state.isFinal() ? " (" + state + " is final: file a new application)" : ""));
        }
    }
}
