// The fault-drill driver (ops/drills/lib.sh compiles it against the verify-api test classpath and runs it).
// One source file so that it needs no module of its own: it reuses the verify-api's test
// Fixture (fresh keyspace, trust list, registry rows written as the issuer writes them), the ops
// module's AsyncLoad (closed-loop load with an HdrHistogram) and the real VerifyMain, which it runs
// as a child process so that it can be killed with SIGKILL. See docs/reliability.md.

package org.markauth.drills;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.ops.bench.AsyncLoad;
import org.markauth.verify.Fixture;
import org.markauth.verify.registry.RegistryReader;

/**
 * Usage: Drill SCENARIO [--name=value ...]
 * Scenarios: hostile | kill-verify | redis | cassandra | multi-node.
 * Options: --work=DIR (logs, spill dir, config; required), --seconds=N load duration,
 *   --fault-at=N / --recover-at=N seconds into the load, --fault-cmd / --recover-cmd shell commands
 *   (cassandra, multi-node), --rf=N replication factor, --consistency=local_quorum|local_one,
 *   --marks=N distinct genuine codes, --concurrency=N, --requests=N (hostile), --settle=N seconds
 *   to wait for every acknowledged scan to reach Cassandra.
 * Prints "DRILL <scenario> PASS|FAIL key=value ..." as its last line; exit 0 on PASS, 1 on FAIL.
 */
public final class Drill {

