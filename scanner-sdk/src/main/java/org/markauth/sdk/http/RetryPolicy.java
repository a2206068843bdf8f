package org.markauth.sdk.http;

import java.io.IOException;
import java.time.Duration;

/**
 * Retries for idempotent calls only: a connection failure, a timeout, 429 or a 5xx is retried up to
 * {@code maxAttempts} in total with exponential backoff (base, 2×base, 4×base …). Never used for a
 * call whose repetition would change the server's state differently.
 */
public record RetryPolicy(int maxAttempts, Duration backoff) {

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
        IOException last = null;
        Transport.Response response = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                sleep(backoff.multipliedBy(1L << (attempt - 2)));
            }
            try {
                response = transport.send(request);
                last = null;
                if (!(response.status() == 429 || response.status() >= 500)) {
                    return response;
                }
            } catch (IOException e) {
                last = e;
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
