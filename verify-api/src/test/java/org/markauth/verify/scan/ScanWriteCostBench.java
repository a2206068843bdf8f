package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;

/**
 * What one scan row costs the Cassandra node, by the way it is written (a measurement, not a test;
 * the evidence for the scan_log design in docs/verify-api.md). Writes {@code rows} scan-sized rows
 * per shape, {@code inFlight} statements at a time, and reads the node's CPU (utime + stime of the
 * CassandraDaemon process from {@code /proc/<pid>/stat}) before and after each shape:
 * <ol>
 *   <li>single-row inserts into {@code scans_by_mark}, one partition per row (the raw insert);</li>
 *   <li>10-row unlogged batches across 10 partitions of {@code scans_by_mark} (today's ScanStore);</li>
 *   <li>100-row single-partition unlogged batches into {@code scan_log ((minute, shard), at)};</li>
 *   <li>the same rows with the scan's columns packed into one blob (3 cells a row), and 100 scans in one row;</li>
 *   <li>{@link ScanStore} itself on a warm load: flushes of 1,000 scans of codes drawn from 30,000, the
 *       client a repeat one (log rows, the summaries the exceptions and the interval call for, the
 *       hot-spot counters): the node's CPU per recorded scan, all tables included.</li>
 * </ol>
 * The node is shared with whatever else runs on the machine: run it when the machine is quiet, and
 * compare shapes within one run (they alternate over {@code rounds}). Prints µs of node CPU per row.
 *
 * <p>Run: {@code java -cp verify-api/target/test-classes:verify-api/target/classes:<deps>
 * org.markauth.verify.scan.ScanWriteCostBench <cassandra-pid> [rows] [rounds]}.
 */
public final class ScanWriteCostBench {

    private static final long TICK_MICROS = 10_000;   // USER_HZ = 100 on Linux