    static final Map<String, String> opt = new LinkedHashMap<>();
    static final Map<String, String> figures = new LinkedHashMap<>();
    static final List<String> failures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].replaceFirst("^--", "").split("=", 2);
            opt.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        Path work = Path.of(req("work"));
        Files.createDirectories(work);
        Drill d = new Drill(scenario, work);
        int rc;
        try {
            d.run();
        } catch (Throwable e) {
            failures.add("error: " + e);
            e.printStackTrace();
        } finally {
            d.cleanup();
        }
        StringBuilder line = new StringBuilder("DRILL " + scenario + (failures.isEmpty() ? " PASS" : " FAIL"));
        figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        failures.forEach(f -> System.out.println("CHECK FAILED: " + f));
        System.out.println(line);
        rc = failures.isEmpty() ? 0 : 1;
        System.exit(rc);
    }

    static String req(String k) {
        String v = opt.get(k);
        if (v == null) {
            throw new IllegalArgumentException("--" + k + " is required");
        }
        return v;
    }

    static int num(String k, int def) {
        return Integer.parseInt(opt.getOrDefault(k, String.valueOf(def)));
    }

    static void say(String s) {
        System.out.printf("%s %s%n", Instant.now().toString().substring(11, 23), s);
        System.out.flush();
    }

    static void check(boolean ok, String what) {
        System.out.println("CHECK " + (ok ? "ok    " : "FAILED") + " " + what);
        if (!ok) {
            failures.add(what);
        }
    }

    // ------------------------------------------------------------------ the world

    final String scenario;
    final Path work;
    final Vertx vertx = Vertx.vertx();
    HttpClient http;
    Fixture f;
    int product = 7001;
    int batch;
    long[] serials;
    String[] uris;
    int port;
    Process verify;
    Process redis;
    int redisPort;
    int generation;

    Drill(String scenario, Path work) {
        this.scenario = scenario;
        this.work = work;
    }

    void run() throws Exception {
        if (scenario.equals("redis")) {
            // a private Redis: the shared one on 6379 is never touched
            redisPort = freePort();
            startRedis();
            System.setProperty("markauth.redis.url", "redis://127.0.0.1:" + redisPort);
        }
        int rf = num("rf", 1);
        say("setting up a fresh keyspace (replication factor " + rf + ") on " + System.getenv().getOrDefault(
                "MARKAUTH_CASSANDRA_CONTACT_POINTS", "the local stack"));
        for (int attempt = 1; f == null; attempt++) {
            try {
                f = new Fixture("drill_" + scenario.replace('-', '_'));
            } catch (RuntimeException e) {
                // a loaded cluster can report schema agreement before a node serves the new table
                if (attempt >= 4) {
                    throw e;
                }
                say("keyspace setup failed (" + e.getMessage() + "); retrying with a new keyspace");
                Thread.sleep(5000);
            }
        }
        awaitSchemaOnEveryNode();
        if (rf > 1) {
            f.session.execute(SimpleStatement.newInstance("ALTER KEYSPACE " + f.ks.name()
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': " + rf + "}")
                    .setTimeout(Duration.ofSeconds(60)));
            awaitSchemaOnEveryNode();
            // rewritten now that it has three replicas, and read back at ALL: the read repairs any
            // replica a write coordinated before the new replication reached it did not go to
            for (int attempt = 1; ; attempt++) {
                f.publishTrustList(1);
                if (f.session.execute(SimpleStatement.newInstance("SELECT sequence FROM trust_lists WHERE list = 'current'")
                        .setConsistencyLevel(ConsistencyLevel.ALL).setTimeout(Duration.ofSeconds(20))).one() != null) {
                    break;
                }
                if (attempt >= 10) {
                    throw new IllegalStateException("the trust list written on three replicas cannot be read back at ALL");
                }
                Thread.sleep(2000);
            }
        }
        int marks = num("marks", 2000);
        batch = f.newId();
        f.licensee("L1", "演练电器");
        f.product(product, "L1", "ACTIVE", Instant.now().minus(Duration.ofDays(100)), java.util.Set.of());
        f.batch(batch, product, "L1", "ISSUED", LocalDate.now(ZoneOffset.UTC).plusYears(2), Instant.now().minus(Duration.ofDays(3)));
        f.range(batch, 1, marks, "ACTIVATE");
        serials = insertMarks(batch, 1, marks, ConsistencyLevel.LOCAL_ONE, null);
        uris = new String[marks];
        for (int i = 0; i < marks; i++) {
            uris[i] = "/api/v1/verify?code=" + URLEncoder.encode(f.url(product, batch, serials[i]), StandardCharsets.UTF_8);
        }
        say("keyspace " + f.ks.name() + ": " + marks + " issued marks in batch " + batch);
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2000)
                        .setIdleTimeout(30).setIdleTimeoutUnit(TimeUnit.SECONDS),
                new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(-1));
        port = freePort();
        startVerify();
        switch (scenario) {
            case "hostile" -> hostile();
            case "kill-verify", "redis", "cassandra", "multi-node" -> underLoad();
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    /** Every node lists the drill keyspace's tables (a statement pinned to each node in turn). */
    void awaitSchemaOnEveryNode() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        for (var node : f.session.getMetadata().getNodes().values()) {
            long tables = -1;
            while (true) {
                try {
                    tables = f.session.execute(SimpleStatement.newInstance(
                            "SELECT count(*) FROM system_schema.tables WHERE keyspace_name = ?", f.ks.name()).setNode(node))
                            .one().getLong(0);
                } catch (RuntimeException e) {
                    tables = -1;
                }
                long expected = f.session.getMetadata().getKeyspace(f.ks.name()).map(k -> (long) k.getTables().size()).orElse(0L);
                if (tables >= expected && tables > 0) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("node " + node.getEndPoint() + " lists " + tables + " of " + expected
                            + " tables of " + f.ks.name() + " after 180 s");
                }
                Thread.sleep(1000);
            }
        }
    }

    long[] insertMarks(int batchId, int firstSeq, int n, ConsistencyLevel cl, LongAdder acked) throws InterruptedException {
        PreparedStatement ins = f.session.prepare("INSERT INTO marks (batch_id, bucket, serial, seq) VALUES (?, ?, ?, ?)");
        SplittableRandom r = new SplittableRandom(batchId * 31L + firstSeq);
        long[] out = new long[n];
        Semaphore inFlight = new Semaphore(32);
        for (int i = 0; i < n; i++) {
            long s = r.nextLong();
            out[i] = s;
            inFlight.acquire();
            int index = i;
            f.session.executeAsync(ins.bind(batchId, RegistryReader.bucket(s), RegistryReader.serialBytes(s), firstSeq + i)
                            .setConsistencyLevel(cl).setTimeout(Duration.ofSeconds(10)))
                    .whenComplete((rs, e) -> {
                        if (e == null && acked != null) {
                            acked.increment();
                        } else if (e != null && acked == null) {
                            System.err.println("fixture insert failed: " + e);
                        } else if (e != null) {
                            out[index] = 0;   // not acknowledged: not issued, so not checked afterwards
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(32);
        inFlight.release(32);
        return out;
    }

    Map<String, String> extraConfig() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("http.port", String.valueOf(port));
        m.put("cassandra.consistency", opt.getOrDefault("consistency", "local_quorum"));
        m.put("verify.rules.max-scans", "0");
        m.put("verify.rules.max-speed-kmh", "0");
        m.put("verify.rate-limit.per-minute", "0");
        m.put("verify.scan.flush-interval", "100ms");
        m.put("verify.scan.write-timeout", "5s");
        m.put("verify.scan.retry-interval", "2s");
        m.put("verify.trust-forwarded-for", "false");
        return m;
    }

    void startVerify() throws Exception {
        Path cfg = work.resolve("verify-api.properties");
        if (!Files.exists(cfg)) {
            Properties p = new Properties();
            p.putAll(f.config("spill", extraConfig()));
            p.put("verify.scan.spill-dir", work.resolve("spill").toString());
            try (OutputStream o = Files.newOutputStream(cfg)) {
                p.store(o, "drill " + scenario);
            }
        }
        generation++;
        Path log = work.resolve("verify-api-" + generation + ".log");
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx512m", "-XX:+UseParallelGC",
                "-cp", System.getProperty("java.class.path"), "org.markauth.verify.app.VerifyMain", "--config=" + cfg)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MARKAUTH_"));   // the file alone configures it
        long t0 = System.nanoTime();
        verify = pb.start();
        long deadline = System.currentTimeMillis() + 300_000;
        while (true) {
            if (!verify.isAlive()) {
                throw new IllegalStateException("verify-api exited during start (see " + log + ")");
            }
            try {
                if (get("/health/live").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).status() == 200) {
                    break;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
                // not listening yet (or the loaded machine is slow to answer): try again
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("verify-api not live within 300 s (see " + log + ")");
            }
            Thread.sleep(200);
        }
        say("verify-api #" + generation + " live on 127.0.0.1:" + port + " (pid " + verify.pid() + ") after "
                + (System.nanoTime() - t0) / 1_000_000 + " ms, log " + log);
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void startRedis() throws Exception {
        Path dir = work.resolve("redis");
        Files.createDirectories(dir);
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("redis.log").toFile()))
                .start();
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", redisPort)) {
                say("private redis-server on 127.0.0.1:" + redisPort + " (pid " + redis.pid() + ")");
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("private redis-server did not start on port " + redisPort);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    record Reply(int status, Buffer body) {
    }

    Future<Reply> get(String uri) {
        return send(HttpMethod.GET, uri, null, null);
    }

    Future<Reply> send(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
        RequestOptions o = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
                .setIdleTimeout(20_000).setConnectTimeout(5_000);
        if (headers != null) {
            headers.forEach(o::putHeader);
        }
        return http.request(o).compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b)));
    }

    // ------------------------------------------------------------------ load drills

    final AtomicLongArray acked = new AtomicLongArray(1 << 16);
    final ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    final LongAdder transportErrors = new LongAdder();
    final LongAdder otherVerdicts = new LongAdder();
    final AtomicLong totalAcked = new AtomicLong();
    volatile boolean restarted;
    volatile long faultNanos = Long.MAX_VALUE;
    volatile long recoverNanos = Long.MAX_VALUE;
    final LongAdder sentDuringFault = new LongAdder();
    final LongAdder okDuringFault = new LongAdder();
    /** Acknowledged genuine scans per 10 ms since the load started: how many fell just before a kill. */
    final AtomicLongArray ackTimeline = new AtomicLongArray(100 * 900);
    long loadStart;

    CompletableFuture<Object> verifyOnce(long i) {
        int m = (int) (i % uris.length);
        long t = System.nanoTime();
        boolean inFault = t >= faultNanos && t < recoverNanos;
        if (inFault) {
            sentDuringFault.increment();
        }
        Promise<Object> p = Promise.promise();
        // bounded: a request queued for a pooled connection to a killed server must not hold a permit forever
        get(uris[m]).timeout(30, TimeUnit.SECONDS).onComplete(ar -> {
            if (ar.failed()) {
                transportErrors.increment();
                vertx.setTimer(20, x -> p.complete());   // a refused connection must not spin the loop
                return;
            }
            Reply r = ar.result();
            statuses.computeIfAbsent(r.status, k -> new LongAdder()).increment();
            if (r.status == 200) {
                String code = new JsonObject(r.body).getString("code");
                // every code here is signed and issued: any verdict but UNKNOWN_SERIAL found the unit,
                // so the verify-api recorded a scan row for it (VerificationService.record)
                if (code != null && !"UNKNOWN_SERIAL".equals(code)) {
                    acked.incrementAndGet(m);
                    totalAcked.incrementAndGet();
                    int slot = (int) ((System.nanoTime() - loadStart) / 10_000_000L);
                    if (slot >= 0 && slot < ackTimeline.length()) {
                        ackTimeline.incrementAndGet(slot);
                    }
                    if (inFault) {
                        okDuringFault.increment();
                    }
                } else {
                    otherVerdicts.increment();
                }
            }
            p.complete();
        });
        return p.future().toCompletionStage().toCompletableFuture();
    }

    void underLoad() throws Exception {
        int seconds = num("seconds", 60);
        int faultAt = num("fault-at", 15);
        int recoverAt = num("recover-at", 35);
        int concurrency = num("concurrency", 16);
        // warm the cache tiers with every code once (a real site's popular codes are warm)
        Semaphore warming = new Semaphore(concurrency);
        for (int i = 0; i < uris.length; i++) {
            warming.acquire();
            verifyOnce(i).whenComplete((x, e) -> warming.release());
        }
        warming.acquire(concurrency);
        say("caches warm (" + totalAcked.get() + " warm-up scans acknowledged); load: " + concurrency
                + " in flight for " + seconds + " s, fault at " + faultAt + " s, recovery at " + recoverAt + " s");
        LongAdder marksAcked = new LongAdder();
        List<long[]> issued = new ArrayList<>();
        List<Integer> issuedBatches = new ArrayList<>();
        Thread faults = new Thread(() -> timeline(faultAt, recoverAt, marksAcked, issued, issuedBatches), "drill-faults");
        loadStart = System.nanoTime();
        faults.start();
        AsyncLoad.Outcome out = new AsyncLoad(concurrency).run(Duration.ZERO, Duration.ofSeconds(seconds), this::verifyOnce);
        faults.join();
        long requests = out.completed() + out.failed();
        say(String.format("load done: %d requests in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms", requests,
                out.elapsed().toMillis() / 1000.0, requests / (out.elapsed().toMillis() / 1000.0), out.percentileMillis(50),
                out.percentileMillis(99)));
        figures.put("requests", String.valueOf(requests));
        figures.put("rate", String.format("%.0f/s", requests / (out.elapsed().toMillis() / 1000.0)));
        figures.put("p99_ms", String.format("%.1f", out.percentileMillis(99)));
        long ok = statuses.getOrDefault(200, new LongAdder()).sum();
        long fivexx = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().sum()).sum();
        figures.put("http200", String.valueOf(ok));
        figures.put("http5xx", String.valueOf(fivexx));
        figures.put("transport_errors", String.valueOf(transportErrors.sum()));
        say("statuses " + statuses + ", transport errors " + transportErrors.sum() + ", other verdicts " + otherVerdicts.sum());
        if (sentDuringFault.sum() > 0) {
            figures.put("answered_during_fault", String.format("%.2f%%", 100.0 * okDuringFault.sum() / sentDuringFault.sum()));
        }

        // every acknowledged scan must reach scans_by_mark (after a spill, once it is replayed)
        long acks = totalAcked.get();
        figures.put("scans_acked", String.valueOf(acks));
        long[] rows = settle(acks);
        if (scenario.equals("kill-verify")) {
            // graceful stop so that nothing acknowledged after the restart is still in the buffer
            stopVerify();
            rows = countRows();
        } else {
            stopVerify();
            rows = countRows();
        }
        long lost = 0;
        long extra = 0;
        for (int m = 0; m < uris.length; m++) {
            long d = acked.get(m) - rows[m];
            if (d > 0) {
                lost += d;
            } else {
                extra -= d;
            }
        }
        long total = java.util.Arrays.stream(rows).sum();
        figures.put("scan_rows", String.valueOf(total));
        figures.put("scans_lost", String.valueOf(lost));
        figures.put("rows_unacked", String.valueOf(extra));
        say("scans acknowledged " + acks + ", rows in scans_by_mark " + total + ", lost " + lost
                + ", rows without an acknowledgement (answer never received) " + extra);
        switch (scenario) {
            case "kill-verify" -> {
                long window100 = acksBefore(faultNanos, 100);
                long window1s = acksBefore(faultNanos, 1000);
                figures.put("acked_last_100ms", String.valueOf(window100));
                figures.put("acked_last_1s", String.valueOf(window1s));
                check(lost <= window1s, "scans lost by kill -9 (" + lost + ") <= scans acknowledged in the last second before it ("
                        + window1s + "; documented window: one flush interval, 100 ms = " + window100 + " scans)");
                check(restarted, "verify-api restarted on the same spill dir and was live again after kill -9");
            }
            case "redis" -> {
                check(lost == 0, "no acknowledged scan lost across the Redis outage (lost " + lost + ")");
                check(fivexx == 0, "no 5xx while Redis was down (" + fivexx + ")");
                check(okDuringFault.sum() > 0, "verification kept answering while Redis was down ("
                        + okDuringFault.sum() + " genuine verdicts)");
            }
            case "cassandra" -> {
                check(lost == 0, "no acknowledged scan lost across the Cassandra outage (lost " + lost + ")");
                check(okDuringFault.sum() > 0, "warm codes kept verifying while Cassandra was down ("
                        + okDuringFault.sum() + " verdicts with the unit found)");
                check(fivexx == 0, "no 5xx while Cassandra had no quorum: codes no cache held got the signature's verdict ("
                        + fivexx + ")");
            }
            case "multi-node" -> {
                check(lost == 0, "no acknowledged scan lost with one node of three killed (lost " + lost + ")");
                double pct = sentDuringFault.sum() == 0 ? 0 : 100.0 * okDuringFault.sum() / sentDuringFault.sum();
                check(pct >= 99.0, String.format("verification kept answering at LOCAL_QUORUM with a node down: %.2f%% of %d "
                        + "requests answered GENUINE (>= 99%%)", pct, sentDuringFault.sum()));
                long marksLost = marksMissing(issued, issuedBatches);
                figures.put("marks_issued_acked", String.valueOf(marksAcked.sum()));
                figures.put("marks_lost", String.valueOf(marksLost));
                check(marksLost == 0, "no acknowledged mark write lost (" + marksAcked.sum() + " acknowledged during the run, "
                        + marksLost + " missing at LOCAL_QUORUM afterwards)");
            }
            default -> {
            }
        }
    }

    long acksBefore(long at, int millis) {
        if (at == Long.MAX_VALUE) {
            return 0;
        }
        int end = (int) ((at - loadStart) / 10_000_000L);
        long n = 0;
        for (int s = Math.max(0, end - millis / 10); s <= end && s < ackTimeline.length(); s++) {
            n += ackTimeline.get(s);
        }
        return n;
    }

    /** The fault schedule, on its own thread while the load runs. */
    void timeline(int faultAt, int recoverAt, LongAdder marksAcked, List<long[]> issued, List<Integer> issuedBatches) {
        try {
            Thread issuer = null;
            if (scenario.equals("multi-node")) {
                // issuance during the run: mark rows written at LOCAL_QUORUM as the issuer writes them
                issuer = new Thread(() -> issueDuringRun(marksAcked, issued, issuedBatches, recoverAt + 5), "drill-issue");
                issuer.start();
            }
            sleepUntil(faultAt);
            faultNanos = System.nanoTime();
            switch (scenario) {
                case "kill-verify" -> {
                    say("FAULT kill -9 verify-api (pid " + verify.pid() + "), " + totalAcked.get() + " scans acknowledged so far");
                    verify.destroyForcibly().waitFor();
                    verify = null;
                    Thread.sleep(1000);
                    recoverNanos = System.nanoTime();
                    startVerify();
                    restarted = true;
                }
                case "redis" -> {
                    say("FAULT kill -9 private redis-server (pid " + redis.pid() + ")");
                    redis.destroyForcibly().waitFor();
                    sleepUntil(recoverAt);
                    recoverNanos = System.nanoTime();
                    say("RECOVER restarting redis-server on the same port (empty: no persistence)");
                    startRedis();
                }
                default -> {
                    say("FAULT " + req("fault-cmd"));
                    shell(req("fault-cmd"));
                    sleepUntil(recoverAt);
                    recoverNanos = System.nanoTime();
                    say("RECOVER " + req("recover-cmd"));
                    shell(req("recover-cmd"));
                    say("RECOVER done");
                }
            }
            if (issuer != null) {
                issuer.join();
            }
        } catch (Exception e) {
            failures.add("fault timeline: " + e);
            e.printStackTrace();
        }
    }

    void sleepUntil(int secondsIntoLoad) throws InterruptedException {
        long left = loadStart + secondsIntoLoad * 1_000_000_000L - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
    }

    static void shell(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("command failed (exit " + p.exitValue() + "): " + cmd);
        }
    }

    void issueDuringRun(LongAdder acked, List<long[]> issued, List<Integer> batches, int untilSecond) {
        try {
            int seq = 1;
            while (System.nanoTime() < loadStart + untilSecond * 1_000_000_000L) {
                int b = f.newId();
                LongAdder ok = new LongAdder();
                long[] s = insertMarks(b, seq, 200, ConsistencyLevel.LOCAL_QUORUM, ok);
                acked.add(ok.sum());
                synchronized (issued) {
                    issued.add(s);
                    batches.add(b);
                }
                if (ok.sum() < 200) {
                    say("issuance: " + (200 - ok.sum()) + " of 200 mark writes not acknowledged (not counted as issued)");
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long marksMissing(List<long[]> issued, List<Integer> batches) {
        PreparedStatement q = f.session.prepare("SELECT serial FROM marks WHERE batch_id = ? AND bucket = ? AND serial = ?");
        long missing = 0;
        for (int i = 0; i < issued.size(); i++) {
            for (long s : issued.get(i)) {
                if (s == 0) {
                    continue;
                }
                Row r = f.session.execute(q.bind(batches.get(i), RegistryReader.bucket(s), RegistryReader.serialBytes(s))
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)).one();
                if (r == null) {
                    missing++;
                }
            }
        }
        return missing;
    }

    long[] countRows() {
        PreparedStatement q = f.session.prepare("SELECT count(*) FROM scans_by_mark WHERE batch_id = ? AND serial = ?");
        long[] rows = new long[uris.length];
        for (int m = 0; m < uris.length; m++) {
            rows[m] = f.session.execute(q.bind(batch, RegistryReader.serialBytes(serials[m]))
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).setTimeout(Duration.ofSeconds(20))).one().getLong(0);
        }
        return rows;
    }

    /** Waits until the rows cover the acknowledgements (spill replayed) or stop growing for 20 s. */
    long[] settle(long acks) throws InterruptedException {
        int limit = num("settle", 180);
        long deadline = System.currentTimeMillis() + limit * 1000L;
        long last = -1;
        long stableSince = System.currentTimeMillis();
        while (true) {
            long[] rows;
            try {
                rows = countRows();
            } catch (RuntimeException e) {
                say("counting rows failed (" + e.getMessage() + "); retrying");
                Thread.sleep(2000);
                continue;
            }
            long total = java.util.Arrays.stream(rows).sum();
            if (total >= acks || System.currentTimeMillis() > deadline) {
                return rows;
            }
            if (total != last) {
                last = total;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince > 20_000) {
                return rows;
            }
            say("waiting for scan records to reach Cassandra: " + total + " rows of " + acks + " acknowledged");
            Thread.sleep(2000);
        }
    }

    void stopVerify() throws InterruptedException {
        if (verify != null) {
            verify.destroy();   // SIGTERM: drain and flush
            if (!verify.waitFor(60, TimeUnit.SECONDS)) {
                verify.destroyForcibly();
            }
            say("verify-api stopped (exit " + verify.exitValue() + ")");
            verify = null;
        }
    }

    // ------------------------------------------------------------------ hostile input

    void hostile() throws Exception {
        int target = num("requests", 12_000);
        int concurrency = num("concurrency", 8);
        // bulk verification is an officer's tool: the batch cases carry a live officer key, and a revoked one is tried too
        var keys = org.markauth.access.ApiKeyStore.create(f.session, java.time.Clock.systemUTC());
        String officer = keys.issue(org.markauth.access.Principal.officer("drill-officer")).toCompletableFuture().get();
        String revoked = keys.issue(org.markauth.access.Principal.officer("drill-officer-revoked")).toCompletableFuture().get();
        keys.revoke(revoked).toCompletableFuture().get();
        List<Hostile> cases = Hostile.cases(f, product, batch, serials, officer, revoked);
        say(cases.size() + " hostile request kinds; sending " + target + " requests, " + concurrency + " in flight");
        Semaphore permits = new Semaphore(concurrency);
        Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
        LongAdder rawSent = new LongAdder();
        SplittableRandom r = new SplittableRandom(99);
        List<String> fiveXX = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        for (int i = 0; i < target; i++) {
            Hostile h = cases.get(i % cases.size());
            if (i > 0 && i % 1000 == 0) {
                say("progress: " + i + " sent; statuses so far " + new java.util.TreeMap<>(statuses) + ", 5xx kinds "
                        + List.copyOf(fiveXX).stream().map(x -> x.substring(0, x.indexOf(" -> "))).distinct().toList());
            }
            if (h.raw() != null) {
                // malformed HTTP on a raw socket: no client library would send it
                rawSent.increment();
                String status = raw(h.raw().apply(r));
                statuses.computeIfAbsent(status.startsWith("5") ? 500 : status.equals("closed") ? 0 : 400,
                        k -> new LongAdder()).increment();
                if (status.startsWith("5")) {
                    fiveXX.add(h.kind() + " -> " + status);
                }
                byKind.computeIfAbsent(h.kind(), k -> new LongAdder()).increment();
                continue;
            }
            permits.acquire();
            Hostile.Req q = h.req().apply(r);
            Future<Reply> sent;
            try {
                sent = send(q.method(), q.uri(), q.headers(), q.body());
            } catch (RuntimeException refusedByClient) {
                sent = Future.failedFuture(refusedByClient);
            }
            // a request the server neither answers nor closes must not hold a permit forever
            sent.timeout(30, TimeUnit.SECONDS).onComplete(ar -> {
                if (ar.succeeded()) {
                    int s = ar.result().status();
                    statuses.computeIfAbsent(s, k -> new LongAdder()).increment();
                    if (s >= 500) {
                        fiveXX.add(h.kind() + " -> " + s + " " + ar.result().body().toString().substring(0,
                                Math.min(200, ar.result().body().length())));
                    }
                } else {
                    transportErrors.increment();
                }
                byKind.computeIfAbsent(h.kind(), k -> new LongAdder()).increment();
                permits.release();
            });
        }
        permits.acquire(concurrency);
        double secs = (System.nanoTime() - t0) / 1e9;
        long sent = statuses.values().stream().mapToLong(LongAdder::sum).sum() + transportErrors.sum();
        say(String.format("sent %d hostile requests (%d raw) in %.1f s; statuses %s; transport errors %d", sent,
                rawSent.sum(), secs, new java.util.TreeMap<>(statuses), transportErrors.sum()));
        say("by kind: " + new java.util.TreeMap<>(byKind));
        List.copyOf(fiveXX).stream().limit(10).forEach(s -> say("5xx: " + s));
        long fivexx = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().sum()).sum();
        Reply genuine = get(uris[0]).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        String code = genuine.status() == 200 ? new JsonObject(genuine.body()).getString("code") : "HTTP " + genuine.status();
        figures.put("requests", String.valueOf(sent));
        figures.put("kinds", String.valueOf(cases.size()));
        figures.put("http5xx", String.valueOf(fivexx));
        figures.put("transport_errors", String.valueOf(transportErrors.sum()));
        figures.put("statuses", new java.util.TreeMap<>(statuses).toString().replace(" ", ""));
        check(sent >= 10_000, "at least 10,000 hostile requests sent (" + sent + ")");
        check(fivexx == 0, "zero 5xx answers (" + fivexx + ")");
        check(verify.isAlive(), "verify-api process still running");
        check("GENUINE".equals(code), "a genuine code still verifies GENUINE afterwards (" + code + ")");
        long rss = rssMb(verify.pid());
        figures.put("verify_rss_mb", String.valueOf(rss));
    }

    static long rssMb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // not Linux: no figure
        }
        return -1;
    }

    /** Sends raw bytes, returns the status code of the answer, or "closed" when the server just closed. */
    String raw(byte[] bytes) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            try {
                o.write(bytes);
                o.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                return "closed";   // the server closed while we were still sending (too large)
            }
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            String line = new String(head, StandardCharsets.ISO_8859_1);
            return line.startsWith("HTTP/1.") && line.length() >= 12 ? line.substring(9, 12) : "closed";
        } catch (IOException e) {
            transportErrors.increment();
            return "closed";
        }
    }

    void cleanup() {
        try {
            stopVerify();
        } catch (Exception e) {
            System.err.println("stopping verify-api: " + e);
        }
        if (redis != null && redis.isAlive()) {
            redis.destroy();
        }
        if (f != null && !"true".equals(opt.get("keep-keyspace"))) {
            try {
                f.close();
            } catch (RuntimeException e) {
                System.err.println("dropping the drill keyspace: " + e.getMessage());
            }
        }
        vertx.close();
    }

}

