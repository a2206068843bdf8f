package org.markauth.sdk.image.corpus;

import org.markauth.sdk.image.PhotoScanner;
import org.markauth.sdk.image.PhotoScanner.Pass;
import org.markauth.sdk.image.ScannedCode;
import org.markauth.sdk.image.corpus.CorpusGenerator.Kind;
import org.markauth.sdk.image.corpus.CorpusGenerator.Sample;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures which retry each corpus class needs: reads the corpus with the fast path alone, then
 * with the fast path plus one retry at a time, then with the default ladder, and prints a table
 * of photos read per class. This is how {@code PhotoScanner.Options.DEFAULT_RETRIES} was chosen.
 * With {@code --leave-one-out} it instead reads the corpus with the default ladder minus one step
 * at a time, which shows what each step adds on top of the others.
 * Run: {@code LadderStudy [samples] [seed] [--leave-one-out]}.
 */
public final class LadderStudy {

    public static void main(String[] args) {
        List<String> numbers = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        int samples = numbers.size() > 0 ? Integer.parseInt(numbers.get(0)) : 216;
        long seed = numbers.size() > 1 ? Long.parseLong(numbers.get(1)) : CorpusGenerator.DEFAULT_SEED;
        CorpusGenerator generator = new CorpusGenerator(seed);
        List<Sample> corpus = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            corpus.add(generator.sample(i));
        }
        PhotoScanner.Options defaults = PhotoScanner.Options.defaults();
        Map<String, PhotoScanner> configs = new java.util.LinkedHashMap<>();
        configs.put("fast path only", PhotoScanner.create(defaults.withRetries(List.of())));
        for (Pass pass : Pass.values()) {
            if (pass != Pass.HYBRID) {
                configs.put("+ " + pass, PhotoScanner.create(defaults.withRetries(List.of(pass))));
            }
        }
        configs.put("default ladder", PhotoScanner.create(defaults));
        if (java.util.Arrays.asList(args).contains("--leave-one-out")) {
            configs.clear();
            configs.put("default ladder", PhotoScanner.create(defaults));
            for (Pass pass : defaults.retries()) {
                List<Pass> without = new ArrayList<>(defaults.retries());
                without.remove(pass);
                configs.put("default without " + pass, PhotoScanner.create(defaults.withRetries(without)));
            }
        }
        if (!configs.containsKey("default without " + Pass.INVERTED)) {
            configs.put("all passes", PhotoScanner.create(defaults.withRetries(
                    List.of(Pass.values()).subList(1, Pass.values().length))));
        }

        StringBuilder header = new StringBuilder("| configuration |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Kind kind : Kind.values()) {
            header.append(' ').append(kind.name().toLowerCase(Locale.ROOT)).append(" |");
            rule.append("---:|");
        }
        System.out.println(header.append(" all | mean ms |"));
        System.out.println(rule.append("---:|---:|"));
        for (Map.Entry<String, PhotoScanner> config : configs.entrySet()) {
            Map<Kind, int[]> read = new EnumMap<>(Kind.class);
            long nanos = 0;
            int total = 0;
            for (Sample sample : corpus) {
                long t0 = System.nanoTime();
                List<ScannedCode> codes = config.getValue().scan(sample.jpeg());
                nanos += System.nanoTime() - t0;
                HashSet<String> texts = new HashSet<>();
                codes.forEach(c -> texts.add(c.text()));
                boolean ok = texts.equals(new HashSet<>(sample.expected()));
                int[] c = read.computeIfAbsent(sample.kind(), k -> new int[2]);
                c[0]++;
                c[1] += ok ? 1 : 0;
                total += ok ? 1 : 0;
            }
            StringBuilder row = new StringBuilder("| " + config.getKey() + " |");
            for (Kind kind : Kind.values()) {
                int[] c = read.getOrDefault(kind, new int[2]);
                row.append(' ').append(c[1]).append('/').append(c[0]).append(" |");
            }
            System.out.println(row.append(String.format(Locale.ROOT, " %.1f%% | %.1f |",
                    100.0 * total / corpus.size(), nanos / 1e6 / corpus.size())));
        }
    }
}
