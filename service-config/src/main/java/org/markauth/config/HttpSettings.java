package org.markauth.config;

import java.time.Duration;

/**
 * The HTTP listener of a service. Keys under a part-specific prefix ({@code http.} by default):
 * {@code host} [0.0.0.0, or the part's default], {@code port} [part default], {@code max-body} [bytes, part default],
 * {@code request-timeout} [10s], {@code public-base-url} (the externally visible origin, used in
 * links and printed codes).
 */
public record HttpSettings(String host, int port, int maxBodyBytes, Duration requestTimeout, String publicBaseUrl) {

    public HttpSettings {
        if (host == null || host.isBlank()) {
            throw new ConfigException("http.host", "must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("http.port", port + " is not a TCP port (0-65535)");
        }
        if (maxBodyBytes < 1) {
            throw new ConfigException("http.max-body", "must be at least 1 byte");
        }
        if (!publicBaseUrl.matches("(?i)https?://[^/\\s]+(/[^\\s]*)?")) {
            throw new ConfigException("http.public-base-url", "'" + publicBaseUrl + "' is not an http(s) URL");
        }
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    public static HttpSettings read(ConfigReader r, String prefix, int defaultPort, int defaultMaxBody) {
        return read(r, prefix, defaultPort, defaultMaxBody, "0.0.0.0");
    }

    /** As above, with the part's own default bind address (mark-issuer: 127.0.0.1, set 0.0.0.0 where a container needs it). */
    public static HttpSettings read(ConfigReader r, String prefix, int defaultPort, int defaultMaxBody, String defaultHost) {
        String host = r.string(prefix + ".host", defaultHost);
        int port = r.port(prefix + ".port", defaultPort);
        return new HttpSettings(host, port,
                r.integer(prefix + ".max-body", defaultMaxBody, 1, 256 * 1024 * 1024),
                r.duration(prefix + ".request-timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(30)),
                r.string(prefix + ".public-base-url", "http://127.0.0.1:" + (port == 0 ? defaultPort : port)));
    }
}
