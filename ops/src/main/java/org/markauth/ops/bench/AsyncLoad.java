package org.markauth.ops.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * A closed-loop load generator for asynchronous operations: keeps {@code concurrency} operations in
 * flight for a bounded time and records each one's latency in an HdrHistogram. Operation i gets
 * its sequence number, so a scenario can derive ids from it. Warm-up operations are not recorded.
 */
public final class AsyncLoad {
    private final int concurrency;

    public AsyncLoad(int concurrency) {
        if (concurrency < 1 || concurrency > 4096) {
            throw new IllegalArgumentException("concurrency must be between 1 and 4096, got " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /** What one measured run did. */
    public record Outcome(long completed, long failed, Duration elapsed, Histogram latencyMicros) {
        public double ratePerSecond() {
            return completed / (elapsed.toNanos() / 1e9);
        }

        public double percentileMillis(double p) {
            return latencyMicros.getValueAtPercentile(p) / 1000.0;
        }
    }

    /** Runs {@code op} for {@code warmup} unrecorded, then for {@code duration} recorded. */
    public Outcome run(Duration warmup, Duration duration, LongFunction<CompletionStage<?>> op) throws InterruptedException {
        return run(warmup, duration, () -> false, op);
    }

    /** {@link #run(Duration, Duration, LongFunction)} that ends early once {@code done} says so (a drill's schedule finished). */
    public Outcome run(Duration warmup, Duration duration, BooleanSupplier done, LongFunction<CompletionStage<?>> op)
            throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        if (!warmup.isZero()) {
            loop(warmup, op, sequence, null, done);
        }
        return loop(duration, op, sequence, new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3), done);
    }

    private Outcome loop(Duration duration, LongFunction<CompletionStage<?>> op, AtomicLong sequence, Histogram histogram,
                         BooleanSupplier done) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() < end && !done.getAsBoolean()) {
            if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            long t0 = System.nanoTime();
            op.apply(sequence.getAndIncrement()).whenComplete((r, e) -> {
                if (e == null) {
                    completed.incrementAndGet();
                    if (histogram != null) {
                        histogram.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                    }
                } else {
                    failed.incrementAndGet();
                }
                permits.release();
            });
        }
        permits.acquire(concurrency);   // drain: every started operation ends inside the measurement
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Outcome(completed.get(), failed.get(), elapsed, histogram);
    }
}
