package org.markauth.sdk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.http.Transport;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.trust.TrustListSigner;
import org.markauth.sdk.trust.TrustedKey;

class MarkauthCliTest {
    private final MarkKeyPair root = TestKeys.keyPair(SignatureAlgorithm.ED25519, 41);
    private final MarkKeyPair issuer = TestKeys.keyPair(SignatureAlgorithm.SM2_SM3, 42);
    private final TrustListSigner rootSigner = TrustListSigner.create(root.algorithm(), root.privateKey());
    private final String rootKey = "ED25519:" + HexFormat.of().formatHex(root.publicKey());
    private final String url = MarkSigner.create(issuer.algorithm(), issuer.privateKey())
            .sign(new MarkContent(42, 7, Serial.ofHex("0102030405060708"))).toUrl(TestKeys.HOST);

    @TempDir
    Path home;
    private StringWriter out;
    private StringWriter err;
    private Transport transport = req -> {
        throw new java.net.ConnectException("offline in this test");
    };
    private Clock clock = Clock.fixed(TestKeys.T0.plusSeconds(60), ZoneOffset.UTC);
    private String stdin = "";

    @BeforeEach
    void writeTrustList() throws Exception {
        Files.write(home.resolve("list-2.json"), rootSigner.sign(TestKeys.trustList(2,
                TrustedKey.active(issuer.algorithm(), issuer.publicKey(), TestKeys.T0))));
        Files.write(home.resolve("list-3-revoked.json"), rootSigner.sign(TestKeys.trustList(3,
                TrustedKey.active(issuer.algorithm(), issuer.publicKey(), TestKeys.T0).revoke(TestKeys.T0.plusSeconds(30)))));
        Files.writeString(home.resolve("catalogue.json"), "{\"products\":{\"42\":\"Ceramic tile\"},\"batches\":{\"7\":\"Lot 7\"}}");
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CliEnvironment env = new CliEnvironment(new java.io.BufferedReader(new java.io.StringReader(stdin)),
                new PrintWriter(out), new PrintWriter(err),
                Map.of("MARKAUTH_ROOT_KEYS", rootKey), home.resolve("user"), clock, transport);
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return MarkauthCli.run(env, all);
    }

    @Test
    void verifyOfflineNeedsATrustListThenSaysGenuineWithNames() {
        assertThat(run("verify", url)).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("no trust list cached").contains("trust-list update");

        assertThat(run("trust-list", "update", "--file", home.resolve("list-2.json").toString())).isZero();
        assertThat(out.toString()).contains("sequence 2 (updated)");
        assertThat(run("verify", "--lang", "en", url)).isEqualTo(ExitCodes.GENUINE);
        assertThat(out.toString()).contains("SIGNATURE_VALID").contains("Ceramic tile").contains("Lot 7").contains("checked offline");
    }

    @Test
    void exitCodesFollowTheWorstVerdictAndJsonIsOneObjectPerLine() throws Exception {
        run("trust-list", "update", "--file", home.resolve("list-2.json").toString());
        assertThat(run("verify", "not a mark")).isEqualTo(ExitCodes.INVALID);
        String forged = url.substring(0, url.length() - 2) + (url.endsWith("A") ? "BA" : "AA");
        assertThat(run("verify", url, forged, "HTTPS://EVIL.EXAMPLE/M/X")).isEqualTo(ExitCodes.COUNTERFEIT);

        assertThat(run("verify", "--json", url, "HTTPS://EVIL.EXAMPLE/M/X")).isEqualTo(ExitCodes.INVALID);
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertThat(first.get("code").asText()).isEqualTo("SIGNATURE_VALID");
        assertThat(first.get("productId").asLong()).isEqualTo(42);
        assertThat(first.get("algorithm").asText()).isEqualTo("SM2_SM3");
        assertThat(new ObjectMapper().readTree(lines[1]).get("details").get("host").asText()).isEqualTo("EVIL.EXAMPLE");
    }

    @Test
    void revokedKeyAndRollbackAndStaleness() {
        run("trust-list", "update", "--file", home.resolve("list-3-revoked.json").toString());
        assertThat(run("verify", url)).isEqualTo(ExitCodes.COUNTERFEIT);
        assertThat(out.toString()).contains("KEY_REVOKED");

        assertThat(run("trust-list", "update", "--file", home.resolve("list-2.json").toString())).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("rollback refused").contains("held sequence 3, offered 2");

        clock = Clock.fixed(TestKeys.T0.plusSeconds(30 * 86400), ZoneOffset.UTC);
        assertThat(run("trust-list", "show", "--lang", "en")).isZero();
        assertThat(out.toString()).contains("sequence 3").contains("STALE since 2026-01-08T00:00:00Z").contains("REVOKED since");
    }

