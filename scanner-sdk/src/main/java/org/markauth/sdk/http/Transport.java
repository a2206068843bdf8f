package org.markauth.sdk.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

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

    record Response(int status, String contentType, byte[] body) {
        public Response {
            body = body == null ? new byte[0] : body;
        }

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }
}
