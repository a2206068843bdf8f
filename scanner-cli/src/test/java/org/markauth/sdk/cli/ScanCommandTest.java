package org.markauth.sdk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.image.QrRenderer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ScanCommandTest {

    private static final String A = "HTTPS://V.MARKAUTH.CN/M/AAAABBBBCCCCDDDD2345";
    private static final String B = "HTTPS://V.MARKAUTH.CN/M/ZZZZYYYYXXXX7777";

    @TempDir
    Path dir;

    private Path photoWithCodes(String name, String... texts) throws Exception {
        QrRenderer renderer = QrRenderer.create();
        BufferedImage photo = new BufferedImage(800, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(90, 110, 130));
        g.fillRect(0, 0, 800, 400);
        for (int i = 0; i < texts.length; i++) {
            g.drawImage(renderer.image(renderer.modules(texts[i]), 5), 40 + i * 380, 40, null);
        }
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(photo, "png", file.toFile());
        return file;
    }

    private record Run(int exit, String out, String err) { }

    /** Runs {@code markauth --home <empty dir> scan ARGS}: no trust list, so codes are read, not verified. */
    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(new java.io.BufferedReader(new java.io.StringReader("")),
                new PrintWriter(out), new PrintWriter(err), java.util.Map.of(), dir.resolve("user"),
                java.time.Clock.systemUTC(), req -> {
                    throw new java.net.ConnectException("offline in this test");
                });
        String[] all = new String[args.length + 3];
        all[0] = "--home";
        all[1] = dir.resolve("home").toString();
        all[2] = "scan";
        System.arraycopy(args, 0, all, 3, args.length);
        int exit = MarkauthCli.run(env, all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsEveryCodeOfEveryPhoto() throws Exception {
        Path two = photoWithCodes("two.png", A, B);
        Path none = photoWithCodes("none.png");
        Run run = run("--no-verify", two.toString(), none.toString());
        assertThat(run.out()).contains("two.png: 2 codes", A, B, "none.png: 0 codes");
        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
    }

    @Test
    void jsonListsCodesWithCorners() throws Exception {
        Path photo = photoWithCodes("one.png", A);
        Run run = run("--json", photo.toString());
        assertThat(run.exit()).as("no root key pinned: the code is read, not verified").isEqualTo(ExitCodes.ERROR);
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode code = report.get(0).get("codes").get(0);
        assertThat(code.get("text").asText()).isEqualTo(A);
        assertThat(code.has("verdict")).isFalse();
        assertThat(run.err()).contains("not verified");
        assertThat(code.get("corners")).hasSize(4);
        assertThat(code.get("version").asInt()).isBetween(1, 40);
    }

    @Test
    void withoutAPinnedRootKeyACodeFoundExitsTenNotZero() throws Exception {
        Path photo = photoWithCodes("one.png", A);
        Run run = run(photo.toString());
        assertThat(run.out()).contains(A);
        assertThat(run.err()).contains("not verified", "no programme root key pinned");
        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void withAPinnedRootKeyButNoTrustListExitsTen() throws Exception {
        Path photo = photoWithCodes("one.png", A);
        String root = "ED25519:" + java.util.HexFormat.of().formatHex(
                org.markauth.sdk.TestKeys.keyPair(org.markauth.sdk.crypto.SignatureAlgorithm.ED25519, 1000).publicKey());
        Run run = run("--root-key", root, photo.toString());
        assertThat(run.err()).contains("not verified", "no trust list cached");
        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void noVerifyOnlyReadsAndExitsZero() throws Exception {
        Path photo = photoWithCodes("one.png", A);
        Run run = run("--no-verify", photo.toString());
        assertThat(run.out()).contains(A);
        assertThat(run.exit()).isZero();
    }

    @Test
    void unreadableFilesAreReportedAsErrors() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.jpg"), "not an image");
        Run run = run(junk.toString(), dir.resolve("missing.png").toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("junk.jpg", "not an image format", "missing.png");
    }
}
