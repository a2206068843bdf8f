package org.markauth.verify.bench;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import org.markauth.ops.bench.BenchResult;
import org.markauth.ops.bench.ProcCpu;
import org.markauth.sdk.crypto.SignatureVerifier;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.testing.Worlds;
import org.markauth.verify.Fixture;

/**
 * The verify-api benchmark (ops/bench verify-warm | verify-clone | verify-cold | verify-flood |
 * verify-scale; PERFORMANCE.md, docs/performance.md). This JVM is the driver and the load generator;
 * the verify-api runs as a process of its own from the production jar with production settings
 * (only its rate limit raised, as the loopback generator is one client), the trivial Vert.x endpoint
 * in a third process. Each measured window samples {@code /proc} ({@link ProcCpu}) for the service,
 * the Cassandra node, Redis, this generator and the whole machine, and prints CPU µs per request for
 * each: capacity in production, where Cassandra and Redis have machines of their own, follows from
 * those, not from the throughput of a 2-core box that runs everything.
 *
 * <p>The issued set is written to a fresh keyspace ({@link Fixture}: every migration, a trust list
 * signed by a programme root) and the service process is pointed at that keyspace, that root and a
 * Redis key prefix of its own. System properties from ops/bench.d/verify.lib: {@code bench.work}
 * (a scratch folder: logs, spill, pid list), {@code bench.serviceJar} (verify-api's shaded jar),
 * {@code bench.testClasses} (this class's folder, for {@link TrivialServer}).
 */
public final class VerifyBench {

    static final int CONNS = 64;
    /** The warm measurement: uniform over 30,000 active codes. */
    static final int ACTIVE_CODES = 30_000;
    static final int CLONE_CODES = 180;
    /**
     * Distinct clients (X-Forwarded-For) in the clone storm: more than the production TOO_MANY_SCANS
     * limit (20 distinct clients) so the rule fires and the verdict turns CLONE_SUSPECTED, fewer than
     * the block threshold (100) so no code is blocked (a blocked code answers CLONED from then on).
     */
    static final int CLONE_CLIENTS = 50;
    /** The one setting not production's: the generator is one client, production allows it 600 a minute. */
    static final String RATE_LIMIT_PER_MINUTE = "10000000";
    /** The production JVM options (ops/deploy/systemd/verify-api.env, the Kubernetes deployment), less TLS and logging paths. */
    static final List<String> SERVICE_JVM = List.of("-Xms512m", "-Xmx512m", "-XX:MaxDirectMemorySize=128m",
            "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=64m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=10",
            "-XX:+ExitOnOutOfMemoryError");

    final boolean quick;
    final Duration warmup;
    final Duration window;
    /** The longest a service is run before its measured windows for the JIT to settle ({@link #settle}). */
    final Duration settleLimit;
    final Fixture f;
    final Path work;
    final ProcCpu cpu = ProcCpu.create();
    /** cassandra, redis and generator pids (those found). */
    final Map<String, Long> shared = new LinkedHashMap<>();
    final MarkSigner signer;
    final int product;
    final int batch;
    final long[] serials;
    final List<BenchProcess> started = new ArrayList<>();
    /**
     * The service's class-data archive (AppCDS), made before the first service starts, as the
     * deployment makes it (ops/deploy/verify-api-cds); {@code -Dbench.serviceCds=false}
     * (BENCH_SERVICE_CDS=false) starts the service without one, as a deployment that skipped the step.
     */
    static final boolean CLASS_ARCHIVE = Boolean.parseBoolean(System.getProperty("bench.serviceCds", "true"));
    Path classArchive;
    BenchProcess trivial;
    int trivialPort;

    /** A verify-api process and its port. */
    record Service(String name, BenchProcess process, int port) {
    }

    /** A load phase and what each process used over it. */
    record Phase(LoadGenerator.Result load, ProcCpu.Usage cpu) {
        long requests() {
            return load.ok() + load.failed();
        }

        double perRequest(String process) {
            return cpu.perOperation(process, requests());
        }
    }

