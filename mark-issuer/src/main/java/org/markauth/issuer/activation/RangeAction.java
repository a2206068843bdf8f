package org.markauth.issuer.activation;

import java.time.Instant;
import org.markauth.registry.RangeKind;

/** One row of {@code batch_ranges}: units first..last of a batch activated or voided, by whom, when. */
public record RangeAction(Instant at, int firstSeq, int lastSeq, RangeKind action, String actor) {

    public RangeAction {
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("a range runs from seq 1 upwards with first <= last, got " + firstSeq + ".." + lastSeq);
        }
    }
}
