package org.markauth.issuer;

import com.datastax.oss.driver.api.core.CqlSession;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;
import org.markauth.config.CqlSessions;
import org.markauth.issuer.audit.RedisInvalidations;
import org.markauth.issuer.cli.IssuerCli;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.http.IssuerApi;
import org.markauth.issuer.keys.Kek;
import org.markauth.config.meters.JvmMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads {@link IssuerConfig}, opens Cassandra, Redis and Vert.x, wires
 * {@link IssuerServices}, and either serves the HTTP API ({@code issuer serve}) or runs one CLI
 * command. Nothing else constructs long-lived collaborators.
 */
public final class IssuerMain implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerMain.class);

    public final IssuerConfig config;
    public final Vertx vertx;
    public final CqlSession session;
    public final RedisInvalidations invalidations;
    public final IssuerServices services;
    private final Redis redis;

    private IssuerMain(IssuerConfig config) {
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
    public static IssuerMain start(List<String> flags, Map<String, String> env) {
        ConfigReader r = new ConfigReader(ConfigSource.load(flags, env));
        IssuerConfig config = IssuerConfig.read(r);
        r.finish();
        return new IssuerMain(config);
    }

    /**
     * Serves the API until the process ends (with {@code GET /metrics}, the JVM and process meters
     * included); runs the unused-mark expiry sweep and the licence expiry sweep on their intervals.
     */
    public void serve() throws Exception {
        JvmMetrics.bindTo(services.meters);
        ExecutorService jobs = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "issuance-job");
            t.setDaemon(true);
            return t;
        });
        IssuerApi api = new IssuerApi(vertx, services, config.http(), jobs);
        org.markauth.issuer.trace.TraceServices trace = new org.markauth.issuer.trace.TraceServices(services);
        api.mount(new org.markauth.issuer.trace.TraceApi(vertx, trace)::mount)
                .mount(console(trace.recalls)::mount)
                .mount(new org.markauth.issuer.clones.ClonesApi(vertx,
                        new org.markauth.issuer.clones.Blocks(services.session, services.changes, services.clock),
                        new org.markauth.issuer.clones.CloneRuleOverrides(services.session, services.changes, services.clock))::mount);
        var server = api.listen().await();
        LOG.info("mark-issuer listening on {}:{} (OpenAPI at /openapi.yaml)", config.http().host(), server.actualPort());
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
        // the status list: published at start, then every third of its period (an unchanged list is
        // re-issued before it goes stale); a failed run is retried on the next tick
        var statusLists = services.statusLists(new Blocks(services.session, services.changes, services.clock)::blockedByBatch,
                config.statusListPeriod());
        long statusEvery = config.statusListPeriod().toMillis() / 3;
        vertx.setPeriodic(1, statusEvery, id -> vertx.executeBlocking(statusLists::publish, true) // one build at a time
                .onSuccess(seq -> seq.ifPresent(n -> LOG.info("status list {} published", n)))
                .onFailure(e -> LOG.warn("status list build failed, will retry: {}", e.getMessage())));
        Thread.currentThread().join();
    }

    /** The regulator console: its pages loaded once, its sessions in the issuer's Redis under the issuer's key prefix. */
    private org.markauth.issuer.console.Console console(org.markauth.issuer.recall.Recalls recalls) {
        Blocks blocks = new Blocks(services.session, services.changes, services.clock);
        return new org.markauth.issuer.console.Console(vertx,
                org.markauth.issuer.console.ConsolePages.load(IssuerMain.class.getClassLoader()),
                new org.markauth.issuer.console.RedisSessions(vertx, redis, config.redis().keyPrefix()),
                services.apiKeys, services.registry, recalls, new org.markauth.issuer.console.AlertWorkflow(services.session, blocks),
                blocks, new org.markauth.issuer.clones.CloneRuleOverrides(services.session, services.changes, services.clock),
                new org.markauth.issuer.console.ConsoleData(services.session), services.clock);
    }

    @Override
    public void close() {
        try {
            invalidations.awaitPending(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.close();
        vertx.close();
        session.close();
    }

    public static void main(String[] args) {
        System.exit(IssuerCli.run(args));
    }
}