    public static void main(String[] args) throws Exception {
        long pid = Long.parseLong(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int inFlight = 32;
        try (TestStack stack = TestStack.connect(); TestKeyspace ks = stack.freshKeyspace("scan_cost")) {
            CqlSession s = ks.session();
            s.execute("CREATE TABLE IF NOT EXISTS bench_scan_log (minute timestamp, shard smallint, at timeuuid, batch_id int, "
                    + "serial blob, verdict text, cell text, region text, ip_hash blob, device text, lang text, channel text, "
                    + "PRIMARY KEY ((minute, shard), at))");
            s.execute("CREATE TABLE IF NOT EXISTS bench_scan_packed (minute timestamp, shard smallint, at timeuuid, batch_id int, "
                    + "serial blob, scan blob, PRIMARY KEY ((minute, shard), at))");
            s.execute("CREATE TABLE IF NOT EXISTS bench_scan_chunks (minute timestamp, shard smallint, at timeuuid, scans blob, "
                    + "PRIMARY KEY ((minute, shard), at))");
            PreparedStatement packed = s.prepare("INSERT INTO bench_scan_packed (minute, shard, at, batch_id, serial, scan) "
                    + "VALUES (?, ?, ?, ?, ?, ?)");
            PreparedStatement chunk = s.prepare("INSERT INTO bench_scan_chunks (minute, shard, at, scans) VALUES (?, ?, ?, ?)");
            PreparedStatement byMark = s.prepare("INSERT INTO scans_by_mark (batch_id, serial, at, verdict, cell, region, "
                    + "ip_hash, device, lang, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            PreparedStatement log = s.prepare("INSERT INTO bench_scan_log (minute, shard, at, batch_id, serial, verdict, cell, "
                    + "region, ip_hash, device, lang, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            AtomicLong serials = new AtomicLong();
            LongFunction<BatchableStatement<?>> markRow = i -> byMark.bind(7, serial(serials.incrementAndGet()),
                    Uuids.timeBased(), "GENUINE", "wx4g0ec1", "CN-44-GUANGZHOU", hash(), "mobile", "zh", "PAGE");
            Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            LongFunction<BatchableStatement<?>> logRow = i -> log.bind(minute, (short) (i % 16), Uuids.timeBased(), 7,
                    serial(serials.incrementAndGet()), "GENUINE", "wx4g0ec1", "CN-44-GUANGZHOU", hash(), "mobile", "zh", "PAGE");
            ScanStore store = new ScanStore(s, 10, java.time.Duration.ofMinutes(5));   // one writer's memory across rounds
            long[] counts = new long[30_000];
            boolean extra = System.getProperty("shapes", "").equals("all");   // the blob, chunk and 400-row shapes
            java.util.Map<String, List<Double>> results = new java.util.LinkedHashMap<>();
            for (int round = 0; round <= rounds; round++) {   // round 0 warms the node and the JIT, unprinted
                java.util.Map<String, Double> r = new java.util.LinkedHashMap<>();
                r.put("single-row inserts", measure(pid, s, rows, 1, inFlight, i -> markRow.apply(i)));
                r.put("10-row multi-partition batches", measure(pid, s, rows, 10, inFlight, i -> markRow.apply(i)));
                long[] shard = {0};
                r.put("100-row single-partition batches", measure(pid, s, rows, 100, inFlight / 4,
                        i -> logRow.apply(i % 100 == 0 ? ++shard[0] : shard[0])));
                r.put("ScanStore, warm", measureStore(pid, store, rows, i -> {
                    int code = ThreadLocalRandom.current().nextInt(counts.length);
                    long n = ++counts[code];
                    return new ScanRecord(Uuids.timeBased(), 8, (long) code, "GENUINE", "wx4g0", "CN-44", new byte[16], "mobile",
                            "zh", "PAGE", true, n == 1, n, 1, minute, "wx4g0");
                }));
                if (extra) {
                    r.put("400-row single-partition batches", measure(pid, s, rows, 400, inFlight / 8,
                            i -> logRow.apply(i % 400 == 0 ? ++shard[0] : shard[0])));
                    r.put("100-row batches of 3-cell rows", measure(pid, s, rows, 100, inFlight / 4, i -> packed.bind(minute,
                            (short) ((i / 100) % 16), Uuids.timeBased(), 7, serial(serials.incrementAndGet()), scanBlob())));
                    r.put("100 scans per row", measure(pid, s, rows / 100, 1, inFlight / 4, i -> chunk.bind(minute, (short) (i % 16),
                            Uuids.timeBased(), ByteBuffer.wrap(new byte[100 * 60]))) / 100);
                }
                if (round > 0) {
                    r.forEach((k, v) -> results.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                    System.out.println("round " + round + " node CPU µs/row " + r);
                }
            }
            // a shared node: other clients' load comes and goes, so the median over rounds is the figure
            double single = median(results.get("single-row inserts"));
            results.forEach((k, v) -> System.out.printf("median %-36s %6.1f µs/row  (single-row ÷ this = %.1f)%n", k, median(v),
                    single / median(v)));
            System.out.println("summary rows written by the warm ScanStore: " + store.summaryRows());
        }
    }

    private static double median(List<Double> v) {
        List<Double> sorted = new ArrayList<>(v);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Node CPU µs per row writing {@code rows} rows in statements of {@code perStatement} rows. */
    private static double measure(long pid, CqlSession s, int rows, int perStatement, int inFlight,
                                  LongFunction<BatchableStatement<?>> row) throws Exception {
        // the node's CPU when this client writes nothing (other clients of a shared node), subtracted below
        double idleBefore = idleTicksPerNano(pid);
        Semaphore slots = new Semaphore(inFlight);
        long start = System.nanoTime();
        long before = cpuTicks(pid);
        List<BatchableStatement<?>> open = new ArrayList<>(perStatement);
        for (long i = 0; i < rows; i++) {
            open.add(row.apply(i));
            if (open.size() == perStatement) {
                Statement<?> st = perStatement == 1 ? open.get(0) : BatchStatement.newInstance(BatchType.UNLOGGED, open);
                open = new ArrayList<>(perStatement);
                slots.acquire();
                CompletionStage<AsyncResultSet> f = s.executeAsync(st);
                f.whenComplete((r, e) -> slots.release());
            }
        }
        slots.acquire(inFlight);
        slots.release(inFlight);
        Thread.sleep(300);   // the node's tail (commit log, memtable) after the last answer
        long used = cpuTicks(pid) - before;
        long elapsed = System.nanoTime() - start;
        double idle = (idleBefore + idleTicksPerNano(pid)) / 2;   // before and after: the others' load drifts
        return (used - idle * elapsed) * TICK_MICROS / rows;
    }

    /** Node CPU µs per scan written through {@link ScanStore} in flushes of 1,000, two flushes in flight. */
    private static double measureStore(long pid, ScanStore store, int rows, LongFunction<ScanRecord> scan) throws Exception {
        double idleBefore = idleTicksPerNano(pid);
        long start = System.nanoTime();
        long before = cpuTicks(pid);
        java.util.concurrent.CompletableFuture<?> previous = java.util.concurrent.CompletableFuture.completedFuture(null);
        for (int i = 0; i < rows; i += 1000) {
            List<ScanRecord> flush = new ArrayList<>(1000);
            for (int k = 0; k < 1000; k++) {
                flush.add(scan.apply(i + k));
            }
            var sent = store.write(flush).toCompletionStage().toCompletableFuture();
            previous.join();
            previous = sent;
        }
        previous.join();
        Thread.sleep(300);
        long used = cpuTicks(pid) - before;
        long elapsed = System.nanoTime() - start;
        double idle = (idleBefore + idleTicksPerNano(pid)) / 2;
        return (used - idle * elapsed) * TICK_MICROS / rows;
    }

    /** The node's CPU ticks per nanosecond over 3 s in which this client writes nothing. */
    private static double idleTicksPerNano(long pid) throws Exception {
        long t0 = cpuTicks(pid);
        long n0 = System.nanoTime();
        Thread.sleep(3000);
        return (cpuTicks(pid) - t0) / (double) (System.nanoTime() - n0);
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15: utime, stime
    }

    private static ByteBuffer serial(long n) {
        return ByteBuffer.allocate(8).putLong(0, n ^ 0x5DEECE66DL * n);
    }

    /** A scan's other columns encoded as one value: ~60 bytes. */
    private static ByteBuffer scanBlob() {
        byte[] b = new byte[60];
        ThreadLocalRandom.current().nextBytes(b);
        return ByteBuffer.wrap(b);
    }

    private static ByteBuffer hash() {
        byte[] h = new byte[16];
        ThreadLocalRandom.current().nextBytes(h);
        return ByteBuffer.wrap(h);
    }
}
