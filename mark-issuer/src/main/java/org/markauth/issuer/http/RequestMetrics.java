package org.markauth.issuer.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.markauth.config.meters.RequestTimers;

/**
 * The issuer's route groups for the shared request meter ({@link RequestTimers}: the
 * {@code http_requests_seconds} series verify-api exports too, told apart by the scrape's
 * {@code job} label).
 */
public final class RequestMetrics {

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

    private final RequestTimers timers;

    public RequestMetrics(MeterRegistry registry) {
        this.timers = new RequestTimers(registry);
    }

    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(x -> timers.record(group(ctx.request().path()), ctx.response().getStatusCode(),
                System.nanoTime() - start));
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
