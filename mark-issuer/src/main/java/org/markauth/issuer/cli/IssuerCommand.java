package org.markauth.issuer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.markauth.access.Principal;
import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.app.IssuerServices;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Base of the commands that need the issuer wired to Cassandra: starts {@link Issuer} from the
 * configuration flags (every unmatched {@code --key=value}), the environment and the file, runs,
 * and closes it. Commands act as the regulator ({@code --actor}) unless {@code --as-licensee}
 * makes them act as that licensee's manufacturer, with the checks the HTTP API applies.
 */
abstract class IssuerCommand implements Callable<Integer> {

    @Unmatched
    List<String> configFlags = new ArrayList<>();

    @Option(names = "--actor", description = "user id recorded in the audit trail (default cli:$USER)")
    String actor = "cli:" + System.getProperty("user.name", "unknown");

    @Option(names = "--as-licensee", description = "act as this licensee's manufacturer instead of the regulator")
    String asLicensee;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Principal principal() {
        return asLicensee == null ? Principal.regulator(actor) : Principal.manufacturer(actor, asLicensee);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
        try (Issuer issuer = Issuer.start(configFlags, System.getenv())) {
            return run(issuer, issuer.services());
        }
    }

    /** {@code issuer} for what only the composition root does (serve); {@code s} for the services. */
    abstract Integer run(Issuer issuer, IssuerServices s) throws Exception;
}
