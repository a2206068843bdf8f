package org.markauth.sdk.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SDK's only door to the network: one blocking request/response call. The default is
 * {@link JdkTransport} (java.net.http); apps inject their own (OkHttp on Android, a stub in tests).
 * An implementation throws {@link IOException} when no HTTP response arrived (connect failure,
 * timeout); any HTTP status is a normal {@link Response}.
 */
@FunctionalInterface
public interface Transport {

    Response send(Request request) throws IOException;

    /** @param body null for GET */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(timeout, "timeout");
        }

        public static Request get(URI uri, Map<String, String> headers, Duration timeout) {
            return new Request("GET", uri, headers, null, timeout);
        }
    }

    /** @param retryAfter the Retry-After header as sent, "" when absent */
    record Response(int status, String contentType, byte[] body, String retryAfter) {
        public Response {
            body = body == null ? new byte[0] : body;
            retryAfter = retryAfter == null ? "" : retryAfter.trim();
        }

        /** A response without a Retry-After header (the form of SDK 0.1's transports). */
        public Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, "");
        }

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /**
         * The server's Retry-After in its delay-seconds form (RFC 9110 §10.2.3), as the verify-api
         * sends it; empty when absent or given as an HTTP date.
         */
        public Optional<Duration> retryAfterDelay() {
            if (retryAfter.isEmpty() || retryAfter.length() > 9 || !retryAfter.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter)));
        }
    }
}
