package org.markauth.verify.bench;

import static org.markauth.verify.bench.VerifyBench.CONNS;
import static org.markauth.verify.bench.VerifyBench.result;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.markauth.ops.bench.BenchResult;
import org.markauth.ops.bench.ProcCpu;
import org.markauth.registry.BatchState;
import org.markauth.registry.RangeKind;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.testing.Worlds;
import org.markauth.verify.Fixture;
import org.markauth.verify.bench.VerifyBench.Phase;
import org.markauth.verify.bench.VerifyBench.Service;

/** verify-cold (every code seen once) and verify-flood (random codes beside genuine ones). */
final class ColdScenarios {

    private final VerifyBench b;

    ColdScenarios(VerifyBench b) {
        this.b = b;
    }

    /**
     * Each code verified once, its mark read from Cassandra. {@code verify.cold.cpu} compares the
     * machine's CPU per cold verification with what it cannot go below, measured in the same run: one
     * Ed25519 verify (Bouncy Castle, this JVM) plus one trivial request (machine µs).
     */
    void cold() throws Exception {
        VerifyBench.printServiceSettings();
        b.startTrivial();
        Service s = b.startService("verify-api");
        long started = System.nanoTime();
        Duration coldWarmup = Duration.ofSeconds(b.quick ? 10 : 30);
        // enough cold codes for the JIT to settle on them at this box's rate, each still seen once
        int n = b.quick ? 200_000 : 400_000;
        double ed25519 = b.ed25519VerifyMicros(b.quick ? 5_000 : 20_000);
        ProcCpu.Window readWin = b.cpu.open(b.processes(Map.of()));
        double reads = IssuedSet.pointReads(b.f.session, b.batch, b.serials, b.quick ? Duration.ofSeconds(5) : b.window);
        ProcCpu.Usage readCpu = readWin.close();
        // the node's CPU per point read of a mark row: a cold verification must read its unit's row (and its block row)
        double readMicros = readCpu.micros().get("cassandra") / (reads * readCpu.wallMicros() / 1e6);
        System.out.printf(Locale.ROOT, "BENCH (for reference) Cassandra point reads of marks, one client: %.0f/s, %.1f µs of the node's"
                + " CPU per read%n", reads, readMicros);
        try (LoadGenerator trivialGen = new LoadGenerator(b.trivialPort, CONNS);
             LoadGenerator gen = new LoadGenerator(s.port(), CONNS)) {
            Phase trivial = b.trivialMax(trivialGen);
            // The cold codes are units of a batch issued now, while the service runs, as production meets
            // them (batches are issued every day into a running fleet); the shared set above was made
            // "a hundred days ago" and predates the service's scan-counter completeness marks, so its
            // first scans would all read scan_summaries, as units of old batches do. BENCH lines below
            // count those reads.
            int coldBatch = b.f.newId();
            b.f.batch(coldBatch, b.product, Worlds.LICENSEE, BatchState.ISSUED, LocalDate.now(ZoneOffset.UTC).plusYears(1),
                    Instant.now());
            b.f.range(coldBatch, 1, n, RangeKind.ACTIVATE);
            long[] serials = IssuedSet.load(b.f.session, coldBatch, n);
            System.out.printf(Locale.ROOT, "BENCH cold set: %d units of batch %d, issued %.0f s after the service started%n", n,
                    coldBatch, (System.nanoTime() - started) / 1e9);
            String[] codes = new String[n];
            int[] perm = new SplittableRandom(7).ints(0, n).distinct().limit(n).toArray();
            for (int i = 0; i < n; i++) {
                String url = b.signer.sign(new MarkContent(b.product, coldBatch, new Serial(serials[perm[i]]))).toUrl(Fixture.HOST);
                codes[i] = "/api/v1/verify?code=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
            }
            AtomicLong next = new AtomicLong();
            // A service meets new codes all day long: measure it with the cold path compiled, as every other
            // window is measured (settle). Until then the JIT takes a large share of the service's CPU
            // (C1/C2 compiler threads 39% of it in a 10 s warm-up run, 2026-12-06; 38–40% after 13,800 cold
            // codes on a box serving 520/s, 2026-12-07: methods called once per verification reach C2's
            // thresholds only after some 15,000 calls). So the warm-up serves cold codes until the compiler
            // settles, at least 20,000 (60,000 full), within four times the settle limit and the codes the
            // window still needs (half as many again as its length at the last chunk's rate); every code is
            // still seen once, warm-up included. What the compiler still takes inside the window is printed.
            long warmCodes = b.quick ? 20_000 : 60_000;
            long t0 = System.nanoTime();
            ServiceMetrics before = ServiceMetrics.scrape(s.port());
            ServiceMetrics[] atOpen = new ServiceMetrics[1];
            Map<String, Long> redisAtOpen = new TreeMap<>();
            double[] rate = {0};
            Phase cold = b.phase("verify cold (each code once)", b.processes(s), () -> {
                do {
                    gen.closed(CONNS, Duration.ZERO, coldWarmup, i -> codes[(int) (next.getAndIncrement() % n)]);
                } while (next.get() < warmCodes && System.nanoTime() - t0 < 4 * coldWarmup.toNanos());
                b.settle("cold", Map.of(s.name(), s.process().pid()), () -> {
                    long from = next.get();
                    long c0 = System.nanoTime();
                    gen.closed(CONNS, Duration.ZERO, b.warmup, i -> codes[(int) (next.getAndIncrement() % n)]);
                    rate[0] = (next.get() - from) / ((System.nanoTime() - c0) / 1e9);
                    return null;
                }, b.settleLimit.multipliedBy(4),
                        () -> n - next.get() > 1.5 * rate[0] * (b.window.toSeconds() + b.warmup.toSeconds()));
                System.out.printf(Locale.ROOT, "BENCH cold warm-up: %d cold codes in %.0f s (at least %d; %d left for the window)%n",
                        next.get(), (System.nanoTime() - t0) / 1e9, warmCodes, n - next.get());
                atOpen[0] = ServiceMetrics.scrape(s.port());
                redisAtOpen.putAll(RedisCommands.calls(b.f.stack.redisUrl()));
                return null;
            }, () -> gen.closed(CONNS, Duration.ZERO, b.window, i -> codes[(int) (next.getAndIncrement() % n)]));
            Map<String, Long> redis = RedisCommands.since(redisAtOpen, RedisCommands.calls(b.f.stack.redisUrl()));
            ServiceMetrics atClose = ServiceMetrics.scrape(s.port());
            VerifyBench.verdicts("(warm-up included)", before, atClose);
            VerifyBench.verdicts("(window)", atOpen[0], atClose);
            double req = cold.requests();
            // the phase's own split by thread group: the compiler threads' part of the window
            double jitMicros = cold.cpu().threads().getOrDefault("verify-api", Map.of())
                    .getOrDefault("JIT", new ProcCpu.ThreadCpu(0, 0)).total();
            double service = cold.perRequest("verify-api");
            System.out.printf(Locale.ROOT, "BENCH   verify-api's JIT compiler threads in the window: %.1f µs per verification"
                    + " (%.0f%% of the service's %.1f µs; %.1f µs without them)%n", jitMicros / req,
                    100 * jitMicros / req / service, service, service - jitMicros / req);
            System.out.printf(Locale.ROOT, "BENCH   Cassandra per cold verification (window): %.2f registry reads, %.2f scan_summaries"
                    + " reads (%.2f skipped: units proven never scanned), %.2f scan records written%n",
                    (atClose.cassandraLookups() - atOpen[0].cassandraLookups()) / req,
                    (atClose.historyReads() - atOpen[0].historyReads()) / req,
                    (atClose.sum("verify_scan_history_reads_skipped") - atOpen[0].sum("verify_scan_history_reads_skipped")) / req,
                    (atClose.scansWritten() - atOpen[0].scansWritten()) / req);
            long redisCalls = redis.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "BENCH   Redis commands per cold verification (window; at most: a shared Redis counts"
                    + " others' too): %.2f %s%n", redisCalls / req, redis);
            if (next.get() > n) {
                System.out.println("BENCH warning: cold codes wrapped around; the tail was warm");
            }
            // what the node does after the window with no load (flushes, compactions of this run's writes and of others')
            ProcCpu.Window idle = b.cpu.open(b.processes(s));
            Thread.sleep(b.warmup.toMillis());
            ProcCpu.Usage after = idle.close();
            System.out.printf(Locale.ROOT, "BENCH   right after the window, no load (cores busy): verify-api %.2f cassandra %.2f"
                    + " redis %.2f machine %.2f%n", after.cores("verify-api"), after.cores("cassandra"), after.cores("redis"),
                    after.cores(ProcCpu.MACHINE));
            double floor = ed25519 + trivial.perRequest(ProcCpu.MACHINE);
            System.out.printf(Locale.ROOT, "BENCH cold floor: Ed25519 verify %.1f µs + trivial request %.1f µs (machine) = %.1f µs%n",
                    ed25519, trivial.perRequest(ProcCpu.MACHINE), floor);
            double registryReads = (atClose.cassandraLookups() - atOpen[0].cassandraLookups()) / req;
            System.out.printf(Locale.ROOT, "BENCH cold floor with its reads (not the RESULT's baseline): %.1f µs + %.2f point reads x %.1f µs"
                    + " (the node, measured above) = %.1f µs; a cold verification, less the compiler threads, %.1f µs (machine)%n", floor,
                    registryReads, readMicros, floor + registryReads * readMicros, cold.perRequest(ProcCpu.MACHINE) - jitMicros / req);
            result(BenchResult.cost("verify.cold.cpu", cold.perRequest(ProcCpu.MACHINE), floor, "us/req"));
        }
    }

    /**
     * Genuine codes alone, then the same beside a flood of forged codes (they parse, fail the
     * signature, and must never reach Cassandra): {@code verify.flood} is genuine during ÷
     * genuine alone; the per-process CPU counts both kinds of request.
     */
    void flood() throws Exception {
        VerifyBench.printServiceSettings();
        Service s = b.startService("verify-api");
        String[] active = b.uris(0, VerifyBench.ACTIVE_CODES);
        var uri = VerifyBench.uniform(active, 42);
        SplittableRandom r = new SplittableRandom(11);
        // forged codes: well-formed, under the programme's real key id, each a new serial whose
        // signature is another serial's, so each parses, fails the signature and must stop there
        String[] fakes = new String[50_000];
        for (int i = 0; i < fakes.length; i++) {
            long serial = r.nextLong();
            SignedMark m = b.signer.sign(new MarkContent(b.product, b.batch, new Serial(serial)));
            String url = new SignedMark(new MarkContent(b.product, b.batch, new Serial(serial ^ 1)), m.algorithm(), m.keyId(),
                    m.signature()).toUrl(Fixture.HOST);
            fakes[i] = "/api/v1/verify?code=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
        }
        int half = CONNS / 2;
        try (LoadGenerator gen = new LoadGenerator(s.port(), CONNS);
             LoadGenerator flood = new LoadGenerator(s.port(), CONNS)) {
            VerifyBench.warmUp(gen, active);
            Phase alone = b.phase("genuine alone (" + half + " in flight)", b.processes(s),
                    () -> gen.closed(half, Duration.ZERO, b.warmup, uri), () -> gen.closed(half, Duration.ZERO, b.window, uri));
            VerifyBench.together(() -> gen.closed(half, Duration.ZERO, b.warmup, uri),
                    () -> flood.closed(half, Duration.ZERO, b.warmup, i -> fakes[(int) (i % fakes.length)]));
            ServiceMetrics before = ServiceMetrics.scrape(s.port());
            ProcCpu.Window win = b.cpu.open(b.processes(s));
            List<LoadGenerator.Result> both = VerifyBench.together(() -> gen.closed(half, Duration.ZERO, b.window, uri),
                    () -> flood.closed(half, Duration.ZERO, b.window, i -> fakes[(int) (i % fakes.length)]));
            ProcCpu.Usage cpu = win.close();
            ServiceMetrics after = ServiceMetrics.scrape(s.port());
            LoadGenerator.Result mixed = both.get(0);
            LoadGenerator.Result fl = both.get(1);
            VerifyBench.line("genuine during the flood", mixed);
            VerifyBench.line("flood of forged codes", fl);
            System.out.println("BENCH   (per request of both kinds)");
            VerifyBench.cpuLine(new Phase(new LoadGenerator.Result(mixed.ok() + fl.ok(), mixed.failed() + fl.failed(), mixed.seconds(),
                    Double.NaN, Double.NaN, Double.NaN), cpu));
            VerifyBench.verdicts("during the flood (genuine and forged)", before, after);
            // the reads above include the genuine traffic's (a local entry past its TTL); the flood's own, alone:
            LoadGenerator.Result floodAlone = flood.closed(half, Duration.ZERO, b.warmup, i -> fakes[(int) (i % fakes.length)]);
            ServiceMetrics afterAlone = ServiceMetrics.scrape(s.port());
            System.out.println("BENCH Cassandra reads by the verify-api during the flood alone (" + (floodAlone.ok() + floodAlone.failed())
                    + " forged codes, no genuine traffic): " + Math.round(afterAlone.cassandraLookups() - after.cassandraLookups())
                    + " (must be 0)");
            result(new BenchResult("verify.flood", mixed.rate(), alone.load().rate(), "req/s"));
        }
    }
}
