package org.markauth.sdk.image;

import org.junit.jupiter.api.Test;
import org.markauth.sdk.image.corpus.CorpusGenerator;
import org.markauth.sdk.image.corpus.CorpusGenerator.Kind;
import org.markauth.sdk.image.corpus.CorpusGenerator.Sample;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the degraded-photo corpus and checks that at least 95% of the photos are read completely
 * (a photo with several codes counts only if every code is found, and nothing else is).
 * Prints a table per class. Timings in the table are informative only; nothing here asserts them.
 */
class PhotoCorpusAccuracyTest {

    /** 12 photos per class keeps the test near a minute here; the benchmark reads the full 216. */
    static final int SAMPLES = Integer.getInteger("markauth.corpus.samples", 108);

    @Test
    void readsAtLeast95PercentOfTheDegradedPhotoCorpus() {
        CorpusReport report = CorpusReport.run(new CorpusGenerator(CorpusGenerator.DEFAULT_SEED), SAMPLES,
                PhotoScanner.create());
        System.out.println(report.table());
        report.failures().forEach(f -> System.out.println("  not read: " + f));
        assertThat(report.accuracyPercent()).isGreaterThanOrEqualTo(95.0);
    }

    /** Per-class results of scanning a corpus; used by this test and the benchmark runner. */
    record CorpusReport(Map<Kind, int[]> perClass, Map<Kind, long[]> nanos, Map<Kind, Map<PhotoScanner.Pass, Integer>> passes,
                        List<String> failures, long generateNanos) {

        static CorpusReport run(CorpusGenerator generator, int samples, PhotoScanner scanner) {
            Map<Kind, int[]> perClass = new EnumMap<>(Kind.class);
            Map<Kind, long[]> nanos = new EnumMap<>(Kind.class);
            Map<Kind, Map<PhotoScanner.Pass, Integer>> passes = new EnumMap<>(Kind.class);
            List<String> failures = new ArrayList<>();
            long generate = 0;
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                Sample sample = generator.sample(i);
                long t1 = System.nanoTime();
                List<ScannedCode> codes = scanner.scan(sample.jpeg());
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

        int total() {
            return perClass.values().stream().mapToInt(c -> c[0]).sum();
        }

        int correct() {
            return perClass.values().stream().mapToInt(c -> c[1]).sum();
        }

        double accuracyPercent() {
            return 100.0 * correct() / total();
        }

        String table() {
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
}
