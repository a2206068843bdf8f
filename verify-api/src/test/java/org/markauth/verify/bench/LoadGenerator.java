package org.markauth.verify.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Recorder;

/**
 * A loopback HTTP load generator on its own Vert.x instance. Closed loop ({@link #closed}): N
 * requests always in flight, measuring the maximum rate. Open loop ({@link #open}): requests sent
 * on a fixed schedule, latency measured from the intended send time so a stalled server cannot
 * hide its queueing (no coordinated omission).
 */
final class LoadGenerator implements AutoCloseable {

    /** @param failures why the failed requests failed: an answer's status, else the client's error, with their counts */
    record Result(long ok, long failed, double seconds, double p50, double p99, double p999, Map<String, Long> failures) {
        Result(long ok, long failed, double seconds, double p50, double p99, double p999) {
            this(ok, failed, seconds, p50, p99, p999, Map.of());
        }

        double rate() {
            return ok / seconds;
        }
    }

    private final Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
    private final HttpClient client;
    private final int port;
    private final LongFunction<String> forwardedFor;

    LoadGenerator(int port, int connections) {
        this(port, connections, null);
    }

    /**
     * @param forwardedFor the X-Forwarded-For client address of the i-th request (null: none), so that
     *                     a service trusting the header (as production does behind its balancer) sees
     *                     many clients
     */
    LoadGenerator(int port, int connections, LongFunction<String> forwardedFor) {
        this.port = port;
        this.forwardedFor = forwardedFor;
        // the service closes a connection idle for http.idle-timeout (60 s); a client keeping idle connections as long
        // races that close and sends on a connection being closed ("Connection was closed": 1-2 requests of a
        // verify-scale run, whose generators idle while the other instance settles), so this one lets them go at 30 s
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30).setPipelining(false),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    int port() {
        return port;
    }

    /** Counts a failed request under why it failed (a status other than 200, or the client's error). */
    private static void failure(Map<String, Long> failures, AsyncResult<Integer> ar) {
        String why;
        if (ar.succeeded()) {
            why = "HTTP " + ar.result();
        } else {
            String m = String.valueOf(ar.cause().getMessage());
            why = ar.cause().getClass().getSimpleName() + ": " + (m.length() > 80 ? m.substring(0, 80) + "…" : m);
        }
        failures.merge(why, 1L, Long::sum);
    }

    private Future<Integer> get(long i, LongFunction<String> uri) {
        return client.request(HttpMethod.GET, port, "127.0.0.1", uri.apply(i))
                .compose(req -> {
                    if (forwardedFor != null) {
                        req.putHeader("X-Forwarded-For", forwardedFor.apply(i));
                    }
                    return req.send();
                })
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
    }

    /** {@code inFlight} concurrent request loops for warmup + duration; {@code uri} gives the i-th request. */
    Result closed(int inFlight, Duration warmup, Duration duration, LongFunction<String> uri) throws InterruptedException {
        Recorder rec = new Recorder(3);
        AtomicLong seq = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        CountDownLatch done = new CountDownLatch(inFlight);
        vertx.runOnContext(v -> {
            for (int i = 0; i < inFlight; i++) {
                loop(seq, uri, rec, ok, failed, failures, measureFrom, end, done);
            }
        });
        done.await(warmup.plus(duration).toSeconds() + 60, TimeUnit.SECONDS);
        var h = rec.getIntervalHistogram();
        return new Result(ok.get(), failed.get(), duration.toNanos() / 1e9, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, Map.copyOf(failures));
    }

    private void loop(AtomicLong seq, LongFunction<String> uri, Recorder rec, AtomicLong ok, AtomicLong failed,
                      Map<String, Long> failures, long measureFrom, long end, CountDownLatch done) {
        long t0 = System.nanoTime();
        if (t0 >= end) {
            done.countDown();
            return;
        }
        get(seq.getAndIncrement(), uri).onComplete(ar -> {
            long t1 = System.nanoTime();
            if (t0 >= measureFrom) {
                if (ar.succeeded() && ar.result() == 200) {
                    ok.incrementAndGet();
                    rec.recordValue(Math.max(1, (t1 - t0) / 1000));
                } else {
                    failed.incrementAndGet();
                    failure(failures, ar);
                }
            }
            loop(seq, uri, rec, ok, failed, failures, measureFrom, end, done);
        });
    }

    /** Sends each URI once, {@code inFlight} at a time (to warm the caches with every code of a request list). */
    void once(int inFlight, String[] uris) throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        CountDownLatch done = new CountDownLatch(inFlight);
        vertx.runOnContext(v -> {
            for (int i = 0; i < inFlight; i++) {
                next(seq, uris, done);
            }
        });
        done.await(30, TimeUnit.MINUTES);
    }

    private void next(AtomicLong seq, String[] uris, CountDownLatch done) {
        long i = seq.getAndIncrement();
        if (i >= uris.length) {
            done.countDown();
            return;
        }
        get(i, k -> uris[(int) k]).onComplete(ar -> next(seq, uris, done));
    }

    /** A fixed request rate (per second) for warmup + duration; latency from the scheduled send time. */
    Result open(double ratePerSecond, Duration warmup, Duration duration, LongFunction<String> uri) throws InterruptedException {
        Recorder rec = new Recorder(3);
        AtomicLong seq = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        double perNano = ratePerSecond / 1e9;
        AtomicLong sent = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicLong outstanding = new AtomicLong();
        vertx.setPeriodic(1, t -> {
            long now = System.nanoTime();
            if (now >= end) {
                vertx.cancelTimer(t);
                finished.countDown();
                return;
            }
            long due = (long) ((now - start) * perNano);
            while (sent.get() < due) {
                long n = sent.getAndIncrement();
                long intended = start + (long) (n / perNano);
                outstanding.incrementAndGet();
                get(seq.getAndIncrement(), uri).onComplete(ar -> {
                    outstanding.decrementAndGet();
                    if (intended >= measureFrom && intended < end) {
                        if (ar.succeeded() && ar.result() == 200) {
                            ok.incrementAndGet();
                            rec.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                        } else {
                            failed.incrementAndGet();
                            failure(failures, ar);
                        }
                    }
                });
            }
        });
        finished.await(warmup.plus(duration).toSeconds() + 60, TimeUnit.SECONDS);
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(10);
        }
        var h = rec.getIntervalHistogram();
        return new Result(ok.get(), failed.get(), duration.toNanos() / 1e9, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, Map.copyOf(failures));
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
