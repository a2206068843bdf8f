package org.markauth.config.meters;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_requests_seconds} per route group and status class ({@code 2xx}, {@code 4xx}, …) with a
 * latency histogram, as every service exports it (told apart by the scrape's {@code job} label). The
 * service names the group: groups, not raw paths, since a path holds codes and ids and a label per
 * value would explode the series count.
 */
public final class RequestTimers {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public RequestTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one answered request that took {@code nanos}. */
    public void record(String group, int statusCode, long nanos) {
        String status = (statusCode / 100) + "xx";
        timers.computeIfAbsent(group + " " + status, k -> Timer.builder("http_requests").tag("group", group)
                        .tag("status", status).publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
