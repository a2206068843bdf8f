package org.markauth.config;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens driver sessions from {@link CassandraSettings}. All driver options are set here in code
 * (no application.conf on the classpath), so one settings record is the whole story.
 *
 * <p>Start-up cost (docs/performance.md, "Start-up"): the driver's native clock and native getpid
 * load jnr-ffi, which generates its bindings at run time (about a second of a service's start-up
 * on a 2-core machine). The client-side timestamps therefore come from the Java clock (millisecond
 * resolution, kept strictly increasing per session by the driver's monotonic generator), and the
 * time-UUID node id takes the process id from {@link ProcessHandle} through the driver's
 * {@code com.datastax.oss.driver.PID} property. The protocol version is V5 (Cassandra 4.0 and
 * later; the project runs 5.0): negotiating it from the driver's newest, DSE_V2, cost two refused
 * connections at every start.
 */
public final class CqlSessions {
    /** The driver's system property for the process id in time-based UUIDs (else it asks jnr-posix). */
    private static final String PID_PROPERTY = "com.datastax.oss.driver.PID";

    private CqlSessions() {
    }

    /** A builder with contact points, DC, keyspace, credentials, TLS, consistency and timeouts applied. */
    public static CqlSessionBuilder builder(CassandraSettings s, boolean withKeyspace) {
        return builder(s, withKeyspace, false);
    }

    /**
     * As {@link #builder(CassandraSettings, boolean)}; with {@code service} the schema metadata (and
     * so the token map's replicas, which need the replication settings) covers the settings'
     * keyspace alone — a service never reads another keyspace's metadata, and fetching and parsing
     * every keyspace of a shared cluster at each start-up costs time — and is off when the session
     * opens: the service turns it on ({@code session.setSchemaMetadataEnabled(true)}) while it
     * prepares its statements, rather than waiting for it first.
     */
    public static CqlSessionBuilder builder(CassandraSettings s, boolean withKeyspace, boolean service) {
        if (System.getProperty(PID_PROPERTY) == null) {
            System.setProperty(PID_PROPERTY, Long.toString(ProcessHandle.current().pid()));
        }
        ProgrammaticDriverConfigLoaderBuilder options = DriverConfigLoader.programmaticBuilder()
                .withBoolean(DefaultDriverOption.TIMESTAMP_GENERATOR_FORCE_JAVA_CLOCK, true)
                .withString(DefaultDriverOption.PROTOCOL_VERSION, "V5")
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, s.consistency().name())
                .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY,
                        s.consistency().name().startsWith("LOCAL") ? "LOCAL_SERIAL" : "SERIAL")
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, s.requestTimeout())
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, s.requestTimeout())
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, s.requestTimeout().multipliedBy(4))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, s.requestTimeout().multipliedBy(4))
                .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false)
                // Contact points as configuration strings (not InetSocketAddress objects): the
                // driver then resolves every address of a DNS name (a Kubernetes headless service).
                .withStringList(DefaultDriverOption.CONTACT_POINTS, s.contactPoints().stream()
                        .map(a -> a.getHostString() + ":" + a.getPort()).toList())
                // The driver debounces schema refreshes by 1 s after each DDL; migrations apply
                // dozens of statements, so a short window saves most of that wait.
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, java.time.Duration.ofMillis(10));
        if (service) {
            options.withStringList(DefaultDriverOption.METADATA_SCHEMA_REFRESHED_KEYSPACES, List.of(s.keyspace()))
                    .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false);
        }
        CqlSessionBuilder b = CqlSession.builder()
                .withConfigLoader(options.build())
                .withLocalDatacenter(s.localDatacenter());
        if (withKeyspace) {
            b.withKeyspace(s.keyspace());
        }
        if (s.username().isPresent()) {
            b.withAuthCredentials(s.username().get(), s.password().orElseThrow().revealString());
        }
        if (s.tls()) {
            b.withSslContext(sslContext(s));
        }
        return b;
    }

    /**
     * Connects asynchronously to the settings' keyspace, a service's session: schema metadata of
     * that keyspace only, off until the caller turns it on (see {@link #builder(CassandraSettings,
     * boolean, boolean)}); the failure names the contact points and what to check.
     */
    public static CompletionStage<CqlSession> connect(CassandraSettings s) {
        return builder(s, true, true).buildAsync().exceptionallyCompose(e -> {
            throw new CassandraUnavailableException(s, e);
        });
    }

    /** Connects and waits; for command-line tools, never on an event loop. */
    public static CqlSession open(CassandraSettings s, boolean withKeyspace) {
        try {
            return builder(s, withKeyspace).build();
        } catch (RuntimeException e) {
            throw new CassandraUnavailableException(s, e);
        }
    }

    private static SSLContext sslContext(CassandraSettings s) {
        try {
            if (s.truststore().isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            char[] pw = s.truststorePassword().map(Secret::revealString).map(String::toCharArray).orElse(null);
            try (InputStream in = Files.newInputStream(s.truststore().get())) {
                ks.load(in, pw);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new ConfigException("cassandra.truststore", "cannot load truststore " + s.truststore().orElse(null)
                    + ": " + e.getMessage(), e);
        }
    }

    /** Cassandra could not be reached at start-up; the message says where we looked. */
    public static final class CassandraUnavailableException extends RuntimeException {
        CassandraUnavailableException(CassandraSettings s, Throwable cause) {
            super("Cassandra is not reachable at " + s.contactPoints() + " (datacenter " + s.localDatacenter()
                    + ", keyspace " + s.keyspace() + "): " + rootMessage(cause)
                    + ". Start the local stack with ops/stack up, or fix cassandra.contact-points.", cause);
        }

        private static String rootMessage(Throwable t) {
            Throwable c = t;
            while (c.getCause() != null && c.getCause() != c) {
                c = c.getCause();
            }
            return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        }
    }
}
