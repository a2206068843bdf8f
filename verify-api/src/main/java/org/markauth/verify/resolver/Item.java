package org.markauth.verify.resolver;

import java.util.List;
import org.markauth.registry.RangeKind;
import org.markauth.registry.UnitState;
import org.markauth.verify.catalogue.CatalogueEntry;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.MarkRow;

/**
 * What a Digital Link names, as the registry knows it: the certified product; for a lot its batches
 * (newest first); for a serial its one batch and its marks row. Never whether a pack is genuine.
 *
 * @param unit the marks row when the link names a serial, else null
 */
record Item(DigitalLink link, CatalogueEntry product, List<BatchView> batches, MarkRow unit) {

    Item {
        batches = List.copyOf(batches);
    }

    /** Whether the link names a lot or a unit, so that there is a batch to show a recall state for. */
    boolean hasBatches() {
        return !batches.isEmpty();
    }

    /** The unit's state when it is out of use (its own override, or a VOID range over its sequence), else null. */
    UnitState outOfUse() {
        if (unit == null) {
            return null;
        }
        if (unit.state() != null) {
            return unit.state().outOfUse() ? unit.state() : null;
        }
        return batches.get(0).latestActionFor(unit.seq()).filter(a -> a == RangeKind.VOID).map(a -> UnitState.VOIDED).orElse(null);
    }
}
