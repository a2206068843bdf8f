package org.markauth.issuer.activation;

import java.util.List;
import org.markauth.registry.RangeKind;

/**
 * How far a batch's units have come, from its range history ({@code batch_ranges}): voided (a VOID
 * range covers it: a voided unit stays voided), activated (an ACTIVATE range covers it and no VOID
 * range) and not yet activated. Units activated one by one from a list are not in the ranges.
 */
public record ActivationProgress(int quantity, int activated, int voided, int notYet) {

    public static ActivationProgress of(int quantity, List<RangeAction> ranges) {
        int voided = covered(quantity, ranges.stream().filter(r -> r.action() == RangeKind.VOID).toList());
        int any = covered(quantity, ranges);
        return new ActivationProgress(quantity, any - voided, voided, quantity - any);
    }

    /** Per cent of the batch activated, rounded down (0 for an empty batch). */
    public int activatedPercent() {
        return quantity == 0 ? 0 : (int) (100L * activated / quantity);
    }

    private static int covered(int quantity, List<RangeAction> ranges) {
        List<int[]> spans = ranges.stream().map(r -> new int[] {r.firstSeq(), r.lastSeq()}).toList();
        return quantity - Ranges.gaps(quantity, spans).stream().mapToInt(g -> g[1] - g[0] + 1).sum();
    }
}
