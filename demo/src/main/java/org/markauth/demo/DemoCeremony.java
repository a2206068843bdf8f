package org.markauth.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.markauth.issuer.keys.SigningKeys;
import org.markauth.sdk.cli.CliEnvironment;
import org.markauth.sdk.cli.MarkauthCli;

/**
 * The demo's own offline-root ceremony (ops/runbooks/key-rotation-and-compromise.md), run with the
 * real {@code markauth root} commands into {@code DIR/root}: the root key file, its public part,
 * the delegation of the issuer's trust-list key and the STATUS delegation of its status-list key.
 * A real programme runs these on a machine that never runs the issuer; the demo keeps the
 * passphrase in a file beside the key so that it can run unattended, which a real one never does.
 */
final class DemoCeremony {
    static final String KEY_FILE = "root.p8";
    static final String PASSPHRASE_FILE = "passphrase";
    static final String DELEGATION_FILE = "delegation.json";
    static final String STATUS_DELEGATION_FILE = "status-delegation.hex";

    private final Path dir;
    private final PrintStream out;

    private DemoCeremony(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    /**
     * The ceremony of this demo folder, holding it now (root key and its public part) when the folder
     * is fresh; {@code null} for a demo seeded before the offline root (its root stays online).
     */
    static DemoCeremony prepare(Path demoDir, PrintStream out) throws IOException {
        Path root = demoDir.resolve(DemoSeed.ROOT_DIR);
        DemoCeremony c = new DemoCeremony(root, out);
        if (Files.exists(root.resolve(KEY_FILE))) {
            return c;
        }
        if (Files.exists(demoDir.resolve(DemoState.FILE))) {
            return null;
        }
        Files.createDirectories(root);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        DemoState.writePrivate(root.resolve(PASSPHRASE_FILE), Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
        c.cli("root", "init", "--out", root.resolve(KEY_FILE).toString());
        out.println("demo: offline root made in " + root.resolve(KEY_FILE).toAbsolutePath());
        return c;
    }

    /** The pin line {@code ALG:HEX} of the root. */
    String pin() throws IOException {
        return Files.readString(dir.resolve(KEY_FILE + ".pub"), StandardCharsets.US_ASCII).strip();
    }

    List<String> issuerFlags(String programme) throws IOException {
        return List.of("--issuer.trust.roots=" + pin(), "--issuer.programme=" + programme);
    }

    /** The issuer's request, the root's signatures and the import: what the runbook's steps 2 to 4 do by hand. */
    void delegate(SigningKeys keys, String programme) throws IOException {
        SigningKeys.DelegationRequest r = keys.delegationRequest("demo-ceremony");
        Path deleg = dir.resolve(DELEGATION_FILE);
        Path status = dir.resolve(STATUS_DELEGATION_FILE);
        Files.deleteIfExists(deleg);
        Files.deleteIfExists(status);
        List<String> args = new ArrayList<>(List.of("root", "delegate", "--key", dir.resolve(KEY_FILE).toString(), "--issuer-key",
                r.trustListKeySpec(), "--programme", programme, "--days", "365", "--out", deleg.toString()));
        r.hosts().forEach(h -> args.addAll(List.of("--host", h)));
        cli(args.toArray(String[]::new));
        cli("root", "delegate-service", "--key", dir.resolve(KEY_FILE).toString(), "--use", "STATUS", "--service-key",
                r.statusKeySpec(), "--days", "365", "--out", status.toString());
        keys.importDelegation("demo-ceremony", Files.readAllBytes(deleg),
                HexFormat.of().parseHex(Files.readString(status, StandardCharsets.US_ASCII).strip()));
        out.println("demo: the root delegated trust-list key " + r.trustListKeySpec().substring(0, 20) + "… for 365 days ("
                + deleg.toAbsolutePath() + ")");
    }

    /** A verify-api receipt key with its RECEIPT delegation ({@code markauth root receipt-key}). */
    void receiptKey(Path file) throws IOException {
        cli("root", "receipt-key", "--key", dir.resolve(KEY_FILE).toString(), "--days", "365", "--out", file.toString());
    }

    private void cli(String... args) throws IOException {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--passphrase-file", dir.resolve(PASSPHRASE_FILE).toString()));
        CliEnvironment env = new CliEnvironment(new BufferedReader(new StringReader("")), new PrintWriter(o), new PrintWriter(e),
                Map.of(), dir, Clock.systemUTC(), req -> {
                    throw new IOException("the root ceremony is offline");
                });
        int code = MarkauthCli.run(env, all.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("markauth " + String.join(" ", args) + " failed (" + code + "): " + e.toString().strip());
        }
    }
}
