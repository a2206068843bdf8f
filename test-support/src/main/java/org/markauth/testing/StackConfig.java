package org.markauth.testing;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code cassandra.*} and {@code redis.*} settings that point a service under test at a test
 * keyspace and a Redis key prefix of its own: written once here, so that the verify-api, the issuer,
 * the system test and the demo test cannot drift apart on how a service finds the stack.
 */
public final class StackConfig {

    private StackConfig() {
    }

    /** A mutable map (the caller adds its service's own settings) in the services' configuration keys. */
    public static Map<String, String> of(TestStack stack, TestKeyspace keyspace, String redisPrefix) {
        InetSocketAddress cp = stack.cassandra().contactPoints().get(0);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cassandra.contact-points", cp.getHostString() + ":" + cp.getPort());
        m.put("cassandra.local-datacenter", stack.cassandra().localDc());
        m.put("cassandra.keyspace", keyspace.name());
        m.put("redis.urls", stack.redisUrl());
        m.put("redis.key-prefix", redisPrefix);
        return m;
    }

    /** The same settings as command-line flags ({@code --key=value}), for the CLIs under test. */
    public static List<String> flags(Map<String, String> settings) {
        List<String> flags = new ArrayList<>();
        settings.forEach((k, v) -> flags.add("--" + k + "=" + v));
        return flags;
    }
}
