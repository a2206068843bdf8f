package org.markauth.verify.scan;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead journal of scans: every scan record is written to a local file (handed to the
 * operating system with one {@code write(2)}, not forced to disk) before its verification is
 * answered, so a process that dies — {@code kill -9}, an out-of-memory kill, a crash — loses no
 * acknowledged scan: the next start replays what had not reached Cassandra.
 *
 * <p><b>One write per event-loop turn.</b> {@link #append} on an event loop adds the record to
 * that thread's lane and, for the first record of the turn, schedules the lane's flush on the
 * context; the flush runs once the event loop has handled the turn's I/O, writes every record of
 * the turn in one call, puts them in the {@link ScanBuffer} for the {@link ScanWriter}, and only
 * then completes the appends, whose continuations send the answers. Each event-loop thread has its
 * own file, so lanes never wait for each other. Off an event loop the record is written at once.
 *
 * <p><b>Segments.</b> Time is cut in segments ({@code segmentMillis}); a lane writes the records
 * of a segment to {@code wal-<run>-<segment>-<lane>.jsonl} (JSON lines, the spill's format), where
 * {@code run} is this process's start. The writer tells the journal which records are durably in
 * Cassandra (or in the fsync'd spill): their time UUIDs go to the segment's
 * {@code wal-<run>-<segment>.done} file, and a segment at least two segments old whose records are
 * all written is deleted. After a crash, a previous run's segments are replayed minus the records
 * their done file names, so the counters that are not idempotent (hot spots, distinct clients) are
 * not counted twice; a replayed part is added to the done file before the next part is written, so
 * a replay cut short and run again repeats at most the part in flight.
 *
 * <p><b>Power loss.</b> {@link #sync()} (the writer calls it every {@code verify.scan.journal-sync})
 * forces every file written since the previous call to disk; what a power cut can lose is the
 * scans answered since the last sync that had not yet reached Cassandra.
 */
public final class WriteAheadJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadJournal.class);

    static final String PREFIX = "wal-";
    private static final long SEALED = Long.MIN_VALUE / 2;

    private final Path dir;
    private final ScanBuffer buffer;
    private final long segmentMillis;
    private final LongSupplier clock;
    private final String run;
    private final ConcurrentHashMap<Long, Segment> segments = new ConcurrentHashMap<>();
    private volatile Segment current;
    private final ThreadLocal<Lane> lanes = ThreadLocal.withInitial(this::newLane);
    private final List<Lane> allLanes = new CopyOnWriteArrayList<>();
    private final AtomicInteger laneIds = new AtomicInteger();
    private final ConcurrentLinkedQueue<FileChannel> retired = new ConcurrentLinkedQueue<>();
    private final LongAdder appended = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicLong lastFailureLog = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param dir           where the journal files live (a local disk; created when missing)
     * @param buffer        where journaled records go for the writer
     * @param segmentMillis the length of a segment: files are deleted at this granularity
     */
    public WriteAheadJournal(Path dir, ScanBuffer buffer, long segmentMillis) {
        this(dir, buffer, segmentMillis, System::currentTimeMillis);
    }

    WriteAheadJournal(Path dir, ScanBuffer buffer, long segmentMillis, LongSupplier clock) {
        if (segmentMillis < 1) {
            throw new IllegalArgumentException("journal segment must be >= 1 ms, got " + segmentMillis);
        }
        this.dir = dir;
        this.buffer = buffer;
        this.segmentMillis = segmentMillis;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scan journal directory " + dir
                    + "; set verify.scan.journal-dir to a writable local directory", e);
        }
        // a run id no earlier run of this directory used (a restart within the same millisecond aside)
        long start = clock.getAsLong();
        String id;
        do {
            id = String.format("%013d", start++);
        } while (!runFiles(id).isEmpty());
        this.run = id;
    }

    /** The record joined the journal (or, false: the buffer was full and it was neither journaled nor kept). */
    public Future<Boolean> append(ScanRecord r) {
        Lane lane = lanes.get();
        Context ctx = Vertx.currentContext();
        if (ctx == null || !ctx.isEventLoopContext()) {
            lane.records.add(r);
            Promise<Boolean> p = Promise.promise();
            lane.waiting.add(p);
            flush(lane);
            return p.future();
        }
        Promise<Boolean> p = Promise.promise();
        lane.records.add(r);
        lane.waiting.add(p);
        if (!lane.scheduled) {
            lane.scheduled = true;
            ctx.runOnContext(v -> flush(lane));
        }
        return p.future();
    }

    /** Records that went to the buffer waiting for the writer. */
    public int bufferDepth() {
        return buffer.depth();
    }

    public long appended() {
        return appended.sum();
    }

    /** write calls made (one per lane and turn): appended ÷ writes is the grouping. */
    public long writes() {
        return writes.sum();
    }

    /** Writes that failed (disk full, not writable): those turns' scans were answered with the flush-interval window only. */
    public long failures() {
        return failures.sum();
    }

    public Path dir() {
        return dir;
    }

    private Lane newLane() {
        Lane l = new Lane(laneIds.getAndIncrement());
        allLanes.add(l);
        return l;
    }

    private void flush(Lane lane) {
        lane.scheduled = false;
        int n = lane.records.size();
        if (n == 0) {
            return;
        }
        List<ScanRecord> recs = new ArrayList<>(lane.records);
        List<Promise<Boolean>> waiting = new ArrayList<>(lane.waiting);
        lane.records.clear();
        lane.waiting.clear();
        Segment seg = claim(n);
        boolean[] kept = new boolean[n];
        StringBuilder sb = lane.text;
        sb.setLength(0);
        int accepted = 0;
        for (int i = 0; i < n; i++) {
            ScanRecord r = recs.get(i);
            if (buffer.offer(r, seg)) {
                kept[i] = true;
                accepted++;
                r.appendLine(sb);
                sb.append('\n');
            }
        }
        if (accepted < n) {
            seg.pending.addAndGet(accepted - n);   // the refused ones will never be written
        }
        if (accepted > 0) {
            write(lane, seg, sb);
            appended.add(accepted);
        }
        for (int i = 0; i < n; i++) {
            try {
                waiting.get(i).complete(kept[i]);   // its continuation sends the answer
            } catch (RuntimeException e) {
                // one answer's failure must not keep the rest of the turn unanswered
                LOG.error("answering a journaled scan failed", e);
            }
        }
    }

    /** The current segment with {@code n} more pending records (never one already sealed for deletion). */
    private Segment claim(int n) {
        while (true) {
            long id = clock.getAsLong() / segmentMillis;
            Segment s = current;
            if (s == null || s.id != id) {
                s = segments.computeIfAbsent(id, Segment::new);
                current = s;
            }
            if (s.pending.getAndAdd(n) >= 0) {
                return s;
            }
            // sealed by the sweeper between the lookup and the claim (a thread stalled for two segments)
            segments.remove(id, s);
            current = null;
        }
    }

    private void write(Lane lane, Segment seg, StringBuilder sb) {
        // String.getBytes copies an all-ASCII text's bytes as they are (the lines are nearly always ASCII);
        // Charset.encode ran the general encoder's loop character by character: 5% of the warm event loops
        ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        synchronized (lane) {
            try {
                if (closed) {
                    throw new IOException("the journal is closed (the service is stopping)");
                }
                if (lane.segment != seg.id || lane.channel == null) {
                    if (lane.channel != null) {
                        retired.add(lane.channel);   // forced and closed by the next sync
                    }
                    lane.channel = null;
                    lane.channel = FileChannel.open(dir.resolve(laneFile(run, seg.id, lane.id)),
                            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                    lane.segment = seg.id;
                }
                while (bytes.hasRemaining()) {
                    lane.channel.write(bytes);
                }
                lane.dirty = true;
                writes.increment();
            } catch (IOException e) {
                failures.increment();
                long now = System.currentTimeMillis();
                long last = lastFailureLog.get();
                if (now - last > 10_000 && lastFailureLog.compareAndSet(last, now)) {
                    LOG.warn("cannot write the scan journal in {} ({}): scans are answered and reach Cassandra as "
                            + "usual, but a crash now loses up to one flush interval of them ({} failed writes so far)",
                            dir, e.toString(), failures.sum());
                }
            }
        }
    }

    /**
     * The writer's word that these records are durably stored (Cassandra answered, or the spill
     * was forced): their ids go to their segments' done files, then the segments count them off.
     * Called by the writer only (one thread at a time).
     */
    void written(List<ScanBuffer.Entry> entries) {
        Map<Segment, List<UUID>> bySegment = new HashMap<>();
        for (ScanBuffer.Entry e : entries) {
            if (e.segment() != null) {
                bySegment.computeIfAbsent(e.segment(), k -> new ArrayList<>()).add(e.record().at());
            }
        }
        bySegment.forEach((seg, ids) -> {
            try {
                if (seg.done == null) {
                    seg.done = FileChannel.open(dir.resolve(doneFile(run, seg.id)), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                }
                writeIds(seg.done, ids);
            } catch (IOException e) {
                // the records are in Cassandra; without the mark a crash would only count them twice on replay
                failures.increment();
                LOG.warn("cannot mark {} scans written in the journal ({}): a crash before their segment is deleted "
                        + "would replay them (rows idempotent, hot-spot counters counted twice)", ids.size(), e.toString());
            }
            seg.pending.addAndGet(-ids.size());
        });
    }

    /**
     * Deletes the segments whose records are all written: those at least two segments old (a lane
     * still writing to the current or previous one is never cut off), or every one when {@code all}
     * (the service is stopping and the buffer was written). Called by the writer only.
     */
    int sweep(boolean all) {
        long now = clock.getAsLong() / segmentMillis;
        int deleted = 0;
        for (Segment s : new ArrayList<>(segments.values())) {
            if ((all || s.id <= now - 2) && s.pending.compareAndSet(0, SEALED)) {
                segments.remove(s.id, s);
                if (current == s) {
                    current = null;
                }
                deleteSegment(s);
                deleted++;
            }
        }
        return deleted;
    }

    private void deleteSegment(Segment s) {
        closeQuietly(s.done);
        for (Lane l : allLanes) {
            synchronized (l) {
                if (l.segment == s.id && l.channel != null) {
                    closeQuietly(l.channel);
                    l.channel = null;
                    l.dirty = false;
                }
            }
        }
        try {
            for (Path p : runFiles(run)) {
                if (segmentOf(p) == s.id) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot delete journal segment {} in {} ({}); it will be replayed (without double counting) at the "
                    + "next start", s.id, dir, e.toString());
        }
    }

    /**
     * Forces to disk every journal file written since the last call, and the directory (new file
     * names). Blocking: call off the event loop. Writes on the event loops go on meanwhile.
     */
    public void sync() throws IOException {
        List<FileChannel> force = new ArrayList<>();
        for (Lane l : allLanes) {
            synchronized (l) {
                if (l.dirty && l.channel != null) {
                    force.add(l.channel);
                    l.dirty = false;
                }
            }
        }
        FileChannel old;
        List<FileChannel> close = new ArrayList<>();
        while ((old = retired.poll()) != null) {
            close.add(old);
        }
        for (FileChannel c : force) {
            try {
                c.force(false);
            } catch (java.nio.channels.ClosedChannelException swept) {
                // its segment was written to Cassandra and deleted meanwhile: nothing left to force
            }
        }
        for (FileChannel c : close) {
            try {
                c.force(false);
            } catch (java.nio.channels.ClosedChannelException swept) {
                // deleted meanwhile
            }
            closeQuietly(c);
        }
        if (!force.isEmpty() || !close.isEmpty()) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException notSupported) {
                // some file systems cannot open a directory; the files' own data is forced above
            }
        }
    }

    /** Segments left by earlier runs (a crash), oldest first. */
    List<Leftover> leftovers() {
        TreeMap<String, List<Path>> byKey = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).forEach(p -> {
                String[] part = parts(p);
                if (part != null && !part[0].equals(run)) {
                    byKey.computeIfAbsent(part[0] + "-" + part[1], k -> new ArrayList<>()).add(p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the scan journal directory " + dir, e);
        }
        List<Leftover> out = new ArrayList<>();
        byKey.forEach((k, files) -> out.add(new Leftover(dir.resolve(PREFIX + k + ".done"),
                files.stream().filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList())));
        return out;
    }

    @Override
    public void close() {
        closed = true;
        for (Lane l : allLanes) {
            synchronized (l) {
                if (l.channel != null) {
                    closeQuietly(l.channel);
                    l.channel = null;
                }
            }
        }
        FileChannel c;
        while ((c = retired.poll()) != null) {
            closeQuietly(c);
        }
        segments.values().forEach(s -> closeQuietly(s.done));
    }

    private List<Path> runFiles(String runId) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX + runId + "-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the scan journal directory " + dir, e);
        }
    }

    static String laneFile(String run, long segment, int lane) {
        return String.format("%s%s-%013d-%03d.jsonl", PREFIX, run, segment, lane);
    }

    static String doneFile(String run, long segment) {
        return String.format("%s%s-%013d.done", PREFIX, run, segment);
    }

    /** {run, segment[, lane]} of a journal file name, null for a name that is not one. */
    private static String[] parts(Path p) {
        String n = p.getFileName().toString();
        int dot = n.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String[] part = n.substring(PREFIX.length(), dot).split("-");
        return part.length >= 2 ? part : null;
    }

    private static long segmentOf(Path p) {
        String[] part = parts(p);
        try {
            return part == null ? -1 : Long.parseLong(part[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static void writeIds(FileChannel c, List<UUID> ids) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 * ids.size());
        for (UUID u : ids) {
            b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        }
        b.flip();
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a journal file: its data was written or forced already
            }
        }
    }

    /** One segment of this run: records claimed and not yet written; its done file (writer's). */
    static final class Segment {
        final long id;
        final AtomicLong pending = new AtomicLong();
        FileChannel done;

        Segment(long id) {
            this.id = id;
        }
    }

    /** One event-loop thread's records of the current turn and its open file. */
    private static final class Lane {
        final int id;
        final List<ScanRecord> records = new ArrayList<>();
        final List<Promise<Boolean>> waiting = new ArrayList<>();
        final StringBuilder text = new StringBuilder(4096);
        boolean scheduled;
        long segment = -1;
        FileChannel channel;
        boolean dirty;

        Lane(int id) {
            this.id = id;
        }
    }

    /**
     * A segment an earlier run left: its lanes' files and its done file. Blocking methods: call off
     * the event loop.
     */
    static final class Leftover {
        private final Path done;
        private final List<Path> files;

        Leftover(Path done, List<Path> files) {
            this.done = done;
            this.files = files;
        }

        /** The segment's records not named in its done file, in file order; a torn last line is skipped. */
        List<ScanRecord> unwritten() {
            Set<UUID> written = new HashSet<>();
            try {
                if (Files.exists(done)) {
                    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(done));
                    while (b.remaining() >= 16) {   // a torn last id (power cut) is ignored
                        written.add(new UUID(b.getLong(), b.getLong()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the journal's done file " + done, e);
            }
            List<ScanRecord> out = new ArrayList<>();
            for (Path f : files) {
                for (ScanRecord r : ScanJournal.read(f)) {
                    if (!written.contains(r.at())) {
                        out.add(r);
                    }
                }
            }
            return out;
        }

        /** Adds these records to the done file (forced: a second replay must see them). */
        void markWritten(List<ScanRecord> recs) {
            try (FileChannel c = FileChannel.open(done, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                writeIds(c, recs.stream().map(ScanRecord::at).toList());
                c.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot mark replayed scans in " + done, e);
            }
        }

        void delete() {
            try {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(done);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the replayed journal segment " + done, e);
            }
        }

        @Override
        public String toString() {
            return done.getFileName().toString().replace(".done", "") + " (" + files.size() + " files)";
        }
    }
}
