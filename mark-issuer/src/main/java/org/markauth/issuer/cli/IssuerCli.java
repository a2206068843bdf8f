package org.markauth.issuer.cli;

import org.markauth.config.ConfigException;
import org.markauth.issuer.IssuerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The issuer's command line (picocli) for the programme office and line operators, and the
 * process's {@code main}. Each command group is a class of its own ({@link AdminCommands},
 * {@link KeyCommands}, {@link RegistryCommands}, {@link BatchCommands}, ...). Every command takes
 * the issuer configuration as {@code --key=value} flags (e.g. {@code --cassandra.keyspace=x}),
 * environment ({@code MARKAUTH_*}) or {@code --config=FILE}. Exit codes: 0 done, 2 invalid
 * configuration or input, 3 refused by the issuer (its code and sentence on stderr).
 */
@Command(name = "issuer", mixinStandardHelpOptions = true, description = "markauth mark issuer",
        subcommands = {ServeCommand.class, AdminCommands.class, KeyCommands.class, RegistryCommands.Licensees.class,
                RegistryCommands.Products.class, RegistryCommands.Licences.class, BatchCommands.class,
                BatchCommands.ExpireUnused.class, AuditCommand.class, BlockCommands.class, StationCommand.class})
public final class IssuerCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        CommandLine cl = new CommandLine(new IssuerCli());
        cl.setExecutionExceptionHandler((e, cmd, parse) -> {
            if (e instanceof IssuerException ie) {
                cmd.getErr().println("issuer: " + ie.code() + ": " + ie.getMessage());
                return 3;
            }
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("issuer: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
