package org.markauth.http;

import java.util.function.LongSupplier;

/**
 * A bound on how much one kind of log line may write: {@code perMinute} grants in each minute
 * (a fixed window), then none until the next. The error renderer spends one per stack trace it
 * writes, so repeated faults (one client retrying a request that hits a bug, a store down) log
 * one short line each past the budget instead of fifty.
 */
public final class LogBudget {

    /** The renderer's budget of 500 stack traces a minute. */
    public static final int TRACES_PER_MINUTE = 20;

    private final int perMinute;
    private final LongSupplier nanos;
    private long window = Long.MIN_VALUE;
    private int spent;

    public LogBudget(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    /** On {@code nanos}' clock (tests). */
    LogBudget(int perMinute, LongSupplier nanos) {
        this.perMinute = perMinute;
        this.nanos = nanos;
    }

    /** Whether one more line may be written now (and counts it). */
    public synchronized boolean tryTake() {
        long minute = Math.floorDiv(nanos.getAsLong(), 60_000_000_000L);
        if (minute != window) {
            window = minute;
            spent = 0;
        }
        if (spent >= perMinute) {
            return false;
        }
        spent++;
        return true;
    }
}
