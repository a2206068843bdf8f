package org.markauth.issuer.recall;

import java.time.Instant;
import java.util.List;

/**
 * What became of a recall: per batch, how many scans happened after it (every scan of a recalled
 * unit gets the RECALLED verdict, so the verify-api's RECALLED tally of the batch is exactly that
 * number) and where its units were last seen — coarse scan places and supply-chain locations.
 */
public record RecallReport(Recall recall, List<BatchOutcome> batches) {

    public record BatchOutcome(int batchId, long scansAfterRecall, List<Place> lastScanPlaces, List<Place> lastLocations) {
    }

    /** A coarse place (5-character geohash, region or EPCIS location id) and when a unit was last seen there. */
    public record Place(String place, Instant lastAt, String detail) {
    }

    public long scansAfterRecall() {
        return batches.stream().mapToLong(BatchOutcome::scansAfterRecall).sum();
    }
}
