package org.markauth.issuer.cli;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.access.Scope;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.keys.Kek;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code issuer admin …}: the first KEK and regulator key, and the API-key directory. */
@Command(name = "admin", description = "bootstrap and credentials",
        subcommands = {AdminCommands.NewKek.class, AdminCommands.BootstrapRegulator.class, AdminCommands.Credential.class, AdminCommands.Credentials.class,
                AdminCommands.RevokeCredential.class})
final class AdminCommands {
    @Command(name = "new-kek", description = "print a fresh random key-encryption key (base64); store it in a file or secret")
    static final class NewKek implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(Kek.generateEncoded());
            return 0;
        }
    }

    @Command(name = "bootstrap-regulator", description = "create the first regulator API key (prints the token once)")
    static final class BootstrapRegulator extends IssuerCommand {
        @Option(names = "--user-id", required = true)
        String userId;

        @Override
        Integer run(Issuer issuer, IssuerServices s) throws Exception {
            var issued = s.apiKeys.issue(Principal.regulator(userId), Scope.ALL, null, actor);
            s.changes.audit(actor, "credential.bootstrap", "credential:" + issued.credential().id(), "first regulator key for " + userId);
            out().println(issued.token());
            return 0;
        }
    }

    @Command(name = "credential", description = "issue an API key for a user (prints the token once)")
    static final class Credential extends IssuerCommand {
        @Option(names = "--user-id", required = true)
        String userId;
        @Option(names = "--role", required = true, description = "REGULATOR, MANUFACTURER or OFFICER")
        Role role;
        @Option(names = "--licensee", description = "required for MANUFACTURER")
        String licensee;
        @Option(names = "--scope", split = ",", description = "full (default), order, print, activate; manufacturer keys only")
        List<String> scopes = List.of();
        @Option(names = "--expires", description = "refused from this instant (ISO-8601, e.g. 2027-06-30T00:00:00Z)")
        Instant expires;

        @Override
        Integer run(Issuer issuer, IssuerServices s) throws Exception {
            Principal who = new Principal(userId, role, Optional.ofNullable(licensee));
            Set<Scope> set = scopes.isEmpty() ? Scope.ALL : scopes.stream().map(Scope::parse)
                    .collect(Collectors.toSet());
            var issued = s.apiKeys.issue(who, set.contains(Scope.FULL) ? Scope.ALL : set, expires, actor);
            s.changes.audit(actor, "credential.issue", "credential:" + issued.credential().id(), role + " key "
                    + issued.credential().keyPrefix() + " for " + userId + ", scopes " + set + (expires == null ? "" : ", expires " + expires));
            err().println("credential " + issued.credential().id() + " (token shown once):");
            out().println(issued.token());
            return 0;
        }
    }

    @Command(name = "credentials", description = "list API keys (never the secrets): id, owner, scopes, state, last use")
    static final class Credentials extends IssuerCommand {
        @Option(names = "--role", description = "REGULATOR, MANUFACTURER or OFFICER")
        Role role;
        @Option(names = "--licensee")
        String licensee;

        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            Instant now = s.clock.instant();
            for (var c : s.apiKeys.list(Optional.ofNullable(role), Optional.ofNullable(licensee))) {
                out().println(String.join("\t", c.id(), c.keyPrefix(), c.state(now), c.principal().role().name(),
                        c.principal().userId(), c.principal().licenseeId().orElse("-"), c.scopes().toString(),
                        "expires=" + c.expiresAt(), "lastUsed=" + c.lastUsedAt(),
                        c.revoked() ? "revoked=" + c.revokedAt() + " by " + c.revokedBy() + ": " + c.revokedReason() : ""));
            }
            return 0;
        }
    }

    @Command(name = "revoke-credential", description = "revoke an API key by its id (from `admin credentials`)")
    static final class RevokeCredential extends IssuerCommand {
        @Parameters(index = "0", description = "credential id, c + 16 hex digits")
        String id;
        @Option(names = "--reason", required = true)
        String reason;

        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            var before = s.apiKeys.find(id).orElseThrow(() -> new IssuerException.NotFound("credential", id));
            var c = s.apiKeys.revokeById(id, actor, reason).orElseThrow();
            if (!before.revoked()) {
                s.changes.audit(actor, "credential.revoke", "credential:" + id, before.principal().role() + " key "
                        + before.keyPrefix() + " of " + before.principal().userId() + ": " + reason);
            }
            out().println("credential " + id + " revoked at " + c.revokedAt() + " by " + c.revokedBy());
            try {
                int ended = issuer.endConsoleSessions(id);
                if (ended > 0) {
                    out().println("ended its " + ended + " console session(s)");
                }
            } catch (Exception e) {
                // the console re-checks the credential on every request: its sessions end within seconds anyway
                out().println("its console sessions could not be ended now (" + e.getMessage()
                        + "); each ends at its next request, within issuer.console.credential-recheck");
            }
            return 0;
        }
    }
}
