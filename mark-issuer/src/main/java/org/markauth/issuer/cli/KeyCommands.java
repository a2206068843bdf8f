package org.markauth.issuer.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.keys.SigningKey;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code issuer keys …}: signing keys, the trust root, receipt keys and KEK rotation ({@link KeysReseal}). */
@Command(name = "keys", description = "signing keys and the trust list",
        subcommands = {KeyCommands.Rotate.class, KeyCommands.ListKeys.class, KeyCommands.Revoke.class, KeyCommands.Root.class, KeysReseal.class,
                KeyCommands.ReceiptKey.class, KeyCommands.DelegationRequest.class, KeyCommands.ImportDelegation.class,
                KeyCommands.Delegations.class})
final class KeyCommands {
    @Command(name = "rotate", description = "generate a new active signing key; the previous ones retire")
    static final class Rotate extends IssuerCommand {
        @Option(names = "--algorithm", description = "ED25519 (default) or SM2_SM3")
        SignatureAlgorithm algorithm;

        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            SigningKey k = s.keys.rotate(principal(), algorithm);
            out().println("active key " + k.keyId().toHex() + " " + k.algorithm() + " valid until " + k.validUntil());
            return 0;
        }
    }

    @Command(name = "list", description = "list signing keys (public parts only)")
    static final class ListKeys extends IssuerCommand {
        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            for (SigningKey k : s.keys.keys()) {
                out().printf("%s %-8s %-7s from %s until %s%s%n", k.keyId().toHex(), k.algorithm(), k.status(), k.validFrom(),
                        k.validUntil(), k.revokedAt() == null ? "" : " revoked " + k.revokedAt());
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "revoke a key: its codes stop verifying")
    static final class Revoke extends IssuerCommand {
        @Parameters(index = "0", description = "key id, 8 hex digits")
        String keyId;
        @Option(names = "--reason", required = true)
        String reason;

        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            SigningKey k = s.keys.revoke(principal(), KeyId.ofHex(keyId), reason);
            out().println("key " + k.keyId().toHex() + " " + k.status() + " at " + k.revokedAt());
            return 0;
        }
    }

    @Command(name = "receipt-key", description = "make a verify-api receipt key delegated by the root and write it to a "
            + "file (owner-only) for verify.receipt.key=file:<path>")
    static final class ReceiptKey extends IssuerCommand {
        @Option(names = "--out", required = true, description = "file to write (must not exist)")
        Path outFile;
        @Option(names = "--valid-days", description = "delegation validity in days (default 365)")
        int validDays = 365;

        @Override
        Integer run(Issuer issuer, IssuerServices s) throws Exception {
            if (validDays < 1 || validDays > 3650) {
                throw new IllegalArgumentException("--valid-days must be 1..3650");
            }
            String content = s.keys.newReceiptKey(actor, Duration.ofDays(validDays));
            Files.createFile(outFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(outFile, content + "\n", StandardCharsets.US_ASCII);
            out().println("receipt key written to " + outFile + " (valid " + validDays + " days); start verify-api with "
                    + "--verify.receipt.key=file:" + outFile.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "delegation-request", description = "make a new trust-list key for the offline root to delegate; print "
            + "what to carry to the root ceremony (public keys only)")
    static final class DelegationRequest extends IssuerCommand {
        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            var r = s.keys.delegationRequest(actor);
            out().println("trust-list key:  " + r.trustListKeySpec());
            out().println("status-list key: " + r.statusKeySpec());
            out().println("programme:       " + (r.programme() == null ? "(set issuer.programme)" : r.programme()));
            out().println("hosts:           " + String.join(" ", r.hosts()));
            out().println("on the root machine:");
            out().println("  markauth root delegate --key root.p8 --issuer-key " + r.trustListKeySpec() + " --programme "
                    + (r.programme() == null ? "<id>" : r.programme()) + " "
                    + String.join(" ", r.hosts().stream().map(h -> "--host " + h).toList()) + " --days 365 --out delegation.json");
            out().println("  markauth root delegate-service --key root.p8 --use STATUS --service-key " + r.statusKeySpec()
                    + " --days 365 --out status-delegation.hex");
            return 0;
        }
    }

    @Command(name = "import-delegation", description = "verify the root ceremony's delegation against the pinned root "
            + "(issuer.trust.roots) and store it; publishes a trust list signed by the delegated key")
    static final class ImportDelegation extends IssuerCommand {
        @Parameters(index = "0", description = "the delegation document (markauth root delegate --out)")
        Path file;
        @Option(names = "--status-delegation", description = "the STATUS delegation hex file (markauth root delegate-service)")
        Path statusFile;
        @Option(names = "--expect-fingerprint", description = "the root fingerprint on the ceremony record; refuse unless "
                + "the pinned root (issuer.trust.roots) has it")
        String expectFingerprint;

        @Override
        Integer run(Issuer issuer, IssuerServices s) throws Exception {
            String pinned = org.markauth.sdk.trust.TrustListDelegation.fingerprint(s.keys.root());
            if (expectFingerprint != null && !pinned.replace(":", "").equalsIgnoreCase(expectFingerprint.replace(":", "").strip())) {
                throw new IllegalArgumentException("the pinned root's fingerprint is " + pinned + ", not " + expectFingerprint
                        + ": check issuer.trust.roots against the ceremony record; nothing was imported");
            }
            out().println("pinned root fingerprint " + pinned);
            byte[] status = statusFile == null ? null
                    : HexFormat.of().parseHex(Files.readString(statusFile, StandardCharsets.US_ASCII).strip());
            var d = s.keys.importDelegation(actor, Files.readAllBytes(file), status);
            out().println("imported: trust-list key " + d.keyId() + " may sign trust lists of " + d.programme() + " for "
                    + d.hosts() + ", " + d.notBefore() + " .. " + d.notAfter() + (status == null ? "" : "; status delegation imported"));
            return 0;
        }
    }

    @Command(name = "delegations", description = "list the imported trust-list delegations (newest first)")
    static final class Delegations extends IssuerCommand {
        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            for (var d : s.keys.trustDelegations()) {
                out().println(d.keyId() + " " + d.programme() + " " + d.hosts() + " " + d.notBefore() + " .. " + d.notAfter());
            }
            return 0;
        }
    }

    @Command(name = "trust-root", description = "print the programme root public key that verifiers pin")
    static final class Root extends IssuerCommand {
        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            var root = s.keys.root();
            out().println(root.algorithm() + " " + HexFormat.of().formatHex(root.publicKey()));
            return 0;
        }
    }
}
