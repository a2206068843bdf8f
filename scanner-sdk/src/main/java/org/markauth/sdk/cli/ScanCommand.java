package org.markauth.sdk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.markauth.sdk.image.PhotoScanner;
import org.markauth.sdk.image.ScannedCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code markauth scan PHOTO...}: prints every QR code found in each photo, as text or JSON.
 *
 * <p>The command only reads codes. Whoever builds the CLI may pass a {@code check} function that
 * turns a code's text into a verdict (for example the SDK's offline verifier); its result's
 * {@code toString()} is printed beside the code, and under {@code "check"} in JSON. Without one the
 * command is a plain reader, which is also what it is when picocli instantiates it by reflection.
 *
 * <p>Exit codes: 0 when every photo had at least one code, 1 when some photo had none, 2 when some
 * photo could not be read at all (missing, not an image, over the size limits).
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Find every QR code in photos (PNG, JPEG) and print it.")
public final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PHOTO", description = "Image files to scan.")
    List<Path> photos;

    @Option(names = "--json", description = "Print one JSON document: an array with one object per photo.")
    boolean json;

    @Option(names = "--exhaustive", description = "Run every retry even after a code is found (photos of many codes).")
    boolean exhaustive;

    private final Function<String, ?> check;

    /** A plain reader. */
    public ScanCommand() {
        this.check = null;
    }

    /** A reader that also runs {@code check} on each code's text and prints the result. */
    public ScanCommand(Function<String, ?> check) {
        this.check = Objects.requireNonNull(check, "check");
    }

    @Override
    public Integer call() {
        PhotoScanner scanner = PhotoScanner.create(PhotoScanner.Options.defaults().withExhaustive(exhaustive));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode report = mapper.createArrayNode();
        int exit = 0;
        for (Path photo : photos) {
            ObjectNode entry = report.addObject().put("photo", photo.toString());
            List<ScannedCode> codes;
            try {
                codes = scanner.scan(photo);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                entry.put("error", e.getMessage());
                if (!json) {
                    err.println(photo + ": " + e.getMessage());
                }
                exit = 2;
                continue;
            }
            if (codes.isEmpty()) {
                exit = Math.max(exit, 1);
            }
            ArrayNode list = entry.putArray("codes");
            if (!json) {
                out.println(photo + ": " + codes.size() + (codes.size() == 1 ? " code" : " codes"));
            }
            for (ScannedCode code : codes) {
                Object verdict = check == null ? null : check.apply(code.text());
                ObjectNode node = list.addObject().put("text", code.text()).put("version", code.version())
                        .put("pass", code.pass().name());
                ArrayNode corners = node.putArray("corners");
                code.corners().forEach(p -> corners.addArray().add(round(p.x())).add(round(p.y())));
                if (verdict != null) {
                    node.put("check", verdict.toString());
                }
                if (!json) {
                    out.println("  " + code.text() + (verdict == null ? "" : "  " + verdict));
                }
            }
        }
        if (json) {
            try {
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot render the scan report as JSON", e);
            }
        }
        out.flush();
        return exit;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
