package org.markauth.verify.rules;

/** The counterfeit rules; the name is the stable code stored in alerts. */
public enum Rule {
    /** More scans of one code than a genuine unit plausibly gets. */
    TOO_MANY_SCANS,
    /** Two scans too far apart for the time between them. */
    IMPOSSIBLE_TRAVEL,
    /** Scanned in a region outside the product's declared market. */
    OFF_MARKET,
    /** A code of a revoked key, or a voided/decommissioned unit, seen in the field. */
    DEAD_CODE_IN_FIELD
}
