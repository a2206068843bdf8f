package org.markauth.issuer.batch;

import org.markauth.registry.MarkKey;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Issues (or re-prints) a range of a batch's units at line speed in bounded memory.
 *
 * <p>Shape: the range is cut into chunks of {@code chunkSize} units. Worker threads (one
 * {@link Minter} each: its own signer and cipher, nothing shared) compute serials and, when a
 * print sink is attached, sign the codes. Each minted chunk is written to {@code marks} as
 * UNLOGGED batches of at most {@code rowsPerStatement} rows that all fall into one partition
 * {@code (batch_id, bucket)} — one mutation per partition on the replica, instead of one round
 * trip per row, which a single node could only take at 10-15k rows/s. At most
 * {@code maxInFlightWrites} statements are in flight ({@link Semaphore}); a worker that would
 * exceed it waits, which is the back-pressure from Cassandra to signing. The calling thread takes
 * finished chunks strictly in order from a window of at most {@code 2 x workers} chunks, hands them
 * to the sink (CSV, images, PDF), and reports progress: memory is bounded by the window, not by N.
 *
 * <p>Progress is reported only for chunks that are both persisted and printed, in order, so the
 * {@code done} count is a safe resume point: every unit below it is stored.
 */
public final class IssuancePipeline {

    /** Tuning knobs; see docs/issuer.md for the reasoning behind the defaults. */
    public record Settings(int chunkSize, int workers, int maxInFlightWrites, int rowsPerStatement) {
        public Settings {
            if (chunkSize < 256 || chunkSize > 1 << 20) {
                throw new IllegalArgumentException("chunkSize must be 256..1048576, got " + chunkSize);
            }
            if (workers < 1 || workers > 256) {
                throw new IllegalArgumentException("workers must be 1..256, got " + workers);
            }
            if (maxInFlightWrites < 1 || maxInFlightWrites > 4096) {
                throw new IllegalArgumentException("maxInFlightWrites must be 1..4096, got " + maxInFlightWrites);
            }
            if (rowsPerStatement < 1 || rowsPerStatement > 1000) {
                throw new IllegalArgumentException("rowsPerStatement must be 1..1000, got " + rowsPerStatement);
            }
        }

        public static Settings defaults() {
            return new Settings(8192, Runtime.getRuntime().availableProcessors(), 64, 100);
        }
    }

    private final CqlSession session;
    private final Settings settings;
    private final PreparedStatement insertMark;

    public IssuancePipeline(CqlSession session, Settings settings) {
        this.session = session;
        this.settings = settings;
        this.insertMark = session == null ? null
                : session.prepare("INSERT INTO marks (batch_id, bucket, serial, seq) VALUES (?, ?, ?, ?)");
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Runs units {@code fromSeq..toSeq} (inclusive) of {@code batchId}.
     *
     * @param persist  write the marks rows (issuance); false to only re-print
     * @param sink     print-file writer, or null to mint serials only (no signing)
     * @param progress called on the calling thread with the highest seq done, after each chunk
     */
    public void run(int batchId, int fromSeq, int toSeq, Minter.Factory minters, boolean persist, ChunkSink sink,
                    IntConsumer progress) {
        if (fromSeq < 1 || toSeq < fromSeq - 1) {
            throw new IllegalArgumentException("bad range " + fromSeq + ".." + toSeq);
        }
        if (persist && session == null) {
            throw new IllegalStateException("this pipeline has no Cassandra session; it can only print");
        }
        Queue<Minter> made = new ConcurrentLinkedQueue<>();
        ThreadLocal<Minter> local = ThreadLocal.withInitial(() -> {
            Minter m = minters.create();
            made.add(m);
            return m;
        });
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.workers(), r -> {
            Thread t = new Thread(r, "issue-" + batchId + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(settings.maxInFlightWrites());
        ArrayDeque<CompletableFuture<MarkChunk>> window = new ArrayDeque<>();
        int maxWindow = 2 * settings.workers();
        try {
            for (long start = fromSeq; start <= toSeq; start += settings.chunkSize()) {
                int first = (int) start;
                int last = (int) Math.min(toSeq, start + settings.chunkSize() - 1);
                if (window.size() >= maxWindow) {
                    emit(window.removeFirst(), sink, progress);
                }
                CompletableFuture<MarkChunk> f = CompletableFuture.supplyAsync(
                        () -> mint(local.get(), batchId, first, last, sink != null), pool);
                if (persist) {
                    f = f.thenCompose(c -> write(c, inFlight));
                }
                window.addLast(f);
            }
            while (!window.isEmpty()) {
                emit(window.removeFirst(), sink, progress);
            }
        } catch (RuntimeException e) {
            window.forEach(f -> f.cancel(false));
            throw e;
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            made.forEach(Minter::close);
        }
    }

    private static void emit(CompletableFuture<MarkChunk> f, ChunkSink sink, IntConsumer progress) {
        MarkChunk c;
        try {
            c = f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        if (sink != null) {
            try {
                sink.accept(c);
            } catch (IOException e) {
                throw new UncheckedIOException("writing the print file failed at seq " + c.firstSeq(), e);
            }
        }
        progress.accept(c.lastSeq());
    }

    private static MarkChunk mint(Minter m, int batchId, int first, int last, boolean withCodes) {
        int n = last - first + 1;
        long[] serials = new long[n];
        String[] codes = withCodes ? new String[n] : null;
        for (int i = 0; i < n; i++) {
            long s = m.serial(first + i);
            serials[i] = s;
            if (withCodes) {
                codes[i] = m.code(s);
            }
        }
        return new MarkChunk(batchId, first, serials, codes);
    }

    /** Writes one chunk grouped by partition; completes when every statement is acknowledged. */
    private CompletableFuture<MarkChunk> write(MarkChunk c, Semaphore inFlight) {
        // counting sort of the chunk's indexes by bucket (the serial's top byte = the partition)
        int n = c.size();
        int[] start = new int[257];
        for (long s : c.serials()) {
            start[MarkKey.bucket(s) + 1]++;
        }
        for (int b = 0; b < 256; b++) {
            start[b + 1] += start[b];
        }
        int[] order = new int[n];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) {
            order[fill[MarkKey.bucket(c.serials()[i])]++] = i;
        }
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            for (int from = start[b]; from < start[b + 1]; from += settings.rowsPerStatement()) {
                int to = Math.min(start[b + 1], from + settings.rowsPerStatement());
                BatchStatementBuilder bs = BatchStatement.builder(DefaultBatchType.UNLOGGED).setIdempotence(true);
                for (int k = from; k < to; k++) {
                    int i = order[k];
                    bs.addStatement(insertMark.bind(c.batchId(), (short) b, MarkKey.serialBytes(c.serials()[i]), c.firstSeq() + i));
                }
                inFlight.acquireUninterruptibly();
                acks.add(session.executeAsync(bs.build()).toCompletableFuture()
                        .whenComplete((rs, e) -> inFlight.release()));
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenApply(v -> c);
    }

}
