package org.markauth.sdk.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link Transport} over the JDK's {@link HttpClient}; bodies are capped at {@link #MAX_BODY_BYTES}. */
public final class JdkTransport implements Transport {
    /** Responses larger than this are refused (the biggest legitimate one, a trust list, is far smaller). */
    public static final int MAX_BODY_BYTES = 2 << 20;

    private final HttpClient client;

    public JdkTransport(HttpClient client) {
        this.client = client;
    }

    public static JdkTransport create(Duration connectTimeout) {
        return new JdkTransport(HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    @Override
    public Response send(Request r) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(r.uri()).timeout(r.timeout());
        r.headers().forEach(b::header);
        b.method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        try {
            HttpResponse<byte[]> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (resp.body() != null && resp.body().length > MAX_BODY_BYTES) {
                throw new IOException("response from " + r.uri() + " is " + resp.body().length + " bytes, limit " + MAX_BODY_BYTES);
            }
            return new Response(resp.statusCode(), resp.headers().firstValue("content-type").orElse(""), resp.body(),
                    resp.headers().firstValue("retry-after").orElse(""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + r.uri(), e);
        }
    }
}
