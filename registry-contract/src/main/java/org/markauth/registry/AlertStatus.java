package org.markauth.registry;

import java.util.EnumSet;
import java.util.Set;

/**
 * A counterfeit alert's status ({@code alert_by_id.status}, the partition of {@code alerts_by_status})
 * and the moves between them, shared by both services that move alerts: the regulator's console
 * (mark-issuer) and the officer's work list (verify-api). OPEN (new) → INVESTIGATING (someone took
 * it) → CONFIRMED or DISMISSED (the regulator decides); an OPEN alert may be dismissed at once.
 * The CQL of a move is {@link AlertMove}.
 */
public enum AlertStatus {
    /** Raised by a rule, nobody works on it yet. */
    OPEN,
    /** Taken: an officer (or the regulator) is looking into it. */
    INVESTIGATING,
    /** The regulator confirmed a counterfeit (the console then blocks the unit). */
    CONFIRMED,
    /** The regulator found nothing to act on. */
    DISMISSED;

    /** The statuses an alert in this one may move to; none for a closed alert. */
    public Set<AlertStatus> next() {
        return switch (this) {
            case OPEN -> EnumSet.of(INVESTIGATING, DISMISSED);
            case INVESTIGATING -> EnumSet.of(CONFIRMED, DISMISSED);
            case CONFIRMED, DISMISSED -> EnumSet.noneOf(AlertStatus.class);
        };
    }

    public boolean mayMoveTo(AlertStatus to) {
        return next().contains(to);
    }

    /** The column's value; null for null or a value this version does not know (an old row). */
    public static AlertStatus ofColumn(String value) {
        if (value == null) {
            return null;
        }
        for (AlertStatus s : values()) {
            if (s.name().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
