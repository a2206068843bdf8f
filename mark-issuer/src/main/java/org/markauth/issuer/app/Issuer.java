package org.markauth.issuer.app;

import org.markauth.issuer.console.RedisSessions;
import com.datastax.oss.driver.api.core.CqlSession;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;
import org.markauth.config.CqlSessions;
import org.markauth.config.meters.JvmMetrics;
import org.markauth.issuer.auth.CallerRateLimit;
import org.markauth.issuer.invalidation.RedisInvalidations;
import org.markauth.issuer.keys.Kek;
import org.markauth.issuer.notify.Dispatcher;
import org.markauth.issuer.status.StatusListPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads {@link IssuerConfig}, opens Cassandra, Redis and Vert.x, and builds
 * the object graph ({@link IssuerServices}) once. {@link #serve} puts it behind HTTP
 * ({@link IssuerRouter#full}) and runs the periodic sweeps; the CLI's commands call the graph's
 * services directly. Nothing else constructs long-lived collaborators.
 */
public final class Issuer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Issuer.class);

    private final IssuerConfig config;
    private final Vertx vertx;
    private final CqlSession session;
    private final Redis redis;
    private final RedisInvalidations invalidations;
    private final IssuerServices services;

    private Issuer(IssuerConfig config) {
        this.config = config;
        Kek kek = Kek.fromSecret(config.kek());
        this.session = CqlSessions.open(config.cassandra(), true);
        this.vertx = Vertx.vertx();
        this.redis = Redis.createClient(vertx, config.redis().toOptions());
        this.invalidations = new RedisInvalidations(redis);
        this.services = new IssuerServices(session, kek, invalidations, Clock.systemUTC(), config.engine(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Reads the configuration from {@code flags} (config keys as --key=value), the environment and the file. */
    public static Issuer start(List<String> flags, Map<String, String> env) {
        ConfigReader r = new ConfigReader(ConfigSource.load(flags, env));
        IssuerConfig config = IssuerConfig.read(r);
        r.finish();
        return new Issuer(config);
    }

    public IssuerServices services() {
        return services;
    }

    public IssuerConfig config() {
        return config;
    }

    /**
     * Serves the API until the process ends, and {@code GET /metrics} (the JVM and process meters
     * included) on its own address ({@code issuer.metrics.host}:{@code issuer.metrics.port}); runs the unused-mark expiry sweep, the licence expiry sweep, the renewal reminders and the
     * status-list publisher on their intervals.
     */
    public void serve() throws Exception {
        JvmMetrics.bindTo(services.meters);
        IssuerConfig.Edge edge = config.edge();
        long every = config.expirySweepInterval().toMillis();
        vertx.setPeriodic(every, every, id -> vertx.executeBlocking(() -> services.activation.expireUnused(), false)
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("expired the never-activated marks of {} batch(es)", n);
                    }
                })
                .onFailure(e -> LOG.warn("unused-mark expiry sweep failed, will retry: {}", e.getMessage())));
        long licences = config.licenceExpiryInterval().toMillis();
        vertx.setPeriodic(licences, licences, id -> vertx.executeBlocking(() -> services.registry.expireLicences(), false)
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("moved {} licence(s) past their validUntil to EXPIRED", n);
                    }
                })
                .onFailure(e -> LOG.warn("licence expiry sweep failed, will retry: {}", e.getMessage())));
        // quality-credit grades: events leave the 24-month window with time alone (a day at a time), so every
        // licensee is graded again hourly (docs/credit.md); an event grades its licensee at once
        long hourly = java.time.Duration.ofHours(1).toMillis();
        vertx.setPeriodic(hourly, hourly, id -> vertx.executeBlocking(() -> services.credit.regradeAll(), false)
                .onFailure(e -> LOG.warn("quality-credit regrade sweep failed, will retry: {}", e.getMessage())));
        // renewal reminders (docs/certification.md): one licence.renewal-due event per licence, expiry and threshold, claimed
        // in licence_reminders (IF NOT EXISTS) so every instance may sweep; first a minute after start, then every interval
        var reminders = new org.markauth.issuer.certification.RenewalReminders(session, services.registry, services.notifications,
                services.changes, services.clock, config.renewals(), "issuer-" + java.util.UUID.randomUUID());
        vertx.setPeriodic(60_000, config.renewals().interval().toMillis(), id -> vertx.executeBlocking(reminders::sweep, false)
                .onSuccess(s -> {
                    if (s.reminded() + s.recovered() + s.failed() > 0) {
                        LOG.info("renewal reminders: {} written, {} rewritten, {} failed (retried next sweep), {} skipped (renewal filed)",
                                s.reminded(), s.recovered(), s.failed(), s.renewing());
                    }
                })
                .onFailure(e -> LOG.warn("renewal reminder sweep failed, will retry: {}", e.getMessage())));
        // the status list: published at start, then every third of its period (an unchanged list is
        // re-issued before it goes stale); a failed run is retried on the next tick
        StatusListPublisher statusLists = services.statusLists(config.statusListPeriod());
        long statusEvery = config.statusListPeriod().toMillis() / 3;
        vertx.setPeriodic(1, statusEvery, id -> vertx.executeBlocking(statusLists::publish, true) // one build at a time
                .onSuccess(seq -> seq.ifPresent(n -> LOG.info("status list {} published", n)))
                .onFailure(e -> LOG.warn("status list build failed, will retry: {}", e.getMessage())));
        // webhooks: every instance runs a dispatcher; leases in Cassandra keep two from sending one attempt twice
        new Dispatcher(vertx, services.webhooks, services.notifications, services.meters,
                "issuer-" + java.util.UUID.randomUUID()).start();
        // EPCIS query subscriptions: the same, with leases of their own (epcis_subscription_leases)
        new org.markauth.issuer.trace.query.SubscriptionDispatcher(vertx, services.subscriptions, services.namedQueries,
                services.epcisQuery, services.meters, "issuer-" + java.util.UUID.randomUUID()).start();
        // listening last, as verify-api does: /health (the readiness probe) answers only once every part above
        // started; a dispatcher failing to prepare its statements under load used to end the process after the
        // balancer had already sent it requests (the rolling-upgrade drill)
        var metrics = IssuerRouter.listenMetrics(vertx, services.meters, edge.metricsHost(), edge.metricsPort(), edge.connections())
                .await();
        LOG.info("mark-issuer metrics on {}:{}/metrics", edge.metricsHost(), metrics.actualPort());
        IssuerRouter router = IssuerRouter.full(vertx, services, config.http(), new RedisSessions(vertx, redis,
                        config.redis().keyPrefix()), config.consoleSessions())
                .rateLimited(new CallerRateLimit(redis, config.redis().keyPrefix(), edge.rateLimitPerMinute(), Clock.systemUTC()));
        var server = router.listen(edge.connections()).await();
        // SIGTERM: /health says DRAINING, in-flight requests finish, then the jobs, pending invalidations and
        // connections close (close()); without it the JVM exited mid-request with /health still UP
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: /health answers DRAINING; serving {} ms more, then draining in-flight requests for up to {} ms",
                    edge.unreadyDelay().toMillis(), edge.drain().toMillis());
            try {
                router.stop(server, edge.unreadyDelay(), edge.drain()).await();
            } catch (Exception e) {
                LOG.warn("graceful stop of the API server incomplete: {}", e.getMessage());
            }
            close();
        }, "issuer-shutdown"));
        LOG.info("mark-issuer listening on {}:{} (OpenAPI at /openapi.yaml)", config.http().host(), server.actualPort());
        Thread.currentThread().join();
    }

    /**
     * Ends every console session opened with a credential (the CLI's revocation does what the API's
     * does): deleted from Redis, so no instance serves them again. Blocking, at most 10 s.
     *
     * @return how many sessions were still alive
     */
    public int endConsoleSessions(String credentialId) throws Exception {
        return new RedisSessions(vertx, redis, config.redis().keyPrefix()).endAll(credentialId).await(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        services.jobs.close();
        try {
            invalidations.awaitPending(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.close();
        vertx.close();
        session.close();
    }
}
