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

    private final ConcurrentLinkedQueue<ScanRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final int capacity;

    public ScanBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("scan buffer capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    public boolean offer(ScanRecord r) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        queue.add(r);
        return true;
    }

    List<ScanRecord> drain(int max) {
        List<ScanRecord> out = new ArrayList<>(Math.min(max, Math.max(16, size.get())));
        ScanRecord r;
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
