package org.markauth.issuer.credit;

/**
 * The kinds of event a quality-credit file holds, each with the points it counts under the grading
 * rule (docs/credit.md, "Grading rule"; {@link GradingRule}). The points are the rule's, not the
 * recorder's: a file's events are facts, the rule weighs them, and one place says how.
 *
 * <p>Some kinds are recorded only where the fact happens ({@link #derived}): a recall by the recall,
 * a suspension or revocation by the licence's status change, the blacklist by the registry's flag.
 * Recording those by hand would let the file and the registry disagree.
 */
public enum CreditKind {
    /** A sampling inspection's lab result failed a core indicator (supervision). */
    SAMPLING_FAILURE(3, false, false),
    /** A consumer complaint closed upheld (complaints). */
    COMPLAINT_UPHELD(1, false, false),
    /** A recall of one of its batches or lots (recorded by the recall itself). */
    RECALL(2, true, false),
    /** A licence of one of its products suspended (recorded by the licence change). */
    SUSPENSION(3, true, false),
    /** A licence of one of its products revoked (recorded by the licence change): grade D for 24 months. */
    REVOCATION(0, true, false),
    /** A written warning from the programme office. */
    WARNING(1, false, false),
    /**
     * A confirmed forged-mark case against its products (a counterfeit alert the office confirmed).
     * The enterprise is the victim: on file so the office sees the pattern, 0 points.
     */
    FORGED_MARKS(0, false, false),
    /** The programme's fund paid a consumer first (先行赔付) and recovers it from the enterprise. */
    COMPENSATION_PAID_FIRST(2, false, false),
    /** Put on the programme's blacklist (recorded by the registry's flag): grade D while it lasts. */
    BLACKLISTED(0, true, false),
    /** Taken off the blacklist (recorded by the registry's flag). */
    BLACKLIST_LIFTED(0, true, false),
    /** A sampling inspection passed on every core indicator: the positive fact grade A needs. */
    CLEAN_SAMPLING(0, false, true);

    private final int points;
    private final boolean derived;
    private final boolean positive;

    CreditKind(int points, boolean derived, boolean positive) {
        this.points = points;
        this.derived = derived;
        this.positive = positive;
    }

    /** The points one event of this kind counts while it lies within the rule's window. */
    public int points() {
        return points;
    }

    /** Recorded only at its source (recall, licence change, blacklist), never by hand or through the API. */
    public boolean derived() {
        return derived;
    }

    /** A good fact (a clean sampling), not a failing. */
    public boolean positive() {
        return positive;
    }
}
