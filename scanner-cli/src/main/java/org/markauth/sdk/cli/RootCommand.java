package org.markauth.sdk.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.markauth.sdk.cli.MarkauthCli.CliException;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustListDelegation;
import org.markauth.sdk.trust.TrustRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code markauth root …}: the offline root ceremony (docs/cli.md, ops/runbooks/key-rotation-and-compromise.md).
 * Run on a machine that never runs the issuer and holds no database credentials: it needs the root
 * key file and its passphrase, and writes only files (the root key, delegations, receipt keys).
 * Nothing here talks to a network or a database.
 */
@Command(name = "root", mixinStandardHelpOptions = true,
        description = "The offline programme root: create it, and sign delegations for the issuer's keys.",
        subcommands = {RootCommand.Init.class, RootCommand.Show.class, RootCommand.Delegate.class, RootCommand.DelegateService.class,
                RootCommand.ReceiptKey.class, RootCommand.Inspect.class})
final class RootCommand {

    @ParentCommand
    MarkauthCli cli;

    /** Where the passphrase comes from: a file, then $MARKAUTH_ROOT_PASSPHRASE, then the console or standard input. */
    abstract static class WithPassphrase {
        @Option(names = "--passphrase-file", paramLabel = "FILE",
                description = "Read the root passphrase from the first line of FILE (default: $MARKAUTH_ROOT_PASSPHRASE, else ask).")
        Path passphraseFile;

