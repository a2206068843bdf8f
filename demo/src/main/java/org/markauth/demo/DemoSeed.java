package org.markauth.demo;

import com.datastax.oss.driver.api.core.CqlSession;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.markauth.config.CassandraSettings;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;
import org.markauth.config.CqlSessions;
import org.markauth.config.RedisSettings;
import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.keys.Kek;

/**
 * {@code DemoSeed --out=DIR [--verify-base=URL] [--issuer-base=URL] [--reset] [issuer config flags]}:
 * seeds the demo programme into the configured keyspace once, then prints the summary (consumer
 * URLs, print files, credentials, how to stop). Re-running it is safe: when the keyspace already
 * holds the demo, it prints the summary kept in {@code DIR/state.properties}. Either way it sends the
 * demo's supply-chain events ({@link DemoSupplyChain}) again: the first run records them, later
 * runs find every one already recorded (event hashes de-duplicate). {@code --reset} drops
 * the keyspace, deletes the Redis keys under the configured {@code redis.key-prefix} and empties
 * {@code DIR}; {@code ops/run --reset} then migrates and seeds again.
 *
 * <p>The issuer configuration is the issuer's own ({@code --cassandra.keyspace=...}, {@code MARKAUTH_*});
 * without {@code issuer.kek} the seed uses {@code file:DIR/kek}, created (mode 600) on first use,
 * which ops/run hands to mark-issuer too.
 */
public final class DemoSeed {

    static final String KEK_FILE = "kek";
    static final String TRUST_ROOTS_FILE = "trust-roots";
    static final String RECEIPT_KEY_FILE = "receipt-key";
    static final String CREDENTIALS_FILE = "credentials.txt";
    /** The offline root the demo's ceremony made: {@code root/root.p8} (+ {@code .pub}) and, demo only, its passphrase. */
    static final String ROOT_DIR = "root";
    /** Issuer flags ops/run.d/10-mark-issuer.sh adds (the pinned root and programme), one per line. */
    static final String ISSUER_FLAGS_FILE = "issuer-flags";
    static final String PROGRAMME = "markauth-demo";

    /** What a reader should know about a line of the summary, by expected verdict. */
    private static final Map<String, String> NOTES = Map.of(
            "NOT_ACTIVATED", "   (printed, never reported applied by the line)",
            "RECALLED", "   (lot recalled with a notice)",
            "LICENCE_SUSPENDED", "   (made while licensed; licence suspended since)",
            "LICENCE_EXPIRED", "   (made while licensed; the licence expired without renewal)",
            "CLONED", "   (a genuine code copied onto fakes: blocked by the office, every scan says do not buy)",
            "UNKNOWN_KEY", "   (forged: signed with a key not in the trust list)",
            "FORGED", "   (forged: a genuine signature copied onto another serial)");

    static final String SOLD_NOTE = "   (sold by the retailer: the page shows its journey, made → shipped → sold)";
    static final String STOCKED_NOTE = "   (in stock at the retailer: made → shipped)";

    private DemoSeed() {
    }

