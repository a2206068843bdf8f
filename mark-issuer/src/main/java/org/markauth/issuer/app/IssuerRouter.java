package org.markauth.issuer.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.markauth.config.ConnectionSettings;
import org.markauth.config.HttpSettings;
import org.markauth.http.CorsPolicy;
import org.markauth.http.ErrorRenderer;
import org.markauth.http.HttpEdge;
import org.markauth.http.SecurityHeaders;
import org.markauth.http.RouteMetrics;
import org.markauth.issuer.activation.ActivationRoutes;
import org.markauth.issuer.audit.AuditRoutes;
import org.markauth.issuer.auth.ApiAuthentication;
import org.markauth.issuer.auth.CallerRateLimit;
import org.markauth.issuer.batch.BatchRoutes;
import org.markauth.issuer.clones.ClonesApi;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.ConsolePages;
import org.markauth.issuer.console.RedisSessions;
import org.markauth.issuer.http.Bodies;
import org.markauth.issuer.http.Errors;
import org.markauth.issuer.http.Refusal;
import org.markauth.issuer.keys.CredentialRoutes;
import org.markauth.issuer.keys.OfficerAreaRoutes;
import org.markauth.issuer.keys.KeyRoutes;
import org.markauth.issuer.notify.WebhookRoutes;
import org.markauth.issuer.print.PrintRoutes;
import org.markauth.issuer.recall.RecallRequestRoutes;
import org.markauth.issuer.recall.RecallRoutes;
import org.markauth.issuer.portal.Portal;
import org.markauth.issuer.registry.RegistryRoutes;
import org.markauth.issuer.station.StationAppFiles;
import org.markauth.issuer.trace.TraceApi;

/**
 * The issuer's HTTP server, read top to bottom as its table of contents: request metrics (by route
 * name: each route is named where it is declared, {@code RouteMetrics.named}), the kit's security
 * headers, a request target that decodes, every CORS preflight refused, the timeout (not for print
 * files, which stream for minutes), the open routes (no body), bearer authentication and the route's
 * role of {@code /api/v1/*}, the per-key rate limit, then the body within the route's limit
 * ({@link Bodies}), each feature's routes, and the kit's one error renderer ({@link Errors}). It
 * listens on the kit's {@link HttpEdge} (strict framing, idle and read timeouts); {@code /metrics}
 * has a server of its own ({@link #listenMetrics}). The features' route classes come from {@link #api} (the JSON API)
 * or {@link #full} (what {@code issuer serve} serves: also traceability, clones and the console).
 */
public final class IssuerRouter {

    private final Vertx vertx;
    private final HttpSettings http;
    private final PrometheusMeterRegistry meters;
    private final ApiAuthentication authentication;
    private final List<Consumer<Router>> open = new ArrayList<>();
    private final List<Consumer<Router>> features = new ArrayList<>();
    private CallerRateLimit rateLimit;
    /** Set when the process is stopping: {@code /health} answers 503 DRAINING from then on ({@link #stop}). */
    private volatile boolean draining;
    /** The upload folder of the router last built (owner-only, per instance). */
    private volatile java.nio.file.Path uploadsDirectory;

    public IssuerRouter(Vertx vertx, HttpSettings http, PrometheusMeterRegistry meters, ApiAuthentication authentication) {
        this.vertx = vertx;
        this.http = http;
        this.meters = meters;
        this.authentication = authentication;
    }

    /** The JSON API over {@code s}: registry, batches, activation, print files, keys, credentials, audit. */
    public static IssuerRouter api(Vertx vertx, IssuerServices s, HttpSettings http) {
        return new IssuerRouter(vertx, http, of(s, x -> x.meters), new ApiAuthentication(of(s, x -> x.apiKeys))).mountApi(s);
    }

    /** Mounts the JSON API's features over {@code s} (null: the route table only, as {@link #api} explains). */
    public IssuerRouter mountApi(IssuerServices s) {
        return mountApi(s, id -> Future.succeededFuture());
    }

