package org.markauth.config;

import java.time.Duration;

/**
 * How long a service's HTTP connections may wait on the client. Keys under the listener's prefix
 * ({@code http.} by default): {@code idle-timeout} [60s], a connection with no bytes either way for
 * that long is closed; {@code read-timeout} [30s], a request whose head and body have not all
 * arrived that long after its first byte is cut off (a half-sent request is never held open longer).
 */
public record ConnectionSettings(Duration idleTimeout, Duration readTimeout) {

    public static final ConnectionSettings DEFAULT = new ConnectionSettings(Duration.ofSeconds(60), Duration.ofSeconds(30));

    public ConnectionSettings {
        if (idleTimeout.toSeconds() < 1) {
            throw new ConfigException("http.idle-timeout", "must be at least 1s");
        }
        if (readTimeout.toMillis() < 100) {
            throw new ConfigException("http.read-timeout", "must be at least 100ms");
        }
    }

    public static ConnectionSettings read(ConfigReader r, String prefix) {
        return new ConnectionSettings(
                r.duration(prefix + ".idle-timeout", DEFAULT.idleTimeout(), Duration.ofSeconds(1), Duration.ofHours(1)),
                r.duration(prefix + ".read-timeout", DEFAULT.readTimeout(), Duration.ofMillis(100), Duration.ofMinutes(30)));
    }
}
