package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.ops.bench.AsyncLoad;
import org.markauth.registry.ScanLogKey;

/**
 * Verification load on the world's genuine codes (ops/bench's {@link AsyncLoad}, closed loop; spread
 * over the verify-api instances) while
 * a drill's fault runs on its own thread, then the count of what was acknowledged and
 * what reached the scan log ({@code scan_log}: every shard of every minute of the run, counted per code).
 * With several verify-apis (two-dc) the requests alternate between them, every code reaching each,
 * and each one's answers are counted apart as well.
 */
final class LoadRun {

    /**
     * What the load saw: acknowledged scans (per code and in total), rows found, statuses; {@code failed}: requests
     * not answered 200 (5xx, any other status, no answer); per verify-api figures when the load took turns over several.
     */
    record Outcome(long acknowledged, long lost, long fiveXX, long sentDuringFault, long okDuringFault, long failed,
                   List<Instance> instances) {
        double answeredDuringFaultPercent() {
            return percent(okDuringFault, sentDuringFault);
        }

        Instance instance(String datacenter) {
            return instances.stream().filter(i -> i.datacenter().equals(datacenter)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no verify-api in datacenter " + datacenter));
        }
    }

    /** What one verify-api answered (named by its local datacenter). */
    record Instance(String datacenter, long requests, long fiveXX, long transportErrors, long sentDuringFault, long okDuringFault) {
        double answeredDuringFaultPercent() {
            return percent(okDuringFault, sentDuringFault);
        }
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    /** Per verify-api counters, indexed as world.verifies. */
    private final LongAdder[] sentTo;
    private final LongAdder[] fiveXXFrom;
    private final LongAdder[] transportErrorsFrom;
    private final LongAdder[] sentDuringFaultTo;
    private final LongAdder[] okDuringFaultFrom;

    /**
     * Where the load goes and how the services are stopped before the rows are counted, when a drill routes it
     * itself (the rolling upgrade's balancer over its instances); without one the world's verify-apis take turns.
     */
    interface Target {
        io.vertx.core.Future<DrillWorld.Reply> get(String uri);

        /** Stops every instance gracefully (drain, flush), so that nothing acknowledged is still buffered. */
        void stopGracefully() throws Exception;
    }

    private final Instant startedAt = Instant.now();
    private final DrillWorld world;
    /** The drill's own routing, or null: the world's verify-apis in turn. */
    private final Target target;
    private final DrillOptions options;
    private final DrillReport report;
    private final AtomicLongArray acked;
    private final ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder transportErrors = new LongAdder();
    private final LongAdder otherVerdicts = new LongAdder();
    private final AtomicLong totalAcked = new AtomicLong();
    private volatile long faultNanos = Long.MAX_VALUE;
    private volatile long recoverNanos = Long.MAX_VALUE;
    private final LongAdder sentDuringFault = new LongAdder();
    private final LongAdder okDuringFault = new LongAdder();
    /** Acknowledged genuine scans per 10 ms since the load started: how many fell just before a kill. */
    private final AtomicLongArray ackTimeline = new AtomicLongArray(100 * 900);
    private long loadStart;

    LoadRun(DrillWorld world, DrillOptions options, DrillReport report) {
        this(world, options, report, null);
    }

    LoadRun(DrillWorld world, DrillOptions options, DrillReport report, Target target) {
        this.world = world;
        this.target = target;
        this.options = options;
        this.report = report;
        this.acked = new AtomicLongArray(world.uris.length);
        int n = world.verifies.size();
        this.sentTo = adders(n);
        this.fiveXXFrom = adders(n);
        this.transportErrorsFrom = adders(n);
        this.sentDuringFaultTo = adders(n);
        this.okDuringFaultFrom = adders(n);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    long acknowledgedSoFar() {
        return totalAcked.get();
    }

    private volatile boolean ended;

    /** Ends the load before --seconds (a schedule whose length the machine decides: the rolling upgrade's). */
    void endLoad() {
        ended = true;
    }

    /** Marks the start of the fault (now). */
    void faultStarts() {
        faultNanos = System.nanoTime();
    }

    /** Marks the end of the fault (now). */
    void recoveryStarts() {
        recoverNanos = System.nanoTime();
    }

    /** Sleeps until {@code secondsIntoLoad} after the load started. */
    void sleepUntil(int secondsIntoLoad) throws InterruptedException {
        long left = loadStart + secondsIntoLoad * 1_000_000_000L - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
    }

    boolean before(int secondsIntoLoad) {
        return System.nanoTime() < loadStart + secondsIntoLoad * 1_000_000_000L;
    }

    private CompletableFuture<Object> verifyOnce(long i) {
        int m = (int) (i % world.uris.length);
        // each pass over the codes starts on the next instance, so that every code reaches each of them
        int v = (int) ((i + i / world.uris.length) % world.verifies.size());
        long t = System.nanoTime();
        boolean inFault = t >= faultNanos && t < recoverNanos;
        sentTo[v].increment();
        if (inFault) {
            sentDuringFault.increment();
            sentDuringFaultTo[v].increment();
        }
        Promise<Object> p = Promise.promise();
        // bounded: a request queued for a pooled connection to a killed server must not hold a permit forever
        (target != null ? target.get(world.uris[m]) : world.get(world.verifies.get(v), world.uris[m]))
                .timeout(30, TimeUnit.SECONDS).onComplete(ar -> {
            if (ar.failed()) {
                transportErrors.increment();
                transportErrorsFrom[v].increment();
                if (transportErrors.sum() <= 5) {   // the first few say what failed (the figures only count)
                    say("transport error from " + world.verifies.get(v).name() + ", sent " + (t - loadStart) / 1_000_000
                            + " ms into the load (" + world.uris[m] + "): " + ar.cause());
                }
                world.vertx.setTimer(20, x -> p.complete());   // a refused connection must not spin the loop
                return;
            }
            DrillWorld.Reply r = ar.result();
            statuses.computeIfAbsent(r.status(), k -> new LongAdder()).increment();
            if (r.status() >= 500) {
                fiveXXFrom[v].increment();
            }
            if (r.status() == 200) {
                String code = new JsonObject(r.body()).getString("code");
                // every code here is signed and issued: any verdict but UNKNOWN_SERIAL found the unit,
                // so the verify-api recorded a scan row for it (VerificationService.record)
                if (code != null && !"UNKNOWN_SERIAL".equals(code)) {
                    acked.incrementAndGet(m);
                    totalAcked.incrementAndGet();
                    int slot = (int) ((System.nanoTime() - loadStart) / 10_000_000L);
                    if (slot >= 0 && slot < ackTimeline.length()) {
                        ackTimeline.incrementAndGet(slot);
                    }
                    if (inFault) {
                        okDuringFault.increment();
                        okDuringFaultFrom[v].increment();
                    }
                } else {
                    otherVerdicts.increment();
                }
            }
            p.complete();
        });
        return p.future().toCompletionStage().toCompletableFuture();
    }

    /**
     * What each verify-api says it answered (its {@code http_requests} timers, health and metrics aside),
     * to set beside the client's statuses when requests went unanswered: the server counts a request
     * when its response ended or its connection closed.
     */
    private void serverSideCounts() {
        for (VerifyProcess v : world.verifies) {
            try {
                String metrics = world.metrics(v);
                Map<String, Long> byStatus = new TreeMap<>();
                for (String line : metrics.split("\n")) {
                    if (line.startsWith("http_requests_seconds_count{") && !line.contains("group=\"health\"")
                            && !line.contains("group=\"metrics\"")) {
                        String status = line.replaceAll(".*status=\"([^\"]+)\".*", "$1");
                        long n = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        byStatus.merge(status, n, Long::sum);
                    }
                }
                say(v.name() + " counted as answered (its http_requests timers): " + byStatus);
            } catch (Exception e) {
                say(v.name() + ": /metrics not read: " + e);
            }
        }
    }

    /** Warms the caches, runs the load with {@code drill}'s fault on its own thread, settles and counts. */
    Outcome run(LoadDrill.Fault fault) throws Exception {
        int seconds = options.seconds();
        int concurrency = options.concurrency().orElse(16);
        // warm the cache tiers of every verify-api with every code once (a real site's popular codes are warm)
        Semaphore warming = new Semaphore(concurrency);
        for (int i = 0; i < world.uris.length * world.verifies.size(); i++) {
            warming.acquire();
            verifyOnce(i).whenComplete((x, e) -> warming.release());
        }
        warming.acquire(concurrency);
        say("caches warm (" + totalAcked.get() + " warm-up scans acknowledged); load: " + concurrency
                + " in flight for " + seconds + " s, fault at " + options.faultAt() + " s, recovery at " + options.recoverAt() + " s");
        Thread faults = new Thread(() -> {
            try {
                fault.run(this);
            } catch (Exception e) {
                report.fail("fault timeline: " + e);
                e.printStackTrace();
            }
        }, "drill-faults");
        loadStart = System.nanoTime();
        faults.start();
        AsyncLoad.Outcome out = new AsyncLoad(concurrency).run(Duration.ZERO, Duration.ofSeconds(seconds), () -> ended, this::verifyOnce);
        faults.join();
        long requests = out.completed() + out.failed();
        double secs = out.elapsed().toMillis() / 1000.0;
        say(String.format("load done: %d requests in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms", requests, secs,
                requests / secs, out.percentileMillis(50), out.percentileMillis(99)));
        report.figure("requests", requests);
        report.figure("rate", String.format("%.0f/s", requests / secs));
        report.figure("p99_ms", String.format("%.1f", out.percentileMillis(99)));
        long ok = statuses.getOrDefault(200, new LongAdder()).sum();
        long fivexx = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().sum()).sum();
        report.figure("http200", ok);
        report.figure("http5xx", fivexx);
        report.figure("transport_errors", transportErrors.sum());
        say("statuses " + statuses + ", transport errors " + transportErrors.sum() + ", other verdicts " + otherVerdicts.sum());
        if (transportErrors.sum() > 0) {
            serverSideCounts();
        }
        if (sentDuringFault.sum() > 0) {
            report.figure("answered_during_fault", String.format("%.2f%%", 100.0 * okDuringFault.sum() / sentDuringFault.sum()));
        }
        List<Instance> instances = new ArrayList<>();
        for (int v = 0; v < world.verifies.size(); v++) {
            Instance in = new Instance(world.verifies.get(v).datacenter(), sentTo[v].sum(), fiveXXFrom[v].sum(),
                    transportErrorsFrom[v].sum(), sentDuringFaultTo[v].sum(), okDuringFaultFrom[v].sum());
            instances.add(in);
            if (world.verifies.size() > 1) {
                String dc = in.datacenter();
                report.figure(dc + "_requests", in.requests());
                report.figure(dc + "_http5xx", in.fiveXX());
                report.figure(dc + "_transport_errors", in.transportErrors());
                report.figure(dc + "_answered_during_fault", String.format("%.2f%%", in.answeredDuringFaultPercent()));
            }
        }

        // every acknowledged scan must reach scan_log (after a spill, once it is replayed); then a
        // graceful stop, so that nothing acknowledged is still in the buffer when the rows are counted
        long acks = totalAcked.get();
        report.figure("scans_acked", acks);
        settle(acks);
        if (target != null) {
            target.stopGracefully();
        } else {
            world.stopVerifies();
        }
        long[] rows = countRows(world.session);
        long lost = 0;
        long extra = 0;
        for (int m = 0; m < world.uris.length; m++) {
            long d = acked.get(m) - rows[m];
            if (d > 0) {
                lost += d;
            } else {
                extra -= d;
            }
        }
        long total = Arrays.stream(rows).sum();
        report.figure("scan_rows", total);
        report.figure("scans_lost", lost);
        report.figure("rows_unacked", extra);
        say("scans acknowledged " + acks + ", rows in scan_log " + total + ", lost " + lost
                + ", rows without an acknowledgement (answer never received) " + extra);
        return new Outcome(acks, lost, fivexx, sentDuringFault.sum(), okDuringFault.sum(),
                transportErrors.sum() + statuses.entrySet().stream().filter(e -> e.getKey() != 200).mapToLong(e -> e.getValue().sum()).sum(),
                List.copyOf(instances));
    }

    /** Acknowledged scans in the {@code millis} before the fault began. */
    long acksBeforeFault(int millis) {
        if (faultNanos == Long.MAX_VALUE) {
            return 0;
        }
        int end = (int) ((faultNanos - loadStart) / 10_000_000L);
        long n = 0;
        for (int s = Math.max(0, end - millis / 10); s <= end && s < ackTimeline.length(); s++) {
            n += ackTimeline.get(s);
        }
        return n;
    }

    /**
     * The world's codes' rows in the scan log as {@code session} reads them at LOCAL_QUORUM (in its
     * datacenter): every row of every shard of each minute since the run began (a minute of margin
     * either side), counted per serial.
     */
    long[] countRows(CqlSession session) {
        PreparedStatement q = session.prepare("SELECT batch_id, serial FROM scan_log WHERE minute = ? AND shard = ?");
        Map<Long, Integer> index = new HashMap<>();
        for (int m = 0; m < world.serials.length; m++) {
            index.put(world.serials[m], m);
        }
        long[] rows = new long[world.uris.length];
        Instant to = ScanLogKey.minute(Instant.now()).plus(Duration.ofMinutes(1));
        for (Instant minute = ScanLogKey.minute(startedAt).minus(Duration.ofMinutes(1)); !minute.isAfter(to);
                minute = minute.plus(Duration.ofMinutes(1))) {
            for (short shard = 0; shard < ScanLogKey.SHARDS; shard++) {
                for (Row r : session.execute(q.bind(minute, shard).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setTimeout(Duration.ofSeconds(20)))) {
                    Integer m = r.getInt("batch_id") == world.batch ? index.get(r.getByteBuffer("serial").getLong(0)) : null;
                    if (m != null) {
                        rows[m]++;
                    }
                }
            }
        }
        return rows;
    }

    /** Waits until the rows cover the acknowledgements (spill replayed) or stop growing for 20 s. */
    private void settle(long acks) throws InterruptedException {
        long deadline = System.currentTimeMillis() + options.settleSeconds() * 1000L;
        long last = -1;
        long stableSince = System.currentTimeMillis();
        while (true) {
            long total;
            try {
                total = Arrays.stream(countRows(world.session)).sum();
            } catch (RuntimeException e) {
                say("counting rows failed (" + e.getMessage() + "); retrying");
                Thread.sleep(2000);
                continue;
            }
            if (total >= acks || System.currentTimeMillis() > deadline) {
                return;
            }
            if (total != last) {
                last = total;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince > 20_000) {
                return;
            }
            say("waiting for scan records to reach Cassandra: " + total + " rows of " + acks + " acknowledged");
            Thread.sleep(2000);
        }
    }
}
