package org.markauth.ops.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.markauth.config.CassandraSettings;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;
import org.markauth.config.CqlSessions;
import picocli.CommandLine.Option;

/**
 * Where Cassandra is: the services' typed configuration (service-config: {@code cassandra.*} keys from
 * {@code --config FILE} / {@code MARKAUTH_CONFIG}, then {@code MARKAUTH_CASSANDRA_*} variables, with
 * credentials and TLS), overridden by this command's flags. {@code MARKAUTH_CASSANDRA_PORT} (the local
 * stack's port) counts when no contact points are configured.
 */
public final class Connection {
    @Option(names = "--config", paramLabel = "FILE",
            description = "configuration file (Java properties) whose cassandra.* keys are used (env MARKAUTH_CONFIG)")
    String config;

    @Option(names = "--contact-points", paramLabel = "HOST:PORT[,...]",
            description = "Cassandra contact points (default: cassandra.contact-points, env MARKAUTH_CASSANDRA_CONTACT_POINTS, "
                    + "else 127.0.0.1:$MARKAUTH_CASSANDRA_PORT, else 127.0.0.1:9042)")
    String contactPoints;

    @Option(names = "--local-dc", paramLabel = "DC",
            description = "local datacenter (default: cassandra.local-datacenter, env MARKAUTH_CASSANDRA_LOCAL_DATACENTER, else datacenter1)")
    String localDc;

    /** The settings after precedence; {@code keyspace} overrides when not null. */
    public CassandraSettings settings(String keyspace) {
        List<String> args = new ArrayList<>();
        Map<String, String> env = System.getenv();
        if (config != null) {
            args.add("--config=" + config);
        }
        String points = contactPoints;
        if (points == null && env.get("MARKAUTH_CASSANDRA_CONTACT_POINTS") == null && env.get(CassandraEndpoint.ENV_PORT) != null) {
            points = "127.0.0.1:" + env.get(CassandraEndpoint.ENV_PORT);
        }
        if (points != null) {
            args.add("--cassandra.contact-points=" + points);
        }
        if (localDc != null) {
            args.add("--cassandra.local-datacenter=" + localDc);
        }
        if (keyspace != null) {
            args.add("--cassandra.keyspace=" + keyspace);
        }
        // No ConfigReader.finish(): the services' file also holds keys of other parts, unknown here.
        return CassandraSettings.read(new ConfigReader(ConfigSource.load(args, env)));
    }

    /** Opens a session; when no node answers, fails with one short line (the driver's detail stays in the cause). */
    public static CqlSession open(CassandraSettings settings, boolean withKeyspace) {
        try {
            return CqlSessions.open(settings, withKeyspace);
        } catch (CqlSessions.CassandraUnavailableException e) {
            String points = String.join(",", settings.contactPoints().stream().map(a -> a.getHostString() + ":" + a.getPort()).toList());
            throw new CassandraUnreachableException(points, settings.localDatacenter(), e);
        }
    }
}
