package org.markauth.verify.scan;

import io.vertx.core.Future;

/**
 * The durable scan counts of one code (Cassandra), read only when Redis has no counters for it:
 * how many counted scans, from how many distinct clients, the first and the last scan.
 */
@FunctionalInterface
public interface ScanHistory {

    /** No durable counts: what Redis loses is lost. */
    ScanHistory NONE = (batchId, serial) -> Future.succeededFuture(PriorScans.NONE);

    /** The code's counts as Cassandra has them ({@link PriorScans#NONE} for a code never scanned). */
    Future<PriorScans> load(int batchId, long serial);
}
