package org.markauth.issuer.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.access.Scope;
import org.markauth.config.ConfigException;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerMain;
import org.markauth.issuer.IssuerServices;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.batch.JobStatus;
import org.markauth.issuer.keys.Kek;
import org.markauth.issuer.keys.SigningKey;
import org.markauth.issuer.print.CsvWorkOrder;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.registry.LicenceStatus;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * The issuer's command line (picocli) for the programme office and line operators. Every command
 * takes the issuer configuration as {@code --key=value} flags (e.g. {@code --cassandra.keyspace=x}),
 * environment ({@code MARKAUTH_*}) or {@code --config=FILE}. Commands act as the regulator
 * ({@code --actor}, default {@code cli:$USER}) unless {@code --as-licensee} makes them act as that
 * licensee's manufacturer, with exactly the checks the HTTP API applies.
 */
@Command(name = "issuer", mixinStandardHelpOptions = true, description = "markauth mark issuer",
        subcommands = {IssuerCli.Serve.class, IssuerCli.Admin.class, IssuerCli.Keys.class, IssuerCli.LicenseeCmd.class,
                IssuerCli.ProductCmd.class, IssuerCli.LicenceCmd.class, IssuerCli.BatchCmd.class, IssuerCli.ExpireUnused.class,
                IssuerCli.Audit.class, IssuerCli.BlockCmd.class})
public final class IssuerCli {

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

    /** Base of commands that need the issuer wired to Cassandra. */
    abstract static class WithIssuer implements Callable<Integer> {
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
            try (IssuerMain main = IssuerMain.start(configFlags, System.getenv())) {
                return run(main, main.services);
            }
        }

