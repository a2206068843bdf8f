package org.markauth.verify.bench;

import static org.markauth.verify.bench.VerifyBench.CONNS;
import static org.markauth.verify.bench.VerifyBench.result;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.markauth.ops.bench.BenchResult;
import org.markauth.ops.bench.ProcCpu;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
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
        Duration coldWarmup = Duration.ofSeconds(b.quick ? 10 : 30);
        int n = Math.min(b.serials.length, b.quick ? 100_000 : 400_000);
        String[] codes = new String[n];
        int[] perm = new SplittableRandom(7).ints(0, b.serials.length).distinct().limit(n).toArray();
        for (int i = 0; i < n; i++) {
            codes[i] = b.uri(perm[i]);
        }
        double ed25519 = b.ed25519VerifyMicros(b.quick ? 5_000 : 20_000);
        double reads = IssuedSet.pointReads(b.f.session, b.batch, b.serials, b.quick ? Duration.ofSeconds(5) : b.window);
        System.out.printf(Locale.ROOT, "BENCH (for reference) Cassandra point reads of marks, one client: %.0f/s%n", reads);
        try (LoadGenerator trivialGen = new LoadGenerator(b.trivialPort, CONNS);
             LoadGenerator gen = new LoadGenerator(s.port(), CONNS)) {
            Phase trivial = b.trivialMax(trivialGen);
            AtomicLong next = new AtomicLong();
            // A service meets new codes all day long: measure it with the cold path compiled (the warm-up
            // is 30 s, 10 s quick). Until then the JIT takes about half a core on this machine kind
            // (profiled), and a short warm-up measured the compiler rather than the service. Every code
            // is still seen once, warm-up included.
            ServiceMetrics before = ServiceMetrics.scrape(s.port());
            Phase cold = b.phase("verify cold (each code once)", b.processes(s),
                    () -> gen.closed(CONNS, Duration.ZERO, coldWarmup, i -> codes[(int) (next.getAndIncrement() % n)]),
                    () -> gen.closed(CONNS, Duration.ZERO, b.window, i -> codes[(int) (next.getAndIncrement() % n)]));
            VerifyBench.verdicts("(warm-up included)", before, ServiceMetrics.scrape(s.port()));
            if (next.get() > n) {
                System.out.println("BENCH warning: cold codes wrapped around; the tail was warm");
            }
            double floor = ed25519 + trivial.perRequest(ProcCpu.MACHINE);
            System.out.printf(Locale.ROOT, "BENCH cold floor: Ed25519 verify %.1f µs + trivial request %.1f µs (machine) = %.1f µs%n",
                    ed25519, trivial.perRequest(ProcCpu.MACHINE), floor);
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
