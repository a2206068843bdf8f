package org.markauth.sdk.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Retries for idempotent calls only: a connection failure, a timeout, 429 or a 5xx is retried up to
 * {@code maxAttempts} in total with exponential backoff (base, 2×base, 4×base …). A 429 that says
 * when to come back (Retry-After in seconds) is retried no earlier than that, and not at all when
 * that is more than {@link #MAX_RETRY_AFTER} away: a person holding a phone is better served by the
 * offline verdict than by a wait. Never used for a call whose repetition would change the server's
 * state differently.
 */
public record RetryPolicy(int maxAttempts, Duration backoff) {

    /** The longest Retry-After a retry waits for. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be 1..10, got " + maxAttempts);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, got " + backoff);
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(200));
    }

    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO);
    }

    /** Sends, retrying as described; returns the last response or throws the last I/O failure. */
    public Transport.Response send(Transport transport, Transport.Request request) throws IOException {
        return send(transport, request, RetryPolicy::sleep);
    }

    /** How the wait between attempts is spent: a sleep, or in tests a record of it. */
    interface Pause {
        void pause(Duration d) throws IOException;
    }

    Transport.Response send(Transport transport, Transport.Request request, Pause waits) throws IOException {
        IOException last = null;
        Transport.Response response = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                Duration pause = backoff.multipliedBy(1L << (attempt - 2));
                Optional<Duration> asked = response == null ? Optional.empty() : response.retryAfterDelay();
                if (asked.isPresent() && response.status() == 429) {
                    if (asked.get().compareTo(MAX_RETRY_AFTER) > 0) {
                        return response;
                    }
                    pause = asked.get().compareTo(pause) > 0 ? asked.get() : pause;
                }
                waits.pause(pause);
            }
            try {
                response = transport.send(request);
                last = null;
                if (!(response.status() == 429 || response.status() >= 500)) {
                    return response;
                }
            } catch (IOException e) {
                last = e;
                response = null;
            }
        }
        if (last != null) {
            throw last;
        }
        return response;
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during retry backoff", e);
        }
    }
}
