package org.markauth.issuer.complaints;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-based ids for a case's steps and the fund's ledger lines, taken from the service's clock
 * (so a step says when it happened by the clock the workflow runs on) and strictly increasing per
 * instance: two steps in one millisecond (a resolution and its payment, or any two under a clock
 * that stands still) keep the order they were taken in. The 100-ns units of a version-1 UUID below
 * the millisecond carry the order; a burst of more than 10,000 ids in one millisecond runs ahead
 * of the clock by the excess, never backwards.
 */
final class StepIds {

    private final AtomicLong last = new AtomicLong();

    /** The next id at or after {@code at}. */
    UUID next(Instant at) {
        long floor = Uuids.startOf(at.toEpochMilli()).timestamp();
        long t = last.accumulateAndGet(floor, (prev, f) -> Math.max(prev + 1, f));
        long msb = ((t & 0xFFFF_FFFFL) << 32) | (((t >>> 32) & 0xFFFFL) << 16) | 0x1000L | ((t >>> 48) & 0x0FFFL);
        return new UUID(msb, Uuids.timeBased().getLeastSignificantBits());
    }
}
