package org.markauth.issuer.invalidation;

import org.markauth.registry.Invalidation;

/**
 * Tells verify-api instances that cached state changed: {@link Invalidation#encode()} on the Redis
 * channel {@value Invalidation#CHANNEL}. Best effort by design: the change_log row written beside every
 * change is the reliable path (verify-api polls it), pub/sub only makes the change visible sooner.
 */
public interface Invalidations {

    void publish(Invalidation change);

    /** For tools that run without Redis; verify-api still sees the change through change_log. */
    static Invalidations none() {
        return change -> { };
    }
}
