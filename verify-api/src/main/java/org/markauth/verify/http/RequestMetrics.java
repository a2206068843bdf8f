package org.markauth.verify.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * Request rate and latency histogram per endpoint group and status class, for Prometheus. Groups,
 * not raw paths: a path holds a code, and a label per code would explode the series count.
 */
public final class RequestMetrics {

    private final MeterRegistry registry;
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(x -> {
            String group = group(ctx.request().path());
            String status = (ctx.response().getStatusCode() / 100) + "xx";
            timers.computeIfAbsent(group + status, k -> Timer.builder("http_requests").tag("group", group)
                            .tag("status", status).publishPercentileHistogram().register(registry))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    static String group(String path) {
        if (path == null) {
            return "other";
        }
        if (path.startsWith("/api/v1/verify/batch")) {
            return "batch";
        }
        if (path.startsWith("/api/v1/verify")) {
            return "verify";
        }
        if (path.startsWith("/api/v1/officer")) {
            return "officer";
        }
        if (path.startsWith("/api/v1/trust-list")) {
            return "trust-list";
        }
        if (path.startsWith("/M/") || path.startsWith("/m/") || path.startsWith("/01/")) {
            return "page";
        }
        if (path.startsWith("/report")) {
            return "report";
        }
        if (path.startsWith("/health")) {
            return "health";
        }
        return "other";
    }
}
