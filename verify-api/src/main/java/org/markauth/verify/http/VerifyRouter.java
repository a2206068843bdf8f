package org.markauth.verify.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.markauth.config.HttpSettings;
import org.markauth.verify.health.Health;
import org.markauth.verify.officer.OfficerAuth;
import org.markauth.verify.officer.OfficerHandlers;
import org.markauth.verify.page.PageHandlers;

/** The routes, read top to bottom like a table of contents; docs/api-verify.md describes each. */
public final class VerifyRouter {

    /** JSON bodies are small: a batch of 100 codes of 512 characters is about 55 KiB. */
    static final int JSON_BODY_LIMIT = 64 * 1024;

    private final Vertx vertx;
    private final HttpSettings http;
    private final VerifyHandlers verify;
    private final PageHandlers pages;
    private final OfficerAuth officerAuth;
    private final OfficerHandlers officer;
    private final RateLimiter rate;
    private final Health health;
    private final RequestMetrics metrics;
    private final ErrorRenderer errors;
    private final PrometheusMeterRegistry meters;

    public VerifyRouter(Vertx vertx, HttpSettings http, VerifyHandlers verify, PageHandlers pages, OfficerAuth officerAuth,
                        OfficerHandlers officer, RateLimiter rate, Health health, RequestMetrics metrics,
                        ErrorRenderer errors, PrometheusMeterRegistry meters) {
        this.vertx = vertx;
        this.http = http;
        this.verify = verify;
        this.pages = pages;
        this.officerAuth = officerAuth;
        this.officer = officer;
        this.rate = rate;
        this.health = health;
        this.metrics = metrics;
        this.errors = errors;
        this.meters = meters;
    }

    public Router build() {
        Router r = Router.router(vertx);
        BodyHandler json = BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT);
        FormBody form = new FormBody(http.maxBodyBytes());
        Buffer openapi = resource("/openapi.yaml");

        r.route().handler(metrics::handle);
        r.route().handler(SecurityHeaders::handle);
        r.route().handler(TimeoutHandler.create(http.requestTimeout().toMillis(), 503));
        r.route().handler(VerifyRouter::targetDecodes);

        r.get("/health/live").handler(Health::live);
        r.get("/health/ready").handler(health::ready);
        r.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4")
                .end(meters.scrape()));
        r.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(openapi));

        r.get("/api/v1/trust-list").handler(verify::trustList);
        r.get("/api/v1/verify").handler(rate::handle).handler(verify::verifyGet);
        r.post("/api/v1/verify").handler(json).handler(rate::handle).handler(verify::verifyPost);
        // bulk verification is an officer's tool (a reader at a seizure), and each scan in it is clone
        // evidence: anonymous callers could otherwise flood a genuine code into CLONE_SUSPECTED
        r.post("/api/v1/verify/batch").handler(json).handler(officerAuth::handle).handler(rate::handle)
                .handler(verify::batch);

        // bodies are read before the (asynchronous) authentication, as vertx-web requires
        r.post("/api/v1/officer/*").handler(json);
        r.route("/api/v1/officer/*").handler(officerAuth::handle);
        r.get("/api/v1/officer/record").handler(officer::byCode);
        r.get("/api/v1/officer/units/:batchId/:serial").handler(officer::unit);
        r.post("/api/v1/officer/units/:batchId/:serial/inspections").handler(officer::inspect);

        r.get("/M/:payload").handler(rate::handle).handler(pages::page);
        r.get("/m/:payload").handler(rate::handle).handler(pages::page);
        r.get("/01/*").handler(rate::handle).handler(pages::page);
        r.post("/report").handler(form).handler(rate::handle).handler(pages::report);

        r.route().failureHandler(errors::handle);
        r.errorHandler(404, errors::handle);
        r.errorHandler(405, errors::handle);
        return r;
    }

    private static Buffer resource(String name) {
        try (InputStream in = VerifyRouter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rejects a request target that does not percent-decode (a path like {@code /M/%zz}, a query
     * like {@code ?code=%zz}) once, up front, with BAD_PARAMETER, so neither route matching nor a
     * handler meets the decoder's exception later (vertx-web would log the path's as an unhandled
     * ERROR). It decodes exactly what is read later: the router's normalized path and the
     * handlers' {@code request().getParam}; vertx-web's {@code ctx.queryParams()} would wrap the
     * same failure in a 400 HttpException, which renders as BAD_BODY.
     */
    private static void targetDecodes(RoutingContext ctx) {
        try {
            ctx.normalizedPath();
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiError.badParameter("the path is not valid percent-encoding"));
            return;
        }
        try {
            ctx.request().params();
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiError.badParameter("the query string is not valid percent-encoding"));
            return;
        }
        ctx.next();
    }
}
