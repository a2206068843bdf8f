package org.markauth.verify.trace;

import java.time.Instant;
import java.util.List;

/**
 * The consumer's short history of a unit: made, shipped, sold (and recalled or destroyed when that
 * happened), with no party named beyond the manufacturer and the retailer that sold it. Built from
 * the supply-chain events the issuer records (V004 {@code events_by_unit}). {@code packer} says the
 * item has packed others (it was the parent of an aggregation: a case or pallet), which is how the
 * page knows, without another read, that its contents are worth one.
 */
public record Timeline(List<Step> steps, boolean packer) {

    public enum Kind { MADE, SHIPPED, SOLD, RETURNED, DESTROYED }

    /**
     * One step; {@code party} is the manufacturer's name for MADE, the retailer's for SOLD, else null;
     * {@code partyEn} its registered English name, or null when none is registered.
     */
    public record Step(Kind kind, Instant at, String party, String partyEn) {

        /** The party's name for a reader of {@code english} pages: the English name where one is registered. */
        public String party(boolean english) {
            return english && partyEn != null ? partyEn : party;
        }
    }

    public static final Timeline EMPTY = new Timeline(List.of(), false);

    public Timeline {
        steps = List.copyOf(steps);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