        char[] passphrase(MarkauthCli cli, boolean twice) throws IOException {
            if (passphraseFile != null) {
                List<String> lines = Files.readAllLines(passphraseFile, StandardCharsets.UTF_8);
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    throw new CliException("the passphrase file " + passphraseFile + " is empty");
                }
                return lines.get(0).toCharArray();
            }
            String e = cli.env.env().get("MARKAUTH_ROOT_PASSPHRASE");
            if (e != null && !e.isEmpty()) {
                return e.toCharArray();
            }
            Console c = System.console();
            if (c != null) {
                char[] p = c.readPassword("root passphrase: ");
                if (twice && !Arrays.equals(p, c.readPassword("again: "))) {
                    throw new CliException("the two passphrases differ; nothing was written");
                }
                return p == null ? new char[0] : p;
            }
            String line = cli.env.in().readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException("no root passphrase: pass --passphrase-file, set MARKAUTH_ROOT_PASSPHRASE, or type it");
            }
            return line.toCharArray();
        }

        RawSigner open(MarkauthCli cli, Path keyFile) throws IOException {
            char[] p = passphrase(cli, false);
            byte[] priv = RootKeyFile.read(keyFile, p);
            Arrays.fill(p, '\0');
            try {
                return RawSigner.create(SignatureAlgorithm.ED25519, priv);
            } finally {
                Arrays.fill(priv, (byte) 0);
            }
        }
    }

    static String pin(TrustRoot r) {
        return r.algorithm().name() + ":" + HexFormat.of().formatHex(r.publicKey());
    }

    private static void printRoot(MarkauthCli cli, TrustRoot r) {
        cli.env.out().println("root key id:  " + r.keyId());
        cli.env.out().println("fingerprint:  " + TrustListDelegation.fingerprint(r));
        cli.env.out().println("pin (verify.trust.roots, issuer.trust.roots, --root-key):");
        cli.env.out().println(pin(r));
    }

    static Instant instant(String s, String option) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new CliException(option + " must be a UTC time like 2027-01-01T00:00:00Z, got '" + s + "'");
        }
    }

    static SignatureAlgorithm keyAlgorithm(String spec) {
        return SignatureAlgorithm.valueOf(spec.substring(0, spec.indexOf(':')));
    }

    static byte[] keyBytes(String spec, String option) {
        int c = spec.indexOf(':');
        try {
            SignatureAlgorithm alg = SignatureAlgorithm.valueOf(spec.substring(0, Math.max(c, 0)).strip());
            byte[] pub = HexFormat.of().parseHex(spec.substring(c + 1).strip());
            new TrustRoot(alg, pub); // validates the point
            return pub;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CliException(option + " '" + spec + "' is not ALG:HEX with ALG one of ED25519, SM2_SM3 and a valid public key");
        }
    }

    /** notBefore defaults to now, notAfter to notBefore + days. */
    static Instant[] window(MarkauthCli cli, String notBefore, String notAfter, Integer days) {
        Instant from = notBefore == null ? cli.env.clock().instant() : instant(notBefore, "--not-before");
        Instant until;
        if (notAfter != null) {
            until = instant(notAfter, "--not-after");
        } else {
            if (days == null || days < 1 || days > 3650) {
                throw new CliException("give --not-after TIME or --days 1..3650");
            }
            until = from.plus(Duration.ofDays(days));
        }
        if (!until.isAfter(from)) {
            throw new CliException("--not-after " + until + " must be after --not-before " + from);
        }
        return new Instant[] {from, until};
    }

    static void writeNew(Path file, byte[] content, boolean secret) throws IOException {
        try {
            if (secret) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new CliException(file + " already exists; choose another --out (nothing is overwritten)");
        }
        Files.write(file, content);
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Generate the programme root (Ed25519) into a passphrase-encrypted PKCS#8 file and print the key to pin.")
    static final class Init extends WithPassphrase implements Callable<Integer> {
        @ParentCommand
        RootCommand parent;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The root key file to create (must not exist).")
        Path out;

        @Override
        public Integer call() throws IOException {
            char[] p = passphrase(parent.cli, true);
            MarkKeyPair pair = KeyPairs.generate(SignatureAlgorithm.ED25519);
            byte[] priv = pair.privateKey();
            try {
                RootKeyFile.write(out, priv, p);
            } finally {
                Arrays.fill(priv, (byte) 0);
                Arrays.fill(p, '\0');
                pair.destroy();
            }
            TrustRoot r = new TrustRoot(pair.algorithm(), pair.publicKey());
            Path pub = Path.of(out + ".pub");
            writeNew(pub, (pin(r) + "\n").getBytes(StandardCharsets.US_ASCII), false);
            parent.cli.env.out().println("root key written to " + out.toAbsolutePath() + " (encrypted; keep it and its passphrase "
                    + "offline, with a second copy in another safe)");
            parent.cli.env.out().println("public part written to " + pub.toAbsolutePath());
            printRoot(parent.cli, r);
            parent.cli.env.out().flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Open the root key file and print its key id, fingerprint and pin line.")
    static final class Show extends WithPassphrase implements Callable<Integer> {
        @ParentCommand
        RootCommand parent;
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The root key file.")
        Path key;

        @Override
        public Integer call() throws IOException {
            RawSigner root = open(parent.cli, key);
            try {
                printRoot(parent.cli, new TrustRoot(root.algorithm(), root.publicKey()));
            } finally {
                root.destroy();
            }
            parent.cli.env.out().flush();
            return 0;
        }
    }

    @Command(name = "delegate", mixinStandardHelpOptions = true,
            description = "Sign a delegation: the issuer's trust-list key may sign trust lists of this programme and these hosts "
                    + "within a validity window. Writes the delegation document the issuer imports.")
    static final class Delegate extends WithPassphrase implements Callable<Integer> {
        @ParentCommand
        RootCommand parent;
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The root key file.")
        Path key;
        @Option(names = "--issuer-key", required = true, paramLabel = "ALG:HEX",
                description = "The issuer's trust-list public key (what `issuer keys delegation-request` printed).")
        String issuerKey;
        @Option(names = "--programme", required = true, paramLabel = "ID", description = "The programme (issuer) id, e.g. markauth-cn.")
        String programme;
        @Option(names = "--host", required = true, paramLabel = "HOST",
                description = "A host the issuer's trust lists may name (repeatable; every programme host).")
        List<String> hosts = new ArrayList<>();
        @Option(names = "--not-before", paramLabel = "TIME", description = "Start of validity (UTC, default now).")
        String notBefore;
        @Option(names = "--not-after", paramLabel = "TIME", description = "End of validity (UTC).")
        String notAfter;
        @Option(names = "--days", paramLabel = "N", description = "Validity in days from --not-before, if --not-after is not given.")
        Integer days;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The delegation document to write (must not exist).")
        Path out;

        @Override
        public Integer call() throws IOException {
            byte[] pub = keyBytes(issuerKey, "--issuer-key");
            Instant[] w = window(parent.cli, notBefore, notAfter, days);
            TrustListDelegation d;
            try {
                d = new TrustListDelegation(programme, List.of(TrustListDelegation.TRUST_LIST), hosts, keyAlgorithm(issuerKey), pub,
                        w[0], w[1]);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            RawSigner root = open(parent.cli, key);
            try {
                TrustListDelegation.Signed s = d.sign(root);
                writeNew(out, s.document(), false);
                parent.cli.env.out().println("delegation written to " + out.toAbsolutePath());
                parent.cli.env.out().println("  key " + d.keyId() + " (" + d.algorithm() + ") may sign " + d.uses() + " of programme "
                        + d.programme() + " for hosts " + d.hosts());
                parent.cli.env.out().println("  valid " + d.notBefore() + " … " + d.notAfter());
                parent.cli.env.out().println("  signed by root " + root.keyId() + " fingerprint "
                        + TrustListDelegation.fingerprint(new TrustRoot(root.algorithm(), root.publicKey())));
                parent.cli.env.out().println("carry it to the issuer and run: issuer keys import-delegation " + out.getFileName());
            } finally {
                root.destroy();
            }
            parent.cli.env.out().flush();
            return 0;
        }
    }

    @Command(name = "delegate-service", mixinStandardHelpOptions = true,
            description = "Sign a service-key delegation (docs/mark-format.md 10a): the issuer's status-list key (STATUS) or a "
                    + "verify-api receipt key (RECEIPT). Writes its hex, one line.")
    static final class DelegateService extends WithPassphrase implements Callable<Integer> {
        @ParentCommand
        RootCommand parent;
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The root key file.")
        Path key;
        @Option(names = "--use", required = true, paramLabel = "STATUS|RECEIPT")
        KeyUse use;
        @Option(names = "--service-key", required = true, paramLabel = "ALG:HEX", description = "The service's public key.")
        String serviceKey;
        @Option(names = "--not-before", paramLabel = "TIME")
        String notBefore;
        @Option(names = "--not-after", paramLabel = "TIME")
        String notAfter;
        @Option(names = "--days", paramLabel = "N")
        Integer days;
        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Override
        public Integer call() throws IOException {
            byte[] pub = keyBytes(serviceKey, "--service-key");
            Instant[] w = window(parent.cli, notBefore, notAfter, days);
            RawSigner root = open(parent.cli, key);
            try {
                Delegation d = Delegation.issue(root, use, keyAlgorithm(serviceKey), pub, w[0], w[1]);
                writeNew(out, (HexFormat.of().formatHex(d.encode()) + "\n").getBytes(StandardCharsets.US_ASCII), false);
                parent.cli.env.out().println(use + " delegation for key " + d.keyId() + " valid " + d.validFrom() + " … "
                        + d.validUntil() + " written to " + out.toAbsolutePath());
            } finally {
                root.destroy();
            }
            parent.cli.env.out().flush();
            return 0;
        }
    }

    @Command(name = "receipt-key", mixinStandardHelpOptions = true,
            description = "Make a verify-api receipt key with its RECEIPT delegation and write it (owner-only) for "
                    + "verify.receipt.key=file:<path>.")
    static final class ReceiptKey extends WithPassphrase implements Callable<Integer> {
        @ParentCommand
        RootCommand parent;
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The root key file.")
        Path key;
        @Option(names = "--days", paramLabel = "N", description = "Validity in days (default 365).")
        int days = 365;
        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Override
        public Integer call() throws IOException {
            Instant[] w = window(parent.cli, null, null, days);
            RawSigner root = open(parent.cli, key);
            MarkKeyPair pair = KeyPairs.generate(SignatureAlgorithm.ED25519);
            byte[] priv = pair.privateKey();
            try {
                Delegation d = Delegation.issue(root, KeyUse.RECEIPT, pair.algorithm(), pair.publicKey(), w[0], w[1]);
                writeNew(out, (pair.algorithm().name() + ":" + HexFormat.of().formatHex(priv) + ":"
                        + HexFormat.of().formatHex(d.encode()) + "\n").getBytes(StandardCharsets.US_ASCII), true);
                parent.cli.env.out().println("receipt key " + d.keyId() + " valid until " + d.validUntil() + " written to "
                        + out.toAbsolutePath() + "; start verify-api with --verify.receipt.key=file:" + out.toAbsolutePath());
            } finally {
                Arrays.fill(priv, (byte) 0);
                pair.destroy();
                root.destroy();
            }
            parent.cli.env.out().flush();
            return 0;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Verify a delegation document against the pinned roots (--root-key) and print what it allows.")
    static final class Inspect implements Callable<Integer> {
        @ParentCommand
        RootCommand parent;
        @Parameters(paramLabel = "FILE", description = "The delegation document.")
        Path file;

        @Override
        public Integer call() throws IOException {
            TrustListDelegation.Signed s = TrustListDelegation.decodeAndVerify(Files.readAllBytes(file), parent.cli.roots());
            TrustListDelegation d = s.delegation();
            Instant now = parent.cli.env.clock().instant();
            parent.cli.env.out().println("delegation by root " + s.rootKeyId() + ": key " + d.keyId() + " (" + d.algorithm()
                    + ") may sign " + d.uses() + " of programme " + d.programme() + " for hosts " + d.hosts() + ", valid "
                    + d.notBefore() + " … " + d.notAfter() + (d.covers(now) ? " (in force now)" : " (NOT in force now)"));
            parent.cli.env.out().flush();
            return d.covers(now) ? 0 : ExitCodes.WARNING;
        }
    }
}
