package org.markauth.sdk.image.corpus;

import org.markauth.sdk.image.PhotoScanner;
import org.markauth.sdk.image.ScannedCode;
import org.markauth.sdk.image.corpus.CorpusGenerator.Kind;
import org.markauth.sdk.image.corpus.CorpusGenerator.Sample;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-class results of scanning a generated corpus: a photo counts as read only if the set of texts
 * found equals the set placed in it. Used by the accuracy test and the benchmark runner.
 */
public record CorpusReport(Map<Kind, int[]> perClass, Map<Kind, long[]> nanos, Map<Kind, Map<PhotoScanner.Pass, Integer>> passes,
                    List<String> failures, long generateNanos) {

    public static CorpusReport run(CorpusGenerator generator, int samples, PhotoScanner scanner) {
        return run(generator, samples, (java.util.function.Function<byte[], List<ScannedCode>>) scanner::scan);
    }

    /** As above with any reading step (a scan followed by checks of what it read). */
    public static CorpusReport run(CorpusGenerator generator, int samples, java.util.function.Function<byte[], List<ScannedCode>> scanner) {
        Map<Kind, int[]> perClass = new EnumMap<>(Kind.class);
        Map<Kind, long[]> nanos = new EnumMap<>(Kind.class);
        Map<Kind, Map<PhotoScanner.Pass, Integer>> passes = new EnumMap<>(Kind.class);
        List<String> failures = new ArrayList<>();
        long generate = 0;
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            Sample sample = generator.sample(i);
            long t1 = System.nanoTime();
            List<ScannedCode> codes = scanner.apply(sample.jpeg());
            long t2 = System.nanoTime();
            generate += t1 - t0;
            Set<String> found = new HashSet<>();
            codes.forEach(c -> found.add(c.text()));
            boolean ok = found.equals(new HashSet<>(sample.expected()));
            int[] counts = perClass.computeIfAbsent(sample.kind(), k -> new int[2]);
            counts[0]++;
            counts[1] += ok ? 1 : 0;
            nanos.computeIfAbsent(sample.kind(), k -> new long[1])[0] += t2 - t1;
            Map<PhotoScanner.Pass, Integer> used = passes.computeIfAbsent(sample.kind(), k -> new EnumMap<>(PhotoScanner.Pass.class));
            codes.forEach(c -> used.merge(c.pass(), 1, Integer::sum));
            if (!ok) {
                failures.add(sample.name() + " found " + found.size() + "/" + sample.expected().size() + " " + sample.params());
            }
        }
        return new CorpusReport(perClass, nanos, passes, failures, generate);
    }

    public int total() {
        return perClass.values().stream().mapToInt(c -> c[0]).sum();
    }

    public int correct() {
        return perClass.values().stream().mapToInt(c -> c[1]).sum();
    }

    public double accuracyPercent() {
        return 100.0 * correct() / total();
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| class | photos | read | accuracy | mean scan ms | passes that read codes |%n"));
        sb.append("|---|---:|---:|---:|---:|---|\n");
        long allNanos = 0;
        for (Map.Entry<Kind, int[]> e : perClass.entrySet()) {
            int[] c = e.getValue();
            long n = nanos.get(e.getKey())[0];
            allNanos += n;
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f%% | %.1f | %s |%n",
                    e.getKey().name().toLowerCase(Locale.ROOT), c[0], c[1], 100.0 * c[1] / c[0],
                    n / 1e6 / c[0], passes.get(e.getKey())));
        }
        sb.append(String.format(Locale.ROOT, "| **all** | %d | %d | **%.1f%%** | %.1f | |%n",
                total(), correct(), accuracyPercent(), allNanos / 1e6 / total()));
        sb.append(String.format(Locale.ROOT, "(generating the corpus took %.1f s)%n", generateNanos / 1e9));
        return sb.toString();
    }
}
