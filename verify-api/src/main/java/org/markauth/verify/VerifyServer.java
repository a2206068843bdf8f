package org.markauth.verify;

import org.markauth.registry.Invalidation;
import com.datastax.oss.driver.api.core.CqlSession;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.markauth.access.ApiKeyStore;
import org.markauth.config.CqlSessions;
import org.markauth.verify.cache.InvalidationListener;
import org.markauth.verify.cache.RedisTier;
import org.markauth.verify.cache.RegistryCache;
import org.markauth.verify.health.Health;
import org.markauth.verify.http.ErrorRenderer;
import org.markauth.verify.http.EventLoopServers;
import org.markauth.verify.http.Origins;
import org.markauth.verify.http.RateLimiter;
import org.markauth.verify.http.RequestMetrics;
import org.markauth.verify.http.VerifyHandlers;
import org.markauth.verify.http.VerifyRouter;
import org.markauth.verify.officer.OfficerAuth;
import org.markauth.verify.officer.OfficerHandlers;
import org.markauth.verify.officer.OfficerStore;
import org.markauth.verify.page.PageHandlers;
import org.markauth.verify.registry.Cql;
import org.markauth.verify.registry.RegistryReader;
import org.markauth.verify.report.ReportStore;
import org.markauth.verify.rules.AlertWriter;
import org.markauth.verify.rules.CloneRules;
import org.markauth.verify.scan.ClientHasher;
import org.markauth.verify.scan.CounterSettings;
import org.markauth.verify.scan.IpRegions;
import org.markauth.verify.scan.ScanBuffer;
import org.markauth.verify.scan.ScanCounters;
import org.markauth.verify.scan.ScanWriter;
import org.markauth.verify.verify.TrustListHolder;
import org.markauth.verify.verify.VerificationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running verify-api instance, wired by hand (the composition root's body; {@link VerifyMain}
 * adds process concerns). Start-up is a Future chain that fails as a whole: Cassandra session →
 * prepared statements → Redis → trust list → scan writer and invalidation listener → HTTP servers
 * (one per event loop, sharing the port). Several instances can run in one JVM (tests do).
 */
