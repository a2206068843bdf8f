package org.markauth.sdk.trust;

/** A validly signed trust list older than (or conflicting with) the one held was offered: refused. */
public final class TrustListRollbackException extends TrustListException {
    private final long heldSequence;
    private final long offeredSequence;

    public TrustListRollbackException(long heldSequence, long offeredSequence, String why) {
        super(heldSequence == offeredSequence ? TrustListRefusal.EQUIVOCATION : TrustListRefusal.ROLLBACK,
                "trust list rollback refused: held sequence " + heldSequence + ", offered " + offeredSequence + " (" + why
                + "); keep the cached list and check the publisher");
        this.heldSequence = heldSequence;
        this.offeredSequence = offeredSequence;
    }

    public long heldSequence() {
        return heldSequence;
    }

    public long offeredSequence() {
        return offeredSequence;
    }
}
