package org.markauth.config;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validated access to a {@link ConfigSource}. Each runnable part reads all its keys through
 * one reader while it builds its configuration record, then calls {@link #finish()}, which rejects
 * keys that were set but never read (typos). Every getter fails with a {@link ConfigException} that
 * names the key, where the value came from and what is accepted; nothing is silently corrected.
 */
public final class ConfigReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*");

    private final ConfigSource source;
    private final Set<String> known = new LinkedHashSet<>();

    public ConfigReader(ConfigSource source) {
        this.source = source;
    }

    public String string(String key, String defaultValue) {
        String v = raw(key);
        return v == null || v.isEmpty() ? defaultValue : v;
    }

    public String requiredString(String key, String hint) {
        String v = raw(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException(key, "is required; " + hint + " (set it as --" + key + "=…, "
                    + ConfigSource.envName(key) + " or in the configuration file)");
        }
        return v;
    }

    public Optional<String> optionalString(String key) {
        String v = raw(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        String v = raw(key);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "is not a whole number");
        }
        if (n < min || n > max) {
            throw bad(key, v, "is out of range; allowed " + min + " to " + max);
        }
        return n;
    }

    public int port(String key, int defaultValue) {
        String v = raw(key);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw bad(key, v, "is not a TCP port; use 1-65535 (0 picks a free port)");
    }

    public boolean bool(String key, boolean defaultValue) {
        String v = raw(key);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(key, v, "is not a boolean; use true or false");
        };
    }

    /** A duration written as a number and a unit: {@code 250ms}, {@code 5s}, {@code 10m}, {@code 6h}, {@code 180d}. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        String v = raw(key);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(v.trim());
        if (!m.matches()) {
            throw bad(key, v, "is not a duration; write a number and a unit ms, s, m, h or d, e.g. 5s");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw bad(key, v, "is out of range; allowed " + min + " to " + max);
        }
        return d;
    }

    /** A comma-separated list, blanks dropped. */
    public List<String> list(String key, List<String> defaultValue) {
        String v = raw(key);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return List.copyOf(out);
    }

    /** {@code host[:port],host[:port]}; a missing port takes {@code defaultPort}. */
    public List<InetSocketAddress> hostPorts(String key, String defaultValue, int defaultPort) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String item : list(key, List.of(defaultValue.split(",")))) {
            String host = item;
            int port = defaultPort;
            int colon = item.lastIndexOf(':');
            if (colon > 0 && item.indexOf(':') == colon) {
                host = item.substring(0, colon);
                try {
                    port = Integer.parseInt(item.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw bad(key, item, "has a port that is not a number; write host:port, e.g. 127.0.0.1:9042");
                }
            }
            if (host.isBlank() || port < 1 || port > 65535) {
                throw bad(key, item, "is not a valid host:port (port 1-65535)");
            }
            out.add(InetSocketAddress.createUnresolved(host, port));
        }
        if (out.isEmpty()) {
            throw new ConfigException(key, "needs at least one host:port");
        }
        return List.copyOf(out);
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        String v = raw(key);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw bad(key, v, "is not one of " + String.join(", ", names));
        }
    }

    /** An existing, readable file. */
    public Optional<Path> file(String key) {
        return optionalString(key).map(v -> {
            Path p = Path.of(v);
            if (!Files.isReadable(p)) {
                throw bad(key, v, "is not a readable file");
            }
            return p;
        });
    }

    /**
     * A secret given by reference, never inline: {@code file:PATH} or {@code env:NAME}. The secret
     * itself is read only when {@link Secret#reveal()} is called, and never appears in messages.
     */
    public Optional<Secret> secret(String key) {
        return optionalString(key).map(v -> {
            try {
                return Secret.parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, e.getMessage() + " (from " + source.origin(key) + ")");
            }
        });
    }

    /** Converts a value with a parser whose {@link IllegalArgumentException} message says what is accepted. */
    public <T> Optional<T> parsed(String key, Function<String, T> parser) {
        return optionalString(key).map(v -> {
            try {
                return parser.apply(v);
            } catch (IllegalArgumentException e) {
                throw bad(key, v, e.getMessage());
            }
        });
    }

    /**
     * Ends reading: fails if the file or the flags set keys that nothing read.
     *
     * @throws ConfigException naming the first unknown key and the keys that exist
     */
    public void finish() {
        for (String key : source.explicitKeys()) {
            if (!known.contains(key)) {
                throw new ConfigException(key, "unknown configuration key (from " + source.origin(key)
                        + "); known keys: " + String.join(", ", known));
            }
        }
    }

    /** The keys read so far, in reading order (for documentation and error messages). */
    public Set<String> knownKeys() {
        return Set.copyOf(known);
    }

    private String raw(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid configuration key name: " + key);
        }
        known.add(key);
        String v = source.lookup(key);
        return v == null ? null : v.trim();
    }

    private ConfigException bad(String key, String value, String problem) {
        return new ConfigException(key, "'" + value + "' " + problem + " (from " + source.origin(key) + ")");
    }
}
