package org.markauth.http.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link HeaderBenchmark} (one fork, both methods in it) and prints
 * {@code RESULT http.headers value=<ns, optimized> baseline=<ns, strings> ratio=<baseline ÷ value> unit=ns/answer},
 * the ratio being the median over the iterations' ratios. {@code --quick} runs a short version.
 * Invoked by ops/bench.d/http-headers.sh.
 */
public final class HeaderBench {
    private HeaderBench() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean quick = List.of(args).contains("--quick");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(HeaderBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 3 : 5)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 5 : 15)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx256m")
                .build()).run();
        Map<String, Double> score = new HashMap<>();
        Map<String, List<Double>> iterations = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            score.put(name, r.getPrimaryResult().getScore());
            for (BenchmarkResult br : r.getBenchmarkResults()) {
                for (IterationResult ir : br.getIterationResults()) {
                    iterations.computeIfAbsent(name, k -> new ArrayList<>()).add(ir.getPrimaryResult().getScore());
                }
            }
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> o = iterations.get("optimized");
        List<Double> s = iterations.get("strings");
        for (int i = 0; i < Math.min(o.size(), s.size()); i++) {
            ratios.add(s.get(i) / o.get(i));
        }
        Collections.sort(ratios);
        double median = ratios.size() % 2 == 1 ? ratios.get(ratios.size() / 2)
                : (ratios.get(ratios.size() / 2 - 1) + ratios.get(ratios.size() / 2)) / 2;
        System.out.println("# jdk " + System.getProperty("java.version") + ", mode " + (quick ? "quick" : "full"));
        System.out.printf(Locale.ROOT, "RESULT http.headers value=%.1f baseline=%.1f ratio=%.3f unit=ns/answer%n",
                score.get("optimized"), score.get("strings"), median);
    }
}