    /** As above; {@code revoked} ends what else lives on a credential revoked through the API (the console's sessions). */
    private IssuerRouter mountApi(IssuerServices s, Function<String, Future<?>> revoked) {
        KeyRoutes keys = new KeyRoutes(of(s, x -> x.keys));
        return mountOpen(keys::mountPublic)
                .mountOpen(new StationAppFiles(IssuerRouter.class.getClassLoader(), StationAppFiles.ROOT)::mount)
                .mount(new RegistryRoutes(of(s, x -> x.registry))::mount)
                .mount(new AuditRoutes(of(s, x -> x.changes), of(s, x -> x.clock))::mount)
                .mount(new BatchRoutes(of(s, x -> x.batches), of(s, x -> x.jobs), of(s, x -> PrintRoutes.summaries(x.prints)))::mount)
                .mount(new ActivationRoutes(of(s, x -> x.activation))::mount)
                .mount(new PrintRoutes(of(s, x -> x.batches), of(s, x -> x.prints), of(s, x -> x.labelTemplates))::mount)
                .mount(new RecallRoutes(of(s, x -> x.recalls))::mount)
                .mount(new RecallRequestRoutes(of(s, x -> x.recallRequests))::mount)
                .mount(keys::mount)
                .mount(new CredentialRoutes(of(s, x -> x.apiKeys), of(s, x -> x.changes), of(s, x -> x.clock), revoked)::mount)
                .mount(new OfficerAreaRoutes(of(s, x -> x.officerAreas))::mount)
                .mount(new WebhookRoutes(of(s, x -> x.webhooks))::mount)
                .mount(new org.markauth.issuer.trace.query.EpcisQueryRoutes(of(s, x -> x.epcisQuery), of(s, x -> x.namedQueries),
                        of(s, x -> x.subscriptions), of(s, x -> x.clock))::mount)
                .mount(new org.markauth.issuer.station.LineRoutes(of(s, x -> x.lines), of(s, x -> x.clock))::mount)
                .mount(new org.markauth.issuer.station.StationRoutes(of(s, x -> x.station))::mount)
                .mount(new org.markauth.issuer.trace.Gs1Routes(of(s, x -> x.gs1), of(s, x -> x.epcs))::mount)
                .mount(new org.markauth.issuer.credit.CreditRoutes(of(s, x -> x.credit))::mount)
                .mount(new org.markauth.issuer.complaints.ComplaintRoutes(of(s, x -> x.complaints))::mount)
                .mount(new org.markauth.issuer.standards.StandardsRoutes(of(s, x -> x.standards))::mount)
                .mount(new org.markauth.issuer.supervision.SupervisionRoutes(of(s, x -> x.supervision))::mount)
                .mount(new org.markauth.issuer.certificate.CertificateRoutes(of(s, x -> x.certificates))::mount)
                .mount(new org.markauth.issuer.certification.CertificationRoutes(of(s, x -> x.certification))::mount);
    }

    /** Everything {@code issuer serve} serves, with the console's default session settings. */
    public static IssuerRouter full(Vertx vertx, IssuerServices s, HttpSettings http, RedisSessions sessions) {
        return full(vertx, s, http, sessions, Console.SessionSettings.defaults());
    }

    /**
     * Everything {@code issuer serve} serves: the JSON API, traceability and recalls, the console, clones.
     * A credential revoked through the API ends its console sessions at once.
     */
    public static IssuerRouter full(Vertx vertx, IssuerServices s, HttpSettings http, RedisSessions sessions,
                                    Console.SessionSettings consoleSessions) {
        Console console = console(vertx, s, sessions, consoleSessions);
        Portal portal = portal(vertx, s, sessions, consoleSessions);
        return new IssuerRouter(vertx, http, s.meters, new ApiAuthentication(s.apiKeys))
                .mountApi(s, id -> Future.all(console.credentialRevoked(id), portal.credentialRevoked(id)))
                .mount(trace(vertx, s)::mount).mount(console::mount).mount(portal::mount).mount(clones(vertx, s)::mount);
    }

