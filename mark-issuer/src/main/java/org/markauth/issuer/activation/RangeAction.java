package org.markauth.issuer.activation;

import java.time.Instant;

/** One row of {@code batch_ranges}: units first..last of a batch activated or voided, by whom, when. */
public record RangeAction(Instant at, int firstSeq, int lastSeq, Action action, String actor) {

    public enum Action { ACTIVATE, VOID }

    public RangeAction {
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("a range runs from seq 1 upwards with first <= last, got " + firstSeq + ".." + lastSeq);
        }
    }
}
