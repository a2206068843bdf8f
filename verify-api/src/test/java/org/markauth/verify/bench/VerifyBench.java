package org.markauth.verify.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.markauth.http.EventLoopServers;
import org.markauth.ops.bench.BenchResult;
import org.markauth.sdk.crypto.MarkSigner;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.Serial;
import org.markauth.verify.Fixture;
import org.markauth.verify.app.VerifyServer;
import org.markauth.verify.registry.RegistryReader;

/**
 * The verify-api benchmark (ops/bench verify-warm | verify-cold | verify-flood; PERFORMANCE.md).
 * One run: a fresh keyspace with N issued marks (written in unlogged batches grouped by partition,
 * as the issuer does), a verify-api instance, a trivial Vert.x endpoint on the same machine as the
 * baseline, and a loopback load generator driving both the same way. Popularity is Zipf-skewed
 * (s = 1.0 over the issued set), as scans of consumer goods are: a few products are scanned a lot.
 * Prints RESULT lines; every scan is recorded (the scan-writer totals are printed too).
 */
public final class VerifyBench {

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "warm";
        boolean quick = List.of(args).contains("--quick");
        int marks = quick ? 200_000 : 1_000_000;
        Duration warmup = Duration.ofSeconds(quick ? 3 : 5);
        Duration duration = Duration.ofSeconds(quick ? 8 : 20);
        Duration coldWarmup = Duration.ofSeconds(quick ? 10 : 30);   // see cold()
        int conns = 64;
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");

