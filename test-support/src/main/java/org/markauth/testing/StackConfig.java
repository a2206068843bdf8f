package org.markauth.testing;

import java.net.InetSocketAddress;
import java.nio.file.Path;
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
        Map<String, String> m = cassandra(stack, keyspace);
        m.putAll(stack.redisSettings());
        m.put("redis.key-prefix", redisPrefix);
        return m;
    }

    /** The {@code cassandra.*} settings alone (a mutable map), for a tool that needs no Redis. */
    public static Map<String, String> cassandra(TestStack stack, TestKeyspace keyspace) {
        InetSocketAddress cp = stack.cassandra().contactPoints().get(0);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cassandra.contact-points", cp.getHostString() + ":" + cp.getPort());
        m.put("cassandra.local-datacenter", stack.cassandra().localDc());
        m.put("cassandra.keyspace", keyspace.name());
        return m;
    }

    /**
     * A verify-api over the stack on a random loopback port, pinning {@code trustRoots}, spilling to
     * {@code spillDir}, with the integration tests' quick timings (50 ms flushes, invalidation polled
     * twice a second) and no rate limit; the caller overrides what its world needs otherwise.
     */
    public static Map<String, String> verifyApi(TestStack stack, TestKeyspace keyspace, String redisPrefix, String host,
                                                String trustRoots, Path spillDir) {
        Map<String, String> m = of(stack, keyspace, redisPrefix);
        m.put("cassandra.consistency", "local_one");
        m.put("http.host", "127.0.0.1");
        m.put("http.port", "0");
        m.put("http.public-base-url", "https://" + host.toLowerCase());
        m.put("verify.trust.roots", trustRoots);
        m.put("verify.scan.spill-dir", spillDir.toString());
        m.put("verify.scan.flush-interval", "50ms");
        m.put("verify.scan.retry-interval", "300ms");
        m.put("verify.scan.write-timeout", "2s");
        m.put("verify.invalidation.poll", "500ms");
        m.put("verify.trust-forwarded-for", "true");
        m.put("verify.rate-limit.per-minute", "0");
        m.put("verify.report.rate-limit.per-minute", "0");
        return m;
    }

    /** The same settings as command-line flags ({@code --key=value}), for the CLIs under test. */
    public static List<String> flags(Map<String, String> settings) {
        List<String> flags = new ArrayList<>();
        settings.forEach((k, v) -> flags.add("--" + k + "=" + v));
        return flags;
    }
}