        abstract Integer run(IssuerMain main, IssuerServices s) throws Exception;
    }

    @Command(name = "serve", description = "serve the HTTP API (and run the unused-mark and licence expiry sweeps)")
    static final class Serve extends WithIssuer {
        @Override
        Integer run(IssuerMain main, IssuerServices s) throws Exception {
            main.serve();
            return 0;
        }
    }

    @Command(name = "admin", description = "bootstrap and credentials",
            subcommands = {Admin.NewKek.class, Admin.BootstrapRegulator.class, Admin.Credential.class, Admin.Credentials.class,
                    Admin.RevokeCredential.class})
    static final class Admin {
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
        static final class BootstrapRegulator extends WithIssuer {
            @Option(names = "--user-id", required = true)
            String userId;

            @Override
            Integer run(IssuerMain main, IssuerServices s) throws Exception {
                var issued = s.apiKeys.issue(Principal.regulator(userId), Scope.ALL, null, actor);
                s.changes.audit(actor, "credential.bootstrap", "credential:" + issued.credential().id(), "first regulator key for " + userId);
                out().println(issued.token());
                return 0;
            }
        }

        @Command(name = "credential", description = "issue an API key for a user (prints the token once)")
        static final class Credential extends WithIssuer {
            @Option(names = "--user-id", required = true)
            String userId;
            @Option(names = "--role", required = true, description = "REGULATOR, MANUFACTURER or OFFICER")
            Role role;
            @Option(names = "--licensee", description = "required for MANUFACTURER")
            String licensee;
            @Option(names = "--scope", split = ",", description = "full (default), order, print, activate; manufacturer keys only")
            List<String> scopes = List.of();
            @Option(names = "--expires", description = "refused from this instant (ISO-8601, e.g. 2027-06-30T00:00:00Z)")
            java.time.Instant expires;

            @Override
            Integer run(IssuerMain main, IssuerServices s) throws Exception {
                Principal who = new Principal(userId, role, Optional.ofNullable(licensee));
                java.util.Set<Scope> set = scopes.isEmpty() ? Scope.ALL : scopes.stream().map(Scope::parse)
                        .collect(java.util.stream.Collectors.toSet());
                var issued = s.apiKeys.issue(who, set.contains(Scope.FULL) ? Scope.ALL : set, expires, actor);
                s.changes.audit(actor, "credential.issue", "credential:" + issued.credential().id(), role + " key "
                        + issued.credential().keyPrefix() + " for " + userId + ", scopes " + set + (expires == null ? "" : ", expires " + expires));
                err().println("credential " + issued.credential().id() + " (token shown once):");
                out().println(issued.token());
                return 0;
            }
        }

        @Command(name = "credentials", description = "list API keys (never the secrets): id, owner, scopes, state, last use")
        static final class Credentials extends WithIssuer {
            @Option(names = "--role", description = "REGULATOR, MANUFACTURER or OFFICER")
            Role role;
            @Option(names = "--licensee")
            String licensee;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                java.time.Instant now = s.clock.instant();
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
        static final class RevokeCredential extends WithIssuer {
            @Parameters(index = "0", description = "credential id, c + 16 hex digits")
            String id;
            @Option(names = "--reason", required = true)
            String reason;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                var before = s.apiKeys.find(id).orElseThrow(() -> new IssuerException.NotFound("credential", id));
                var c = s.apiKeys.revokeById(id, actor, reason).orElseThrow();
                if (!before.revoked()) {
                    s.changes.audit(actor, "credential.revoke", "credential:" + id, before.principal().role() + " key "
                            + before.keyPrefix() + " of " + before.principal().userId() + ": " + reason);
                }
                out().println("credential " + id + " revoked at " + c.revokedAt() + " by " + c.revokedBy());
                return 0;
            }
        }
    }

    @Command(name = "keys", description = "signing keys and the trust list",
            subcommands = {Keys.Rotate.class, Keys.ListKeys.class, Keys.Revoke.class, Keys.Root.class, KeysReseal.class,
                    Keys.ReceiptKey.class})
    static final class Keys {
        @Command(name = "rotate", description = "generate a new active signing key; the previous ones retire")
        static final class Rotate extends WithIssuer {
            @Option(names = "--algorithm", description = "ED25519 (default) or SM2_SM3")
            SignatureAlgorithm algorithm;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                SigningKey k = s.keys.rotate(principal(), algorithm);
                out().println("active key " + k.keyId().toHex() + " " + k.algorithm() + " valid until " + k.validUntil());
                return 0;
            }
        }

        @Command(name = "list", description = "list signing keys (public parts only)")
        static final class ListKeys extends WithIssuer {
            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                for (SigningKey k : s.keys.keys()) {
                    out().printf("%s %-8s %-7s from %s until %s%s%n", k.keyId().toHex(), k.algorithm(), k.status(), k.validFrom(),
                            k.validUntil(), k.revokedAt() == null ? "" : " revoked " + k.revokedAt());
                }
                return 0;
            }
        }

        @Command(name = "revoke", description = "revoke a key: its codes stop verifying")
        static final class Revoke extends WithIssuer {
            @Parameters(index = "0", description = "key id, 8 hex digits")
            String keyId;
            @Option(names = "--reason", required = true)
            String reason;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                SigningKey k = s.keys.revoke(principal(), KeyId.ofHex(keyId), reason);
                out().println("key " + k.keyId().toHex() + " " + k.status() + " at " + k.revokedAt());
                return 0;
            }
        }

        @Command(name = "receipt-key", description = "make a verify-api receipt key delegated by the root and write it to a "
                + "file (owner-only) for verify.receipt.key=file:<path>")
        static final class ReceiptKey extends WithIssuer {
            @Option(names = "--out", required = true, description = "file to write (must not exist)")
            java.nio.file.Path outFile;
            @Option(names = "--valid-days", description = "delegation validity in days (default 365)")
            int validDays = 365;

            @Override
            Integer run(IssuerMain main, IssuerServices s) throws Exception {
                if (validDays < 1 || validDays > 3650) {
                    throw new IllegalArgumentException("--valid-days must be 1..3650");
                }
                String content = s.keys.newReceiptKey(actor, java.time.Duration.ofDays(validDays));
                java.nio.file.Files.createFile(outFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                java.nio.file.Files.writeString(outFile, content + "\n", java.nio.charset.StandardCharsets.US_ASCII);
                out().println("receipt key written to " + outFile + " (valid " + validDays + " days); start verify-api with "
                        + "--verify.receipt.key=file:" + outFile.toAbsolutePath());
                return 0;
            }
        }

        @Command(name = "trust-root", description = "print the programme root public key that verifiers pin")
        static final class Root extends WithIssuer {
            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                var root = s.keys.root();
                out().println(root.algorithm() + " " + java.util.HexFormat.of().formatHex(root.publicKey()));
                return 0;
            }
        }
    }

    @Command(name = "licensee", description = "licensees", subcommands = {LicenseeCmd.Create.class, LicenseeCmd.Show.class,
            LicenseeCmd.Blacklist.class, LicenseeCmd.WithdrawPartner.class})
    static final class LicenseeCmd {
        @Command(name = "create")
        static final class Create extends WithIssuer {
            @Option(names = "--id", required = true) String id;
            @Option(names = "--name", required = true) String name;
            @Option(names = "--name-en") String nameEn;
            @Option(names = "--uscc", required = true, description = "unified social credit code (GB 32100)") String uscc;
            @Option(names = "--address") String address;
            @Option(names = "--contact", description = "key=value, repeatable") Map<String, String> contacts = new LinkedHashMap<>();

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                Licensee l = s.registry.createLicensee(principal(), new Licensee.Details(id, name, nameEn, uscc, address, contacts));
                out().println("licensee " + l.licenseeId() + " registered");
                return 0;
            }
        }

        @Command(name = "show")
        static final class Show extends WithIssuer {
            @Parameters(index = "0") String id;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                out().println(s.registry.licensee(principal(), id));
                return 0;
            }
        }

        @Command(name = "blacklist", description = "put on (or with --off take off) the quality-credit blacklist")
        static final class Blacklist extends WithIssuer {
            @Parameters(index = "0") String id;
            @Option(names = "--reason", required = true) String reason;
            @Option(names = "--off") boolean off;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                Licensee l = s.registry.setBlacklisted(principal(), id, !off, reason);
                out().println("licensee " + id + (l.blacklisted() ? " blacklisted" : " not blacklisted"));
                return 0;
            }
        }

        @Command(name = "withdraw-partner", description = "withdraw a supply-chain partnership: the partner's events for the "
                + "licensee's marks are refused from now on (PARTNERSHIP_ENDED)")
        static final class WithdrawPartner extends WithIssuer {
            @Parameters(index = "0", description = "the licensee that declared the partner") String id;
            @Parameters(index = "1", description = "the partner's licensee id") String partnerId;
            @Option(names = "--reason", required = true) String reason;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                var x = new org.markauth.issuer.trace.TraceServices(s).partners.withdraw(principal(), id, partnerId, reason);
                out().println("partnership of " + id + " with " + partnerId + " withdrawn at " + x.withdrawnAt());
                return 0;
            }
        }
    }

    @Command(name = "product", description = "licensed products", subcommands = {ProductCmd.Create.class})
    static final class ProductCmd {
        @Command(name = "create")
        static final class Create extends WithIssuer {
            @Option(names = "--id", description = "product number (default: drawn at random)") int id;
            @Option(names = "--licensee", required = true) String licensee;
            @Option(names = "--name", required = true) String name;
            @Option(names = "--name-en") String nameEn;
            @Option(names = "--model") String model;
            @Option(names = "--category", required = true) String category;
            @Option(names = "--gtin") String gtin;
            @Option(names = "--standard-no", required = true) String standardNo;
            @Option(names = "--standard-title", required = true) String standardTitle;
            @Option(names = "--indicator", description = "core indicator name=value, repeatable") Map<String, String> indicators = new LinkedHashMap<>();
            @Option(names = "--photo", description = "photo URL, repeatable") List<String> photos = new ArrayList<>();
            @Option(names = "--region", description = "market region, repeatable") List<String> regions = new ArrayList<>();

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                Product p = s.registry.createProduct(principal(), new Product.Details(id, licensee, name, nameEn, model, category,
                        gtin, standardNo, standardTitle, indicators, photos, new HashSet<>(regions)));
                out().println("product " + p.productId() + " registered");
                return 0;
            }
        }
    }

    @Command(name = "licence", description = "licences", subcommands = {LicenceCmd.Grant.class, LicenceCmd.Status.class,
            LicenceCmd.Expire.class})
    static final class LicenceCmd {
        @Command(name = "grant", description = "grant or renew the licence of a product (ACTIVE)")
        static final class Grant extends WithIssuer {
            @Parameters(index = "0", description = "product id") int productId;
            @Option(names = "--no", required = true, description = "licence number") String no;
            @Option(names = "--from", required = true, description = "YYYY-MM-DD") LocalDate from;
            @Option(names = "--until", required = true, description = "YYYY-MM-DD (exclusive)") LocalDate until;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                var l = s.registry.grantLicence(principal(), productId, no, from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                        until.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), "granted by CLI");
                out().println("licence " + l.licenceNo() + " " + l.status());
                return 0;
            }
        }

        @Command(name = "status", description = "suspend, revoke, reinstate (ACTIVE) or expire a licence")
        static final class Status extends WithIssuer {
            @Parameters(index = "0", description = "product id") int productId;
            @Option(names = "--to", required = true) LicenceStatus to;
            @Option(names = "--reason", required = true) String reason;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                out().println("licence " + s.registry.changeLicenceStatus(principal(), productId, to, reason).status());
                return 0;
            }
        }

        @Command(name = "expire", description = "move ACTIVE licences whose validUntil has passed to EXPIRED, audited "
                + "(what serve runs every issuer.licence-expiry-interval)")
        static final class Expire extends WithIssuer {
            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                out().println(s.registry.expireLicences() + " licence(s) expired");
                return 0;
            }
        }
    }

    @Command(name = "audit", description = "print the audit trail of a day (UTC) or of one entity")
    static final class Audit extends WithIssuer {
        @Option(names = "--day") LocalDate day;
        @Option(names = "--entity", description = "e.g. licensee:L1, licence:5, batch:123") String entity;
        @Option(names = "--limit") int limit = 100;

        @Override
        Integer run(IssuerMain main, IssuerServices s) {
            var entries = entity != null ? s.changes.entity(entity, limit)
                    : s.changes.day(day != null ? day : LocalDate.now(java.time.ZoneOffset.UTC), limit);
            entries.forEach(a -> out().println(a.at() + " " + a.actor() + " " + a.action() + " " + a.entity() + " " + a.detail()));
            return 0;
        }
    }

    @Command(name = "expire-unused", description = "void never-activated marks past issuer.unused-expiry (what serve runs hourly)")
    static final class ExpireUnused extends WithIssuer {
        @Override
        Integer run(IssuerMain main, IssuerServices s) {
            out().println(s.activation.expireUnused() + " batch(es) swept");
            return 0;
        }
    }

    @Command(name = "batch", description = "order, issue, print, activate and void marks",
            subcommands = {BatchCmd.Order.class, BatchCmd.Resume.class, BatchCmd.Status.class, BatchCmd.Print.class,
                    BatchCmd.Activate.class, BatchCmd.VoidUnits.class, BatchCmd.Recall.class})
    static final class BatchCmd {

        /** Issues with a progress bar on stderr, writing the work order if asked. */
        static void issue(IssuerServices s, Batch b, Path csv, PrintWriter err) throws IOException {
            long t0 = System.nanoTime();
            Batches.ProgressListener bar = (done, total) -> {
                double secs = (System.nanoTime() - t0) / 1e9;
                int width = 30;
                int filled = (int) ((long) done * width / total);
                err.printf("\r[%s%s] %3d%% %d/%d %.0f marks/s", "#".repeat(filled), ".".repeat(width - filled),
                        (long) done * 100 / total, done, total, done / Math.max(secs, 1e-3));
                err.flush();
            };
            if (csv == null) {
                s.batches.issue(b, null, bar);
            } else {
                try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 16);
                     CsvWorkOrder w = new CsvWorkOrder(o, csv.toString().endsWith(".txt") ? CsvWorkOrder.Format.TXT : CsvWorkOrder.Format.CSV)) {
                    s.batches.issue(b, w, bar);
                }
            }
            err.println();
        }

        @Command(name = "order", description = "order a batch and issue it now (inactive marks), writing the work order")
        static final class Order extends WithIssuer {
            @Option(names = "--product", required = true) int product;
            @Option(names = "--quantity", required = true) int quantity;
            @Option(names = "--lot", required = true) String lot;
            @Option(names = "--production-date", required = true) LocalDate productionDate;
            @Option(names = "--expiry-date") LocalDate expiryDate;
            @Option(names = "--line", required = true) String line;
            @Option(names = "--idempotency-key", required = true) String key;
            @Option(names = "--out", description = "work order file (.csv or .txt) written while issuing") Path out;

            @Override
            Integer run(IssuerMain main, IssuerServices s) throws Exception {
                Batches.Ordered o = s.batches.order(principal(), new BatchOrder(product, quantity, lot, productionDate, expiryDate,
                        line, key));
                out().println((o.created() ? "batch " : "existing batch ") + o.batch().batchId() + " (" + o.batch().state() + ")");
                out().flush();
                issue(s, o.batch(), out, spec.commandLine().getErr());
                Batch issued = s.batches.find(o.batch().batchId());
                if (out != null) {     // the work order is a print file: counted and audited like any download
                    s.prints.record(principal(), "cli", issued, 1, issued.quantity(),
                            out.toString().endsWith(".txt") ? PrintFormat.TXT : PrintFormat.CSV);
                }
                out().println("batch " + o.batch().batchId() + " " + issued.state());
                return 0;
            }
        }

        @Command(name = "resume", description = "resume an interrupted issuance from its last persisted chunk")
        static final class Resume extends WithIssuer {
            @Parameters(index = "0") int batchId;

            @Override
            Integer run(IssuerMain main, IssuerServices s) throws Exception {
                issue(s, s.batches.get(principal(), batchId), null, spec.commandLine().getErr());
                out().println("batch " + batchId + " " + s.batches.find(batchId).state());
                return 0;
            }
        }

        @Command(name = "status", description = "a batch and its job's done/total")
        static final class Status extends WithIssuer {
            @Parameters(index = "0") int batchId;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                JobStatus j = s.batches.status(principal(), batchId);
                out().println(s.batches.get(principal(), batchId));
                out().println("job " + j.state() + " " + j.done() + "/" + j.total() + (j.error() == null ? "" : " " + j.error()));
                return 0;
            }
        }

        @Command(name = "print", description = "write a print file again: csv, txt, zip (PNG+SVG) or pdf")
        static final class Print extends WithIssuer {
            @Parameters(index = "0") int batchId;
            @Option(names = "--format", required = true) PrintFormat format;
            @Option(names = "--out", required = true) Path out;
            @Option(names = "--from") int from = 1;
            @Option(names = "--to") int to = Integer.MAX_VALUE;

            @Override
            Integer run(IssuerMain main, IssuerServices s) throws Exception {
                Batch b = s.batches.printable(principal(), batchId);
                s.prints.record(principal(), "cli", b, from, to, format);   // the operator's prints are counted and audited too
                try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                    format.write(s, principal(), b, from, to, o);
                }
                out().println("wrote " + out);
                return 0;
            }
        }

        @Command(name = "recall", description = "recall a batch: its units verify as RECALLED with the notice")
        static final class Recall extends WithIssuer {
            @Parameters(index = "0") int batchId;
            @Option(names = "--reason", required = true) String reason;
            @Option(names = "--notice", description = "what a consumer who scans a unit should do") String notice;

            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                out().println("recall " + s.recalls.recallBatch(principal(), batchId, reason, notice).recallId() + " of batch " + batchId);
                return 0;
            }
        }

        abstract static class UnitsCommand extends WithIssuer {
            @Parameters(index = "0") int batchId;
            @Option(names = "--first") Integer first;
            @Option(names = "--last") Integer last;
            @Option(names = "--serials-file", description = "one 16-hex-digit serial per line") Path serials;

            Integer apply(IssuerServices s, boolean activate) throws IOException {
                if (serials != null) {
                    List<String> list = Files.readAllLines(serials).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
                    int n = activate ? s.activation.activateList(principal(), batchId, list) : s.activation.voidList(principal(), batchId, list);
                    out().println(n + " unit(s) " + (activate ? "activated" : "voided"));
                } else {
                    if (first == null || last == null) {
                        throw new IllegalArgumentException("give --first and --last, or --serials-file");
                    }
                    var r = activate ? s.activation.activateRange(principal(), batchId, first, last)
                            : s.activation.voidRange(principal(), batchId, first, last);
                    out().println(r.action() + " " + r.firstSeq() + ".." + r.lastSeq() + " at " + r.at());
                }
                return 0;
            }
        }

        @Command(name = "activate", description = "activate what the line printed: --first/--last or --serials-file")
        static final class Activate extends UnitsCommand {
            @Override
            Integer run(IssuerMain main, IssuerServices s) throws IOException {
                return apply(s, true);
            }
        }

        @Command(name = "void", description = "void spoiled or unused marks: --first/--last or --serials-file")
        static final class VoidUnits extends UnitsCommand {
            @Override
            Integer run(IssuerMain main, IssuerServices s) throws IOException {
                return apply(s, false);
            }
        }
    }

    @Command(name = "block", mixinStandardHelpOptions = true,
            description = "blocked (cloned) codes: a blocked code answers CLONED to every scan",
            subcommands = {BlockCmd.Show.class, BlockCmd.Block.class, BlockCmd.Unblock.class})
    static final class BlockCmd {
        abstract static class Unit extends WithIssuer {
            @Parameters(index = "0", description = "batch id") int batchId;
            @Parameters(index = "1", description = "serial, 16 hex digits") String serial;
        }

        @Command(name = "show", description = "a unit's block state and its history")
        static final class Show extends Unit {
            @Override
            Integer run(IssuerMain main, IssuerServices s) {
                var blocks = new org.markauth.issuer.clones.Blocks(s.session, s.changes, s.clock);
                long sn = org.markauth.issuer.clones.Blocks.serial(serial);
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
            @Option(names = "--alert", description = "the confirmed alert's id") java.util.UUID alert;

            @Override
            Integer run(IssuerMain main, IssuerServices s) throws Exception {
                var b = new org.markauth.issuer.clones.Blocks(s.session, s.changes, s.clock)
                        .block(principal(), batchId, org.markauth.issuer.clones.Blocks.serial(serial), reason, alert);
                out().println("blocked " + b.batchId() + ":" + b.serialHex() + "; scans answer CLONED");
                return 0;
            }
        }

        @Command(name = "unblock", description = "unblock a unit (audited); it is never blocked automatically again")
        static final class Unblock extends Unit {
            @Option(names = "--reason", required = true) String reason;

            @Override
            Integer run(IssuerMain main, IssuerServices s) throws Exception {
                var b = new org.markauth.issuer.clones.Blocks(s.session, s.changes, s.clock)
                        .unblock(principal(), batchId, org.markauth.issuer.clones.Blocks.serial(serial), reason);
                out().println("unblocked " + b.batchId() + ":" + b.serialHex());
                return 0;
            }
        }
    }
}
