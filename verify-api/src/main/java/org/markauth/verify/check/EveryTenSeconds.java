package org.markauth.verify.check;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one caller through at most every ten seconds: for a warning that a degraded dependency
 * would otherwise log once per request (its counter metric carries the full count).
 */
final class EveryTenSeconds {

    private static final long PERIOD_NANOS = 10_000_000_000L;

    private final AtomicLong last = new AtomicLong(System.nanoTime() - 2 * PERIOD_NANOS);

    /** True for the first call of each ten-second period. */
    boolean due() {
        long now = System.nanoTime();
        long before = last.get();
        return now - before > PERIOD_NANOS && last.compareAndSet(before, now);
    }
}
