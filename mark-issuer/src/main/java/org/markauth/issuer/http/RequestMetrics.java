package org.markauth.issuer.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Request rate and latency histogram of the issuer's HTTP API per route group and status class,
 * exported as {@code http_requests_seconds_{bucket,count,sum,max}{group,status}} — the series
 * verify-api exports, told apart by the scrape's {@code job} label. Groups, not raw paths: paths
 * hold batch ids and codes, and a label per id would explode the series count.
 */
final class RequestMetrics {

    /** First match wins: the more specific batch routes before the batch prefix. */
    private static final List<Map.Entry<Pattern, String>> GROUPS = List.of(
            Map.entry(Pattern.compile("^/api/v1/batches/[^/]+/print/"), "print"),
            Map.entry(Pattern.compile("^/api/v1/batches/[^/]+/(activations|voids)$"), "activation"),
            Map.entry(Pattern.compile("^/api/v1/batches"), "batches"),
            Map.entry(Pattern.compile("^/api/v1/(licensees|products)"), "registry"),
            Map.entry(Pattern.compile("^/api/v1/(epcis|trace)"), "trace"),
            Map.entry(Pattern.compile("^/api/v1/recalls"), "recalls"),
            Map.entry(Pattern.compile("^/api/v1/keys"), "keys"),
            Map.entry(Pattern.compile("^/api/v1/trust-(list|root)$"), "trust-list"),
            Map.entry(Pattern.compile("^/api/v1/credentials"), "credentials"),
            Map.entry(Pattern.compile("^/api/v1/audit"), "audit"),
            Map.entry(Pattern.compile("^/console"), "console"),
            Map.entry(Pattern.compile("^/health$"), "health"),
            Map.entry(Pattern.compile("^/metrics$"), "metrics"),
            Map.entry(Pattern.compile("^/openapi\\.yaml$"), "openapi"));

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(x -> {
            String group = group(ctx.request().path());
            String status = (ctx.response().getStatusCode() / 100) + "xx";
            timers.computeIfAbsent(group + " " + status, k -> Timer.builder("http_requests").tag("group", group)
                            .tag("status", status).publishPercentileHistogram().register(registry))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    static String group(String path) {
        if (path != null) {
            for (Map.Entry<Pattern, String> g : GROUPS) {
                if (g.getKey().matcher(path).find()) {
                    return g.getValue();
                }
            }
        }
        return "other";
    }
}
