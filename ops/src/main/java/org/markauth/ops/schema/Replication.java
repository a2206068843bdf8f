package org.markauth.ops.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keyspace replication, written as {@code SimpleStrategy:1} for the local node or
 * {@code NetworkTopologyStrategy:dc1=3,dc2=3} for clusters (one factor per datacenter).
 *
 * @param strategy  {@code SimpleStrategy} or {@code NetworkTopologyStrategy}
 * @param factors   for SimpleStrategy a single entry {@code replication_factor}; else datacenter → factor
 */
public record Replication(String strategy, Map<String, Integer> factors) {
    public static final String SIMPLE = "SimpleStrategy";
    public static final String NETWORK_TOPOLOGY = "NetworkTopologyStrategy";
    private static final Pattern DC_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_FACTOR = 32;

    public Replication {
        if (!SIMPLE.equals(strategy) && !NETWORK_TOPOLOGY.equals(strategy)) {
            throw new IllegalArgumentException("replication strategy must be " + SIMPLE + " or " + NETWORK_TOPOLOGY + ", got '" + strategy + "'");
        }
        if (factors == null || factors.isEmpty()) {
            throw new IllegalArgumentException("replication needs at least one factor");
        }
        if (SIMPLE.equals(strategy) && (factors.size() != 1 || !factors.containsKey("replication_factor"))) {
            throw new IllegalArgumentException("SimpleStrategy takes one replication_factor, e.g. SimpleStrategy:1");
        }
        factors.forEach((dc, rf) -> {
            if (NETWORK_TOPOLOGY.equals(strategy) && !DC_NAME.matcher(dc).matches()) {
                throw new IllegalArgumentException("datacenter name '" + dc + "' must be 1-64 letters, digits, '_', '.' or '-'");
            }
            if (rf == null || rf < 1 || rf > MAX_FACTOR) {
                throw new IllegalArgumentException("replication factor for " + dc + " must be between 1 and " + MAX_FACTOR + ", got " + rf);
            }
        });
        factors = Collections.unmodifiableMap(new LinkedHashMap<>(factors));
    }

    /** Replication for a single development node. */
    public static Replication simple(int factor) {
        return new Replication(SIMPLE, Map.of("replication_factor", factor));
    }

    /**
     * Parses {@code SimpleStrategy:1} or {@code NetworkTopologyStrategy:dc1=3,dc2=3}.
     *
     * @throws IllegalArgumentException with a message that shows the expected form
     */
    public static Replication parse(String text) {
        String form = "expected SimpleStrategy:<factor> or NetworkTopologyStrategy:<dc>=<factor>[,<dc>=<factor>...]";
        if (text == null) {
            throw new IllegalArgumentException("replication is missing: " + form);
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("replication '" + text + "' is malformed: " + form);
        }
        String strategy = text.substring(0, colon).trim();
        String rest = text.substring(colon + 1).trim();
        try {
            if (SIMPLE.equals(strategy)) {
                return simple(Integer.parseInt(rest));
            }
            if (NETWORK_TOPOLOGY.equals(strategy)) {
                Map<String, Integer> factors = new LinkedHashMap<>();
                for (String part : rest.split(",")) {
                    String[] kv = part.trim().split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("replication '" + text + "' is malformed: " + form);
                    }
                    if (factors.put(kv[0].trim(), Integer.parseInt(kv[1].trim())) != null) {
                        throw new IllegalArgumentException("datacenter " + kv[0].trim() + " appears twice in replication '" + text + "'");
                    }
                }
                return new Replication(strategy, factors);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("replication '" + text + "' has a factor that is not a whole number: " + form, e);
        }
        throw new IllegalArgumentException("replication '" + text + "' names an unknown strategy: " + form);
    }

    /** The CQL map literal for {@code WITH replication = ...}. */
    public String toCql() {
        StringBuilder sb = new StringBuilder("{'class': '").append(strategy).append('\'');
        factors.forEach((k, v) -> sb.append(", '").append(k).append("': ").append(v));
        return sb.append('}').toString();
    }

    @Override
    public String toString() {
        if (SIMPLE.equals(strategy)) {
            return SIMPLE + ":" + factors.get("replication_factor");
        }
        StringBuilder sb = new StringBuilder(NETWORK_TOPOLOGY).append(':');
        factors.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == ':' ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
