package org.markauth.issuer.invalidation;

/**
 * Tells verify-api instances that cached state changed: {@code <kind>:<id>} on the Redis channel
 * {@value #CHANNEL}. Best effort by design: the change_log row written beside every change is the
 * reliable path (verify-api polls it), pub/sub only makes the change visible sooner.
 */
public interface Invalidations {

    String CHANNEL = "markauth:invalidate";

    void publish(String message);

    /** For tools that run without Redis; verify-api still sees the change through change_log. */
    static Invalidations none() {
        return message -> { };
    }
}
