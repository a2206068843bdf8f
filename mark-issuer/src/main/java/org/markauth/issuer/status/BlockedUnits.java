package org.markauth.issuer.status;

import java.util.Map;
import java.util.Set;

/**
 * The hook through which blocked units (codes confirmed cloned, or over the clone threshold) enter
 * the status list. Blocks are decided on the verification side (the V009 blocks table of the clone
 * work: {@code clones.Blocks#blockedByBatch}, which {@code serve} hands the publisher). A source is read in
 * full on every build, which is cheap for blocks (a small fraction of all units), and the builder
 * compares it with the previous list, so neither change_log rows nor invalidations are needed.
 */
@FunctionalInterface
public interface BlockedUnits {

    /** No blocked units. */
    BlockedUnits NONE = Map::of;

    /** Every blocked unit now: batch id → serials. */
    Map<Integer, Set<Long>> byBatch();
}