    /** Traceability and recalls (docs/api-trace.md). */
    public static TraceApi trace(Vertx vertx, IssuerServices s) {
        return new TraceApi(vertx, of(s, x -> x.partners), of(s, x -> x.capture), of(s, x -> x.query), of(s, x -> x.recalls));
    }

    /** The programme office's console pages: templates loaded once, sessions in {@code sessions} (Redis, shared by instances). */
    public static Console console(Vertx vertx, IssuerServices s, RedisSessions sessions) {
        return console(vertx, s, sessions, Console.SessionSettings.defaults());
    }

    /** As above with the sessions' idle timeout, absolute lifetime and credential re-check interval. */
    public static Console console(Vertx vertx, IssuerServices s, RedisSessions sessions, Console.SessionSettings settings) {
        return new Console(vertx, ConsolePages.load(IssuerRouter.class.getClassLoader()), sessions, settings, of(s, x -> x.apiKeys),
                of(s, x -> x.registry), of(s, x -> x.recalls), of(s, x -> x.alerts), of(s, x -> x.blocks), of(s, x -> x.cloneRules),
                of(s, x -> x.consoleData), of(s, x -> x.officerAreas), of(s, x -> x.recallRequests), of(s, x -> x.clock), of(s, x -> x.notifications))
                .with(new org.markauth.issuer.certification.CertificationPages(of(s, x -> x.certification), of(s, x -> x.registry), of(s, x -> x.clock)))
                .with(new org.markauth.issuer.certificate.CertificatePages(of(s, x -> x.certificates)))
                .with(new org.markauth.issuer.complaints.ComplaintPages(of(s, x -> x.complaints), of(s, x -> x.clock)))
                .with(new org.markauth.issuer.credit.CreditPages(of(s, x -> x.credit)))
                .with(new org.markauth.issuer.standards.StandardsPages(of(s, x -> x.standards), of(s, x -> x.changes)))
                .with(new org.markauth.issuer.supervision.SupervisionPages(of(s, x -> x.supervision), of(s, x -> x.changes), of(s, x -> x.clock)))
                .with(targets(s));
    }

    /** The targets page (docs/targets.md); its stores are built here, over the services' session (null: the route table only). */
    private static Console.Feature targets(IssuerServices s) {
        ClassLoader loader = IssuerRouter.class.getClassLoader();
        return new org.markauth.issuer.targets.TargetPages(
                of(s, x -> new org.markauth.issuer.targets.ProgrammeTargets(x.session, x.clock, x.changes)),
                of(s, x -> new org.markauth.issuer.targets.ProgrammeFigures(x.session, x.clock, x.consoleData,
                        org.markauth.issuer.targets.DistrictMap.bundled(), x.settings.figuresCache())),
                new org.markauth.issuer.targets.ConsoleAppFiles(loader), of(s, x -> x.clock));
    }

    /**
     * The manufacturer portal ({@code /portal}): its own session namespace in the same Redis
     * ({@code <prefix>portal:}), the console's session settings.
     */
    public static Portal portal(Vertx vertx, IssuerServices s, RedisSessions sessions, Console.SessionSettings settings) {
        return new Portal(vertx, Portal.pages(IssuerRouter.class.getClassLoader()), sessions.site("portal"), settings,
                new Portal.Services(s.registry, s.batches, s.batchStore, s.activation, s.prints, s.labelTemplates, s.alerts, s.consoleData, s.portalData,
                        s.recallRequests, s.apiKeys, s.changes, s.clock, s.webhooks, s.lines))
                .with(new org.markauth.issuer.complaints.ComplaintPortalPages(s.complaints, s.clock))
                .with(new org.markauth.issuer.certificate.CertificatePortalPages(s.certificates))
                .with(new org.markauth.issuer.credit.CreditPortalPages(s.credit, s.clock))
                .with(new org.markauth.issuer.certification.ApplicationPortalPages(s.certification, s.standards, s.clock));
    }

    /** Blocked units and clone-rule overrides. */
    public static ClonesApi clones(Vertx vertx, IssuerServices s) {
        return new ClonesApi(vertx, of(s, x -> x.blocks), of(s, x -> x.cloneRules));
    }

