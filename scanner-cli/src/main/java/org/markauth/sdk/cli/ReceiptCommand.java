package org.markauth.sdk.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.markauth.sdk.receipt.Receipt;
import org.markauth.sdk.receipt.ReceiptException;
import org.markauth.sdk.receipt.Receipts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code markauth receipt verify FILE|-}: checks a verification receipt against the pinned roots. */
@Command(name = "receipt", mixinStandardHelpOptions = true, description = "Check signed verification receipts.",
        subcommands = {ReceiptCommand.Verify.class})
final class ReceiptCommand {

    @ParentCommand
    MarkauthCli root;

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a receipt (the 'receipt' member of a verdict, or the whole verdict JSON) against the pinned "
                    + "programme roots. Exit 0 when it verifies, 2 when it does not.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        ReceiptCommand parent;

        @Parameters(paramLabel = "FILE", description = "The receipt JSON file, or - for standard input.")
        String file;

        @Override
        public Integer call() throws IOException {
            MarkauthCli root = parent.root;
            String json = "-".equals(file) ? root.env.in().lines().reduce("", (a, b) -> a + b + "\n")
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            boolean zh = "zh".equals(root.locale().getLanguage());
            try {
                Receipt r = Receipts.verify(json, root.roots());
                if (root.json) {
                    root.env.out().println(r.toJson().put("verified", true));
                } else {
                    root.env.out().println((zh ? "回执有效：" : "Receipt verified: ") + r.instance()
                            + (zh ? " 于 " : " answered ") + r.verdict() + (zh ? " 时间 " : " at ") + r.time()
                            + (zh ? " 码 " : " for ") + r.code() + (zh ? "（密钥 " : " (key ") + r.delegation().keyId() + ")");
                }
                root.env.out().flush();
                return ExitCodes.GENUINE;
            } catch (ReceiptException e) {
                root.env.out().println(root.json ? "{\"verified\":false,\"error\":" + new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(e.getMessage()) + "}" : (zh ? "回执无效：" : "Receipt NOT valid: ") + e.getMessage());
                root.env.out().flush();
                return ExitCodes.COUNTERFEIT;
            }
        }
    }
}
