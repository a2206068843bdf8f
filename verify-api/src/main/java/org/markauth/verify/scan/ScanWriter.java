package org.markauth.verify.scan;

import com.datastax.oss.driver.api.core.CqlSession;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves scan records from the {@link ScanBuffer} to Cassandra off the request path, every
 * {@code flushInterval} or sooner when a batch is full.
 *
 * <p>Two modes. <b>Direct</b>: drained records are written; a failed write sends exactly those
 * records to the {@link ScanJournal} and switches to <b>spilling</b>, where drained records go to
 * disk without trying Cassandra (so an outage costs no driver timeouts per flush), and the oldest
 * spill file is replayed every {@code retryInterval} as the probe. The first fully replayed file
 * switches back to direct; remaining files keep replaying. Spill files left by a previous run are
 * replayed at start. On stop the buffer is drained once more, written if Cassandra answers, else
 * spilled: an acknowledged scan is lost only if the process dies between its answer and the next
 * flush (at most one flush interval), the documented window.
 */
public final class ScanWriter extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ScanWriter.class);

    private final ScanBuffer buffer;
    private final CqlSession session;
    private final ScanSettings settings;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private ScanStore store;
    private ScanJournal journal;
    private volatile boolean spilling;
    private boolean busy;
    private boolean spillingBacklog;
    private final AtomicLong backlogSpills = new AtomicLong();
    private Future<Void> current = Future.succeededFuture();
    private long nextReplayAt;
    private long timer = -1;

    public ScanWriter(ScanBuffer buffer, CqlSession session, ScanSettings settings) {
        this.buffer = buffer;
        this.session = session;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            store = new ScanStore(session, settings.rowsPerBatch());
            journal = new ScanJournal(settings.spillDir());
            return journal.isEmpty();
        }).onSuccess(clean -> {
            if (!clean) {
                LOG.info("scan spill files found in {}; replaying them", settings.spillDir());
            }
            timer = vertx.setPeriodic(settings.flushInterval().toMillis(), t -> tick());
        });
    }

    /** True while records go to disk because Cassandra refused the last write. */
    public boolean spilling() {
        return spilling;
    }

    public long written() {
        return written.get();
    }

    public long spilled() {
        return spilled.get();
    }

    private void tick() {
        if (busy) {
            spillBacklogIfBehind();
            return;
        }
        busy = true;
        current = flushOnce().compose(v -> maybeReplay());
        current.onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                LOG.error("scan writer tick failed: {}", ar.cause().toString());
            }
        });
    }

    private Future<Void> flushOnce() {
        List<ScanRecord> recs = buffer.drain(settings.maxPerFlush());
        if (recs.isEmpty()) {
            return Future.succeededFuture();
        }
        if (spilling) {
            return spill(recs);
        }
        return store.write(recs).timeout(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(v -> written.addAndGet(recs.size()))
                .recover(e -> {
                    LOG.warn("writing {} scan records to Cassandra failed ({}); spilling to {} until it answers",
                            recs.size(), e.toString(), settings.spillDir());
                    spilling = true;
                    nextReplayAt = System.currentTimeMillis() + settings.retryInterval().toMillis();
                    return spill(recs);
                });
    }

    /**
     * Cassandra answers but more slowly than scans arrive (a write still in flight at the next tick
     * and the buffer past a quarter of its capacity): the backlog goes to the spill journal now, in
     * chunks, instead of growing until the buffer refuses scans. The journal is replayed as usual.
     */
    private void spillBacklogIfBehind() {
        if (spillingBacklog || buffer.depth() <= settings.bufferCapacity() / 4) {
            return;
        }
        spillingBacklog = true;
        List<ScanRecord> recs = buffer.drain(settings.maxPerFlush() * 5);
        if (backlogSpills.getAndIncrement() == 0) {
            LOG.warn("Cassandra is slower than the scans arrive ({} records waiting): spilling the backlog to {}",
                    buffer.depth() + recs.size(), settings.spillDir());
        }
        spill(recs).onComplete(ar -> spillingBacklog = false);
    }

    private Future<Void> spill(List<ScanRecord> recs) {
        return vertx.executeBlocking(() -> {
            journal.append(recs);
            spilled.addAndGet(recs.size());
            return null;
        });
    }

    private Future<Void> maybeReplay() {
        long now = System.currentTimeMillis();
        if (now < nextReplayAt) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> spilling ? journal.sealAndList() : listIfAny()).compose(files -> {
            if (files.isEmpty()) {
                spilling = false;
                return Future.succeededFuture();
            }
            Path oldest = files.get(0);
            return vertx.executeBlocking(() -> ScanJournal.read(oldest))
                    .compose(recs -> writeAll(recs).map(recs.size()))
                    .compose(n -> vertx.executeBlocking(() -> {
                        ScanJournal.delete(oldest);
                        return n;
                    }))
                    .<Void>map(n -> {
                        written.addAndGet(n);
                        if (spilling) {
                            LOG.info("Cassandra answers again; replayed {} spilled scan records, writing directly", n);
                        }
                        spilling = false;
                        return null;
                    })
                    .recover(e -> {
                        spilling = true;
                        nextReplayAt = System.currentTimeMillis() + settings.retryInterval().toMillis();
                        return Future.succeededFuture();
                    });
        });
    }

    private List<Path> listIfAny() {
        // In direct mode the journal has no open file unless a previous run left files behind.
        return journal.isEmpty() ? List.of() : journal.sealAndList();
    }

    private Future<Void> writeAll(List<ScanRecord> recs) {
        Future<Void> chain = Future.succeededFuture();
        int step = settings.maxPerFlush();
        for (int i = 0; i < recs.size(); i += step) {
            List<ScanRecord> part = recs.subList(i, Math.min(recs.size(), i + step));
            chain = chain.compose(v -> store.write(part)
                    .timeout(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        return chain;
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        // let a flush in progress finish first: its records are drained from the buffer already
        Future<Void> last = current.otherwiseEmpty().compose(x -> {
            List<ScanRecord> rest = buffer.drain(Integer.MAX_VALUE);
            return rest.isEmpty() ? Future.<Void>succeededFuture()
                    : spilling ? spill(rest)
                    : writeAll(rest)   // in flush-sized parts: a full buffer is thousands of statements
                            .onSuccess(v -> written.addAndGet(rest.size()))
                            .recover(e -> spill(rest));
        });
        return last.eventually(() -> vertx.executeBlocking(() -> {
            journal.close();
            return null;
        })).onSuccess(v -> LOG.info("scan writer stopped: {} written, {} spilled, {} still on disk",
                written.get(), spilled.get(), journal.isEmpty() ? 0 : "some"));
    }
}
