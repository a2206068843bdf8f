package org.markauth.ops.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the ops tools find Cassandra: contact points and the local datacenter. This is the ops
 * commands' own minimal view (flags and environment); services use the typed configuration of the
 * service-config module. Defaults match the local stack (ops/stack).
 *
 * @param contactPoints at least one host:port
 * @param localDc       the datacenter the driver treats as local (SimpleSnitch names it datacenter1)
 */
public record CassandraEndpoint(List<InetSocketAddress> contactPoints, String localDc) {
    public static final String ENV_CONTACT_POINTS = "MARKAUTH_CASSANDRA_CONTACT_POINTS";
    public static final String ENV_LOCAL_DC = "MARKAUTH_CASSANDRA_LOCAL_DATACENTER";
    public static final String ENV_PORT = "MARKAUTH_CASSANDRA_PORT";
    public static final String DEFAULT_LOCAL_DC = "datacenter1";

    public CassandraEndpoint {
        if (contactPoints == null || contactPoints.isEmpty()) {
            throw new IllegalArgumentException("Cassandra contact points are missing: give host:port[,host:port...]");
        }
        if (localDc == null || localDc.isBlank()) {
            throw new IllegalArgumentException("Cassandra local datacenter is missing (e.g. datacenter1)");
        }
        contactPoints = List.copyOf(contactPoints);
    }

    /** Parses {@code host:port[,host:port...]}; a missing port means 9042. */
    public static CassandraEndpoint parse(String contactPoints, String localDc) {
        List<InetSocketAddress> points = new ArrayList<>();
        for (String part : contactPoints.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.lastIndexOf(':');
            String host = colon < 0 ? p : p.substring(0, colon);
            int port = 9042;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(p.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Cassandra contact point '" + p + "' has a port that is not a number");
                }
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Cassandra contact point '" + p + "' has port " + port + ", outside 1-65535");
            }
            if (host.isBlank()) {
                throw new IllegalArgumentException("Cassandra contact point '" + p + "' has no host");
            }
            points.add(InetSocketAddress.createUnresolved(host, port));
        }
        return new CassandraEndpoint(points, localDc);
    }

    /**
     * From system properties {@code markauth.cassandra.contact-points} / {@code markauth.cassandra.local-datacenter},
     * then the environment ({@value #ENV_CONTACT_POINTS}, {@value #ENV_LOCAL_DC}, {@value #ENV_PORT}),
     * then the local stack's defaults (127.0.0.1:9042, datacenter1).
     */
    public static CassandraEndpoint fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperties());
    }

    static CassandraEndpoint fromEnvironment(Map<String, String> env, java.util.Properties props) {
        String points = props.getProperty("markauth.cassandra.contact-points",
                env.getOrDefault(ENV_CONTACT_POINTS, "127.0.0.1:" + env.getOrDefault(ENV_PORT, "9042")));
        String dc = props.getProperty("markauth.cassandra.local-datacenter", env.getOrDefault(ENV_LOCAL_DC, DEFAULT_LOCAL_DC));
        return parse(points, dc);
    }

    /** Opens a session (optionally bound to a keyspace); fails with one clear line when nobody answers. */
    public CqlSession open(Optional<String> keyspace, Duration timeout) {
        return open(keyspace, timeout, true);
    }

    /**
     * A session for schema changes only (creating and migrating keyspaces, dropping them): without the
     * driver's schema metadata and token map, which the driver would otherwise re-read from the node after
     * every statement (on a single test node that refresh cost several times the statement itself).
     */
    public CqlSession openForSchemaChanges(Duration timeout) {
        return open(Optional.empty(), timeout, false);
    }

    private CqlSession open(Optional<String> keyspace, Duration timeout, boolean metadata) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, metadata)
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, metadata)
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, timeout)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, timeout)
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(20))
                .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false)
                // A DDL statement completes only after the driver refreshed its schema metadata, which
                // it debounces for 1 s by default: a migration of 20 tables would wait 20 s for nothing.
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(1))
                // Short-lived tools: do not keep the JVM alive 2 s per event loop group on close.
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        CqlSessionBuilder builder = CqlSession.builder()
                .withConfigLoader(config)
                .addContactPoints(contactPoints)
                .withLocalDatacenter(localDc);
        keyspace.ifPresent(builder::withKeyspace);
        try {
            return builder.build();
        } catch (AllNodesFailedException e) {
            throw new CassandraUnreachableException(describe(), localDc, e);
        }
    }

    public CqlSession open() {
        return open(Optional.empty(), Duration.ofSeconds(5));
    }

    /** The contact points as {@code host:port,host:port}. */
    public String describe() {
        return String.join(",", contactPoints.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList());
    }
}