        try (Fixture f = new Fixture("verify_bench")) {
            f.licensee("L1", "佛山电器");
            int product = 1001;
            int batch = 424242;
            f.product(product, "L1", "ACTIVE", Instant.now().minus(Duration.ofDays(100)), java.util.Set.of());
            f.batch(batch, product, "L1", "ISSUED", LocalDate.now(ZoneOffset.UTC).plusYears(2), Instant.now().minus(Duration.ofDays(30)));
            f.range(batch, 1, marks, "ACTIVATE");
            long[] serials = load(f.session, batch, marks);
            MarkSigner signer = MarkSigner.create(f.key.algorithm(), f.key.privateKey());
            Zipf zipf = new Zipf(marks, 1.0, 42);
            Map<String, String> cfg = Map.of("verify.rules.max-scans", "0", "verify.rules.max-speed-kmh", "0",
                    "verify.rate-limit.per-minute", "0", "verify.cache.marks.local-max", "200000",
                    "verify.scan.flush-interval", "100ms");
            VerifyServer server = f.start("bench", cfg);
            Vertx trivialVertx = Vertx.vertx();
            int trivialPort = trivial(trivialVertx);
            try (LoadGenerator verify = new LoadGenerator(server.port(), conns);
                 LoadGenerator trivial = new LoadGenerator(trivialPort, conns)) {
                String[] hot = codes(signer, product, batch, serials, zipf, 200_000);
                LoadGenerator.Result base = trivial.closed(conns, warmup, duration, i -> "/ping");
                line("trivial endpoint", base);
                switch (scenario) {
                    case "warm" -> warm(verify, trivial, hot, warmup, duration, conns, base);
                    case "cold" -> cold(f, verify, signer, product, batch, serials, coldWarmup, duration, conns);
                    case "flood" -> flood(verify, hot, warmup, duration, conns, server);
                    default -> throw new IllegalArgumentException("scenario must be warm, cold or flood");
                }
            } finally {
                System.out.println("BENCH cache lookups answered by tier: local " + lookups(server, "local") + ", redis "
                        + lookups(server, "redis") + ", cassandra " + lookups(server, "cassandra"));
                long before = server.scanWriter().written();
                server.stop().await();
                System.out.println("BENCH scans recorded: " + server.scanWriter().written() + " written ("
                        + (server.scanWriter().written() - before) + " at stop), " + server.scanWriter().spilled()
                        + " spilled, " + server.scanBuffer().refused() + " refused");
                trivialVertx.close().await();
            }
        }
        System.exit(0);
    }

    /**
     * The baseline: {"code":"OK"} served the way the verify-api serves (one server per event loop
     * on one port), so the ratio compares the work per request and not the number of cores serving.
     */
    static int trivial(Vertx on) {
        return EventLoopServers.listen(on, new HttpServerOptions().setHost("127.0.0.1").setPort(0), r -> r.response()
                        .putHeader("Content-Type", "application/json").end("{\"code\":\"OK\"}"))
                .await().port();
    }

    static void warm(LoadGenerator verify, LoadGenerator trivial, String[] hot, Duration warmup, Duration duration, int conns,
                     LoadGenerator.Result base) throws InterruptedException {
        warmUp(verify, hot, conns);
        LoadGenerator.Result max = verify.closed(conns, warmup, duration, i -> hot[(int) (i % hot.length)]);
        line("verify warm (max)", max);
        System.out.println(new BenchResult("verify.warm", max.rate(), base.rate(), "req/s").line());
        double at80 = 0.8 * max.rate();
        LoadGenerator.Result v80 = verify.open(at80, warmup, duration, i -> hot[(int) (i % hot.length)]);
        LoadGenerator.Result t80 = trivial.open(at80, warmup, duration, i -> "/ping");
        line("verify warm at 80% of its max", v80);
        line("trivial at the same rate", t80);
        System.out.println(new BenchResult("verify.warm.p99", v80.p99(), t80.p99(), "ms").line());
        // for capacity planning: the latency with headroom left
        line("verify warm at 50% of its max", verify.open(0.5 * max.rate(), warmup, duration, i -> hot[(int) (i % hot.length)]));
    }

    static void cold(Fixture f, LoadGenerator verify, MarkSigner signer, int product, int batch, long[] serials,
                     Duration warmup, Duration duration, int conns) throws Exception {
        // Baseline: the node's point-read rate of the marks table, same run.
        double reads = pointReads(f.session, batch, serials, duration);
        System.out.printf("BENCH cassandra point reads of marks: %.0f/s%n", reads);
        int n = (int) Math.min(serials.length, 400_000);
        String[] codes = new String[n];
        SplittableRandom r = new SplittableRandom(7);
        int[] perm = r.ints(0, serials.length).distinct().limit(n).toArray();
        for (int i = 0; i < n; i++) {
            codes[i] = uri(signer, product, batch, serials[perm[i]]);
        }
        AtomicLong next = new AtomicLong();
        // A service meets new codes all day long: measure it with the cold path compiled (the warm-up
        // is 30 s, 10 s quick). Until then the JIT takes about half a core on this machine kind
        // (profiled), and a short warm-up measured the compiler rather than the service. Every code
        // is still seen once, warm-up included.
        LoadGenerator.Result res = verify.closed(conns, warmup, duration, i -> codes[(int) (next.getAndIncrement() % n)]);
        line("verify cold (each code once)", res);
        if (next.get() > n) {
            System.out.println("BENCH warning: cold codes wrapped around; the tail was warm");
        }
        System.out.println(new BenchResult("verify.cold", res.rate(), reads, "req/s").line());
    }

    static void flood(LoadGenerator verify, String[] hot, Duration warmup, Duration duration, int conns, VerifyServer f)
            throws InterruptedException {
        warmUp(verify, hot, conns);
        LoadGenerator.Result alone = verify.closed(conns / 2, warmup, duration, i -> hot[(int) (i % hot.length)]);
        line("genuine alone (" + conns / 2 + " in flight)", alone);
        SplittableRandom r = new SplittableRandom(11);
        String[] fakes = new String[50_000];
        for (int i = 0; i < fakes.length; i++) {
            // random payloads of the right shape: parse, fail the signature, never reach a store
            fakes[i] = "/api/v1/verify?code=" + URLEncoder.encode("HTTPS://" + Fixture.HOST + "/M/" + randomBase32(r, 137),
                    StandardCharsets.UTF_8);
        }
        long readsBefore = cassandraLoads(f);
        try (LoadGenerator flood = new LoadGenerator(verify.port(), conns)) {
            Thread t = new Thread(() -> {
                try {
                    LoadGenerator.Result fl = flood.closed(conns / 2, warmup, duration, i -> fakes[(int) (i % fakes.length)]);
                    line("flood of random codes", fl);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            LoadGenerator.Result mixed = verify.closed(conns / 2, warmup, duration, i -> hot[(int) (i % hot.length)]);
            t.join();
            line("genuine during the flood", mixed);
            System.out.println("BENCH cassandra reads by the verify-api during the flood: " + (cassandraLoads(f) - readsBefore));
            System.out.println(new BenchResult("verify.flood", mixed.rate(), alone.rate(), "req/s").line());
        }
    }

    /** Verifies every distinct code of the request list once, so that the caches hold them all. */
    static void warmUp(LoadGenerator verify, String[] hot, int conns) throws InterruptedException {
        String[] distinct = java.util.Arrays.stream(hot).distinct().toArray(String[]::new);
        long t0 = System.nanoTime();
        verify.once(conns, distinct);
        System.out.printf("BENCH warm-up: each of %d distinct codes verified once in %.1f s%n", distinct.length,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Registry reads the server's cache tiers had to make (misses of both tiers). */
    static long cassandraLoads(VerifyServer s) {
        return lookups(s, "cassandra");
    }

    /** Registry lookups (all four kinds) answered by one tier: local, redis or cassandra. */
    static long lookups(VerifyServer s, String tier) {
        return (long) s.meters().find("verify_cache_lookups").tag("tier", tier).functionCounters().stream()
                .mapToDouble(io.micrometer.core.instrument.FunctionCounter::count).sum();
    }

    static String randomBase32(SplittableRandom r, int n) {
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(a.charAt(r.nextInt(32)));
        }
        return b.toString();
    }

    static String[] codes(MarkSigner signer, int product, int batch, long[] serials, Zipf zipf, int n) {
        String[] out = new String[n];
        Map<Integer, String> signed = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            int rank = zipf.next();
            out[i] = signed.computeIfAbsent(rank, k -> uri(signer, product, batch, serials[k]));
        }
        System.out.println("BENCH request list: " + n + " requests over " + signed.size() + " distinct codes (Zipf s=1.0)");
        return out;
    }

    static String uri(MarkSigner signer, int product, int batch, long serial) {
        String url = signer.sign(new MarkContent(product, batch, new Serial(serial))).toUrl(Fixture.HOST);
        return "/api/v1/verify?code=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    /** Writes the issued set: unlogged batches of 100 rows of one partition, 64 in flight. */
    static long[] load(CqlSession s, int batch, int n) throws InterruptedException {
        long t0 = System.nanoTime();
        PreparedStatement ins = s.prepare("INSERT INTO marks (batch_id, bucket, serial, seq) VALUES (?, ?, ?, ?)");
        SplittableRandom r = new SplittableRandom(1);
        long[] serials = new long[n];
        List<List<Integer>> byBucket = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            byBucket.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            serials[i] = r.nextLong();
            byBucket.get(RegistryReader.bucket(serials[i])).add(i);
        }
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (List<Integer> idx : byBucket) {
            for (int from = 0; from < idx.size(); from += 100) {
                BatchStatementBuilder b = BatchStatement.builder(BatchType.UNLOGGED);
                for (int k = from; k < Math.min(idx.size(), from + 100); k++) {
                    int i = idx.get(k);
                    b.addStatement(ins.bind(batch, RegistryReader.bucket(serials[i]), RegistryReader.serialBytes(serials[i]), i + 1));
                }
                inFlight.acquire();
                CompletionStage<?> st = s.executeAsync(b.build()).whenComplete((x, e) -> inFlight.release());
                all.add(st.toCompletableFuture());
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        System.out.printf("BENCH issued set: %d marks written in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        return serials;
    }

    static double pointReads(CqlSession s, int batch, long[] serials, Duration d) throws InterruptedException {
        PreparedStatement sel = s.prepare("SELECT seq, state FROM marks WHERE batch_id = ? AND bucket = ? AND serial = ?");
        Semaphore inFlight = new Semaphore(64);
        AtomicLong done = new AtomicLong();
        SplittableRandom r = new SplittableRandom(3);
        long end = System.nanoTime() + d.toNanos();
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            long serial = serials[r.nextInt(serials.length)];
            inFlight.acquire();
            s.executeAsync(sel.bind(batch, RegistryReader.bucket(serial), RegistryReader.serialBytes(serial)))
                    .whenComplete((x, e) -> {
                        if (e == null) {
                            done.incrementAndGet();
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(64);
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }

    static void line(String what, LoadGenerator.Result r) {
        System.out.printf("BENCH %-34s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  failed %d%n", what, r.rate(),
                r.p50(), r.p99(), r.p999(), r.failed());
    }

    /** Zipf ranks over 0..n-1 by inverse CDF on a precomputed table (n up to a few million). */
    static final class Zipf {
        private final double[] cdf;
        private final SplittableRandom r;

        Zipf(int n, double s, long seed) {
            cdf = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1.0 / Math.pow(i + 1, s);
                cdf[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                cdf[i] /= sum;
            }
            r = new SplittableRandom(seed);
        }

        int next() {
            int i = java.util.Arrays.binarySearch(cdf, r.nextDouble());
            return i >= 0 ? i : Math.min(cdf.length - 1, -i - 1);
        }
    }
}