public final class VerifyServer {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyServer.class);

    private final Vertx vertx;
    private final VerifyConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final org.markauth.config.meters.JvmMetrics jvm = org.markauth.config.meters.JvmMetrics.bindTo(meters);
    /** One per event loop, on one port (EventLoopServers); empty until they listen. */
    private volatile List<HttpServer> servers = List.of();
    private final List<String> deployments = new ArrayList<>();
    private CqlSession session;
    private Redis redisClient;
    private ScanBuffer buffer;
    private ScanWriter writer;
    private org.markauth.verify.trace.ScanTallies tallies;
    /** The ip2region database (9 MB), read once per process however many servers it runs (tests run several). */
    private static final java.util.concurrent.ConcurrentHashMap<String, org.markauth.verify.scan.ChinaIpPlaces> CHINA_DBS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private ScanCounters counters;
    private InvalidationListener listener;
    private Health health;
    private TrustListHolder trust;
    private RegistryCache cache;
    private int port;
    private Future<Void> stopping;

    private VerifyServer(Vertx vertx, VerifyConfig config, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
    }

    public static Future<VerifyServer> start(Vertx vertx, VerifyConfig config, Clock clock) {
        VerifyServer s = new VerifyServer(vertx, config, clock);
        return s.startUp().map(s).recover(e -> s.stop().transform(x -> Future.failedFuture(e)));
    }

    private Future<Void> startUp() {
        return Cql.future(CqlSessions.connect(config.cassandra(), true))
                .compose(sess -> {
                    session = sess;
                    return vertx.executeBlocking(this::wire);
                })
                .compose(router -> trust.reload().map(router))
                .compose(router -> deployWorkers().map(router))
                .compose(this::listen)
                .onSuccess(v -> LOG.info("verify-api listening on {}:{} (keyspace {}, redis prefix {})",
                        config.http().host(), port, config.cassandra().keyspace(), config.redis().keyPrefix()));
    }

    /** The configured ip2region file, else the one in the jar. */
    private org.markauth.verify.scan.ChinaIpPlaces china() {
        return config.geoIp2regionDb()
                .map(p -> CHINA_DBS.computeIfAbsent(p.toAbsolutePath().toString(),
                        k -> org.markauth.verify.scan.ChinaIpPlaces.load(p)))
                .orElseGet(() -> CHINA_DBS.computeIfAbsent("", k -> org.markauth.verify.scan.ChinaIpPlaces.bundled()));
    }

    /** Builds every collaborator; blocking (statement preparation), so run off the event loop. */
    private io.vertx.ext.web.Router wire() {
        RegistryReader reader = new RegistryReader(session);
        redisClient = Redis.createClient(vertx, config.redis().toOptions());
        RedisTier redis = new RedisTier(RedisAPI.api(redisClient), config.redis().keyPrefix(), clock, Duration.ofMillis(500));
        cache = new RegistryCache(reader, redis, config.markCache(), config.registryCache());
        cache.bindMetrics(meters);
        trust = new TrustListHolder(reader, config.trustRoots(), clock, config.verifiedCodesMax());
        trust.bindMetrics(meters);
        buffer = new ScanBuffer(config.scan().bufferCapacity());
        writer = new ScanWriter(buffer, session, config.scan());
        Gauge.builder("verify_scan_buffer_depth", buffer, ScanBuffer::depth).register(meters);
        Gauge.builder("verify_scan_records_written", writer, ScanWriter::written).register(meters);
        Gauge.builder("verify_scan_records_spilled", writer, ScanWriter::spilled).register(meters);
        Gauge.builder("verify_redis_up", redis, r -> r.up() ? 1 : 0).register(meters);
        byte[] secret = config.ipHashSecret().map(s -> s.reveal()).orElseGet(() -> {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            LOG.info("verify.scan.ip-hash-secret not set: client hashes use a random per-process key");
            return b;
        });
        ClientHasher hasher = new ClientHasher(secret, clock);
        java.util.Arrays.fill(secret, (byte) 0);
        Origins origins = new Origins(IpRegions.load(config.geoIpTable().orElse(null), china()), hasher,
                config.trustForwardedFor());
        tallies = new org.markauth.verify.trace.ScanTallies(session, Duration.ofSeconds(5));
        CounterSettings cs = config.scanCounters();
        counters = new ScanCounters(redis, new org.markauth.verify.scan.StoredScanCounts(session), cs.ttl(), cs.sync(),
                cs.fresh(), config.markCache().localMaxEntries(), clock);
        VerificationService service = new VerificationService(trust, cache, counters,
                new CloneRules(config.rules()), new AlertWriter(session, redis, config.rules()),
                new org.markauth.verify.block.AutoBlocks(session, cache, redis, config.invalidationChannel(), clock), buffer, clock, meters,
                tallies::add);
        health = new Health(session, redis, writer::spilling);
        listener = new InvalidationListener(config.redis().toOptions(), config.invalidationChannel(), session,
                config.invalidationPoll(), this::invalidate);
        org.markauth.verify.trace.Aggregations aggregations = new org.markauth.verify.trace.Aggregations(session, cache);
        RateLimiter limiter = new RateLimiter(redis, origins, config.rateLimitPerMinute(), clock);
        io.vertx.ext.web.Router router = new VerifyRouter(vertx, config.http(),
                new VerifyHandlers(service, trust, origins, config.batchMaxCodes(),
                        new org.markauth.verify.http.Replays(redis, meters), aggregations).withReceipts(receipts()),
                new PageHandlers(service, trust, new ReportStore(session), origins, config.reportMaxPhotoBytes(),
                        new org.markauth.verify.trace.TraceSections(new org.markauth.verify.trace.Timelines(session, cache),
                                aggregations)),
                new OfficerAuth(ApiKeyStore.create(session, clock)),
                new OfficerHandlers(cache, new OfficerStore(session), aggregations, service, origins),
                limiter,
                health, new RequestMetrics(meters), new ErrorRenderer(config.http().maxBodyBytes()), meters).build();
        new org.markauth.verify.catalogue.Catalogue(vertx, session, clock, Duration.ofSeconds(60)).mount(router);
        new org.markauth.verify.status.StatusLists(vertx, session, config.trustRoots(), clock, Duration.ofSeconds(15))
                .mount(router, limiter::handle);
        return router;
    }

    /** The receipt signer when {@code verify.receipt.key} is set; a key that does not check out stops start-up. */
    private org.markauth.verify.receipt.ReceiptSigner receipts() {
        if (config.receiptKey().isEmpty()) {
            return null;
        }
        try {
            org.markauth.verify.receipt.ReceiptSigner s = org.markauth.verify.receipt.ReceiptSigner.load(config.receiptKey().get(),
                    config.trustRoots(), config.instance(), clock);
            LOG.info("signing receipts on request: {}", s);
            return s;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new org.markauth.config.ConfigException("verify.receipt.key", e.getMessage());
        }
    }

    private void invalidate(String message) {
        Invalidation.parse(message).ifPresent(change -> {
            if (change.kind() == Invalidation.Kind.KEYS) {
                trust.reload().onFailure(e -> LOG.error("trust list reload after {} failed: {}", change, e.getMessage()));
            } else {
                cache.invalidate(change);
            }
        });
    }

    /**
     * The background verticles. The scan writer, the statistics and the shared counters do their
     * periodic bulk work (binding a flush's statements, a sync's script arguments) on worker threads,
     * so that it never holds up an event loop that is serving requests; each still runs one task at a
     * time, as on an event loop. The invalidation listener only reacts to messages: event loop.
     */
    private Future<Void> deployWorkers() {
        DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
        Future<Void> chain = Future.succeededFuture();
        for (io.vertx.core.Deployable v : List.<io.vertx.core.Deployable>of(writer, tallies, counters)) {
            chain = chain.compose(x -> vertx.deployVerticle(v, worker)).map(id -> {
                deployments.add(id);
                return null;
            });
        }
        return chain.compose(x -> vertx.deployVerticle(listener)).map(id -> {
            deployments.add(id);
            return null;
        });
    }

    private Future<Void> listen(io.vertx.ext.web.Router router) {
        HttpServerOptions opts = new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port())
                .setCompressionSupported(true).setIdleTimeout(60);
        return EventLoopServers.listen(vertx, opts, router).map(l -> {
            deployments.add(l.deploymentId());
            servers = l.servers();
            port = l.port();
            return null;
        });
    }

    public int port() {
        return port;
    }

    /** The port of each event loop's HTTP server: all the same one when they share the socket. */
    List<Integer> serverPorts() {
        return servers.stream().map(HttpServer::actualPort).toList();
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public ScanWriter scanWriter() {
        return writer;
    }

    public ScanBuffer scanBuffer() {
        return buffer;
    }

    /**
     * Graceful stop: readiness says DRAINING, the servers stop accepting and let in-flight requests
     * finish (up to the drain timeout), then the scan writer flushes (or spills) what it holds,
     * then connections close. Stopping again answers the first stop's outcome.
     */
    public synchronized Future<Void> stop() {
        if (stopping == null) {
            stopping = shutDown();
        }
        return stopping;
    }

    private Future<Void> shutDown() {
        if (health != null) {
            health.draining();
        }
        List<Future<Void>> shut = new ArrayList<>();
        for (HttpServer s : servers) {
            shut.add(s.shutdown(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        Future<Void> chain = Future.join(shut).<Void>mapEmpty().otherwiseEmpty();
        for (int i = deployments.size() - 1; i >= 0; i--) {
            String id = deployments.get(i);
            chain = chain.compose(v -> vertx.undeploy(id).otherwiseEmpty());
        }
        return chain.compose(v -> {
            if (redisClient != null) {
                redisClient.close();
            }
            return session == null ? Future.<Void>succeededFuture()
                    : Cql.future(session.closeAsync()).<Void>mapEmpty().otherwiseEmpty();
        }).onComplete(x -> {
            jvm.close();
            meters.close();
        });
    }
}
