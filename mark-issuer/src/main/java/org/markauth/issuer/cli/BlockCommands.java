package org.markauth.issuer.cli;

import java.util.UUID;
import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.clones.Blocks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code issuer block …}: blocked (cloned) codes. */
@Command(name = "block", mixinStandardHelpOptions = true,
        description = "blocked (cloned) codes: a blocked code answers CLONED to every scan",
        subcommands = {BlockCommands.Show.class, BlockCommands.Block.class, BlockCommands.Unblock.class})
final class BlockCommands {
    abstract static class Unit extends IssuerCommand {
        @Parameters(index = "0", description = "batch id") int batchId;
        @Parameters(index = "1", description = "serial, 16 hex digits") String serial;
    }

    @Command(name = "show", description = "a unit's block state and its history")
    static final class Show extends Unit {
        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            Blocks blocks = s.blocks;
            long sn = Blocks.serial(serial);
            out().println(blocks.find(principal(), batchId, sn).map(b -> (b.blocked() ? "BLOCKED" : "unblocked") + " since "
                    + b.since() + " by " + b.actor() + ": " + b.reason()).orElse("not blocked"));
            blocks.history(principal(), batchId, sn).forEach(c -> out().println(c.at() + " " + c.action() + " " + c.actor()
                    + " " + c.reason()));
            return 0;
        }
    }

    @Command(name = "set", description = "block a unit as cloned (audited)")
    static final class Block extends Unit {
        @Option(names = "--reason", required = true) String reason;
        @Option(names = "--alert", description = "the confirmed alert's id") UUID alert;

        @Override
        Integer run(Issuer issuer, IssuerServices s) throws Exception {
            var b = s.blocks.block(principal(), batchId, Blocks.serial(serial), reason, alert);
            out().println("blocked " + b.batchId() + ":" + b.serialHex() + "; scans answer CLONED");
            return 0;
        }
    }

    @Command(name = "unblock", description = "unblock a unit (audited); it is never blocked automatically again")
    static final class Unblock extends Unit {
        @Option(names = "--reason", required = true) String reason;

        @Override
        Integer run(Issuer issuer, IssuerServices s) throws Exception {
            var b = s.blocks.unblock(principal(), batchId, Blocks.serial(serial), reason);
            out().println("unblocked " + b.batchId() + ":" + b.serialHex());
            return 0;
        }
    }
}