    public static void main(String[] args) {
        int code;
        try {
            // UTF-8 whatever the locale: the summary names the retailer in Chinese (JDK 17 writes stdout in the native charset)
            code = run(List.of(args), System.getenv(), new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("demo: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("demo: seeding failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /** Runs one invocation; returns the exit code. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out) throws Exception {
        Path dir = null;
        String verifyBase = "http://127.0.0.1:8080";
        String issuerBase = "http://127.0.0.1:8081";
        boolean reset = false;
        List<String> issuerFlags = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--out=")) {
                dir = Path.of(a.substring(6));
            } else if (a.startsWith("--verify-base=")) {
                verifyBase = stripSlash(a.substring(14));
            } else if (a.startsWith("--issuer-base=")) {
                issuerBase = stripSlash(a.substring(14));
            } else if (a.equals("--reset")) {
                reset = true;
            } else {
                issuerFlags.add(a);
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--out=DIR is required: the folder for the demo's state, credentials and print files");
        }
        Files.createDirectories(dir);
        Path demoDir = dir;
        if (reset) {
            reset(issuerFlags, env, dir, out);
            return 0;
        }
        if (issuerFlags.stream().noneMatch(f -> f.startsWith("--issuer.kek")) && !env.containsKey("MARKAUTH_ISSUER_KEK")) {
            issuerFlags.add("--issuer.kek=file:" + ensureKek(dir).toAbsolutePath());
        }
        DemoCeremony ceremony = DemoCeremony.prepare(dir, out);
        List<String> trustFlags = ceremony == null ? List.of() : ceremony.issuerFlags(PROGRAMME);
        issuerFlags.addAll(trustFlags);
        Files.writeString(dir.resolve(ISSUER_FLAGS_FILE), String.join("\n", trustFlags) + (trustFlags.isEmpty() ? "" : "\n"),
                StandardCharsets.US_ASCII);
        DemoState state;
        Optional<DemoSupplyChain.Sent> sent = Optional.empty();
        try (Issuer issuer = Issuer.start(issuerFlags, env)) {
            if (ceremony != null && issuer.services().keys.trustDelegations().isEmpty()) {
                ceremony.delegate(issuer.services().keys, PROGRAMME);
            }
            DemoSupplyChain chain = new DemoSupplyChain(issuer.services());
            Optional<DemoState> kept = DemoState.load(dir);
            if (DemoProgramme.seeded(issuer.services())) {
                state = kept.orElseThrow(() -> new IllegalStateException("keyspace " + issuer.config().cassandra().keyspace()
                        + " already holds a demo seeded elsewhere (no " + demoDir.resolve(DemoState.FILE)
                        + "); run ops/run --reset for a clean slate"));
                out.println("demo: already seeded in keyspace " + issuer.config().cassandra().keyspace() + ", nothing to do");
            } else {
                out.println("demo: seeding the demo programme into keyspace " + issuer.config().cassandra().keyspace());
                state = new DemoProgramme(issuer.services()).seed(dir.resolve("print"));
                chain.prepare(state);
                state.put("keyspace", issuer.config().cassandra().keyspace());
                state.save(dir);
            }
            if (DemoSupplyChain.prepared(state)) {
                sent = Optional.of(chain.send(state));
            }
            // the verify-api's receipt key (signed verdicts on request), delegated by this programme's root
            if (!Files.exists(dir.resolve(RECEIPT_KEY_FILE))) {
                if (ceremony != null) {
                    ceremony.receiptKey(dir.resolve(RECEIPT_KEY_FILE));
                } else {
                    DemoState.writePrivate(dir.resolve(RECEIPT_KEY_FILE),
                            issuer.services().keys.newReceiptKey("demo", java.time.Duration.ofDays(365)) + "\n");
                }
            }
        }
        Files.writeString(dir.resolve(TRUST_ROOTS_FILE), state.get("trust.root") + "\n", StandardCharsets.US_ASCII);
        DemoState.writePrivate(dir.resolve(CREDENTIALS_FILE), credentials(state, verifyBase, issuerBase));
        out.print(summary(state, dir, verifyBase, issuerBase, sent));
        out.flush();
        return 0;
    }

    private static Path ensureKek(Path dir) throws IOException {
        Path kek = dir.resolve(KEK_FILE);
        if (!Files.exists(kek)) {
            DemoState.writePrivate(kek, Kek.generateEncoded() + "\n");
        }
        return kek;
    }

    /** Drops the keyspace and the Redis keys under the prefix, and empties the demo folder. */
    private static void reset(List<String> flags, Map<String, String> env, Path dir, PrintStream out) throws IOException {
        ConfigReader r = new ConfigReader(ConfigSource.load(flags, env));
        CassandraSettings cassandra = CassandraSettings.read(r);
        RedisSettings redis = RedisSettings.read(r);
        try (CqlSession session = CqlSessions.open(cassandra, false)) {
            session.execute("DROP KEYSPACE IF EXISTS " + cassandra.keyspace());
        }
        out.println("demo: dropped keyspace " + cassandra.keyspace());
        Vertx vertx = Vertx.vertx();
        try {
            Redis client = Redis.createClient(vertx, redis.toOptions());
            int deleted = deleteKeys(RedisAPI.api(client), redis.keyPrefix());
            client.close();
            out.println("demo: deleted " + deleted + " Redis key(s) under '" + redis.keyPrefix() + "'");
        } finally {
            vertx.close().await();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int deleteKeys(RedisAPI api, String prefix) {
        int deleted = 0;
        String cursor = "0";
        do {
            Response page = api.send(Command.SCAN, cursor, "MATCH", prefix + "*", "COUNT", "1000").await();
            cursor = page.get(0).toString();
            List<String> keys = new ArrayList<>();
            page.get(1).forEach(k -> keys.add(k.toString()));
            if (!keys.isEmpty()) {
                deleted += api.del(keys).await().toInteger();
            }
        } while (!cursor.equals("0"));
        return deleted;
    }

    /** What a reader should know about a consumer line: the supply-chain units' journeys, else by verdict. */
    private static String note(DemoState st, boolean traced, Map.Entry<String, String> line) {
        if (traced) {
            List<String> units = List.of(st.get("trace.units").split(" "));
            if (line.getValue().equals(units.get(0))) {
                return SOLD_NOTE;
            }
            if (line.getValue().equals(units.get(1))) {
                return STOCKED_NOTE;
            }
        }
        return NOTES.getOrDefault(line.getKey(), "");
    }

    /** The local form of a scanned URL: same path on the verify-api's own address. */
    static String local(String scanned, String verifyBase) {
        String rest = scanned.substring(scanned.indexOf("://") + 3);
        return verifyBase + rest.substring(rest.indexOf('/'));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String credentials(DemoState st, String verifyBase, String issuerBase) {
        return "# markauth demo credentials (API tokens; send as 'Authorization: Bearer <token>')\n"
                + "regulator     demo-regulator  " + st.get("token.regulator") + "   issuer API " + issuerBase + "\n"
                + "officer       demo-officer    " + st.get("token.officer") + "   verify-api " + verifyBase + "/api/v1/officer/\n"
                + "manufacturer  demo-jintao     " + st.get("token.manufacturer") + "   issuer API " + issuerBase
                + " (licensee " + DemoProgramme.LICENSEE_TILES + "; also the portal " + issuerBase + "/portal/)\n"
                + st.find("station.token").map(t -> "station       station:" + st.get("station.line") + " " + t + "   line station "
                        + issuerBase + "/station/ (activate, pack, reject on its line only)\n").orElse("")
                + "revoked       demo-officer-2  " + st.get("token.revoked") + "   credential " + st.get("credential.revoked")
                + ", revoked by id: every call answers 401\n";
    }

    static String summary(DemoState st, Path dir, String verifyBase, String issuerBase, Optional<DemoSupplyChain.Sent> sent) {
        StringBuilder b = new StringBuilder();
        b.append("\n== markauth demo: Foshan ceramics certification programme (keyspace ").append(st.get("keyspace")).append(") ==\n\n");
        b.append("Consumer pages (open in a browser; add ?lang=en for English). Expected verdict, then URL:\n");
        st.urls().forEach(e -> b.append(String.format("  %-18s %s%s%n", e.getKey(), local(e.getValue(), verifyBase),
                note(st, sent.isPresent(), e))));
        b.append("  (the QR codes hold the HTTPS form, e.g. ").append(st.urls().get(0).getValue()).append(")\n");
        b.append("  JSON: curl '").append(verifyBase).append("/api/v1/verify?code=<URL>'\n\n");
        b.append(DemoSupplyChain.summary(st, sent, verifyBase, issuerBase));
        b.append(DemoOfficerApp.summary(st, verifyBase));
        b.append(DemoManufacturer.summary(st, dir, issuerBase));
        b.append(DemoGs1.summary(st, verifyBase, issuerBase));
        b.append(DemoTargets.summary(st, issuerBase));
        b.append(DemoCredit.summary(st, verifyBase, issuerBase));
        b.append(DemoComplaints.summary(st, verifyBase, issuerBase));
        b.append(DemoStandards.summary(st, issuerBase, verifyBase));
        b.append(DemoCertificate.summary(st, verifyBase));
        b.append(DemoCertification.summary(st, issuerBase, verifyBase));
        b.append("Print files of batch ").append(st.get("batch.main")).append(" (lot ").append(st.get("batch.main.lot"))
                .append(", ").append(DemoProgramme.MAIN_QUANTITY).append(" marks, units 1-").append(DemoProgramme.MAIN_ACTIVATED)
                .append(" activated):\n");
        b.append("  work order (CSV)       ").append(st.get("print.csv")).append('\n');
        b.append("  QR images (PNG + SVG)  ").append(st.get("print.zip")).append('\n');
        b.append("  PDF label sheet        ").append(st.get("print.pdf")).append("\n\n");
        b.append("Credentials (also in ").append(dir.resolve(CREDENTIALS_FILE)).append(", mode 600):\n");
        credentials(st, verifyBase, issuerBase).lines().skip(1).forEach(l -> b.append("  ").append(l).append('\n'));
        b.append("  regulator console: ").append(issuerBase).append("/console (log in with the regulator token); issuer API at ")
                .append(issuerBase).append(" (OpenAPI at ").append(issuerBase)
                .append("/openapi.yaml), e.g. curl -H 'Authorization: Bearer <regulator token>' ").append(issuerBase)
                .append("/api/v1/licensees\n");
        b.append("  credentials by id: curl -H 'Authorization: Bearer <regulator token>' ").append(issuerBase)
                .append("/api/v1/credentials (the revoked one shows state REVOKED, who and why; revoke another with POST ")
                .append(issuerBase).append("/api/v1/credentials/<id>/revoke {\"reason\": \"...\"})\n");
        b.append("  the revoked key is refused: curl -H 'Authorization: Bearer ").append(st.get("token.revoked")).append("' '")
                .append(verifyBase).append("/api/v1/officer/record?code=<URL>'  → 401\n\n");
        Path rootFile = dir.resolve(ROOT_DIR).resolve(DemoCeremony.KEY_FILE);
        if (Files.exists(rootFile)) {
            b.append("Programme root (offline; the demo held the ceremony itself, docs/cli.md `markauth root`):\n");
            b.append("  root key file   ").append(rootFile.toAbsolutePath()).append(" (PKCS#8, encrypted; demo passphrase in ")
                    .append(dir.resolve(ROOT_DIR).resolve(DemoCeremony.PASSPHRASE_FILE).toAbsolutePath())
                    .append(": never keep it beside the key outside a demo)\n");
            b.append("  pinned root     ").append(st.get("trust.root")).append('\n');
            b.append("  delegation      ").append(dir.resolve(ROOT_DIR).resolve(DemoCeremony.DELEGATION_FILE).toAbsolutePath())
                    .append(" (the issuer signs trust lists with the key it names)\n\n");
        } else {
            b.append("Programme root: online in the issuer's database (a demo seeded before the offline root; ops/run --reset "
                    + "holds the ceremony)\n\n");
        }
        b.append("Stop everything: ops/stack down    Clean slate: ops/run --reset\n");
        return b.toString();
    }
}