    VerifyBench(Fixture f, boolean quick, int marks) throws Exception {
        this.f = f;
        this.quick = quick;
        this.warmup = Duration.ofSeconds(quick ? 3 : 5);
        this.window = Duration.ofSeconds(quick ? 8 : 20);
        this.settleLimit = Duration.ofSeconds(quick ? 30 : 120);
        this.work = Path.of(System.getProperty("bench.work", Files.createTempDirectory("verify-bench").toString()));
        Worlds.GenuineBatch world = f.genuineBatch(marks);
        this.product = world.productId();
        this.batch = world.batchId();
        this.serials = IssuedSet.load(f.session, batch, marks);
        this.signer = MarkSigner.create(f.key.algorithm(), f.key.privateKey());
        OptionalLong cassandra = cpu.pidWithCommandLineContaining("CassandraDaemon");
        OptionalLong redis = cpu.pidNamed("redis-server");
        cassandra.ifPresentOrElse(p -> shared.put("cassandra", p),
                () -> System.out.println("BENCH warning: no CassandraDaemon process found: no Cassandra CPU figures"));
        redis.ifPresentOrElse(p -> shared.put("redis", p),
                () -> System.out.println("BENCH warning: no redis-server process found: no Redis CPU figures"));
        shared.put("generator", ProcessHandle.current().pid());
        System.out.println("BENCH processes: " + shared + " (CPU from /proc, " + cpu.ticksPerSecond() + " ticks/s)");
        background();
    }

    /**
     * What the machine, the node and Redis do with no load from this run (the stack and the box may be
     * shared): every per-request figure below includes that much, so a busy background is printed as a warning.
     */
    void background() throws InterruptedException {
        ProcCpu.Window w = cpu.open(shared);
        Thread.sleep(warmup.toMillis());
        ProcCpu.Usage u = w.close();
        StringBuilder b = new StringBuilder("BENCH background, no load from this run (cores busy):");
        u.micros().keySet().forEach(name -> b.append(String.format(Locale.ROOT, " %s %.2f", name, u.cores(name))));
        System.out.println(b);
        if (u.cores(ProcCpu.MACHINE) > 0.2) {
            System.out.printf(Locale.ROOT, "BENCH warning: the machine is busy without this run (%.2f cores): the machine's"
                    + " (and a shared node's) µs per request include that work%n", u.cores(ProcCpu.MACHINE));
        }
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "warm";
        boolean quick = List.of(args).contains("--quick");
        int marks = switch (scenario) {
            case "clone", "scale", "compare" -> 100_000;
            case "startup" -> 10_000;
            default -> quick ? 100_000 : 1_000_000;
        };
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int exit = 0;
        try (Fixture f = new Fixture("verify_bench")) {
            VerifyBench b = new VerifyBench(f, quick, marks);
            try {
                switch (scenario) {
                    case "warm" -> new WarmScenarios(b).warm();
                    case "clone" -> new WarmScenarios(b).cloneStorm();
                    case "scale" -> new WarmScenarios(b).scale();
                    case "compare" -> new WarmScenarios(b).compare();
                    case "cold" -> new ColdScenarios(b).cold();
                    case "flood" -> new ColdScenarios(b).flood();
                    case "startup" -> new StartupScenario(b).run();
                    default -> throw new IllegalArgumentException("scenario must be warm, clone, scale, compare, cold, flood or startup, got " + scenario);
                }
            } finally {
                b.stopAll();
            }
        } catch (Exception e) {
            e.printStackTrace(System.out);
            exit = 1;
        }
        System.exit(exit);
    }

    // ---------------------------------------------------------------- processes

    /** The trivial endpoint in its own JVM (same Vert.x jar as the service), its start-up timed like the service's. */
    void startTrivial() throws Exception {
        trivialPort = freePort();
        String cp = System.getProperty("bench.testClasses") + java.io.File.pathSeparator + serviceJar();
        trivial = BenchProcess.start("trivial", List.of(java(), "-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-cp", cp,
                TrivialServer.class.getName(), Integer.toString(trivialPort)), work, "http://127.0.0.1:" + trivialPort + "/ping");
        started.add(trivial);
    }

    /**
     * A verify-api from the production jar with the production settings (ops/deploy/systemd/verify-api.properties:
     * consistency, timeouts, pool, caches, trusted X-Forwarded-For, an IP-hash secret) over the bench's
     * keyspace, trust root and Redis prefix; only the rate limit is raised.
     */
    Service startService(String name) throws Exception {
        if (classArchive == null && CLASS_ARCHIVE) {
            classArchive = trainClassArchive();
        }
        return startService(name, classArchive == null ? List.of() : List.of("-XX:SharedArchiveFile=" + classArchive));
    }