    /** The route table is also built without services (OpenApiRoutesTest): handlers reach them per request only. */
    private static <T> T of(IssuerServices s, Function<IssuerServices, T> part) {
        return s == null ? null : part.apply(s);
    }

    /** Adds routes that need no API key (they are matched before authentication). */
    public IssuerRouter mountOpen(Consumer<Router> routes) {
        open.add(routes);
        return this;
    }

    /** Adds a feature's routes, after authentication: handlers find the caller with {@code Requests.principal}. */
    public IssuerRouter mount(Consumer<Router> feature) {
        features.add(feature);
        return this;
    }

    /** Where the router last built keeps uploaded files while their request runs (null before {@link #router}). */
    public java.nio.file.Path uploadsDirectory() {
        return uploadsDirectory;
    }

    public Router router() {
        RouteMetrics requestMetrics = meters == null ? null : RouteMetrics.create(meters);
        ErrorRenderer errors = Errors.renderer();
        Router r = Router.router(vertx);
        r.route().handler(ctx -> requestMetrics.handle(ctx));
        r.route().handler(SecurityHeaders::handle);
        r.route().handler(IssuerRouter::targetDecodes);
        CorsPolicy.closeTheRest(r);   // no path of the issuer is open to other origins' scripts
        // print files stream for minutes on large batches: every route but those gets the request timeout
        r.routeWithRegex("^(?!/api/v1/batches/[^/]+/print/|/portal/batches/[^/]+/print/).*").handler(TimeoutHandler.create(http.requestTimeout().toMillis()));
        RouteMetrics.named(r.get("/openapi.yaml"), "openapi").handler(IssuerRouter::openapi);
        RouteMetrics.named(r.get("/health"), "health").handler(this::health);
        open.forEach(f -> f.accept(r));
        // the caller is authenticated and its role checked before a byte of its body is read (issue 15)
        authentication.mount(r, "/api/v1/*");
        if (rateLimit != null) {
            r.route("/api/v1/*").handler(rateLimit::handle);   // per API key, after authentication
        }
        // an upload form's body is read only after its site's session check (Bodies.afterSignIn), within the evidence limit
        Bodies bodies = new Bodies(http.maxBodyBytes(), org.markauth.issuer.certification.Certification.MAX_EVIDENCE_BYTES);
        uploadsDirectory = bodies.uploadsDirectory();
        r.route("/api/v1/*").handler(bodies);
        r.route("/console/*").handler(bodies);
        r.route("/portal/*").handler(bodies);
        features.forEach(f -> f.accept(r));
        // Authentication refuses a request (401/403) before it reaches its feature's named route: it counts
        // under the name of the route its path leads to, read from the router's own table (never a second
        // list of paths: a 401 on a print file is "print"). Looked up on the failure path only, so a request
        // that reaches its route pays nothing for it.
        List<Map.Entry<Pattern, String>> names = r.getRoutes().stream().filter(x -> x.getName() != null && x.getPath() != null)
                .map(x -> Map.entry(pathPattern(x), x.getName())).toList();
        r.route().last().handler(ctx -> ctx.fail(404));
        r.route().failureHandler(ctx -> {
            String path = decodedPath(ctx);
            String name = path != null && path.startsWith("/api/v1/") ? routeName(names, path) : null;
            if (name != null) {
                RouteMetrics.fallback(ctx, name);
            }
            errors.handle(ctx);
        });
        return r;
    }

    /** The path the router matched, or null for a target that does not decode (refused by {@link #targetDecodes}). */
    private static String decodedPath(RoutingContext ctx) {
        try {
            return ctx.normalizedPath();
        } catch (RuntimeException undecodable) {
            return null;
        }
    }

    /** {@code /api/v1/batches/:batchId/print/:file} as the pattern of the paths it matches. */
    private static Pattern pathPattern(Route route) {
        StringBuilder rx = new StringBuilder();
        for (String segment : route.getPath().substring(1).split("/", -1)) {
            rx.append('/').append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
        }
        return Pattern.compile(rx.toString());
    }

