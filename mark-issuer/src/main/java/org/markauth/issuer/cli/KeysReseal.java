package org.markauth.issuer.cli;

import org.markauth.registry.Invalidation;
import com.datastax.oss.driver.api.core.CqlSession;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.markauth.config.CassandraSettings;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;
import org.markauth.config.CqlSessions;
import org.markauth.config.Secret;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.invalidation.Invalidations;
import org.markauth.issuer.keys.Kek;
import org.markauth.issuer.keys.KekReseal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code issuer keys reseal --old-kek REF --new-kek REF}: KEK rotation. Unlike the other commands
 * it does not start the issuer (which would open the sealed secrets with {@code issuer.kek}): it
 * needs only Cassandra and the two KEKs, given by reference like {@code issuer.kek}. Prints one
 * line per sealed secret and a summary; exit 0 when everything is under the new KEK, 3 when some
 * secret could not be moved (run again after fixing it: what moved is skipped).
 */
@Command(name = "reseal", description = "re-encrypt every sealed private key and issuer secret under a new KEK "
        + "(KEK rotation; resumable: secrets already under the new KEK are checked and skipped)")
final class KeysReseal implements Callable<Integer> {

    @Option(names = "--old-kek", required = true, paramLabel = "REF", description = "the KEK the secrets are sealed under: file:PATH or env:NAME")
    String oldKek;

    @Option(names = "--new-kek", required = true, paramLabel = "REF", description = "the KEK to seal them under: file:PATH or env:NAME")
    String newKek;

    @Option(names = "--actor", description = "user id recorded in the audit trail (default cli:$USER)")
    String actor = "cli:" + System.getProperty("user.name", "unknown");

    @Unmatched
    List<String> configFlags = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Kek from = Kek.fromSecret(Secret.parse(oldKek));
        Kek to = Kek.fromSecret(Secret.parse(newKek));
        // Only the cassandra.* keys are read: the issuer's configuration file also holds keys of the
        // server (issuer.kek among them) that this command does not use, so no ConfigReader.finish().
        CassandraSettings cassandra = CassandraSettings.read(new ConfigReader(ConfigSource.load(configFlags, System.getenv())));
        PrintWriter out = spec.commandLine().getOut();
        try (CqlSession session = CqlSessions.open(cassandra, true)) {
            out.println("resealing the sealed secrets of keyspace " + cassandra.keyspace() + " from " + from.id() + " to " + to.id());
            KekReseal.Summary s = new KekReseal(session).run(from, to, i -> {
                out.printf("  %-22s %s: %s%n", i.outcome(), i.secret(), i.detail());
                out.flush();
            });
            String summary = s.count(KekReseal.Outcome.RESEALED) + " resealed, " + s.count(KekReseal.Outcome.ALREADY_UNDER_NEW_KEK)
                    + " already under " + to.id() + ", " + s.count(KekReseal.Outcome.FAILED) + " failed";
            out.println(summary);
            new ChangeRecorder(session, Clock.systemUTC(), Invalidations.none())
                    .record(actor, "keys.reseal", Invalidation.of(Invalidation.Kind.KEYS, "kek"), "from " + from.id() + " to " + to.id() + ": " + summary);
            if (!s.complete()) {
                spec.commandLine().getErr().println("issuer: RESEAL_INCOMPLETE: " + s.count(KekReseal.Outcome.FAILED)
                        + " sealed secret(s) are not under the new KEK (listed above); keep the old KEK, fix them and run again");
                return 3;
            }
            out.println("every sealed secret is under " + to.id() + ": set issuer.kek to " + newKek + " and restart the issuers");
            return 0;
        }
    }
}