    /**
     * The class-data archive as production makes it (ops/deploy/verify-api-cds, docs/verify-api.md
     * "Start-up"): one start of the service from the same jar with the same options, plus
     * {@code -XX:ArchiveClassesAtExit}, stopped once ready; the JVM writes the archive as it exits.
     * Not timed as a start-up.
     */
    Path trainClassArchive() throws Exception {
        Path archive = work.resolve("verify-api.jsa");
        long t0 = System.nanoTime();
        Service training = startService("verify-api-cds-training", List.of("-XX:ArchiveClassesAtExit=" + archive));
        training.process().stop();
        started.remove(training.process());
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run wrote no class-data archive " + archive + ": see its log");
        }
        System.out.printf(Locale.ROOT, "BENCH class-data archive %s (%.0f MiB) made by a training run in %.1f s, as ops/deploy/verify-api-cds"
                + " does; the verify-api starts with -XX:SharedArchiveFile as in production%n", archive.getFileName(),
                Files.size(archive) / 1048576.0, (System.nanoTime() - t0) / 1e9);
        return archive;
    }

    /** {@link #startService(String)} with {@code jvm} added to the production JVM options (and no archive unless given). */
    Service startService(String name, List<String> jvm) throws Exception {
        return startService(name, jvm, serviceJar());
    }

    /** As above, from another build's shaded jar (verify-compare's baseline). */
    Service startService(String name, List<String> jvm, String jar) throws Exception {
        int port = freePort();
        Map<String, String> fixture = f.config(name, Map.of());
        Map<String, String> s = new LinkedHashMap<>();
        for (String k : List.of("cassandra.contact-points", "cassandra.local-datacenter", "cassandra.keyspace", "redis.urls",
                "redis.key-prefix", "verify.trust.roots")) {
            s.put(k, fixture.get(k));
        }
        Path secret = work.resolve("ip-hash-secret");
        if (!Files.exists(secret)) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Files.writeString(secret, HexFormat.of().formatHex(key));
        }
        s.put("cassandra.consistency", "local_quorum");
        s.put("cassandra.request-timeout", "2s");
        s.put("redis.pool-size", "16");
        s.put("http.host", "127.0.0.1");
        s.put("http.port", Integer.toString(port));
        s.put("http.request-timeout", "4s");
        s.put("http.public-base-url", "https://" + Fixture.HOST.toLowerCase(Locale.ROOT));
        s.put("verify.trust-forwarded-for", "true");
        s.put("verify.scan.ip-hash-secret", "file:" + secret);
        s.put("verify.scan.spill-dir", work.resolve(name + "-spill").toString());
        s.put("verify.scan.buffer", "200000");
        s.put("verify.cache.marks.local-max", "300000");
        s.put("verify.cache.registry.local-max", "100000");
        s.put("verify.shutdown.drain", "10s");
        s.put("verify.rate-limit.per-minute", RATE_LIMIT_PER_MINUTE);
        s.put("verify.instance", name);
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(SERVICE_JVM);
        cmd.addAll(jvm);
        String extra = System.getProperty("bench.serviceJvmExtra", "");
        if (!extra.isBlank()) {
            // BENCH_SERVICE_JVM_EXTRA: options after production's (a later option wins), to compare a setting before changing it
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        String profile = System.getProperty("bench.serviceProfile", "");
        if (!profile.isBlank()) {
            // BENCH_SERVICE_PROFILE=<dir>: a JFR recording of each service process (the figures of such a run are not the product's)
            Path dir = Files.createDirectories(Path.of(profile));
            cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + dir.resolve(name + ".jfr"));
        }
        cmd.addAll(List.of("-cp", jar, "org.markauth.verify.app.VerifyMain"));
        s.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        BenchProcess p = BenchProcess.start(name, cmd, work, "http://127.0.0.1:" + port + "/health/ready");
        started.add(p);
        return new Service(name, p, port);
    }

    static void printServiceSettings() {
        System.out.println("BENCH verify-api: production jar, production settings and JVM options (" + String.join(" ", SERVICE_JVM)
                + (CLASS_ARCHIVE ? " -XX:SharedArchiveFile=<archive made by a training run>" : "; no class-data archive")
                + "); rate limit raised to verify.rate-limit.per-minute=" + RATE_LIMIT_PER_MINUTE
                + " for the loopback generator (production: 600 per client)");
        String extra = System.getProperty("bench.serviceJvmExtra", "");
        if (!extra.isBlank()) {
            System.out.println("BENCH verify-api: NOT production's JVM options: " + extra.trim() + " added (BENCH_SERVICE_JVM_EXTRA)");
        }
    }

    void stopAll() throws InterruptedException {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
    }

    static String serviceJar() {
        return jar("bench.serviceJar", "verify-api's shaded jar (ops/bench.d/verify.lib sets it)");
    }

    /** verify-compare's baseline: another build's shaded jar (ops/bench.d/verify-compare.sh builds it). */
    static String baselineJar() {
        return jar("bench.baselineJar", "the baseline build's shaded jar (BENCH_BASELINE_JAR, or verify-compare.sh builds one)");
    }

    private static String jar(String property, String what) {
        String jar = System.getProperty(property);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(property + " must name " + what + ", got " + jar);
        }
        return jar;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---------------------------------------------------------------- measuring

    /** The shared processes plus {@code extra} (name to pid), in print order. */
    Map<String, Long> processes(Map<String, Long> extra) {
        Map<String, Long> m = new LinkedHashMap<>(extra);
        m.putAll(shared);
        return m;
    }

    Map<String, Long> processes(Service... services) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Service s : services) {
            m.put(s.name(), s.process().pid());
        }
        return processes(m);
    }

    Map<String, Long> trivialProcesses() {
        return processes(Map.of("trivial", trivial.pid()));
    }

    /** Runs {@code warm} unmeasured, then {@code load} inside a /proc window over {@code procs}; prints both. */
    Phase phase(String what, Map<String, Long> procs, Callable<?> warm, Callable<LoadGenerator.Result> load) throws Exception {
        if (warm != null) {
            warm.call();
        }
        ProcCpu.Window w = cpu.open(procs, jvms(procs));
        LoadGenerator.Result r = load.call();
        Phase p = new Phase(r, w.close());
        line(what, r);
        cpuLine(p);
        return p;
    }

    /** The processes this bench started (the services and the trivial endpoint, JVMs): their CPU is split by thread group. */
    Set<String> jvms(Map<String, Long> procs) {
        Set<String> out = new HashSet<>(procs.keySet());
        out.removeAll(shared.keySet());
        return out;
    }

    /**
     * Runs {@code chunk} (a few seconds of load) until the JIT compiler has done its work: a measured
     * window then shows the service as it runs for days, not its first minute. A short run otherwise
     * counts C2 compiling the warm path as CPU per verification (up to 40% of the service's CPU in a
     * quick run's window). Stops when the compiler threads used less than {@value #JIT_SETTLED} of the
     * service's CPU over a chunk, or after {@code limit}; says which.
     */
    void settle(String what, Map<String, Long> jvms, Callable<?> chunk, Duration limit) throws Exception {
        settle(what, jvms, chunk, limit, () -> true);
    }

    /** As above; also stops when {@code more} says no further chunk can be run (e.g. its supply of codes would not last). */
    void settle(String what, Map<String, Long> jvms, Callable<?> chunk, Duration limit, BooleanSupplier more) throws Exception {
        long start = System.nanoTime();
        double first = Double.NaN;
        double share;
        int rounds = 0;
        do {
            ProcCpu.Window w = cpu.open(jvms, jvms.keySet());
            chunk.call();
            ProcCpu.Usage u = w.close();
            share = 0;
            for (String name : jvms.keySet()) {
                long total = u.micros().get(name);
                ProcCpu.ThreadCpu jit = u.threads().getOrDefault(name, Map.of()).getOrDefault("JIT", new ProcCpu.ThreadCpu(0, 0));
                share = Math.max(share, total <= 0 ? 0 : (double) jit.total() / total);
            }
            if (rounds++ == 0) {
                first = share;
            }
        } while (share >= JIT_SETTLED && System.nanoTime() - start < limit.toNanos() && more.getAsBoolean());
        System.out.printf(Locale.ROOT, "BENCH JIT %s (%s): %d rounds, %.0f s; compiler threads %.1f%% of %s's CPU in the last round (%.1f%% in the first)%n",
                share < JIT_SETTLED ? "settled" : more.getAsBoolean() ? "NOT settled within the limit" : "NOT settled before its load ran out",
                what, rounds, (System.nanoTime() - start) / 1e9,
                100 * share, String.join(" and ", jvms.keySet()), 100 * first);
    }

    /** The node's CPU (cores, no load running) under which its flushes and compactions count as caught up. */
    static final double NODE_QUIET_CORES = 0.15;

    /**
     * Waits, with no load running, until the Cassandra node has caught up with the writes of the windows before
     * (its CPU under {@value #NODE_QUIET_CORES} of a core over a second), at most {@code limit}; says how long it
     * took and what the node used meanwhile. A latency window that opens while the node flushes and compacts the
     * maximum's writes of seconds before measures that catch-up on the service's cores, not the service at the rate
     * it is given; the wait is printed, so a reader sees what it took.
     */
    void nodeCaughtUp(String before, Duration limit) throws Exception {
        Long node = shared.get("cassandra");
        if (node == null) {
            return;
        }
        long start = System.nanoTime();
        double first = Double.NaN;
        double cores;
        int seconds = 0;
        do {
            ProcCpu.Window w = cpu.open(Map.of("cassandra", node));
            Thread.sleep(1000);
            cores = w.close().cores("cassandra");
            if (seconds++ == 0) {
                first = cores;
            }
        } while (cores >= NODE_QUIET_CORES && System.nanoTime() - start < limit.toNanos());
        System.out.printf(Locale.ROOT, "BENCH node %s before %s: %d s with no load (its CPU %.2f cores in the first second, %.2f in the last)%n",
                cores < NODE_QUIET_CORES ? "caught up" : "NOT caught up within the limit", before, seconds, first, cores);
    }

    void settle(String what, Service s, Callable<?> chunk) throws Exception {
        settle(what, Map.of(s.name(), s.process().pid()), chunk, settleLimit);
    }

    /** The compiler threads' share of a service's CPU under which the JIT counts as settled. */
    static final double JIT_SETTLED = 0.03;

    /** Two loads at once (e.g. two generators), their results in order. */
    static List<LoadGenerator.Result> together(Callable<LoadGenerator.Result> a, Callable<LoadGenerator.Result> b) throws Exception {
        return together(List.of(a, b));
    }

    /** The loads run at the same time; their results in the order given. */
    static List<LoadGenerator.Result> together(List<Callable<LoadGenerator.Result>> loads) throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(loads.size());
        try {
            List<Future<LoadGenerator.Result>> running = new ArrayList<>();
            for (Callable<LoadGenerator.Result> l : loads) {
                running.add(ex.submit(l));
            }
            List<LoadGenerator.Result> out = new ArrayList<>();
            for (Future<LoadGenerator.Result> f : running) {
                out.add(f.get());
            }
            return out;
        } finally {
            ex.shutdown();
        }
    }

    /** Trivial endpoint at its maximum (closed loop, {@value #CONNS} in flight): the per-request baseline. */
    Phase trivialMax(LoadGenerator gen) throws Exception {
        settle("trivial", Map.of("trivial", trivial.pid()), () -> gen.closed(CONNS, Duration.ZERO, warmup, i -> "/ping"), settleLimit);
        return phase("trivial endpoint (max)", trivialProcesses(), null, () -> gen.closed(CONNS, Duration.ZERO, window, i -> "/ping"));
    }

    static void line(String what, LoadGenerator.Result r) {
        System.out.printf(Locale.ROOT, "BENCH %-38s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  failed %d%s%n", what,
                r.rate(), r.p50(), r.p99(), r.p999(), r.failed(), r.failures().isEmpty() ? "" : " " + r.failures());
    }

    static void cpuLine(Phase p) {
        StringBuilder b = new StringBuilder("BENCH   CPU µs/request:");
        p.cpu().micros().forEach((name, m) -> b.append(String.format(Locale.ROOT, " %s %.1f (%.2f cores)", name,
                p.perRequest(name), p.cpu().cores(name))));
        System.out.println(b);
        long n = p.requests();
        p.cpu().threads().forEach((name, groups) -> {
            StringBuilder t = new StringBuilder("BENCH     " + name + " by thread group, µs/request (of which kernel):");
            groups.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.comparingLong(ProcCpu.ThreadCpu::total).reversed()))
                    .filter(e -> e.getValue().total() > 0)
                    .forEach(e -> t.append(String.format(Locale.ROOT, " %s %.1f (%.1f)", e.getKey(), (double) e.getValue().total() / n,
                            (double) e.getValue().system() / n)));
            System.out.println(t);
        });
    }

    static void verdicts(String what, ServiceMetrics before, ServiceMetrics after) {
        System.out.println("BENCH   verdicts " + what + ": " + after.verdictsSince(before) + "; scan records written "
                + Math.round(after.scansWritten() - before.scansWritten()) + "; registry lookups answered by tier: local "
                + Math.round(after.lookups("local") - before.lookups("local")) + ", redis "
                + Math.round(after.lookups("redis") - before.lookups("redis")) + ", cassandra "
                + Math.round(after.cassandraLookups() - before.cassandraLookups()));
    }

    /**
     * What the window's requests allocated and what G1 spent on it (the service's own Micrometer JVM meters, read
     * between windows): bytes per request do not depend on how busy the box is, so they show a cut in the GC's
     * share even where the CPU figures are noisy.
     */
    static void heapChurn(ServiceMetrics before, ServiceMetrics after, long requests) {
        double bytes = after.sum("jvm_gc_memory_allocated_bytes_total") - before.sum("jvm_gc_memory_allocated_bytes_total");
        double promoted = after.sum("jvm_gc_memory_promoted_bytes_total") - before.sum("jvm_gc_memory_promoted_bytes_total");
        double pauses = after.sum("jvm_gc_pause_seconds_count") - before.sum("jvm_gc_pause_seconds_count");
        double paused = after.sum("jvm_gc_pause_seconds_sum") - before.sum("jvm_gc_pause_seconds_sum");
        System.out.printf(Locale.ROOT, "BENCH   heap churn in the window: %.1f KB allocated and %.2f KB promoted per request;"
                + " %.0f GC pauses, %.1f ms paused in all (%.1f µs per request)%n", bytes / 1024 / requests, promoted / 1024 / requests,
                pauses, paused * 1e3, paused * 1e6 / requests);
    }

    static void result(BenchResult r) {
        System.out.println(r.line());
    }

    /** CPU µs of one Ed25519 verify (Bouncy Castle, as the service does it), over {@code n} distinct marks, this thread's CPU. */
    double ed25519VerifyMicros(int n) {
        SignatureVerifier v = SignatureVerifier.create(signer.algorithm(), signer.publicKey());
        SignedMark[] marks = new SignedMark[n];
        byte[][] inputs = new byte[n][];
        for (int i = 0; i < n; i++) {
            marks[i] = signer.sign(new MarkContent(product, batch, new Serial(serials[i % serials.length])));
            inputs[i] = marks[i].signatureInput();
        }
        var threads = ManagementFactory.getThreadMXBean();
        int ok = 0;
        for (int round = 0; round < 2; round++) {   // the first round compiles, the second is measured
            long t0 = threads.getCurrentThreadCpuTime();
            ok = 0;
            for (int i = 0; i < n; i++) {
                ok += v.verify(inputs[i], marks[i].signature()) ? 1 : 0;
            }
            if (round == 1) {
                double us = (threads.getCurrentThreadCpuTime() - t0) / 1000.0 / n;
                System.out.printf(Locale.ROOT, "BENCH Ed25519 verify (Bouncy Castle): %.1f µs of CPU each over %d marks (%d valid)%n",
                        us, n, ok);
                return us;
            }
        }
        throw new AssertionError();
    }

    // ---------------------------------------------------------------- codes

    /** The verify URI of the mark with serial {@code serials[index]}. */
    String uri(int index) {
        String url = signer.sign(new MarkContent(product, batch, new Serial(serials[index]))).toUrl(Fixture.HOST);
        return "/api/v1/verify?code=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    /** URIs of the marks {@code from} .. {@code from + n - 1} of the issued set. */
    String[] uris(int from, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = uri(from + i);
        }
        return out;
    }

    /** Request i picks one of {@code codes} uniformly at random (a precomputed table, nothing drawn on the event loop). */
    static LongFunction<String> uniform(String[] codes, long seed) {
        int[] pick = new SplittableRandom(seed).ints(1 << 20, 0, codes.length).toArray();
        return i -> codes[pick[(int) (i & ((1 << 20) - 1))]];
    }

    /** Verifies every distinct code of the list once, so the caches hold them all. */
    static void warmUp(LoadGenerator verify, String[] distinct) throws InterruptedException {
        long t0 = System.nanoTime();
        verify.once(CONNS, distinct);
        System.out.printf(Locale.ROOT, "BENCH warm-up: each of %d distinct codes verified once in %.1f s%n", distinct.length,
                (System.nanoTime() - t0) / 1e9);
    }
}
