package org.markauth.verify.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import org.markauth.config.meters.RequestTimers;

/**
 * verify-api's route groups for the shared request meter ({@link RequestTimers}): page, verify,
 * batch, officer, report, trust-list, health, other.
 */
public final class RequestMetrics {

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
