package org.markauth.verify.cache;

import com.github.benmanes.caffeine.cache.Caffeine;

/** How this service builds its in-process caches. */
public final class LocalCaches {

    private LocalCaches() {
    }

    /**
     * A Caffeine builder whose upkeep (applying buffered reads and writes, evicting) runs on the
     * thread that touched the cache, in small amortised steps. By default Caffeine hands it to
     * {@code ForkJoinPool.commonPool()}, so a cache written on every cold verification wakes a pool
     * thread again and again: on a small machine those cross-thread wake-ups cost more than the
     * upkeep itself (profiled: 6% of the event loops' time, plus the pool thread's).
     */
    public static Caffeine<Object, Object> builder() {
        return Caffeine.newBuilder().executor(Runnable::run);
    }
}
