package org.markauth.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.markauth.config.meters.RequestTimers;

/**
 * Request timers by route name ({@link RequestTimers}: {@code http_requests{group, status}}): a
 * route is named where it is declared ({@code router.get("/api/v1/verify").setName("verify")}),
 * so the metric's groups are the router's own table and never a second list of paths. The
 * router-wide {@link #handle} starts the clock; the name is taken when a named route is first
 * entered (a route's name survives its failure: a 400 on {@code verify} counts as {@code verify}).
 * A request no named route took (no route, or a route without a name) counts as {@code other}, or
 * under the name a router-wide handler gave it with {@link #fallback} (a request refused in front of
 * its route, e.g. by authentication for a whole prefix).
 */
public final class RouteMetrics {

    private static final String NAME = RouteMetrics.class.getName() + ".name";
    private static final String FALLBACK = RouteMetrics.class.getName() + ".fallback";

    private final RequestTimers timers;

    private RouteMetrics(MeterRegistry registry) {
        this.timers = new RequestTimers(registry);
    }

    public static RouteMetrics create(MeterRegistry registry) {
        return new RouteMetrics(registry);
    }

    /** The first handler of the router: times the request and records it under its route's name at the end. */
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(x -> {
            String name = ctx.get(NAME);
            String fallback = ctx.get(FALLBACK);
            timers.record(name != null ? name : fallback != null ? fallback : "other", ctx.response().getStatusCode(), System.nanoTime() - start);
        });
        ctx.next();
    }

    /**
     * Names {@code route} and makes its first handler take the name for the metric. Use it instead of
     * {@code setName} on the routes to be counted, before their other handlers.
     */
    public static Route named(Route route, String name) {
        return route.setName(name).handler(TAKE);
    }

    /**
     * The name {@code ctx} counts under if it never enters a named route: for a handler in front of
     * the routes that may end the request itself. A named route the request reaches still wins.
     */
    public static void fallback(RoutingContext ctx, String name) {
        ctx.put(FALLBACK, name);
    }

    private static final TakeName TAKE = new TakeName();

    /**
     * A platform handler, so that vertx-web lets it stand before the body, authentication and
     * authorization handlers of the route (it orders a route's handlers by kind, users' last).
     */
    private static final class TakeName implements PlatformHandler {
        @Override
        public void handle(RoutingContext ctx) {
            if (ctx.get(NAME) == null) {
                ctx.put(NAME, ctx.currentRoute().getName());
            }
            ctx.next();
        }
    }
}
