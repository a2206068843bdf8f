package org.markauth.issuer.activation;

import java.util.ArrayList;
import java.util.List;

/** Interval arithmetic over sequence numbers, for the expiry of never-activated units. */
final class Ranges {

    private Ranges() {
    }

    /** The parts of 1..quantity not covered by any of {@code covered} (each int[]{first, last}), in order. */
    static List<int[]> gaps(int quantity, List<int[]> covered) {
        List<int[]> sorted = new ArrayList<>(covered);
        sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> out = new ArrayList<>();
        long next = 1;
        for (int[] r : sorted) {
            if (r[0] > next) {
                out.add(new int[] {(int) next, Math.min(r[0] - 1, quantity)});
            }
            next = Math.max(next, (long) r[1] + 1);
            if (next > quantity) {
                break;
            }
        }
        if (next <= quantity) {
            out.add(new int[] {(int) next, quantity});
        }
        out.removeIf(g -> g[0] > g[1]);
        return out;
    }
}
