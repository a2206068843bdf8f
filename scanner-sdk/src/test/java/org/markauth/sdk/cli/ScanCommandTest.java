package org.markauth.sdk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.image.QrRenderer;
import picocli.CommandLine;

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

    private static Run run(ScanCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsEveryCodeOfEveryPhoto() throws Exception {
        Path two = photoWithCodes("two.png", A, B);
        Path none = photoWithCodes("none.png");
        Run run = run(new ScanCommand(), two.toString(), none.toString());
        assertThat(run.out()).contains("two.png: 2 codes", A, B, "none.png: 0 codes");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void jsonListsCodesWithCornersAndTheCheckHookResult() throws Exception {
        Path photo = photoWithCodes("one.png", A);
        Run run = run(new ScanCommand(text -> "checked:" + text.length()), "--json", photo.toString());
        assertThat(run.exit()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode code = report.get(0).get("codes").get(0);
        assertThat(code.get("text").asText()).isEqualTo(A);
        assertThat(code.get("check").asText()).isEqualTo("checked:" + A.length());
        assertThat(code.get("corners")).hasSize(4);
        assertThat(code.get("version").asInt()).isBetween(1, 40);
    }

    @Test
    void unreadableFilesAreReportedWithExitCode2() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.jpg"), "not an image");
        Run run = run(new ScanCommand(), junk.toString(), dir.resolve("missing.png").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("junk.jpg", "not an image format", "missing.png");
    }
}
