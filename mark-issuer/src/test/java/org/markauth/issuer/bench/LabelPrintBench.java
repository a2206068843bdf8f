package org.markauth.issuer.bench;

import static org.markauth.issuer.IssuerFixture.REGULATOR;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.print.LabelJob;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.registry.Product;

/**
 * The printer-native formats of one N-unit batch (default 10,000) streamed to a counting sink in a
 * small heap, for docs/print-formats.md: per format the bytes, the time and the peak heap (used,
 * and the live set after collections), with the CSV work order as the baseline. The batch is a
 * GS1 Digital Link product's (the longer codes). Run against the local stack, e.g.
 * <pre>
 * java -Xmx64m -XX:+UseSerialGC -cp mark-issuer/target/test-classes:mark-issuer/target/classes:$(cat mark-issuer/target/issuer.classpath):test-support/target/test-support-0.1.0-SNAPSHOT.jar:ops/target/ops-0.1.0-SNAPSHOT.jar \
 *   org.markauth.issuer.bench.LabelPrintBench 10000
 * </pre>
 * Figures only, nothing asserted; the keyspace is dropped at the end.
 */
public final class LabelPrintBench {

    /** Counts what it is given and keeps nothing. */
    static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (IssuerFixture fx = new IssuerFixture("bench_labels")) {
            fx.services.keys.rotate(REGULATOR, null);
            fx.licensee("BENCH");
            Product p = fx.licensedProduct("BENCH");
            Principal maker = Principal.manufacturer("bench-line", "BENCH");
            long t0 = System.nanoTime();
            Batch b = fx.issued(maker, p, n, "bench-labels");
            System.out.printf("# N=%d Xmx=%d MiB issued in %.1f s%n", n, Runtime.getRuntime().maxMemory() >> 20, (System.nanoTime() - t0) / 1e9);
            for (PrintFormat f : List.of(PrintFormat.CSV, PrintFormat.ZPL, PrintFormat.CIJ_TXT, PrintFormat.CIJ_CSV, PrintFormat.ZPL)) {
                run(fx, REGULATOR, b, f);
            }
            // worked examples for docs/print-formats.md: a plain (no GTIN) product's first units
            Product plain = fx.services.registry.createProduct(REGULATOR, new Product.Details(0, "BENCH", "电水壶", "Kettle", "K-2",
                    "appliance", null, "T/FSBZ 002-2025", "Kettles", java.util.Map.of(), List.of(), java.util.Set.of()));
            fx.services.registry.grantLicence(REGULATOR, plain.productId(), "FS-" + plain.productId(),
                    fx.clock.instant().minusSeconds(86_400), fx.clock.instant().plusSeconds(86_400 * 365L), "bench");
            System.out.println("# sample GET label-template of product " + plain.productId() + ": "
                    + fx.services.labelTemplates.qr(fx.services.labelTemplates.find(plain.productId())).encode());
            for (Product x : List.of(plain, p)) {
                Batch small = fx.issued(maker, x, 3, "bench-sample-" + x.productId());
                for (PrintFormat f : List.of(PrintFormat.CSV, PrintFormat.ZPL, PrintFormat.CIJ_TXT, PrintFormat.CIJ_CSV)) {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    LabelJob job = f.templated() ? fx.services.labelTemplates.job(REGULATOR, small, 1, null, f) : null;
                    f.write(fx.services.batches, REGULATOR, small, 1, f == PrintFormat.ZPL ? 1 : 2, bytes, job);
                    System.out.println("# sample " + f + " of product " + x.productId() + " (gtin " + x.gtin() + ")");
                    System.out.print(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).replace("\r\n", "\n"));
                }
            }
        }
    }

    private static void run(IssuerFixture fx, Principal p, Batch b, PrintFormat f) throws Exception {
        LabelJob job = f.templated() ? fx.services.labelTemplates.job(p, b, 1, null, f) : null;
        System.gc();
        AtomicLong peak = new AtomicLong();
        AtomicLong live = new AtomicLong();
        var mem = ManagementFactory.getMemoryMXBean();
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(m -> m.getType() == MemoryType.HEAP && m.getCollectionUsage() != null).toList();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                live.accumulateAndGet(pools.stream().mapToLong(m -> m.getCollectionUsage().getUsed()).sum(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Counting out = new Counting();
        long t0 = System.nanoTime();
        f.write(fx.services.batches, p, b, 1, Integer.MAX_VALUE, out, job);
        double s = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        sampler.join();
        System.out.printf("RESULT print.%s units=%d bytes=%d bytesPerUnit=%.0f seconds=%.2f unitsPerSecond=%.0f peakHeapMiB=%.1f "
                        + "peakLiveAfterGcMiB=%.1f%n", f.name().toLowerCase(), b.quantity(), out.bytes, (double) out.bytes / b.quantity(), s,
                b.quantity() / s, peak.get() / 1048576.0, live.get() / 1048576.0);
    }
}
