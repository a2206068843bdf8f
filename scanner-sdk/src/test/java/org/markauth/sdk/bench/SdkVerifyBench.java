package org.markauth.sdk.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link VerifyBenchmark} (one fork; per group the SDK and its baseline on one thread each,
 * concurrently) and prints the bench-harness lines:
 * {@code RESULT sdk.verify value=<ops/s> baseline=<ops/s> ratio=<r> unit=ops/s} for Ed25519 (the
 * default algorithm) and {@code sdk.verify.sm2} for SM2. {@code --quick} runs a short version.
 * Invoked by ops/bench.d/sdk-verify.sh.
 */
public final class SdkVerifyBench {
    private SdkVerifyBench() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(VerifyBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 2 : 4)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 5 : 15)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend("-Xmx256m");
        Collection<RunResult> results = new Runner(b.build()).run();
        Map<String, Double> score = new HashMap<>();
        Map<String, List<Double>> perIteration = new HashMap<>();
        for (RunResult r : results) {
            r.getSecondaryResults().forEach((label, result) -> score.put(label, result.getScore()));
            for (BenchmarkResult br : r.getBenchmarkResults()) {
                for (IterationResult ir : br.getIterationResults()) {
                    ir.getSecondaryResults().forEach((label, result) ->
                            perIteration.computeIfAbsent(label, k -> new ArrayList<>()).add(result.getScore()));
                }
            }
        }
        System.out.println("# jdk " + System.getProperty("java.version") + ", cores " + Runtime.getRuntime().availableProcessors()
                + ", mode " + (quick ? "quick" : "full")
                + ", SDK and baseline measured concurrently, one thread each");
        print("sdk.verify", score.get("sdkEd25519"), score.get("bcEd25519"),
                medianRatio(perIteration.get("sdkEd25519"), perIteration.get("bcEd25519")));
        print("sdk.verify.sm2", score.get("sdkSm2"), score.get("bcSm2"),
                medianRatio(perIteration.get("sdkSm2"), perIteration.get("bcSm2")));
    }

    /**
     * The median over measurement iterations of (SDK / baseline) within the same iteration: more
     * robust than the ratio of the means when other processes load the machine in bursts.
     */
    static double medianRatio(List<Double> sdk, List<Double> baseline) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(sdk.size(), baseline.size()); i++) {
            ratios.add(sdk.get(i) / baseline.get(i));
        }
        Collections.sort(ratios);
        int n = ratios.size();
        return n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
    }

    private static void print(String id, double value, double baseline, double ratio) {
        System.out.printf(java.util.Locale.ROOT, "RESULT %s value=%.0f baseline=%.0f ratio=%.3f unit=ops/s%n",
                id, value, baseline, ratio);
    }
}
