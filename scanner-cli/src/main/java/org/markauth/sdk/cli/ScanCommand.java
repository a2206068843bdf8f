package org.markauth.sdk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.markauth.sdk.image.PhotoScanner;
import org.markauth.sdk.image.ScannedCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import org.markauth.sdk.SdkException;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.Verdict;
import java.util.Locale;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code markauth scan PHOTO...}: prints every QR code (and the Data Matrix of a small pack) found in each photo, as text or JSON.
 *
 * <p>Under {@code markauth}, every code found is verified offline against the cached trust list
 * (unless {@code --no-verify}, or when no trust list is cached, which is said on stderr) and its
 * verdict printed beside it, and under {@code "verdict"} and {@code "check"} in JSON ({@code --json},
 * the root command's option).
 *
 * <p>Exit codes ({@link ExitCodes}): the worst verdict of the codes found (0 genuine, 2 counterfeit,
 * 3 not a mark, 4 warning); 3 as well when a photo holds no QR code; 10 when a photo could not be
 * read at all (missing, not an image, over the size limits) and when the codes could not be verified
 * (no root key pinned, no trust list cached, a refused cache): 0 must never mean "read but unchecked".
 * With {@code --no-verify} only reading is asked for, so codes found give 0.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Find every QR code and Data Matrix in photos (PNG, JPEG) and print it.")
public final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PHOTO", description = "Image files to scan.")
    List<Path> photos;

    @Option(names = "--exhaustive", description = "Run every retry even after a code is found (photos of many codes).")
    boolean exhaustive;

    @Option(names = "--no-verify", description = "Only read the codes; do not verify them against the cached trust list.")
    boolean noVerify;

    @ParentCommand
    MarkauthCli parent;


    /** The parent CLI's offline verifier when a trust list is cached, else nothing (codes only). */
    private Function<String, Verdict> verifier(PrintWriter err) {
        if (noVerify) {
            return null;
        }
        try {
            OfflineVerifier verifier = parent.offlineVerifier();
            return verifier::verify;
        } catch (SdkException e) {
            err.println("markauth scan: codes are read but not verified: " + e.getMessage());
            return null;
        }
    }

    @Override
    public Integer call() {
        PrintWriter errOut = spec.commandLine().getErr();
        Function<String, Verdict> check = verifier(errOut);
        boolean unverified = check == null && !noVerify;
        Locale locale = parent.locale();
        boolean json = parent.json;
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
                exit = ExitCodes.worse(exit, ExitCodes.ERROR);
                continue;
            }
            if (codes.isEmpty()) {
                exit = ExitCodes.worse(exit, ExitCodes.INVALID);
            }
            ArrayNode list = entry.putArray("codes");
            if (!json) {
                out.println(photo + ": " + codes.size() + (codes.size() == 1 ? " code" : " codes"));
            }
            for (ScannedCode code : codes) {
                Verdict verdict = check == null ? null : check.apply(code.text());
                if (unverified) {
                    exit = ExitCodes.worse(exit, ExitCodes.ERROR);
                }
                ObjectNode node = list.addObject().put("text", code.text()).put("symbology", code.symbology().name()).put("version", code.version())
                        .put("pass", code.pass().name());
                ArrayNode corners = node.putArray("corners");
                code.corners().forEach(p -> corners.addArray().add(round(p.x())).add(round(p.y())));
                String shown = null;
                if (verdict != null) {
                    exit = ExitCodes.worse(exit, verdict.code().category().exitCode());
                    shown = verdict.code().name() + " " + verdict.message(locale);
                    node.put("verdict", verdict.code().name()).put("check", shown);
                }
                if (!json) {
                    out.println("  " + code.text() + (shown == null ? "" : "  " + shown));
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