    /** The name of the first named route whose path matches, as the router would choose it; null if none. */
    private static String routeName(List<Map.Entry<Pattern, String>> names, String path) {
        return names.stream().filter(n -> n.getKey().matcher(path).matches()).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Starts the server with the default connection timeouts; fails the returned future when the port cannot be bound. */
    public Future<HttpServer> listen() {
        return listen(ConnectionSettings.DEFAULT);
    }

    /**
     * Starts the server on the kit's {@link HttpEdge} (strict framing, idle and read timeouts); fails
     * the returned future when the port cannot be bound.
     */
    public Future<HttpServer> listen(ConnectionSettings connections) {
        // A form field may be as long as the body limit allows: Vert.x's own 8 KiB field limit failed the
        // request with an IOException (a 500) before the console could say which field was too long.
        return HttpEdge.server(vertx, new HttpServerOptions().setMaxFormAttributeSize(http.maxBodyBytes()), connections)
                .requestHandler(router()).listen(http.port(), http.host());
    }

    /** The one health route (startup, readiness and liveness probes): UP, or 503 DRAINING once stopping. */
    private void health(RoutingContext ctx) {
        ctx.response().setStatusCode(draining ? 503 : 200).putHeader("Cache-Control", "no-store");
        ctx.json(new JsonObject().put("status", draining ? "DRAINING" : "UP"));
    }

    /**
     * Graceful stop of {@code server} (built by this router): {@code /health} answers 503 DRAINING while the
     * server goes on answering for {@code unreadyDelay} (a balancer watching it takes the instance out: closing
     * the listener at once would refuse what it still sends), then the server stops accepting and lets
     * in-flight requests finish within {@code drain}.
     */
    public Future<Void> stop(HttpServer server, java.time.Duration unreadyDelay, java.time.Duration drain) {
        draining = true;
        Future<Void> announced = unreadyDelay.isZero() ? Future.succeededFuture()
                : vertx.timer(unreadyDelay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).mapEmpty();
        return announced.compose(x -> server.shutdown(drain.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /** Counts {@code /api/v1/*} requests per API key against {@code limit} (after authentication). */
    public IssuerRouter rateLimited(CallerRateLimit limit) {
        this.rateLimit = limit;
        return this;
    }

    /**
     * {@code GET /metrics} (Prometheus) on a server of its own, never on the API port: it binds to
     * {@code issuer.metrics.host} (loopback by default), so the API's ingress cannot expose it.
     */
    public static Future<HttpServer> listenMetrics(Vertx vertx, PrometheusMeterRegistry meters, String host, int port,
                                                   ConnectionSettings connections) {
        Router r = Router.router(vertx);
        r.route().handler(SecurityHeaders::handle);
        r.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(meters.scrape()));
        ErrorRenderer errors = Errors.renderer();
        r.route().last().handler(ctx -> ctx.fail(404));
        r.route().failureHandler(errors::handle);
        return HttpEdge.server(vertx, new HttpServerOptions(), connections).requestHandler(r).listen(port, host);
    }

    /**
     * Refuses a request target that does not percent-decode ({@code /api/v1/credentials/%zz},
     * {@code ?role=%zz}) up front, as verify-api does: otherwise route matching throws (a plain-text
     * 400 from vertx-web) or a handler's {@code queryParams()} does (a 500).
     */
    private static void targetDecodes(RoutingContext ctx) {
        try {
            ctx.normalizedPath();
        } catch (IllegalArgumentException e) {
            ctx.fail(Refusal.badRequest(Refusal.BAD_PATH_ENCODING, "path.encoding").failure());
            return;
        }
        try {
            ctx.request().params();
            ctx.queryParams();
        } catch (RuntimeException e) {
            ctx.fail(Refusal.badRequest(Refusal.BAD_QUERY_ENCODING, "query.encoding").failure());
            return;
        }
        ctx.next();
    }

    private static void openapi(RoutingContext ctx) {
        try (InputStream in = IssuerRouter.class.getResourceAsStream("/issuer-openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("issuer-openapi.yaml missing from the jar");
            }
            ctx.response().putHeader("content-type", "application/yaml").end(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
