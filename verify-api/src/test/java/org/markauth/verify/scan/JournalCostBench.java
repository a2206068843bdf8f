package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The CPU the write-ahead journal adds to one recorded scan, measured in isolation (a measurement,
 * not a test; docs/performance.md): on a real Vert.x event loop, turns of {@code k} scans each,
 * every scan handed over as the verification path does it — with the journal ({@link
 * WriteAheadJournal#append}: the record joins the turn's lane, one write per turn, the answer's
 * continuation after it) and without (the parent commit's {@code ScanBuffer.offer} and an
 * immediate continuation). CPU is the event-loop thread's own ({@code ThreadMXBean}); the writer's
 * share (draining, the done file, deleting segments) and one {@code sync()} are measured on the
 * calling thread. Alternates the two variants and prints the median of the rounds.
 *
 * <p>Run: {@code java -cp verify-api/target/test-classes:verify-api/target/classes:<deps>
 * org.markauth.verify.scan.JournalCostBench [turns] [rounds]}.
 */
public final class JournalCostBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("journal-cost");
        try {
            for (int k : new int[] {1, 6, 32}) {
                List<Double> with = new ArrayList<>();
                List<Double> without = new ArrayList<>();
                List<Double> writer = new ArrayList<>();
                long writes = 0;
                long appended = 0;
                for (int round = 0; round <= rounds; round++) {   // round 0 warms the JIT
                    ScanBuffer buffer = new ScanBuffer(Integer.MAX_VALUE);
                    WriteAheadJournal j = new WriteAheadJournal(dir, buffer, 1000);
                    List<ScanRecord> recs = records(turns * k);
                    double w = perScan(vertx, recs, k, j, buffer);
                    long t0 = CPU.getCurrentThreadCpuTime();
                    List<ScanBuffer.Entry> e;
                    while (!(e = buffer.drain(2000)).isEmpty()) {
                        j.written(e);
                        j.sweep(false);
                    }
                    j.sweep(true);
                    double wr = (CPU.getCurrentThreadCpuTime() - t0) / 1000.0 / recs.size();
                    writes = j.writes();
                    appended = j.appended();
                    j.close();
                    ScanBuffer plain = new ScanBuffer(Integer.MAX_VALUE);
                    double o = perScan(vertx, records(turns * k), k, null, plain);
                    if (round > 0) {
                        with.add(w);
                        without.add(o);
                        writer.add(wr);
                    }
                }
                System.out.printf("RESULT journal.turn%d scans=%d writes=%d event-loop µs/scan: journal %.2f, offer only %.2f,"
                                + " journal adds %.2f; writer side (done file, sweep) %.2f µs/scan%n",
                        k, appended, writes, median(with), median(without), median(with) - median(without), median(writer));
            }
            ScanBuffer buffer = new ScanBuffer(Integer.MAX_VALUE);
            WriteAheadJournal j = new WriteAheadJournal(dir, buffer, 1000);
            perScan(vertx, records(10_000), 6, j, buffer);   // one second's worth at 10k/s
            long t0 = CPU.getCurrentThreadCpuTime();
            long n0 = System.nanoTime();
            j.sync();
            System.out.printf("RESULT journal.sync one sync after 10,000 scans: %.0f µs CPU, %.1f ms wall%n",
                    (CPU.getCurrentThreadCpuTime() - t0) / 1000.0, (System.nanoTime() - n0) / 1e6);
            j.close();
        } finally {
            vertx.close().await();
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static List<ScanRecord> records(int n) {
        List<ScanRecord> out = new ArrayList<>(n);
        byte[] hash = new byte[16];
        ThreadLocalRandom.current().nextBytes(hash);
        for (int i = 0; i < n; i++) {
            out.add(new ScanRecord(Uuids.timeBased(), 1_000_000 + i % 1000, 1_000_000L + i, "GENUINE", null,
                    "CN-44-GUANGZHOU", hash, "mobile", "zh-CN", "PAGE", true, i % 7 == 0));
        }
        return out;
    }

    /** Event-loop CPU µs per scan: {@code recs} handed over in turns of {@code k}, each turn its own event-loop task. */
    private static double perScan(Vertx vertx, List<ScanRecord> recs, int k, WriteAheadJournal j, ScanBuffer buffer) {
        Context ctx = vertx.getOrCreateContext();
        long[] cpu = new long[2];
        Promise<Void> done = Promise.promise();
        ctx.runOnContext(v -> {
            cpu[0] = CPU.getCurrentThreadCpuTime();
            turn(ctx, recs, 0, k, j, buffer, cpu, done);
        });
        done.future().await();
        return (cpu[1] - cpu[0]) / 1000.0 / recs.size();
    }

    private static void turn(Context ctx, List<ScanRecord> recs, int from, int k, WriteAheadJournal j, ScanBuffer buffer,
                             long[] cpu, Promise<Void> done) {
        if (from >= recs.size()) {
            cpu[1] = CPU.getCurrentThreadCpuTime();
            done.complete();
            return;
        }
        int to = Math.min(recs.size(), from + k);
        List<Future<Boolean>> answers = new ArrayList<>(k);
        for (int i = from; i < to; i++) {
            ScanRecord r = recs.get(i);
            answers.add(j != null ? j.append(r) : Future.succeededFuture(buffer.offer(r)));
        }
        // the next turn starts once this turn's answers are out (as a new request's read would)
        Future.all(answers).onComplete(x -> ctx.runOnContext(v -> turn(ctx, recs, to, k, j, buffer, cpu, done)));
    }

    private static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