    @Test
    void onlineVerifyUsesTheApiAndFallsBackWhenItIsDown() {
        run("trust-list", "update", "--file", home.resolve("list-2.json").toString());
        transport = req -> new Transport.Response(200, "application/json",
                "{\"code\":\"NOT_ACTIVATED\",\"category\":\"WARNING\",\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(run("verify", "--api", "https://markauth.cn/", url)).isEqualTo(ExitCodes.WARNING);
        assertThat(out.toString()).contains("NOT_ACTIVATED");

        transport = req -> {
            throw new java.net.ConnectException("connection refused");
        };
        assertThat(run("verify", "--api", "https://markauth.cn/", "--json", url)).isEqualTo(ExitCodes.GENUINE);
        assertThat(out.toString()).contains("\"source\":\"OFFLINE_FALLBACK\"").contains("connection refused");
    }

    @Test
    void dashReadsOneCodePerLineFromStandardInput() {
        run("trust-list", "update", "--file", home.resolve("list-2.json").toString());
        stdin = url + "\n\n" + url.toLowerCase() + "\n";
        assertThat(run("verify", "--json", "-")).isEqualTo(ExitCodes.GENUINE);
        assertThat(out.toString().strip().split("\n")).hasSize(2).allMatch(l -> l.contains("\"code\":\"SIGNATURE_VALID\""));
        stdin = url + "\nnot a mark\n";
        assertThat(run("verify", "-")).isEqualTo(ExitCodes.INVALID);
    }

    @Test
    void usageErrorsHaveTheirOwnExitCode() {
        assertThat(run("verify")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("no-such-command")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void scanVerifiesEveryCodeInAPhotoWithTheCachedTrustList() throws Exception {
        java.awt.image.BufferedImage qr = org.markauth.sdk.image.QrRenderer.create()
                .image(org.markauth.sdk.image.QrRenderer.create().modules(url), 4);
        Path photo = home.resolve("label.png");
        javax.imageio.ImageIO.write(qr, "png", photo.toFile());

        assertThat(run("scan", photo.toString())).as("read but not verified is not genuine").isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("not verified").contains("no trust list cached");

        run("trust-list", "update", "--file", home.resolve("list-2.json").toString());
        assertThat(run("scan", "--lang", "en", photo.toString())).isEqualTo(ExitCodes.GENUINE);
        assertThat(out.toString()).contains(url).contains("SIGNATURE_VALID");

        run("trust-list", "update", "--file", home.resolve("list-3-revoked.json").toString());
        assertThat(run("scan", "--json", photo.toString())).isEqualTo(ExitCodes.COUNTERFEIT);
        assertThat(new ObjectMapper().readTree(out.toString()).get(0).get("codes").get(0).get("verdict").asText())
                .isEqualTo("KEY_REVOKED");
    }

    @Test
    void receiptVerifyExitsZeroForAValidReceiptAndTwoForATamperedOne() throws Exception {
        org.markauth.sdk.crypto.RawSigner rootRaw = org.markauth.sdk.crypto.RawSigner.create(root.algorithm(), root.privateKey());
        MarkKeyPair key = TestKeys.keyPair(SignatureAlgorithm.ED25519, 43);
        var d = org.markauth.sdk.trust.Delegation.issue(rootRaw, org.markauth.sdk.trust.KeyUse.RECEIPT, SignatureAlgorithm.ED25519,
                key.publicKey(), TestKeys.T0, TestKeys.T0.plusSeconds(86400));
        var r = org.markauth.sdk.receipt.Receipts.sign(org.markauth.sdk.crypto.RawSigner.create(SignatureAlgorithm.ED25519,
                key.privateKey()), d, url, "GENUINE", TestKeys.T0.plusSeconds(30), "verify-1");
        java.nio.file.Files.writeString(home.resolve("receipt.json"), "{\"code\":\"GENUINE\",\"receipt\":" + r.toJson() + "}");
        assertThat(run("receipt", "verify", "--lang", "en", home.resolve("receipt.json").toString())).isZero();
        assertThat(out.toString()).contains("Receipt verified: verify-1 answered GENUINE");
        stdin = r.toJson().toString().replace("GENUINE", "CLONED");
        assertThat(run("receipt", "verify", "--json", "-")).isEqualTo(ExitCodes.COUNTERFEIT);
        assertThat(out.toString()).contains("\"verified\":false");
    }

    @Test
    void aCachedStatusListTurnsTheOfflineVerdictAndSaysItsAge() throws Exception {
        assertThat(run("trust-list", "update", "--file", home.resolve("list-2.json").toString())).isZero();
        org.markauth.sdk.crypto.RawSigner rootRaw = org.markauth.sdk.crypto.RawSigner.create(root.algorithm(), root.privateKey());
        MarkKeyPair key = TestKeys.keyPair(SignatureAlgorithm.ED25519, 44);
        var d = org.markauth.sdk.trust.Delegation.issue(rootRaw, org.markauth.sdk.trust.KeyUse.STATUS, SignatureAlgorithm.ED25519,
                key.publicKey(), TestKeys.T0, TestKeys.T0.plusSeconds(86400));
        var signer = new org.markauth.sdk.status.StatusListSigner(org.markauth.sdk.crypto.RawSigner.create(SignatureAlgorithm.ED25519,
                key.privateKey()), d);
        var list = new org.markauth.sdk.status.StatusList(1, TestKeys.T0, TestKeys.T0.plusSeconds(3600), java.util.List.of(
                new org.markauth.sdk.status.BatchStatus(issuer.keyId().value(), 42, 7, true, new long[0], new long[0], new long[0])));
        Files.write(home.resolve("status-1.bin"), signer.full(list));
        assertThat(run("status-list", "update", "--file", home.resolve("status-1.bin").toString(), "--lang", "en")).isZero();
        assertThat(out.toString()).contains("status list sequence 1 (updated)").contains("1 recalled");
        assertThat(run("verify", "--lang", "en", url)).isEqualTo(ExitCodes.WARNING);
        assertThat(out.toString()).contains("RECALLED").contains("Per status list 1 of 2026-01-01T00:00:00Z (60 s old)");
        // a tampered cache is refused, not trusted
        Path cache = home.resolve("status").resolve(org.markauth.sdk.status.StatusListStore.FILE_NAME);
        byte[] b = Files.readAllBytes(cache);
        b[80] ^= 1;
        Files.write(cache, b);
        assertThat(run("verify", url)).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("status list");
    }
}
