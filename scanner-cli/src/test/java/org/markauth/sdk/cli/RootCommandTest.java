package org.markauth.sdk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListDelegation;
import org.markauth.sdk.trust.TrustListSigner;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.sdk.trust.TrustedKey;

/** The offline root ceremony end to end: init, delegate, and a verifier that pins only the root. */
class RootCommandTest {
    private static final String PASS = "correct horse battery staple";
    private final MarkKeyPair issuerKey = TestKeys.keyPair(SignatureAlgorithm.ED25519, 61);
    private final MarkKeyPair markKey = TestKeys.keyPair(SignatureAlgorithm.ED25519, 62);
    private final Clock clock = Clock.fixed(TestKeys.T0.plusSeconds(60), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private StringWriter out;
    private StringWriter err;
    private String home = "home";
    private final Map<String, String> env = new HashMap<>(Map.of("MARKAUTH_ROOT_PASSPHRASE", PASS));

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CliEnvironment e = new CliEnvironment(new java.io.BufferedReader(new java.io.StringReader("")), new PrintWriter(out),
                new PrintWriter(err), env, dir.resolve("user"), clock, req -> {
                    throw new java.net.ConnectException("offline");
                });
        List<String> all = new java.util.ArrayList<>(List.of("--home", dir.resolve(home).toString()));
        all.addAll(List.of(args));
        return MarkauthCli.run(e, all.toArray(String[]::new));
    }

    private String pinLine() throws Exception {
        return Files.readString(dir.resolve("root.p8.pub")).strip();
    }

    @Test
    void ceremonyThenADelegatedTrustListIsAcceptedPinningTheRootOnly() throws Exception {
        Path key = dir.resolve("root.p8");
        assertThat(run("root", "init", "--out", key.toString())).isZero();
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        String pin = pinLine();
        assertThat(out.toString()).contains("fingerprint:").contains(pin);
        assertThat(run("root", "init", "--out", key.toString())).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("already exists");

        String issuer = "ED25519:" + HexFormat.of().formatHex(issuerKey.publicKey());
        Path deleg = dir.resolve("delegation.json");
        assertThat(run("root", "delegate", "--key", key.toString(), "--issuer-key", issuer, "--programme", "markauth-cn",
                "--host", TestKeys.HOST, "--days", "90", "--out", deleg.toString())).isZero();
        assertThat(out.toString()).contains("valid 2026-01-01T00:01:00Z … 2026-04-01T00:01:00Z");

        env.put("MARKAUTH_ROOT_KEYS", pin);
        assertThat(run("root", "inspect", deleg.toString())).isZero();
        assertThat(out.toString()).contains("in force now").contains("markauth-cn");

        TrustRoot root = new TrustRoot(SignatureAlgorithm.ED25519, HexFormat.of().parseHex(pin.substring(8)));
        TrustListDelegation.Signed d = TrustListDelegation.decodeAndVerify(Files.readAllBytes(deleg), List.of(root));
        TrustList list = new TrustList(1, TestKeys.T0.plusSeconds(120), TestKeys.T0.plus(Duration.ofDays(1)), List.of(TestKeys.HOST),
                List.of(TrustedKey.active(markKey.algorithm(), markKey.publicKey(), TestKeys.T0)));
        Files.write(dir.resolve("list.json"), TrustListSigner.delegated(issuerKey.algorithm(), issuerKey.privateKey(), d).sign(list));
        assertThat(run("trust-list", "update", "--file", dir.resolve("list.json").toString())).isZero();
        assertThat(out.toString()).contains("sequence 1");

        // another root pinned: the same list is refused
        env.put("MARKAUTH_ROOT_KEYS", "ED25519:" + HexFormat.of().formatHex(markKey.publicKey()));
        home = "home2";
        assertThat(run("trust-list", "update", "--file",
                dir.resolve("list.json").toString())).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("not pinned");
    }

    @Test
    void aWrongPassphraseOpensNothingAndServiceDelegationsVerify() throws Exception {
        Path key = dir.resolve("root.p8");
        assertThat(run("root", "init", "--out", key.toString())).isZero();
        String pin = pinLine();
        env.put("MARKAUTH_ROOT_PASSPHRASE", "not the passphrase at all");
        assertThat(run("root", "show", "--key", key.toString())).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("wrong passphrase");
        Path pf = dir.resolve("pass.txt");
        Files.writeString(pf, PASS + "\n");
        assertThat(run("root", "show", "--key", key.toString(), "--passphrase-file", pf.toString())).isZero();
        assertThat(out.toString()).contains(pin);

        Path status = dir.resolve("status.hex");
        assertThat(run("root", "delegate-service", "--key", key.toString(), "--passphrase-file", pf.toString(), "--use", "STATUS",
                "--service-key", "ED25519:" + HexFormat.of().formatHex(issuerKey.publicKey()), "--days", "30",
                "--out", status.toString())).isZero();
        TrustRoot root = new TrustRoot(SignatureAlgorithm.ED25519, HexFormat.of().parseHex(pin.substring(8)));
        Delegation sd = Delegation.read(java.nio.ByteBuffer.wrap(HexFormat.of().parseHex(Files.readString(status).strip())),
                List.of(root), KeyUse.STATUS);
        assertThat(sd.keyId()).isEqualTo(org.markauth.sdk.crypto.KeyId.of(issuerKey.publicKey()));

        Path receipt = dir.resolve("receipt.key");
        assertThat(run("root", "receipt-key", "--key", key.toString(), "--passphrase-file", pf.toString(), "--out",
                receipt.toString())).isZero();
        String[] parts = Files.readString(receipt).strip().split(":");
        assertThat(parts).hasSize(3);
        Delegation.read(java.nio.ByteBuffer.wrap(HexFormat.of().parseHex(parts[2])), List.of(root), KeyUse.RECEIPT);

        assertThat(run("root", "delegate", "--key", key.toString(), "--passphrase-file", pf.toString(), "--issuer-key",
                "ED25519:00", "--programme", "p", "--host", "A.CN", "--days", "1", "--out", dir.resolve("x").toString()))
                .isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("--issuer-key").doesNotContain("Exception");
    }
}
