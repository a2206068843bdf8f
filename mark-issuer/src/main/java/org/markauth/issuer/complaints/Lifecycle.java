package org.markauth.issuer.complaints;

import java.time.Instant;
import org.markauth.issuer.IssuerException;

/**
 * The state machine of a case, pure: which act is allowed from which state, and when a case is
 * overdue. Kept apart from the store so the rules are tested without Cassandra and read in one place:
 *
 * <ul>
 * <li>assign: OPEN → ASSIGNED (the office names the manufacturer and the reply deadline);</li>
 * <li>reply: ASSIGNED → REPLIED (the manufacturer only, its own case);</li>
 * <li>resolve: REPLIED → RESOLVED, or ASSIGNED → RESOLVED once the reply deadline has passed without a
 *     reply (the office need not wait for a manufacturer that does not answer: that is when
 *     compensation is paid first);</li>
 * <li>close: RESOLVED → CLOSED;</li>
 * <li>reopen: RESOLVED or CLOSED → OPEN, with a reason (the outcome is cleared; the fund's
 *     payments stay in its ledger).</li>
 * </ul>
 * A refused act is a 409 naming the state and what it needs ({@code COMPLAINT_STATE}).
 */
public final class Lifecycle {

    /** An act on a case. */
    public enum Act {
        ASSIGN, REPLY, RESOLVE, CLOSE, REOPEN
    }

    private Lifecycle() {
    }

    /** The state {@code act} moves a case in {@code from} to; refused (409) when the act does not apply. */
    public static CaseState next(CaseState from, Act act, boolean overdue) {
        CaseState to = switch (act) {
            case ASSIGN -> from == CaseState.OPEN ? CaseState.ASSIGNED : null;
            case REPLY -> from == CaseState.ASSIGNED ? CaseState.REPLIED : null;
            case RESOLVE -> from == CaseState.REPLIED || (from == CaseState.ASSIGNED && overdue) ? CaseState.RESOLVED : null;
            case CLOSE -> from == CaseState.RESOLVED ? CaseState.CLOSED : null;
            case REOPEN -> from == CaseState.RESOLVED || from == CaseState.CLOSED ? CaseState.OPEN : null;
        };
        if (to == null) {
            throw new IssuerException.Conflict("COMPLAINT_STATE", "a case in state " + from + " cannot be "
                    + verb(act) + "; " + needs(act));
        }
        return to;
    }

    /** Overdue: assigned, its reply deadline passed, no reply yet. */
    public static boolean overdue(CaseState state, Instant replyDue, Instant now) {
        return state == CaseState.ASSIGNED && replyDue != null && now.isAfter(replyDue);
    }

    private static String verb(Lifecycle.Act act) {
        return switch (act) {
            case ASSIGN -> "assigned";
            case REPLY -> "replied to";
            case RESOLVE -> "resolved";
            case CLOSE -> "closed";
            case REOPEN -> "reopened";
        };
    }

    private static String needs(Lifecycle.Act act) {
        return switch (act) {
            case ASSIGN -> "only an OPEN case is assigned (reopen a resolved or closed case first)";
            case REPLY -> "the manufacturer replies to an ASSIGNED case only, once";
            case RESOLVE -> "a case is resolved after the manufacturer's reply (REPLIED), or when ASSIGNED once its reply deadline "
                    + "has passed without one";
            case CLOSE -> "only a RESOLVED case is closed";
            case REOPEN -> "only a RESOLVED or CLOSED case is reopened";
        };
    }
}
