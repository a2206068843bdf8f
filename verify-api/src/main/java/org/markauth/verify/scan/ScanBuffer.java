package org.markauth.verify.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-off from request handlers (any event loop) to the scan writer: a bounded lock-free
 * queue. Offering never blocks a request. The bound protects the heap if the writer stalls (disk
 * and Cassandra both failing); a refused record is counted and logged by the caller.
 */
public final class ScanBuffer {

    /** A record waiting for the writer, with the journal segment that holds it (null: not journaled). */
    record Entry(ScanRecord record, WriteAheadJournal.Segment segment) {
    }

    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final int capacity;

    public ScanBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("scan buffer capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** A record that is in no journal (a crash before the next flush loses it). */
    public boolean offer(ScanRecord r) {
        return offer(r, null);
    }

    boolean offer(ScanRecord r, WriteAheadJournal.Segment segment) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        queue.add(new Entry(r, segment));
        return true;
    }

    List<Entry> drain(int max) {
        List<Entry> out = new ArrayList<>(Math.min(max, Math.max(16, size.get())));
        Entry r;
        while (out.size() < max && (r = queue.poll()) != null) {
            out.add(r);
            size.decrementAndGet();
        }
        return out;
    }

    public int depth() {
        return size.get();
    }

    public long refused() {
        return refused.get();
    }
}
