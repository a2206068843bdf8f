package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.ops.bench.AsyncLoad;

/**
 * The CPU a verification costs the verify-api process with and without the write-ahead journal,
 * measured in the same run: the same warm load (a warm-up of {@code --fault-at} seconds covering every
 * code, then {@code --seconds} of closed-loop load at {@code --concurrency}) against this build's verify-api and against another build's
 * ({@code --base-classes}, its verify-api {@code target/classes}: the parent commit), alternating
 * A B B A ... for {@code --rounds}. CPU is the process's utime + stime from {@code /proc/<pid>/stat}
 * over the measured window; figures are µs of service CPU per answered verification (median of
 * the rounds). Not a pass/fail drill: it prints the figures (docs/performance.md).
 */
final class JournalCostDrill implements Scenario {

    private static final long TICK_MICROS = 1_000_000L / 100;   // USER_HZ: 100 on Linux

    private final DrillOptions options;
    private final DrillReport report;

    JournalCostDrill(DrillOptions options, DrillReport report) {
        this.options = options;
        this.report = report;
    }

    @Override
    public void run(DrillWorld world) throws Exception {
        Path base = options.baseClasses().orElseThrow(() ->
                new IllegalArgumentException("--base-classes=<another build's verify-api/target/classes> is required"));
        String own = System.getProperty("java.class.path");
        String baseCp = Arrays.stream(own.split(File.pathSeparator))
                .map(e -> e.replace('\\', '/').endsWith("verify-api/target/classes") ? base.toString() : e)
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        if (baseCp.equals(own)) {
            throw new IllegalStateException("no verify-api/target/classes entry on the classpath to replace");
        }
        world.verify.stop();   // DrillMain started one; each round starts its own
        List<Double> journal = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        List<Double> rateJ = new ArrayList<>();
        List<Double> rateB = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            boolean journalFirst = round % 2 == 1;
            for (int k = 0; k < 2; k++) {
                boolean withJournal = (k == 0) == journalFirst;
                double[] m = measure(world, withJournal ? own : baseCp, withJournal ? "journal" : "parent");
                (withJournal ? journal : without).add(m[0]);
                (withJournal ? rateJ : rateB).add(m[1]);
            }
        }
        double j = median(journal);
        double b = median(without);
        report.figure("service_us_per_verify_journal", String.format("%.1f", j));
        report.figure("service_us_per_verify_parent", String.format("%.1f", b));
        report.figure("journal_us", String.format("%+.1f", j - b));
        report.figure("journal_percent", String.format("%+.1f%%", 100 * (j - b) / b));
        report.figure("rate_journal", String.format("%.0f/s", median(rateJ)));
        report.figure("rate_parent", String.format("%.0f/s", median(rateB)));
        report.figure("rounds", journal + " vs " + without);
    }

    /** One process, warm load, one measured window: {µs CPU per verification, verifications/s}. */
    private double[] measure(DrillWorld world, String classpath, String name) throws Exception {
        world.verify.start(classpath);
        long pid = world.verify.pid();
        int concurrency = options.concurrency().orElse(32);
        LongAdder ok = new LongAdder();
        AsyncLoad load = new AsyncLoad(concurrency);
        // warm-up: every code at least once, and the JIT settled (--fault-at seconds, 15 by default)
        load.run(Duration.ZERO, Duration.ofSeconds(Math.max(options.faultAt(), world.uris.length / 1000)),
                i -> verify(world, i, new LongAdder()));
        long cpu0 = cpuTicks(pid);
        AsyncLoad.Outcome out = load.run(Duration.ZERO, Duration.ofSeconds(options.seconds()), i -> verify(world, i, ok));
        long cpu1 = cpuTicks(pid);
        String grouping = name.equals("journal") ? grouping(world) : "";
        world.verify.stop();
        double micros = (cpu1 - cpu0) * (double) TICK_MICROS / Math.max(1, ok.sum());
        double rate = ok.sum() / (out.elapsed().toNanos() / 1e9);
        say(String.format("%-8s %,d verifications in %.1f s (%.0f/s), service CPU %.2f s: %.1f µs per verification%s",
                name, ok.sum(), out.elapsed().toMillis() / 1000.0, rate, (cpu1 - cpu0) / 100.0, micros, grouping));
        return new double[] {micros, rate};
    }

    private static CompletableFuture<Object> verify(DrillWorld world, long i, LongAdder ok) {
        return world.get(world.uris[(int) (i % world.uris.length)]).map(r -> {
            if (r.status() == 200) {
                ok.increment();
            }
            return (Object) r;
        }).toCompletionStage().toCompletableFuture();
    }

    /** Records per journal write over the process's life, from its /metrics. */
    private static String grouping(DrillWorld world) {
        try {
            String metrics = world.metrics(world.verify);
            double appended = DrillWorld.gauge(metrics, "verify_scan_journal_appended");
            double writes = DrillWorld.gauge(metrics, "verify_scan_journal_writes");
            return writes > 0 ? String.format(" (journal: %.0f scans in %.0f writes, %.2f per write)", appended, writes,
                    appended / writes) : "";
        } catch (Exception e) {
            return " (journal metrics unavailable: " + e.getMessage() + ")";
        }
    }

    /** utime + stime of a process, in clock ticks. */
    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15 of the whole line
    }

    private static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
