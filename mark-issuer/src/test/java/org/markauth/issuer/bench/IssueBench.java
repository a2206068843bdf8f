package org.markauth.issuer.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.markauth.access.Principal;
import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.keys.Kek;
import org.markauth.issuer.print.CsvWorkOrder;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Uscc;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;

/**
 * Bench scenario {@code issue} (PERFORMANCE.md target 3), in one JVM and one run:
 * <ol>
 *   <li>baseline: pure Ed25519 signing of N mark records on all cores (one {@link MarkSigner}
 *       per thread, nothing else);</li>
 *   <li>value: issuing N marks end to end — order, serials, signatures, every mark persisted in
 *       Cassandra, the CSV work order written to disk — timed from order to ISSUED;</li>
 *   <li>peak used heap during the issuance, sampled every 20 ms, against -Xmx.</li>
 * </ol>
 * Arguments: {@code N} then issuer configuration flags ({@code --cassandra.keyspace=…}). The
 * keyspace must be migrated (ops/bench.d/issue.sh does it) and is dropped at the end.
 */
public final class IssueBench {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path kekFile = Files.createTempFile("bench-kek", ".b64");
        Files.writeString(kekFile, Kek.generateEncoded());
        List<String> flags = new ArrayList<>(List.of(args).subList(1, args.length));
        flags.add("--issuer.kek=file:" + kekFile);
        flags.add("--issuer.mark-host=M.MARKAUTH.BENCH");
        Path csv = Files.createTempFile("bench-issue", ".csv");
        try (Issuer main = Issuer.start(flags, System.getenv())) {
            run(main.services(), n, csv);
            try {
                main.services().session.execute("DROP KEYSPACE IF EXISTS " + main.config().cassandra().keyspace());
            } catch (RuntimeException e) {
                System.out.println("# keyspace " + main.config().cassandra().keyspace() + " not dropped (" + e.getMessage() + "); drop it later");
            }
        } finally {
            Files.deleteIfExists(kekFile);
            Files.deleteIfExists(csv);
        }
    }

    private static void run(IssuerServices s, int n, Path csv) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println("# N=" + n + " cores=" + cores + " Xmx=" + mib(Runtime.getRuntime().maxMemory()) + "MiB pipeline="
                + s.settings.pipeline());
        signing(Math.min(n, 20_000), cores);             // warm-up
        double baseline = signing(n, cores);
        System.out.printf("# baseline: pure signing %.0f signs/s%n", baseline);

        Principal office = Principal.regulator("bench");
        s.keys.rotate(office, SignatureAlgorithm.ED25519);
        String lic = "BENCH" + System.nanoTime() % 100000;
        s.registry.createLicensee(office, new Licensee.Details(lic, "Bench Co", null,
                Uscc.withCheckCharacter(String.format("91440600MA%07d", System.nanoTime() % 10_000_000)), null, Map.of()));
        Product p = s.registry.createProduct(office, new Product.Details(0, lic, "Bench product", null, null, "bench", null,
                "T/BENCH 1", "Bench standard", Map.of(), List.of(), Set.of()));
        s.registry.grantLicence(office, p.productId(), "BENCH-1", s.clock.instant().minusSeconds(60),
                s.clock.instant().plusSeconds(86_400), "bench");
        Principal maker = Principal.manufacturer("bench-line", lic);

        System.gc();
        // peak used heap says little under a throughput collector (it lets the heap fill before
        // collecting); the live set after each collection is what a 1M batch really needs
        AtomicLong peak = new AtomicLong();
        AtomicLong peakLive = new AtomicLong();
        var mem = ManagementFactory.getMemoryMXBean();
        var pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(m -> m.getType() == java.lang.management.MemoryType.HEAP && m.getCollectionUsage() != null).toList();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                peakLive.accumulateAndGet(pools.stream().mapToLong(m -> m.getCollectionUsage().getUsed()).sum(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        Batches.Ordered o = s.batches.order(maker, new BatchOrder(p.productId(), n, "LOT-B", LocalDate.now(), null, "LINE-B",
                "bench-" + System.nanoTime()));
        int[] lastPct = {-1};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 16);
             CsvWorkOrder w = new CsvWorkOrder(out, CsvWorkOrder.Format.CSV)) {
            s.batches.issue(o.batch(), w, (done, total) -> {
                int pct = (int) ((long) done * 10 / total);
                if (pct != lastPct[0]) {
                    lastPct[0] = pct;
                    System.out.println("# issued " + done + "/" + total);
                }
            });
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        sampler.join();
        double rate = n / secs;
        long lines;
        try (var l = Files.lines(csv)) {
            lines = l.count();
        }
        if (lines != n + 1L) {
            throw new IllegalStateException("CSV has " + lines + " lines, expected " + (n + 1));
        }
        System.out.printf("# issuance: %d marks persisted + CSV (%d MiB) in %.1f s%n", n, Files.size(csv) >> 20, secs);
        System.out.printf("RESULT issue.rate value=%.0f baseline=%.0f ratio=%.2f unit=marks/s%n", rate, baseline, rate / baseline);
        long xmx = mib(Runtime.getRuntime().maxMemory());
        long live = mib(peakLive.get());
        System.out.printf("# heap: peak used %d MiB (the collector fills the heap before collecting), peak after GC %d MiB%n",
                mib(peak.get()), live);
        System.out.printf("RESULT issue.heap value=%d baseline=%d ratio=%.2f unit=MiB%n", live, xmx, (double) live / xmx);
    }

    /** Signs n records on {@code threads} threads, one signer each; returns signs per second. */
    static double signing(int n, int threads) throws Exception {
        MarkKeyPair keys = KeyPairs.generate(SignatureAlgorithm.ED25519);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<Long>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = (int) ((long) n * t / threads);
                int to = (int) ((long) n * (t + 1) / threads);
                parts.add(pool.submit(() -> {
                    byte[] priv = keys.privateKey();
                    MarkSigner signer = MarkSigner.create(SignatureAlgorithm.ED25519, priv);
                    java.util.Arrays.fill(priv, (byte) 0);
                    long sink = 0;
                    for (int i = from; i < to; i++) {
                        sink += signer.sign(new MarkContent(7, 1, new Serial(i))).signature()[0];
                    }
                    signer.destroy();
                    return sink;
                }));
            }
            for (Future<Long> f : parts) {
                f.get();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdown();
            keys.destroy();
        }
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
