package org.markauth.sdk.image.bench;

import org.markauth.sdk.image.PhotoScanner;
import org.markauth.sdk.image.corpus.CorpusGenerator;
import org.markauth.sdk.image.corpus.CorpusReport;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code sdk-photo} bench scenario: runs {@link PhotoDecodeBenchmark} and the full
 * degraded-photo corpus, then prints the harness's RESULT lines (see PERFORMANCE.md):
 * <pre>
 * RESULT sdk.photo value=&lt;ms&gt; baseline=&lt;ms&gt; ratio=&lt;r&gt; unit=ms
 * RESULT sdk.photo.accuracy value=&lt;percent&gt; baseline=95 ratio=&lt;value/95&gt; unit=%
 * </pre>
 * {@code --quick} shortens JMH to a smoke run and reads 4 photos per class instead of 24.
 */
public final class PhotoBenchRunner {

    public static void main(String[] args) throws Exception {
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        System.out.printf(Locale.ROOT, "# sdk-photo: commit=%s jdk=%s cores=%d quick=%s%n",
                System.getProperty("markauth.commit", "unknown"), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), quick);

        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PhotoDecodeBenchmark.class.getName() + "\\.(zxingBare|zxingTryHarder|scanAndVerify)$")
                .forks(1);
        if (quick) {
            options.warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Double> ms = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            ms.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        double value = ms.get("scanAndVerify");
        double baseline = ms.get("zxingBare");
        System.out.printf(Locale.ROOT, "# zxing with TRY_HARDER: %.2f ms%n", ms.get("zxingTryHarder"));

        int samples = quick ? 36 : 216;
        CorpusReport report = CorpusReport.run(new CorpusGenerator(CorpusGenerator.DEFAULT_SEED), samples,
                PhotoScanner.create());
        System.out.print(report.table());
        report.failures().forEach(f -> System.out.println("# not read: " + f));

        System.out.printf(Locale.ROOT, "RESULT sdk.photo value=%.2f baseline=%.2f ratio=%.3f unit=ms%n",
                value, baseline, value / baseline);
        double accuracy = report.accuracyPercent();
        System.out.printf(Locale.ROOT, "RESULT sdk.photo.accuracy value=%.1f baseline=95 ratio=%.3f unit=%%%n",
                accuracy, accuracy / 95);
    }
}
