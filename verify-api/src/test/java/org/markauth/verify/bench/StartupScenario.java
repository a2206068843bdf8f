package org.markauth.verify.bench;

import static org.markauth.verify.bench.VerifyBench.result;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.markauth.ops.bench.BenchResult;
import org.markauth.verify.bench.VerifyBench.Service;

/**
 * verify-startup: seconds from launch to the first 200 of /health/ready, the verify-api from its
 * production jar with the production options (Cassandra and Redis up), several launches each way
 * and in turn, so that a busy machine weighs on all of them alike: with the class-data archive
 * made as the deployment makes it (production's start), without it (a deployment that skipped
 * that step), and the trivial Vert.x endpoint's launch to its first answer as the baseline.
 * {@code verify.startup} is the median with the archive.
 */
final class StartupScenario {

    private final VerifyBench b;

    StartupScenario(VerifyBench b) {
        this.b = b;
    }

    void run() throws Exception {
        int runs = b.quick ? 3 : 7;
        VerifyBench.printServiceSettings();
        String archive = "-XX:SharedArchiveFile=" + b.trainClassArchive();
        double[] trivial = new double[runs];
        double[] plain = new double[runs];
        double[] cds = new double[runs];
        for (int i = 0; i < runs; i++) {
            b.startTrivial();
            trivial[i] = stop(b.trivial);
            Service p = b.startService("verify-api-nocds-" + i, List.of());
            plain[i] = stop(p.process());
            Service s = b.startService("verify-api-" + i, List.of(archive));
            cds[i] = stop(s.process());
            System.out.println("BENCH   its own account: " + steps(s.process()));
        }
        print("trivial Vert.x endpoint", trivial);
        print("verify-api, no class-data archive", plain);
        print("verify-api, class-data archive (production)", cds);
        result(BenchResult.cost("verify.startup", median(cds), median(trivial), "s"));
    }

    private double stop(BenchProcess p) throws InterruptedException {
        p.stop();
        b.started.remove(p);
        return p.startupSeconds();
    }

    /** The service's "ready in ..." line: where its start-up went, by its own clock. */
    private static String steps(BenchProcess p) {
        try {
            return Files.readAllLines(p.log(), StandardCharsets.UTF_8).stream().filter(l -> l.contains(": ready in "))
                    .map(l -> l.substring(l.indexOf(": ready in ") + 2)).findFirst().orElse("(no ready line in its log)");
        } catch (java.io.IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void print(String what, double[] s) {
        List<String> each = new ArrayList<>();
        for (double x : s) {
            each.add(String.format(Locale.ROOT, "%.2f", x));
        }
        System.out.printf(Locale.ROOT, "BENCH start-up %-44s median %.2f s  min %.2f s  (runs: %s)%n", what, median(s),
                Arrays.stream(s).min().orElse(Double.NaN), String.join(" ", each));
    }

    static double median(double[] s) {
        double[] c = s.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
