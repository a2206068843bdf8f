package org.markauth.sdk.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.markauth.sdk.client.OnlineResult;
import org.markauth.sdk.client.VerifyClient;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code markauth verify <code-or-url>...}: online when an API is configured, else offline. The
 * argument {@code -} reads one code per line from standard input and answers each as it arrives, for
 * scripts and for hand-held QR readers that type what they scan (keyboard wedge).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify mark URLs or bare codes. Online (with offline fallback) when --api is set, else offline.")
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    MarkauthCli root;

    @Parameters(arity = "1..*", paramLabel = "CODE-OR-URL",
            description = "Scanned mark URLs or 136-character codes; - reads one per line from standard input.")
    List<String> inputs;

    @Option(names = "--offline", description = "Never use the network, even if an API is configured.")
    boolean offline;

    @Override
    public Integer call() throws IOException {
        OfflineVerifier verifier = root.offlineVerifier();
        VerdictPrinter printer = root.printer();
        VerifyClient client = offline || root.api().isEmpty() ? null
                : VerifyClient.create(root.env.transport(), VerifyClient.Options.defaults(root.api().get())
                        .withLocale(root.locale()), verifier);
        List<Verdict> verdicts = new ArrayList<>();
        for (String input : inputs) {
            if (!"-".equals(input)) {
                verdicts.add(verifyOne(input, verifier, client, printer));
                continue;
            }
            for (String line = root.env.in().readLine(); line != null; line = root.env.in().readLine()) {
                if (!line.isBlank()) {
                    verdicts.add(verifyOne(line, verifier, client, printer));
                }
            }
        }
        return ExitCodes.of(verdicts);
    }

    private static Verdict verifyOne(String input, OfflineVerifier verifier, VerifyClient client, VerdictPrinter printer) {
        if (client == null) {
            Verdict v = verifier.verify(input);
            printer.print(input, v, "OFFLINE", null);
            return v;
        }
        OnlineResult r = client.verify(input);
        printer.print(input, r.verdict(), r.source().name(), r.failure());
        return r.verdict();
    }
}
