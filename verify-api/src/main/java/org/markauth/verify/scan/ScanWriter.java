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
 * flush (at most one flush interval) — unless the {@link WriteAheadJournal} holds it.
 *
 * <p>The write-ahead journal: every answered scan is in it before its answer leaves. The writer
 * tells the journal which records are stored (in Cassandra, or in the fsync'd spill), sweeps the
 * journal's fully stored segments after each flush, forces the journal to disk every {@code
 * journalSync} (the power-loss window), and at start replays the segments a killed process left,
 * minus what they mark stored.
 */
public final class ScanWriter extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ScanWriter.class);

    private final ScanBuffer buffer;
    private final CqlSession session;
    private final ScanSettings settings;
    private final WriteAheadJournal wal;
    private final AtomicLong replayed = new AtomicLong();
    private boolean syncing;
    private long syncTimer = -1;
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

    public ScanWriter(ScanBuffer buffer, CqlSession session, ScanSettings settings, WriteAheadJournal wal) {
        this.buffer = buffer;
        this.session = session;
        this.settings = settings;
        this.wal = wal;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            store = new ScanStore(session, settings.rowsPerBatch(), settings.summaryInterval());
            journal = new ScanJournal(settings.spillDir());
            return journal.isEmpty();
        }).onSuccess(clean -> {
            if (!clean) {
                LOG.info("scan spill files found in {}; replaying them", settings.spillDir());
            }
            // the segments a killed process left go first; ticks meanwhile only spill a growing backlog
            busy = true;
            current = replayJournal().onComplete(ar -> {
                busy = false;
                if (ar.failed()) {
                    LOG.error("replaying the scan journal failed; its files stay in {} for the next start: {}",
                            wal.dir(), ar.cause().toString());
                }
            });
            timer = vertx.setPeriodic(settings.flushInterval().toMillis(), t -> tick());
            syncTimer = vertx.setPeriodic(settings.journalSync().toMillis(), t -> syncJournal());
        });
    }

    /** Scans replayed from the journal of an earlier run that died before writing them. */
    public long replayed() {
        return replayed.get();
    }

    private void syncJournal() {
        if (syncing) {
            return;
        }
        syncing = true;
        vertx.executeBlocking(() -> {
            wal.sync();
            return null;
        }, false).onComplete(ar -> {
            syncing = false;
            if (ar.failed()) {
                LOG.warn("forcing the scan journal to disk failed: {}", ar.cause().toString());
            }
        });
    }

    private Future<Void> replayJournal() {
        return vertx.executeBlocking(wal::leftovers).compose(segments -> {
            Future<Void> chain = Future.succeededFuture();
            for (WriteAheadJournal.Leftover l : segments) {
                chain = chain.compose(v -> vertx.executeBlocking(l::unwritten))
                        .compose(recs -> {
                            if (!recs.isEmpty()) {
                                LOG.info("replaying {} scans from journal segment {} (an earlier run stopped before writing them)",
                                        recs.size(), l);
                            }
                            return replayFrom(l, recs, 0);
                        })
                        .compose(v -> vertx.executeBlocking(() -> {
                            l.delete();
                            return null;
                        }));
            }
            return chain;
        });
    }

    /**
     * Writes a leftover segment's records from {@code from} in flush-sized parts, each marked in the
     * segment's done file once Cassandra took it; when Cassandra refuses, the rest goes to the spill.
     */
    private Future<Void> replayFrom(WriteAheadJournal.Leftover l, List<ScanRecord> recs, int from) {
        if (from >= recs.size()) {
            return Future.succeededFuture();
        }
        List<ScanRecord> part = recs.subList(from, Math.min(recs.size(), from + settings.maxPerFlush()));
        Future<Void> stored = spilling ? Future.failedFuture("spilling")
                : store.write(part).timeout(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return stored.compose(v -> vertx.executeBlocking(() -> {
            l.markWritten(part);
            return null;
        })).compose(v -> {
            replayed.addAndGet(part.size());
            written.addAndGet(part.size());
            return replayFrom(l, recs, from + part.size());
        }, e -> {
            List<ScanRecord> rest = recs.subList(from, recs.size());
            if (!spilling) {
                LOG.warn("replaying the scan journal: Cassandra refused ({}); spilling its {} remaining scans to {}",
                        e.toString(), rest.size(), settings.spillDir());
                spilling = true;
                nextReplayAt = System.currentTimeMillis() + settings.retryInterval().toMillis();
            }
            return vertx.executeBlocking(() -> {
                journal.append(rest);
                spilled.addAndGet(rest.size());
                l.markWritten(rest);
                return null;
            });
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
        current = flushOnce().compose(v -> maybeReplay()).andThen(x -> wal.sweep(false));
        current.onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                LOG.error("scan writer tick failed: {}", ar.cause().toString());
            }
        });
    }

    private Future<Void> flushOnce() {
        List<ScanBuffer.Entry> entries = buffer.drain(settings.maxPerFlush());
        if (entries.isEmpty()) {
            // a quiet tick: the summaries of held-back scans that are due (a failure: they wait for the next)
            return spilling ? Future.succeededFuture() : store.writeDue(false).otherwiseEmpty();
        }
        List<ScanRecord> recs = records(entries);
        if (spilling) {
            return spill(entries);
        }
        return store.write(recs).timeout(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(v -> {
                    written.addAndGet(recs.size());
                    wal.written(entries);
                })
                .recover(e -> {
                    LOG.warn("writing {} scan records to Cassandra failed ({}); spilling to {} until it answers",
                            recs.size(), e.toString(), settings.spillDir());
                    spilling = true;
                    nextReplayAt = System.currentTimeMillis() + settings.retryInterval().toMillis();
                    return spill(entries);
                });
    }

    private static List<ScanRecord> records(List<ScanBuffer.Entry> entries) {
        List<ScanRecord> out = new java.util.ArrayList<>(entries.size());
        for (ScanBuffer.Entry e : entries) {
            out.add(e.record());
        }
        return out;
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
        List<ScanBuffer.Entry> recs = buffer.drain(settings.maxPerFlush() * 5);
        if (backlogSpills.getAndIncrement() == 0) {
            LOG.warn("Cassandra is slower than the scans arrive ({} records waiting): spilling the backlog to {}",
                    buffer.depth() + recs.size(), settings.spillDir());
        }
        spill(recs).onComplete(ar -> spillingBacklog = false);
    }

    /** To the spill (forced to disk), then marked stored in the write-ahead journal. */
    private Future<Void> spill(List<ScanBuffer.Entry> entries) {
        List<ScanRecord> recs = records(entries);
        return vertx.<Void>executeBlocking(() -> {
            journal.append(recs);
            spilled.addAndGet(recs.size());
            return null;
        }).onSuccess(v -> wal.written(entries));
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
        if (syncTimer >= 0) {
            vertx.cancelTimer(syncTimer);
        }
        // let a flush in progress finish first: its records are drained from the buffer already
        Future<Void> last = current.otherwiseEmpty().compose(x -> {
            List<ScanBuffer.Entry> rest = buffer.drain(Integer.MAX_VALUE);
            return rest.isEmpty() ? Future.<Void>succeededFuture()
                    : spilling ? spill(rest)
                    : writeAll(records(rest))   // in flush-sized parts: a full buffer is thousands of statements
                            .onSuccess(v -> {
                                written.addAndGet(rest.size());
                                wal.written(rest);
                            })
                            .recover(e -> spill(rest));
        });
        // the summaries still held back (their scans are stored): written if Cassandra answers, else
        // left to the summary's lower bound (docs/verify-api.md)
        last = last.compose(x -> spilling ? Future.<Void>succeededFuture() : store.writeDue(true)
                .timeout(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS).otherwiseEmpty());
        return last.eventually(() -> vertx.executeBlocking(() -> {
            // every segment whose records are stored goes; one that is not (a write failed twice) is forced and kept
            wal.sweep(true);
            wal.sync();
            wal.close();
            journal.close();
            return null;
        })).onSuccess(v -> LOG.info("scan writer stopped: {} written, {} spilled, {} still on disk",
                written.get(), spilled.get(), journal.isEmpty() ? 0 : "some"));
    }
}
