package org.markauth.verify.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.markauth.access.Role;
import org.markauth.config.HttpSettings;
import org.markauth.http.CorsPolicy;
import org.markauth.http.ErrorRenderer;
import org.markauth.http.RouteMetrics;
import org.markauth.http.SecurityHeaders;
import org.markauth.verify.api.VerifyHandlers;
import org.markauth.verify.catalogue.Catalogue;
import org.markauth.verify.health.Health;
import org.markauth.verify.officer.OfficerApp;
import org.markauth.verify.officer.OfficerAuth;
import org.markauth.verify.officer.OfficerHandlers;
import org.markauth.verify.worklist.WorklistHandlers;
import org.markauth.verify.page.PageHandlers;
import org.markauth.verify.report.ReportHandlers;
import org.markauth.verify.resolver.Resolver;
import org.markauth.verify.status.StatusLists;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Guards;
import org.markauth.verify.web.RateLimiter;

/**
 * The routes, read top to bottom like a table of contents (docs/api-verify.md describes each): the
 * kit's handlers in front of everything, then each feature mounts its own routes, then the errors.
 * The only class that knows every feature.
 */
public final class VerifyRouter {

    /** The features, each mounting its own routes. */
    public record Features(Health health, VerifyHandlers verify, OfficerHandlers officer, OfficerApp officerApp, PageHandlers pages,
                           ReportHandlers reports, Catalogue catalogue, StatusLists statusLists, WorklistHandlers worklist,
                           Resolver resolver, org.markauth.verify.lists.CreditLists creditLists,
                           org.markauth.verify.cases.CaseHandlers cases,
                           org.markauth.verify.notice.NoticePages notices,
                           org.markauth.verify.draws.DrawPages draws) {
    }

    private final Vertx vertx;
    private final HttpSettings http;
    private final Features features;
    private final OfficerAuth officers;
    private final RateLimiter rate;
    private final RouteMetrics metrics;
    private final ErrorRenderer errors;
    private final PrometheusMeterRegistry meters;
    private final Duration reportTimeout;

    /**
     * @param officers      the officer routes' authentication: a bearer key or the officer app's session cookie
     * @param reportTimeout the request timeout of {@code POST /report} and of the officer app's photo
     *                      uploads (a phone sending photos over a slow uplink)
     */
    public VerifyRouter(Vertx vertx, HttpSettings http, Features features, OfficerAuth officers, RateLimiter rate,
                        RouteMetrics metrics, ErrorRenderer errors, PrometheusMeterRegistry meters, Duration reportTimeout) {
        this.vertx = vertx;
        this.http = http;
        this.features = features;
        this.officers = officers;
        this.rate = rate;
        this.metrics = metrics;
        this.errors = errors;
        this.meters = meters;
        this.reportTimeout = reportTimeout;
    }

    public Router build() {
        Router r = Router.router(vertx);
        // JSON bodies are small (a batch of 100 codes of 512 characters is about 55 KiB): http.max-body,
        // 64 KiB by default; /report reads its own body, with its own limits (ReportBody)
        Guards guards = new Guards(BodyHandler.create(false).setBodyLimit(http.maxBodyBytes()), rate::handle,
                officers,
                officers.bearer().require(p -> p.has(Role.OFFICER) || p.has(Role.REGULATOR)));
        Buffer openapi = resource("/openapi.yaml");

        r.route().handler(metrics::handle);
        r.route().handler(SecurityHeaders::handle);
        Handler<RoutingContext> timeout = TimeoutHandler.create(http.requestTimeout().toMillis(), 503);
        Handler<RoutingContext> reportTimeout = TimeoutHandler.create(this.reportTimeout.toMillis(), 503);
        r.route().handler(ctx -> (isUpload(ctx) ? reportTimeout : timeout).handle(ctx));
        r.route().handler(VerifyRouter::targetDecodes);
        // the public verification JSON is open to apps on other origins; every other path is closed
        CorsPolicy.open(r, "/api/v1/verify", HttpMethod.GET, HttpMethod.POST);
        features.resolver().mountCors(r);   // the GS1 resolver's answers (not the verdict page it hands on)
        CorsPolicy.closeTheRest(r);

        features.health().mount(r);
        r.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4")
                .end(meters.scrape()));
        r.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(openapi));

        features.verify().mount(r, guards);
        features.officerApp().mount(r, guards);   // before officer(): its routes have guards of their own
        features.officer().mount(r, guards);
        features.worklist().mount(r, guards);
        features.resolver().mount(r, guards);   // /01/*: a signed mark asked for nothing else goes to the verdict page
        features.pages().mount(r, guards);
        features.notices().mount(r);   // the public notices (公示) and their objection form
        features.reports().mount(r);   // after officer(): its reads are under /api/v1/officer/, behind that auth
        features.cases().mount(r, guards);
        features.catalogue().mount(r);
        features.statusLists().mount(r, guards.rate());
        features.creditLists().mount(r, guards);
        features.draws().mount(r, guards);   // the supervision draws published (双随机一公开), read only

        r.route().failureHandler(errors::handle);
        r.errorHandler(404, errors::handle);
        r.errorHandler(405, errors::handle);
        return r;
    }

    /** The routes that take photos: a report, an officer's inspection photo. */
    private static boolean isUpload(RoutingContext ctx) {
        String path = ctx.request().path();
        return (ctx.request().method() == HttpMethod.POST && "/report".equals(path))
                || (ctx.request().method() == HttpMethod.PUT && path != null && path.startsWith("/api/v1/officer/photos/"));
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
            ctx.fail(ErrorCode.badParameter("the path is not valid percent-encoding"));
            return;
        }
        try {
            ctx.request().params();
        } catch (IllegalArgumentException e) {
            ctx.fail(ErrorCode.badParameter("the query string is not valid percent-encoding"));
            return;
        }
        ctx.next();
    }
}
