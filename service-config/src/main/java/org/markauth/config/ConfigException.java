package org.markauth.config;

/**
 * A configuration value is missing, malformed or out of range. The message always names the key,
 * the value it saw (unless secret) and what is accepted, so that start-up fails with one line that
 * tells the operator what to fix.
 */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
    }

    /** The configuration key at fault, e.g. {@code cassandra.port}. */
    public String key() {
        return key;
    }
}