/** The hostile request kinds: malformed, oversized, forged and injection-style. */
record Hostile(String kind, java.util.function.Function<SplittableRandom, Req> req,
               java.util.function.Function<SplittableRandom, byte[]> raw) {

    record Req(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    }

    static Hostile get(String kind, java.util.function.Function<SplittableRandom, String> uri) {
        return new Hostile(kind, r -> new Req(HttpMethod.GET, uri.apply(r), null, null), null);
    }

    static Hostile post(String kind, String uri, String contentType, java.util.function.Function<SplittableRandom, String> body) {
        return new Hostile(kind, r -> new Req(HttpMethod.POST, uri,
                contentType == null ? Map.of() : Map.of("Content-Type", contentType), Buffer.buffer(body.apply(r))), null);
    }

    /** A JSON POST with a bearer token (the officer routes and bulk verification). */
    static Hostile postAs(String kind, String uri, String token, java.util.function.Function<SplittableRandom, String> body) {
        return new Hostile(kind, r -> new Req(HttpMethod.POST, uri, Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + token), Buffer.buffer(body.apply(r))), null);
    }

    static Hostile raw(String kind, java.util.function.Function<SplittableRandom, byte[]> bytes) {
        return new Hostile(kind, null, bytes);
    }

    /** What an HTTP client can put in a header (printable ASCII); the raw-socket kinds send the rest. */
    static String header(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String randomText(SplittableRandom r, int n, String alphabet) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static final String B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static final String[] INJECTIONS = {
        "' OR '1'='1", "'; DROP KEYSPACE markauth; --", "1; SELECT * FROM api_keys", "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>", "${jndi:ldap://127.0.0.1:1/a}", "../../../../etc/passwd", "%00", "\u0000\u0001\u0002",
        "{{7*7}}", "$(reboot)", "`id`", "\r\nSet-Cookie: a=b", "javascript:alert(1)", "A".repeat(511), "𝕄𝔸ℝ𝕂😀".repeat(40),
        "HTTPS://MARK.EXAMPLE.CN/M/' OR 1=1 --", "https://evil.example/M/AAAA", "data:text/html,<b>x</b>", "\uFEFF\u202E"};

    static List<Hostile> cases(Fixture f, int product, int batch, long[] serials, String officer, String revoked) {
        String genuine = f.url(product, batch, serials[0]);
        List<Hostile> c = new ArrayList<>();
        // look-alikes: Unicode case folds (dotless i, long s, Kelvin sign, fullwidth), invisible padding, over-long codes
        String host = genuine.substring(genuine.indexOf("://") + 3, genuine.indexOf('/', genuine.indexOf("://") + 3));
        String[] lookAlikes = {genuine.replace("HTTPS", "HTTP\u017F"), genuine.replaceFirst("I", "\u0131"),
                genuine.replaceFirst("S", "\u017F"), genuine.replaceFirst("K", "\u212A"), genuine.replace(host, "\uFF2D" + host.substring(1)),
                "\u00A0" + genuine, genuine + "\u0085", genuine + "\u2028", "\u001D" + genuine + "\u001D", "\u200B" + genuine};
        c.add(get("lookalike-code", r -> "/api/v1/verify?code=" + enc(lookAlikes[r.nextInt(lookAlikes.length)])));
        c.add(get("too-long-code", r -> "/api/v1/verify?code=" + enc(genuine + "A".repeat(1 + r.nextInt(3500)))));
        // the status list (?since=) and receipts (?receipt=) take only what they document
        c.add(get("status-list-bad-since", r -> "/api/v1/status-list?since=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)])));
        c.add(get("status-list-since", r -> "/api/v1/status-list?since=" + (r.nextBoolean() ? r.nextLong() : r.nextInt(5))));
        c.add(get("receipt-bad-flag", r -> "/api/v1/verify?receipt=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)]) + "&code="
                + enc(genuine)));
        c.add(post("receipt-wrong-type", "/api/v1/verify", "application/json", r -> "{\"code\":\"" + genuine
                + "\",\"receipt\":" + (r.nextBoolean() ? "\"yes\"" : "[1]") + "}"));
        // bulk verification: no key, a revoked key, duplicates with a live key (counted once, never a 5xx)
        c.add(post("batch-no-key", "/api/v1/verify/batch", "application/json", r -> "{\"codes\":[\"" + genuine + "\"]}"));
        c.add(postAs("batch-revoked-key", "/api/v1/verify/batch", revoked, r -> "{\"codes\":[\"" + genuine + "\"]}"));
        c.add(postAs("batch-duplicates", "/api/v1/verify/batch", officer, r -> "{\"codes\":["
                + String.join(",", java.util.Collections.nCopies(1 + r.nextInt(60), "\"" + genuine + "\"")) + "]}"));
        // forged: valid shape, signature that does not cover the content; stranger's key; changed ids
        c.add(get("forged-content", r -> "/api/v1/verify?code=" + enc(f.forged(product, batch, serials[r.nextInt(serials.length)]))));
        c.add(get("forged-stranger-key", r -> "/api/v1/verify?code=" + enc(f.url(f.strangerKey, product, batch, r.nextLong()))));
        c.add(get("forged-random-payload", r -> "/api/v1/verify?code=" + enc("HTTPS://" + Fixture.HOST + "/M/" + randomText(r, 137, B32))));
        c.add(get("forged-huge-ids", r -> "/api/v1/verify?code=" + enc(f.url(product, Integer.MAX_VALUE, r.nextLong()))));
        c.add(get("forged-bitflip", r -> {
            char[] g = genuine.toCharArray();
            int i = genuine.length() - 1 - r.nextInt(100);
            g[i] = g[i] == 'A' ? 'B' : 'A';
            return "/api/v1/verify?code=" + enc(new String(g));
        }));
        c.add(get("forged-truncated", r -> "/api/v1/verify?code=" + enc(genuine.substring(0, 10 + r.nextInt(genuine.length() - 10)))));
        c.add(get("page-forged", r -> "/M/" + randomText(r, 137, B32)));
        c.add(get("page-garbage", r -> "/M/" + enc(randomText(r, 1 + r.nextInt(300), "!@#$%^&*()[]{};:'\",.<>/?\\|`~ äß中文"))));
        c.add(get("gs1-garbage", r -> "/01/" + randomText(r, 1 + r.nextInt(80), "0123456789/ABC%")));
        // malformed
        c.add(get("missing-code", r -> "/api/v1/verify"));
        c.add(get("empty-code", r -> "/api/v1/verify?code="));
        c.add(get("random-bytes-code", r -> "/api/v1/verify?code=" + enc(randomText(r, 1 + r.nextInt(500),
                "\u0000\u0001\u007f\u0080\u00ff\uffff\ud7ff abcXYZ019%+&=#?/"))));
        c.add(get("bad-percent-encoding", r -> "/api/v1/verify?code=%zz%" + randomText(r, 3, "0123456789ABCDEFGz%")));
        c.add(get("repeated-params", r -> "/api/v1/verify?code=a&code=b&code=" + enc(genuine) + "&geo=" + randomText(r, 20, "xyz0189")));
        c.add(get("bad-geo", r -> "/api/v1/verify?code=" + enc(genuine) + "&geo=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)])));
        c.add(get("unknown-path", r -> "/api/v1/" + randomText(r, 1 + r.nextInt(40), "abc/._-~%")));
        c.add(get("officer-no-token", r -> "/api/v1/officer/units/" + r.nextInt() + "/" + randomText(r, 16, "0123456789abcdef")));
        c.add(new Hostile("officer-forged-token", r -> new Req(HttpMethod.GET, "/api/v1/officer/record?code=" + enc(genuine),
                Map.of("Authorization", "Bearer mak_" + randomText(r, 32, B32.toLowerCase())), null), null));
        c.add(new Hostile("officer-bad-auth-header", r -> new Req(HttpMethod.GET, "/api/v1/officer/record?code=x",
                Map.of("Authorization", header(INJECTIONS[r.nextInt(INJECTIONS.length)])), null), null));
        c.add(new Hostile("wrong-method", r -> new Req(r.nextBoolean() ? HttpMethod.DELETE : HttpMethod.PUT, "/api/v1/verify?code=x",
                null, null), null));
        c.add(post("post-not-json", "/api/v1/verify", "application/json", r -> "{\"code\": " + randomText(r, 40, "{[\"':,}]")));
        c.add(post("post-wrong-type", "/api/v1/verify", "application/json", r -> "{\"code\": " + r.nextInt() + ", \"geo\": [1,2]}"));
        c.add(post("post-array", "/api/v1/verify", "application/json", r -> "[\"" + genuine + "\"]"));
        c.add(post("post-no-content-type", "/api/v1/verify", null, r -> "{\"code\":\"" + genuine + "\"}"));
        c.add(post("post-xml", "/api/v1/verify", "application/xml", r -> "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));
        c.add(post("post-deep-nesting", "/api/v1/verify", "application/json", r -> "[".repeat(5000) + "]".repeat(5000)));
        c.add(post("post-deep-object", "/api/v1/verify", "application/json", r -> "{\"code\":".repeat(3000) + "1" + "}".repeat(3000)));
        c.add(postAs("batch-too-large", "/api/v1/verify/batch", officer, r -> {
            StringBuilder b = new StringBuilder("{\"codes\":[");
            for (int i = 0; i < 5000; i++) {
                b.append(i == 0 ? "" : ",").append("\"x").append(i).append('"');
            }
            return b.append("]}").toString();
        }));
        c.add(postAs("batch-mixed-types", "/api/v1/verify/batch", officer, r -> "{\"codes\":[\"" + genuine
                + "\", 1, null, {\"a\":1}, [\"b\"]]}"));
        c.add(postAs("batch-forged", "/api/v1/verify/batch", officer, r -> "{\"codes\":[\""
                + f.forged(product, batch, serials[1]) + "\", \"" + INJECTIONS[r.nextInt(INJECTIONS.length)].replace("\\", "\\\\")
                .replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\u0000")
                .replace("\u0001", "\\u0001").replace("\u0002", "\\u0002") + "\"]}"));
        c.add(post("report-garbage", "/report", "application/x-www-form-urlencoded",
                r -> "code=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)]) + "&note=" + enc(randomText(r, 300, "<>&\"' abc中"))));
        c.add(post("report-bad-multipart", "/report", "multipart/form-data; boundary=XYZ", r -> "--XYZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"../../x.jpg\"\r\n\r\n"
                + randomText(r, 2000, "\u0000\u00ff") + "\r\n--XY"));
        // injection-style into the code itself
        c.add(get("injection-code", r -> "/api/v1/verify?code=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)])));
        c.add(post("injection-post", "/api/v1/verify", "application/json", r -> new JsonObject()
                .put("code", INJECTIONS[r.nextInt(INJECTIONS.length)]).put("geo", INJECTIONS[r.nextInt(INJECTIONS.length)]).encode()));
        c.add(new Hostile("injection-headers", r -> new Req(HttpMethod.GET, "/api/v1/verify?code=" + enc(genuine), Map.of(
                "X-Forwarded-For", "127.0.0.1, ' OR 1=1 --, " + randomText(r, 30, "0123456789.:abcdef,"),
                "Accept-Language", header(INJECTIONS[r.nextInt(INJECTIONS.length)]),
                "User-Agent", "sqlmap/1.7 " + randomText(r, 200, "abc<>'\";()")), null), null));
        // oversized
        c.add(get("oversized-code", r -> "/api/v1/verify?code=" + "A".repeat(513 + r.nextInt(4000))));
        c.add(get("oversized-uri", r -> "/api/v1/verify?code=" + "B".repeat(9000 + r.nextInt(20000))));
        c.add(new Hostile("oversized-header", r -> new Req(HttpMethod.GET, "/api/v1/verify?code=x",
                Map.of("X-Big", "C".repeat(9000 + r.nextInt(20000))), null), null));
        c.add(post("oversized-json-body", "/api/v1/verify", "application/json", r -> "{\"code\":\"" + "D".repeat(70_000 + r.nextInt(100_000)) + "\"}"));
        c.add(post("oversized-form", "/report", "application/x-www-form-urlencoded", r -> "code=x&note=" + "E".repeat(1_600_000)));
        // malformed HTTP on the wire
        c.add(raw("raw-garbage", r -> {
            byte[] b = new byte[1 + r.nextInt(2000)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            return b;
        }));
        c.add(raw("raw-bad-request-line", r -> ("GET /api/v1/verify?code=" + randomText(r, 20, "a b\t%") + " HTTP/9.9\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)));
        c.add(raw("raw-bad-content-length", r -> ("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (r.nextBoolean() ? "-5" : "99999999999999999999") + "\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1)));
        c.add(raw("raw-short-body", r -> ("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"code\":").getBytes(StandardCharsets.ISO_8859_1)));
        c.add(raw("raw-bad-chunked", r -> ("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        c.add(raw("raw-smuggling", r -> ("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        c.add(raw("raw-header-no-colon", r -> ("GET /health/live HTTP/1.1\r\nHost x\r\n" + randomText(r, 50, "abc\u0000\u0007")
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        return c;
    }
}
