package org.markauth.verify.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a verify-api process's {@code /metrics} (Prometheus text), read between measured
 * windows (never inside one: a scrape costs the service CPU). Figures the bench prints: verdicts by
 * code, registry lookups answered by Cassandra, scan records written.
 */
record ServiceMetrics(Map<String, Double> series) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    static ServiceMetrics scrape(int port) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        String body = HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> m = new TreeMap<>();
        body.lines().filter(l -> !l.startsWith("#")).forEach(l -> {
            Matcher x = LINE.matcher(l);
            if (x.find()) {
                try {
                    m.merge(x.group(1) + (x.group(2) == null ? "" : x.group(2)), Double.parseDouble(x.group(3)), Double::sum);
                } catch (NumberFormatException ignored) {
                    // NaN and the like: not a figure we read
                }
            }
        });
        return new ServiceMetrics(m);
    }

    /** Sum of the series named {@code name} whose labels contain every {@code label="value"} given. */
    double sum(String name, String... labels) {
        double total = 0;
        for (var e : series.entrySet()) {
            String k = e.getKey();
            if (!(k.equals(name) || k.startsWith(name + "{"))) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= k.contains(l);
            }
            if (all) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** Verdict counts (code to count) between {@code before} and this scrape, non-zero ones only. */
    Map<String, Long> verdictsSince(ServiceMetrics before) {
        Map<String, Long> out = new TreeMap<>();
        Pattern code = Pattern.compile("code=\"([A-Z_]+)\"");
        for (var e : series.entrySet()) {
            if (e.getKey().startsWith("verify_verdicts_total{")) {
                Matcher m = code.matcher(e.getKey());
                if (m.find()) {
                    long d = Math.round(e.getValue() - before.series.getOrDefault(e.getKey(), 0.0));
                    if (d != 0) {
                        out.merge(m.group(1), d, Long::sum);
                    }
                }
            }
        }
        return out;
    }

    /** Registry reads the service's cache tiers had to make of Cassandra (misses of the local and Redis tiers). */
    double cassandraLookups() {
        return lookups("cassandra");
    }

    /** Registry lookups (every kind) answered by one tier: local, redis or cassandra. */
    double lookups(String tier) {
        return sum("verify_cache_lookups_total", "tier=\"" + tier + "\"");
    }

    /** Reads of scan_summaries: codes the shared counters had nothing for (a first scan anywhere, or counters Redis lost). */
    double historyReads() {
        return sum("verify_scan_history_reads");
    }

    double scansWritten() {
        return sum("verify_scan_records_written");
    }
}
