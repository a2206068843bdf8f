package org.markauth.sdk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.markauth.sdk.SdkException;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListStore;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.sdk.verify.Catalogue;
import org.markauth.sdk.verify.OfflineVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code markauth} command line: the root command, its global options and the composition root
 * of every subcommand ({@code verify}, {@code trust-list update|show}, {@code scan}, which verifies
 * what it reads with {@link #offlineVerifier()}). Exit codes
 * are in {@link ExitCodes} and docs/cli.md.
 */
@Command(name = "markauth", mixinStandardHelpOptions = true, version = "markauth scanner-sdk 0.1",
        description = "Verify markauth certification marks offline or online, and manage the trust list.",
        subcommands = {VerifyCommand.class, TrustListCommand.class, ScanCommand.class, ReceiptCommand.class,
                StatusListCommand.class, RootCommand.class, EvidenceCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.ERROR,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:genuine (GENUINE, SIGNATURE_VALID)", "2:counterfeit (FORGED, UNKNOWN_KEY, KEY_REVOKED, …)",
                "3:not a mark (MALFORMED, FOREIGN, no QR found)", "4:warning (RECALLED, NOT_ACTIVATED, EXPIRED, …)",
                "10:error (no trust list, I/O, refused trust list)", "64:usage error"})
public final class MarkauthCli {

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "State directory (trust-list cache, root keys, catalogue). Default: $MARKAUTH_HOME or ~/.markauth")
    Path home;

    @Option(names = "--root-key", scope = ScopeType.INHERIT, paramLabel = "ALG:HEX",
            description = "Pinned programme root public key, e.g. ED25519:<64 hex>. Repeatable. "
                    + "Default: $MARKAUTH_ROOT_KEYS (comma-separated) or the lines of <home>/root-keys")
    List<String> rootKeys = new ArrayList<>();

    @Option(names = "--api", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "verify-api base URL for online checks and trust-list updates. Default: $MARKAUTH_API")
    URI api;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Machine output: one JSON object per line.")
    boolean json;

    @Option(names = "--lang", scope = ScopeType.INHERIT, paramLabel = "zh|en",
            description = "Language of the sentences for people. Default: the system locale's, else zh.")
    String lang;

    final CliEnvironment env;

    public MarkauthCli(CliEnvironment env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(CliEnvironment.system(), args));
    }

    public static int run(CliEnvironment env, String... args) {
        return commandLine(env).execute(args);
    }

    /** The configured picocli command line; the lead adds further subcommands with {@code addSubcommand}. */
    public static CommandLine commandLine(CliEnvironment env) {
        CommandLine cl = new CommandLine(new MarkauthCli(env));
        cl.setOut(env.out());
        cl.setErr(env.err());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("markauth: " + ex.getMessage());
            failed.usage(failed.getErr());
            return ExitCodes.USAGE; // one code for every (sub)command, not picocli's default 2 = counterfeit
        });
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            // System failures are reported as one sentence, without a stack trace: they name the
            // thing and what to do (house style); programming errors keep their trace.
            if (e instanceof SdkException || e instanceof IOException || e instanceof CliException) {
                env.err().println("markauth: " + e.getMessage());
            } else {
                e.printStackTrace(env.err());
            }
            env.err().flush();
            return ExitCodes.ERROR;
        });
        return cl;
    }

    /** The state directory. */
    public Path home() {
        if (home != null) {
            return home;
        }
        String h = env.env().get("MARKAUTH_HOME");
        return h != null && !h.isBlank() ? Path.of(h) : env.userHome().resolve(".markauth");
    }

    public Optional<URI> api() {
        if (api != null) {
            return Optional.of(api);
        }
        String a = env.env().get("MARKAUTH_API");
        return a == null || a.isBlank() ? Optional.empty() : Optional.of(URI.create(a));
    }

    public Locale locale() {
        String l = lang != null ? lang : Locale.getDefault().getLanguage();
        return "en".equalsIgnoreCase(l) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }

    public VerdictPrinter printer() {
        return new VerdictPrinter(env.out(), json, locale());
    }

    public List<TrustRoot> roots() {
        List<String> specs = new ArrayList<>(rootKeys);
        if (specs.isEmpty()) {
            String e = env.env().get("MARKAUTH_ROOT_KEYS");
            if (e != null && !e.isBlank()) {
                specs.addAll(List.of(e.split(",")));
            } else {
                Path f = home().resolve("root-keys");
                if (Files.isReadable(f)) {
                    try {
                        Files.readAllLines(f).stream().map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#"))
                                .forEach(specs::add);
                    } catch (IOException ex) {
                        throw new CliException("cannot read the root keys file " + f + ": " + ex.getMessage());
                    }
                }
            }
        }
        if (specs.isEmpty()) {
            throw new CliException("no programme root key pinned; pass --root-key ALG:HEX, set MARKAUTH_ROOT_KEYS, or write "
                    + home().resolve("root-keys"));
        }
        List<TrustRoot> roots = new ArrayList<>();
        for (String s : specs) {
            int c = s.indexOf(':');
            try {
                roots.add(new TrustRoot(SignatureAlgorithm.valueOf(s.substring(0, Math.max(c, 0)).strip()),
                        HexFormat.of().parseHex(s.substring(c + 1).strip())));
            } catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
                throw new CliException("root key '" + s + "' is not ALG:HEX with ALG one of ED25519, SM2_SM3 and a valid public key");
            }
        }
        return roots;
    }

    public TrustListStore store() {
        return TrustListStore.open(home().resolve("trust"), roots(), env.clock());
    }

    /** The offline verifier over the cached trust list; fails with a clear message when none is cached. */
    public OfflineVerifier offlineVerifier() {
        TrustListStore store = store();
        TrustList list = store.current().orElseThrow(() -> new CliException("no trust list cached in "
                + home().resolve("trust") + "; run `markauth trust-list update` online, or `markauth trust-list update --file <document>`"));
        // the cached status list, when there is one, turns recalled, voided, decommissioned and blocked units' verdicts
        return OfflineVerifier.create(list, new OfflineVerifier.Options(env.clock(), catalogue(),
                statusStore().current().orElse(null)));
    }

    /** The status-list cache ({@code <home>/status}); a tampered cache is refused (exit 10). */
    public org.markauth.sdk.status.StatusListStore statusStore() {
        return org.markauth.sdk.status.StatusListStore.open(home().resolve("status"), roots());
    }

    /** {@code <home>/catalogue.json}: {"products":{"42":"name"},"batches":{"1001":"name"}}; empty when absent. */
    Catalogue catalogue() {
        Path f = home().resolve("catalogue.json");
        if (!Files.isReadable(f)) {
            return Catalogue.EMPTY;
        }
        try {
            JsonNode n = new ObjectMapper().readTree(f.toFile());
            return new Catalogue(ids(n.path("products")), ids(n.path("batches")));
        } catch (IOException | NumberFormatException e) {
            throw new CliException("cannot read the catalogue " + f + ": " + e.getMessage() + "; fix or delete it");
        }
    }

    private static Map<Long, String> ids(JsonNode n) {
        Map<Long, String> m = new HashMap<>();
        n.fields().forEachRemaining(e -> m.put(Long.parseLong(e.getKey()), e.getValue().asText()));
        return m;
    }

    /** A failure the CLI reports as one sentence with exit code 10. */
    static final class CliException extends SdkException {
        CliException(String message) {
            super(message);
        }
    }
}
