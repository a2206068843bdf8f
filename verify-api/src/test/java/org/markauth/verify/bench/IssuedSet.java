package org.markauth.verify.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.markauth.ops.bench.AsyncLoad;
import org.markauth.registry.MarkKey;

/** The bench's rows in Cassandra: the issued set, and the raw-insert and point-read baselines. */
final class IssuedSet {

    private IssuedSet() {
    }

    /** Writes the issued set: unlogged batches of 100 rows of one partition, 64 in flight (as the issuer does). */
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
            byBucket.get(MarkKey.bucket(serials[i])).add(i);
        }
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (List<Integer> idx : byBucket) {
            for (int from = 0; from < idx.size(); from += 100) {
                BatchStatementBuilder b = BatchStatement.builder(BatchType.UNLOGGED);
                for (int k = from; k < Math.min(idx.size(), from + 100); k++) {
                    int i = idx.get(k);
                    b.addStatement(ins.bind(batch, MarkKey.bucket(serials[i]), MarkKey.serialBytes(serials[i]), i + 1));
                }
                inFlight.acquire();
                CompletionStage<?> st = s.executeAsync(b.build()).whenComplete((x, e) -> inFlight.release());
                all.add(st.toCompletableFuture());
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        System.out.printf(Locale.ROOT, "BENCH issued set: %d marks written in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        return serials;
    }

    /** A scan row's columns after its key (the columns of scans_by_mark, V003), in the order bound below. */
    private static final String SCAN_COLUMNS = "verdict text, cell text, region text, ip_hash blob, device text, lang text, channel text";
    private static final ByteBuffer IP_HASH = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    /**
     * Throw-away tables of scan-sized rows in the bench's keyspace: {@code bench_raw_scan}, one
     * partition per row, and {@code bench_raw_scan_log}, keyed as the scan log (V013) is.
     */
    static void createRawScanTables(CqlSession s) {
        s.execute("CREATE TABLE IF NOT EXISTS bench_raw_scan (batch_id int, serial blob, at timeuuid, " + SCAN_COLUMNS
                + ", PRIMARY KEY ((batch_id, serial), at))");
        s.execute("CREATE TABLE IF NOT EXISTS bench_raw_scan_log (minute int, shard int, at timeuuid, batch_id int, serial blob, "
                + SCAN_COLUMNS + ", PRIMARY KEY ((minute, shard), at))");
    }

    /**
     * The raw-insert baseline of {@code scan.write.cpu}: one single-row insert per scan-sized row
     * ({@code bench_raw_scan}), driven as {@link org.markauth.ops.bench.CassandraBaseline} drives its
     * inserts (128 in flight, async). Runs for {@code duration}; each row its own partition.
     */
    static AsyncLoad.Outcome rawScanInserts(CqlSession s, int batch, Duration duration) throws InterruptedException {
        PreparedStatement ins = s.prepare("INSERT INTO bench_raw_scan (batch_id, serial, at, verdict, cell, region, ip_hash, "
                + "device, lang, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        return new AsyncLoad(128).run(Duration.ZERO, duration, i -> s.executeAsync(ins.bind(batch,
                MarkKey.serialBytes(i * 0x9E3779B97F4A7C15L), Uuids.timeBased(), "GENUINE", null, "local",
                IP_HASH.duplicate(), "desktop", "en", "API")));
    }

    /** Rows per batch of {@link #rawScanBatches}: the service's scan-log batch (ScanStore). */
    static final int LOG_BATCH = 100;

    /**
     * The floor of a recorded scan on the node: the same scan-sized rows written as the service
     * writes its scan log ({@code bench_raw_scan_log}), {@value #LOG_BATCH} rows to an unlogged
     * single-partition batch, 8 batches in flight. An operation of the outcome is a batch.
     */
    static AsyncLoad.Outcome rawScanBatches(CqlSession s, int batch, Duration duration) throws InterruptedException {
        PreparedStatement ins = s.prepare("INSERT INTO bench_raw_scan_log (minute, shard, at, batch_id, serial, verdict, cell, "
                + "region, ip_hash, device, lang, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        return new AsyncLoad(8).run(Duration.ZERO, duration, i -> {
            int minute = (int) (System.currentTimeMillis() / 60_000);
            BatchStatementBuilder b = BatchStatement.builder(BatchType.UNLOGGED);
            for (int r = 0; r < LOG_BATCH; r++) {
                b.addStatement(ins.bind(minute, (int) (i % 16), Uuids.timeBased(), batch,
                        MarkKey.serialBytes((i * LOG_BATCH + r) * 0x9E3779B97F4A7C15L), "GENUINE", null, "local",
                        IP_HASH.duplicate(), "desktop", "en", "API"));
            }
            return s.executeAsync(b.build());
        });
    }

    /** The node's point-read rate of the marks table (reads per second, 64 in flight). */
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
            s.executeAsync(sel.bind(batch, MarkKey.bucket(serial), MarkKey.serialBytes(serial)))
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
