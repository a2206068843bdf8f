package org.markauth.verify.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Sizes and lifetimes of one cached kind.
 *
 * @param localMaxEntries in-process entries kept (LRU-ish, Caffeine's W-TinyLFU)
 * @param localTtl        upper bound of staleness should every invalidation message be lost
 * @param redisTtl        lifetime of an entry in the shared tier
 * @param negativeTtl     lifetime of "absent" in the shared tier (unknown serials)
 */
public record CacheSettings(long localMaxEntries, Duration localTtl, Duration redisTtl, Duration negativeTtl) {
    public CacheSettings {
        if (localMaxEntries < 1) {
            throw new IllegalArgumentException("cache localMaxEntries must be >= 1, got " + localMaxEntries);
        }
        Objects.requireNonNull(localTtl, "localTtl");
        Objects.requireNonNull(redisTtl, "redisTtl");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        if (localTtl.isNegative() || localTtl.isZero() || redisTtl.toMillis() < 1 || negativeTtl.toMillis() < 1) {
            throw new IllegalArgumentException("cache TTLs must be positive, got local=" + localTtl + " redis="
                    + redisTtl + " negative=" + negativeTtl);
        }
    }
}
