package org.markauth.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach the Cassandra cluster. Keys (prefix {@code cassandra.}), defaults in brackets:
 * {@code contact-points} [127.0.0.1:9042], {@code local-datacenter} [datacenter1], {@code keyspace}
 * [markauth], {@code username}, {@code password} (secret reference), {@code tls} [false],
 * {@code truststore} (JKS/PKCS12 path), {@code truststore-password} (secret reference),
 * {@code consistency} [local_quorum], {@code request-timeout} [5s]. See docs/configuration.md.
 */
public record CassandraSettings(
        List<InetSocketAddress> contactPoints,
        String localDatacenter,
        String keyspace,
        Optional<String> username,
        Optional<Secret> password,
        boolean tls,
        Optional<Path> truststore,
        Optional<Secret> truststorePassword,
        Consistency consistency,
        Duration requestTimeout) {

    private static final Pattern KEYSPACE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");

    /** The consistency levels that make sense for this product (single DC or multi-DC). */
    public enum Consistency { ONE, LOCAL_ONE, LOCAL_QUORUM, QUORUM, EACH_QUORUM }

    public CassandraSettings {
        contactPoints = List.copyOf(contactPoints);
        Objects.requireNonNull(localDatacenter, "localDatacenter");
        Objects.requireNonNull(consistency, "consistency");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (contactPoints.isEmpty()) {
            throw new ConfigException("cassandra.contact-points", "needs at least one host:port");
        }
        if (!KEYSPACE.matcher(keyspace).matches()) {
            throw new ConfigException("cassandra.keyspace", "'" + keyspace
                    + "' is not a keyspace name; use letters, digits and _ (at most 48, starting with a letter)");
        }
        if (username.isPresent() != password.isPresent()) {
            throw new ConfigException("cassandra.password", "username and password must be set together");
        }
        if (truststorePassword.isPresent() && truststore.isEmpty()) {
            throw new ConfigException("cassandra.truststore", "truststore-password is set but no truststore");
        }
    }

    /** Reads the {@code cassandra.*} keys. */
    public static CassandraSettings read(ConfigReader r) {
        return new CassandraSettings(
                r.hostPorts("cassandra.contact-points", "127.0.0.1:9042", 9042),
                r.string("cassandra.local-datacenter", "datacenter1"),
                r.string("cassandra.keyspace", "markauth"),
                r.optionalString("cassandra.username"),
                r.secret("cassandra.password"),
                r.bool("cassandra.tls", false),
                r.file("cassandra.truststore"),
                r.secret("cassandra.truststore-password"),
                r.enumValue("cassandra.consistency", Consistency.class, Consistency.LOCAL_QUORUM),
                r.duration("cassandra.request-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5)));
    }

    /** The same settings pointed at another keyspace (tests isolate themselves this way). */
    public CassandraSettings withKeyspace(String otherKeyspace) {
        return new CassandraSettings(contactPoints, localDatacenter, otherKeyspace, username, password, tls,
                truststore, truststorePassword, consistency, requestTimeout);
    }
}
