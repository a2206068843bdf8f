package org.markauth.verify.app;

import org.markauth.registry.Invalidation;
import com.datastax.oss.driver.api.core.CqlSession;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.config.ConfigException;
import org.markauth.config.CqlSessions;
import org.markauth.config.meters.JvmMetrics;
import org.markauth.http.BearerAuth;
import org.markauth.http.CqlFutures;
import org.markauth.http.ErrorRenderer;
import org.markauth.http.EventLoopServers;
import org.markauth.http.RouteMetrics;
import org.markauth.verify.api.VerifyHandlers;
import org.markauth.verify.block.AutoBlocks;
import org.markauth.verify.cache.InvalidationListener;
import org.markauth.verify.cache.RedisTier;
import org.markauth.verify.cache.RegistryCache;
import org.markauth.verify.catalogue.Catalogue;
import org.markauth.verify.resolver.Resolver;
import org.markauth.verify.check.TrustListHolder;
import org.markauth.verify.check.VerificationService;
import org.markauth.verify.health.Health;
import org.markauth.verify.api.VerdictJson;
import org.markauth.verify.check.VerdictTexts;
import org.markauth.verify.page.Pages;
import org.markauth.verify.page.VerdictPage;
import org.markauth.verify.officer.DeviceHandlers;
import org.markauth.verify.officer.DeviceStore;
import org.markauth.verify.officer.EvidencePackages;
import org.markauth.verify.officer.InspectionHandlers;
import org.markauth.verify.officer.InspectionStore;
import org.markauth.verify.officer.OfficerApp;
import org.markauth.verify.officer.OfficerAppFiles;
import org.markauth.verify.officer.OfficerAuth;
import org.markauth.verify.officer.OfficerHandlers;
import org.markauth.verify.officer.OfficerPhotoStore;
import org.markauth.verify.officer.OfficerSessions;
import org.markauth.verify.worklist.WorklistStore;
import org.markauth.verify.officer.PhotoHandlers;
import org.markauth.verify.officer.OfficerStore;
import org.markauth.verify.officer.SessionHandlers;
import org.markauth.verify.page.PageHandlers;
import org.markauth.verify.receipt.ReceiptSigner;
import org.markauth.verify.registry.RegistryReader;
import org.markauth.verify.report.CassandraPhotoStore;
import org.markauth.verify.report.ReportHandlers;
import org.markauth.verify.report.ReportStore;
import org.markauth.verify.rules.AlertWriter;
import org.markauth.verify.rules.CloneRules;
import org.markauth.verify.scan.ChinaIpPlaces;
import org.markauth.verify.scan.ClientHasher;
import org.markauth.verify.scan.CounterSettings;
import org.markauth.verify.scan.IpRegions;
import org.markauth.verify.scan.ScanBuffer;
import org.markauth.verify.scan.ScanCounters;
import org.markauth.verify.scan.ScanWriter;
import org.markauth.verify.scan.WriteAheadJournal;
import org.markauth.verify.scan.StoredScanCounts;
import org.markauth.verify.stats.ScanTallies;
import org.markauth.verify.status.StatusLists;
import org.markauth.verify.trace.Aggregations;
import org.markauth.verify.trace.Timelines;
import org.markauth.verify.trace.TraceSections;
import org.markauth.verify.web.Origins;
import org.markauth.verify.web.RateLimiter;
import org.markauth.verify.web.Replays;
import org.markauth.verify.web.VerifyErrors;
import org.markauth.verify.worklist.WorklistHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running verify-api instance, wired by hand (the composition root's body; {@link VerifyMain}
 * adds process concerns). Start-up is a Future chain that fails as a whole ({@link #startUp}):
 * Cassandra session, with Redis and the files in the jar alongside → prepared statements, with the
 * keyspace's schema metadata alongside → trust list → background verticles → HTTP servers (one per event loop, sharing the port). Several
 * instances can run in one JVM (tests do).
 */
public final class VerifyServer {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyServer.class);

    private final Vertx vertx;
    private final VerifyConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmMetrics jvm = JvmMetrics.bindTo(meters);
    /** One per event loop, on one port (EventLoopServers); empty until they listen. */
    private volatile List<HttpServer> servers = List.of();
    private final List<String> deployments = new ArrayList<>();
    private CqlSession session;
    private Redis redisClient;
    private ScanBuffer buffer;
    private ScanWriter writer;
    private WriteAheadJournal journal;
    private ScanTallies tallies;
    /** The ip2region database (9 MB), read once per process however many servers it runs (tests run several). */
    private static final ConcurrentHashMap<String, ChinaIpPlaces> CHINA_DBS =
            new ConcurrentHashMap<>();
    private ScanCounters counters;
    /** The per-client limits, counted here and shared with the other instances in the background. */
    private RateLimiter limiter;
    private RateLimiter reportLimiter;
    private InvalidationListener listener;
    private Health health;
    private TrustListHolder trust;
    private RegistryCache cache;
    /** The officer app's received records: what the evidence route reads. */
    private InspectionStore inspections;
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

    /**
     * Start-up, in the order that keeps it short (docs/verify-api.md, "Start-up"): what needs no
     * Cassandra starts while the driver connects (Redis's first connection; the ip2region database,
     * the region table and the page templates, read from the jar on a worker); then the statements
     * are prepared while the driver reads the keyspace's schema, the trust list is loaded and verified, the background verticles are deployed
     * side by side, and only then do the HTTP servers listen, so that /health/ready answers only
     * when a verification can be served.
     */
    private Future<Void> startUp() {
        StartupSteps steps = new StartupSteps();
        redisClient = Redis.createClient(vertx, config.redis().toOptions());
        // a warm-up only: Redis down is DEGRADED, not a failed start (as before, it was first reached lazily)
        steps.time("redis", () -> RedisAPI.api(redisClient).ping(List.of()).otherwiseEmpty());
        Future<LocalData> local = steps.time("geo data and pages", () -> vertx.executeBlocking(this::localData, false));
        Future<CqlSession> cassandra = steps.time("cassandra", () -> CqlFutures.future(CqlSessions.connect(config.cassandra())));
        return Future.join(local, cassandra)
                .andThen(x -> session = cassandra.succeeded() ? cassandra.result() : null)   // a failed start closes it
                .compose(x -> {
                    // the keyspace's schema (the token map's replicas, which the scan writer's batching
                    // reads) is fetched while the statements are prepared; ready waits for both
                    Future<?> schema = steps.time("schema metadata",
                            () -> CqlFutures.future(session.setSchemaMetadataEnabled(true)));
                    Future<Router> wired = steps.time("statements", () -> vertx.executeBlocking(() -> wire(local.result()), false));
                    return Future.all(schema, wired).map(y -> wired.result());
                })
                .compose(router -> steps.time("trust list", () -> trust.reload()).map(router))
                .compose(router -> steps.time("verticles", this::deployWorkers).map(router))
                .compose(router -> steps.time("listen", () -> listen(router)))
                .onSuccess(v -> LOG.info("verify-api listening on {}:{} (keyspace {}, redis prefix {}): ready in {}; JVM up {} s",
                        config.http().host(), port, config.cassandra().keyspace(), config.redis().keyPrefix(), steps.summary(),
                        String.format(Locale.ROOT, "%.2f", ManagementFactory.getRuntimeMXBean().getUptime() / 1e3)));
    }

    /** What start-up reads from files rather than from Cassandra: built while the driver connects. */
    private record LocalData(IpRegions regions, Pages pages) {
    }

    private LocalData localData() {
        // the templates and both languages' words, once; a bundle missing a key stops start-up here
        Pages pages = Pages.load(getClass().getClassLoader());
        return new LocalData(IpRegions.load(config.geoIpTable().orElse(null), china()), pages);
    }

    /** The configured ip2region file, else the one in the jar. */
    private ChinaIpPlaces china() {
        return config.geoIp2regionDb()
                .map(p -> CHINA_DBS.computeIfAbsent(p.toAbsolutePath().toString(),
                        k -> ChinaIpPlaces.load(p)))
                .orElseGet(() -> CHINA_DBS.computeIfAbsent("", k -> ChinaIpPlaces.bundled()));
    }

    /** The stores whose constructors prepare their statements (a round trip each), built side by side. */
    private record Stores(RegistryReader reader, ApiKeyStore keys, OfficerStore officers, ReportStore reports,
                          ScanTallies tallies, StoredScanCounts storedCounts, AlertWriter alerts, DeviceStore devices,
                          OfficerPhotoStore officerPhotos, InspectionStore inspections, WorklistStore worklist) {
    }

    /**
     * Builds the stores on a few threads at once: 58 statements prepared one after another were a
     * sizeable part of start-up, most of it waiting for Cassandra's answers. Blocking: run off the
     * event loop. A failure fails start-up with the store's own exception.
     */
    private Stores stores(RedisTier redis) {
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "verify-prepare"));
        try {
            CompletableFuture<RegistryReader> reader = CompletableFuture.supplyAsync(() -> new RegistryReader(session), pool);
            CompletableFuture<ApiKeyStore> keys = CompletableFuture.supplyAsync(() -> ApiKeyStore.create(session, clock), pool);
            CompletableFuture<OfficerStore> officers = CompletableFuture.supplyAsync(() -> new OfficerStore(session), pool);
            CompletableFuture<ReportStore> reports = CompletableFuture.supplyAsync(
                    () -> new ReportStore(session, new CassandraPhotoStore(session)), pool);
            CompletableFuture<ScanTallies> tallies = CompletableFuture.supplyAsync(
                    () -> new ScanTallies(session, Duration.ofSeconds(5)), pool);
            CompletableFuture<StoredScanCounts> counts = CompletableFuture.supplyAsync(() -> new StoredScanCounts(session), pool);
            CompletableFuture<AlertWriter> alerts = CompletableFuture.supplyAsync(
                    () -> new AlertWriter(session, redis, config.rules()), pool);
            CompletableFuture<DeviceStore> devices = CompletableFuture.supplyAsync(() -> new DeviceStore(session, clock), pool);
            CompletableFuture<OfficerPhotoStore> photos = CompletableFuture.supplyAsync(() -> new OfficerPhotoStore(session, clock), pool);
            CompletableFuture<InspectionStore> inspections = devices.thenCombineAsync(photos,
                    (d, p) -> new InspectionStore(session, d, p), pool);
            CompletableFuture<WorklistStore> worklist = CompletableFuture.supplyAsync(() -> new WorklistStore(session, clock), pool);
            return new Stores(join(reader), join(keys), join(officers), join(reports), join(tallies), join(counts), join(alerts),
                    join(devices), join(photos), join(inspections), join(worklist));
        } finally {
            pool.shutdown();
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Builds every collaborator; blocking (statement preparation), so run off the event loop. */
    private Router wire(LocalData local) {
        RedisTier redis = new RedisTier(RedisAPI.api(redisClient), config.redis().keyPrefix(), clock, Duration.ofMillis(500));
        Stores stores = stores(redis);
        RegistryReader reader = stores.reader();
        cache = new RegistryCache(reader, redis, config.markCache(), config.registryCache());
        cache.bindMetrics(meters);
        trust = new TrustListHolder(reader, config.trustRoots(), clock, config.verifiedCodesMax());
        trust.bindMetrics(meters);
        buffer = new ScanBuffer(config.scan().bufferCapacity());
        journal = new WriteAheadJournal(config.scan().journalDir(), buffer, config.scan().journalSegment().toMillis());
        writer = new ScanWriter(buffer, session, config.scan(), journal);
        Gauge.builder("verify_scan_journal_write_failures", journal, WriteAheadJournal::failures).register(meters);
        Gauge.builder("verify_scan_journal_appended", journal, WriteAheadJournal::appended).register(meters);
        Gauge.builder("verify_scan_journal_writes", journal, WriteAheadJournal::writes).register(meters);
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
        Arrays.fill(secret, (byte) 0);
        Origins origins = new Origins(local.regions(), hasher, config.trustForwardedFor());
        tallies = stores.tallies();
        CounterSettings cs = config.scanCounters();
        StoredScanCounts history = stores.storedCounts();
        Gauge.builder("verify_scan_history_reads", history, StoredScanCounts::reads)
                .description("scan_summaries reads: codes the shared counters had nothing for").register(meters);
        counters = new ScanCounters(redis, history, cs.ttl(), cs.sync(),
                cs.fresh(), config.markCache().localMaxEntries(), clock);
        Gauge.builder("verify_scan_history_reads_skipped", counters, ScanCounters::historyReadsSkipped)
                .description("first scans of units proven never scanned: no scan_summaries read").register(meters);
        VerificationService service = new VerificationService(trust, cache, counters,
                new CloneRules(config.rules()), stores.alerts(),
                new AutoBlocks(session, cache, redis, config.invalidationChannel(), clock), journal, clock, meters,
                tallies::add);
        health = new Health(session, redis, writer::spilling).start(vertx, Health.CHECK_EVERY);
        listener = new InvalidationListener(config.redis().toOptions(), config.invalidationChannel(), session,
                config.invalidationPoll(), this::invalidate);
        Aggregations aggregations = new Aggregations(session, cache);
        limiter = new RateLimiter(redis, origins, config.rateLimitPerMinute(), clock);
        Pages pages = local.pages();
        VerdictTexts texts = new VerdictTexts(pages.messages());
        VerdictJson json = new VerdictJson(texts);
        ReceiptSigner receipts = receipts();
        VerifyHandlers verify = new VerifyHandlers(service, trust, origins, config.batchMaxCodes(),
                new Replays(redis, meters), aggregations, json).withReceipts(receipts);
        PageHandlers consumerPages = new PageHandlers(service, origins,
                new TraceSections(new Timelines(session, cache), aggregations), new VerdictPage(pages, texts),
                new org.markauth.verify.page.CertificatePage(pages, texts));
        reportLimiter = new RateLimiter(redis, "report", origins, config.report().ratePerMinute(), clock);
        ReportHandlers reports = new ReportHandlers(trust, stores.reports(),
                origins, config.report(), pages,
                reportLimiter::handle);
        Gauge.builder("verify_report_bodies_in_flight", reports, ReportHandlers::bodiesInFlight).register(meters);
        ApiKeyStore keys = stores.keys();
        BearerAuth<Principal> officers = BearerAuth.create("markauth-verify", keys::authenticate);
        OfficerHandlers officer = new OfficerHandlers(cache, stores.officers(), aggregations, service, origins,
                officers, json);
        OfficerAuth officerAuth = new OfficerAuth(officers, new OfficerSessions(redis, clock), keys);
        OfficerApp officerApp = new OfficerApp(new SessionHandlers(keys, officerAuth.sessions()),
                new DeviceHandlers(stores.devices(), officers), new PhotoHandlers(stores.officerPhotos(), officers),
                new InspectionHandlers(stores.inspections(), stores.devices(), stores.officerPhotos(), officers, clock,
                        config.instance(), java.util.Optional.ofNullable(receipts).map(EvidencePackages::new)),
                new OfficerAppFiles(getClass().getClassLoader(), OfficerAppFiles.ROOT, config.trustRoots(),
                        org.markauth.sdk.evidence.InspectionRecord.MAX_PHOTO_BYTES));
        inspections = stores.inspections();
        Catalogue catalogue = new Catalogue(vertx, session, clock, Duration.ofSeconds(60), pages, texts);
        Resolver resolver = new Resolver(session, reader, catalogue, consumerPages, pages, texts, service::hosts);
        Gauge.builder("verify_resolver_partition_reads", resolver, x -> x.searchReads()[0])
                .description("batches_by_licensee partitions read by the Digital Link resolver's unit search").register(meters);
        Gauge.builder("verify_resolver_mark_reads", resolver, x -> x.searchReads()[1])
                .description("marks rows read by the Digital Link resolver's unit search").register(meters);
        VerifyRouter.Features features = new VerifyRouter.Features(health, verify, officer, officerApp, consumerPages, reports,
                catalogue,
                new StatusLists(vertx, session, config.trustRoots(), clock, Duration.ofSeconds(15)),
                new WorklistHandlers(stores.worklist(), officers),
                resolver, new org.markauth.verify.lists.CreditLists(session, pages, clock, Duration.ofSeconds(60)),

                new org.markauth.verify.cases.CaseHandlers(new org.markauth.verify.cases.CaseLookup(session), pages,
                        reportLimiter::handle),

                new org.markauth.verify.notice.NoticePages(new org.markauth.verify.notice.NoticeStore(session), pages,
                        reportLimiter::handle, origins, config.http().publicBaseUrl(), config.noticeMaxOpenObjections(),
                        config.noticeMaxPendingPerClient(), clock),
                new org.markauth.verify.draws.DrawPages(new org.markauth.verify.draws.DrawStore(session, clock, Duration.ofSeconds(60)),
                        pages, config.http().publicBaseUrl()));
        ErrorRenderer errors = ErrorRenderer.create(new VerifyErrors(config.http().maxBodyBytes()),
                (lang, code, message, ref) -> pages.error(lang, code.name(), message, ref));
        Router router = new VerifyRouter(vertx, config.http(), features, officerAuth, limiter, RouteMetrics.create(meters),
                errors, meters, config.report().timeout()).build();
        return router;
    }

    /** The receipt signer when {@code verify.receipt.key} is set; a key that does not check out stops start-up. */
    private ReceiptSigner receipts() {
        if (config.receiptKey().isEmpty()) {
            return null;
        }
        try {
            ReceiptSigner s = ReceiptSigner.load(config.receiptKey().get(),
                    config.trustRoots(), config.instance(), clock);
            LOG.info("signing receipts on request: {}", s);
            return s;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new ConfigException("verify.receipt.key", e.getMessage());
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
        List<Future<String>> ids = new ArrayList<>();
        for (Deployable v : List.<Deployable>of(writer, tallies, counters, limiter, reportLimiter)) {
            ids.add(vertx.deployVerticle(v, worker));
        }
        ids.add(vertx.deployVerticle(listener));
        // side by side; the ids in this order, so that a stop undeploys the listener first, the writer last
        return Future.join(ids).transform(x -> {
            ids.stream().filter(Future::succeeded).forEach(id -> deployments.add(id.result()));
            return x.succeeded() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(x.cause());
        });
    }

    private Future<Void> listen(Router router) {
        HttpServerOptions opts = new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port())
                .setCompressionSupported(true);
        return EventLoopServers.listen(vertx, opts, config.connections(), router).map(l -> {
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
    public List<Integer> serverPorts() {
        return servers.stream().map(HttpServer::actualPort).toList();
    }

    /** The officer app's inspection records (tests and the evidence package read them). */
    public InspectionStore inspections() {
        return inspections;
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

    public WriteAheadJournal scanJournal() {
        return journal;
    }

    /**
     * Graceful stop: readiness says DRAINING while the servers go on answering for
     * {@code verify.shutdown.unready-delay} (a balancer that watches readiness takes the instance out
     * meanwhile: closing the listener at once would refuse what it still sends), then the servers stop
     * accepting and let in-flight requests finish (up to the drain timeout), then the scan writer flushes
     * (or spills) what it holds, then connections close. Stopping again answers the first stop's outcome.
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
            health.stop();
        }
        long unready = health == null ? 0 : config.unreadyDelay().toMillis();
        if (unready > 0) {
            LOG.info("stopping: readiness answers DRAINING; still serving for {} ms before the listener closes", unready);
        }
        Future<Void> announced = unready > 0 ? vertx.timer(unready, TimeUnit.MILLISECONDS).mapEmpty() : Future.succeededFuture();
        Future<Void> chain = announced.compose(x -> {
            List<Future<Void>> shut = new ArrayList<>();
            for (HttpServer s : servers) {
                shut.add(s.shutdown(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS));
            }
            return Future.join(shut).<Void>mapEmpty();
        }).otherwiseEmpty();
        for (int i = deployments.size() - 1; i >= 0; i--) {
            String id = deployments.get(i);
            chain = chain.compose(v -> vertx.undeploy(id).otherwiseEmpty());
        }
        return chain.compose(v -> {
            if (redisClient != null) {
                redisClient.close();
            }
            return session == null ? Future.<Void>succeededFuture()
                    : CqlFutures.future(session.closeAsync()).<Void>mapEmpty().otherwiseEmpty();
        }).onComplete(x -> {
            jvm.close();
            meters.close();
        });
    }
}
