package org.markauth.sdk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.markauth.sdk.evidence.EvidenceReport;
import org.markauth.sdk.evidence.EvidenceVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code markauth evidence verify FILE}: checks an officer's evidence package (docs/mark-format.md
 * §15) against the pinned roots, printing every check. Exit 0 only when all pass; 2 when any fails
 * (the package does not prove its record: changed, incomplete, not a package); 10 when the file
 * cannot be read or no root is pinned.
 */
@Command(name = "evidence", mixinStandardHelpOptions = true, description = "Check officers' evidence packages.",
        subcommands = {EvidenceCommand.Verify.class})
final class EvidenceCommand {

    @ParentCommand
    MarkauthCli root;

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify an evidence package (the ZIP verify-api gives for an inspection) against the pinned programme roots: "
                    + "the server's and the device's signatures, the record's and every photo's SHA-256, no file added. "
                    + "Exit 0 when every check passes, 2 when one fails, 10 when the file cannot be read.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        EvidenceCommand parent;

        @Parameters(paramLabel = "FILE", description = "The evidence package (.zip).")
        Path file;

        @Override
        public Integer call() throws IOException {
            MarkauthCli root = parent.root;
            var roots = root.roots();
            boolean zh = "zh".equals(root.locale().getLanguage());
            EvidenceReport report;
            try (InputStream in = Files.newInputStream(file)) {
                report = EvidenceVerifier.verify(in, roots);
            } catch (NoSuchFileException e) {
                throw new MarkauthCli.CliException((zh ? "找不到文件 " : "no such file: ") + file);
            } catch (IOException e) {
                throw new MarkauthCli.CliException((zh ? "无法读取 " : "cannot read ") + file + ": " + e.getMessage());
            }
            if (root.json) {
                ObjectMapper m = new ObjectMapper();
                ObjectNode n = m.createObjectNode().put("file", file.toString()).put("verified", report.passed());
                if (report.evidence() != null) {
                    n.put("recordId", report.evidence().recordId())
                            .put("recordSha256", HexFormat.of().formatHex(report.evidence().recordSha256()));
                }
                var checks = n.putArray("checks");
                report.checks().forEach(c -> checks.addObject().put("name", c.name()).put("passed", c.passed())
                        .put("sentence", c.sentence()));
                root.env.out().println(n);
            } else {
                root.env.out().println((zh ? "证据包 " : "Evidence package ") + file);
                for (EvidenceReport.Check c : report.checks()) {
                    root.env.out().printf("  %-4s  %-16s  %s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.sentence());
                }
                long failed = report.failures().size();
                if (report.passed()) {
                    var e = report.evidence();
                    root.env.out().println(zh
                            ? "有效：检查记录 " + e.recordId() + "（检查员 " + e.device().officer() + "，设备 " + e.device().id()
                                    + "）由 " + e.instance() + " 于 " + e.receivedAt() + " 接收，未被改动。"
                            : "VERIFIED: record " + e.recordId() + " of officer " + e.device().officer() + " (device " + e.device().id()
                                    + "), received by " + e.instance() + " at " + e.receivedAt() + ", is unchanged.");
                } else {
                    root.env.out().println(zh ? "无效：" + report.checks().size() + " 项检查中 " + failed + " 项未通过，此证据包不能证明其记录。"
                            : "NOT VERIFIED: " + failed + " of " + report.checks().size()
                                    + " checks failed; this package does not prove its record.");
                }
            }
            root.env.out().flush();
            return report.passed() ? ExitCodes.GENUINE : ExitCodes.COUNTERFEIT;
        }
    }
}
