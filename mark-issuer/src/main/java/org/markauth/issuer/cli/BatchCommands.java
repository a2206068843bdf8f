package org.markauth.issuer.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.batch.JobStatus;
import org.markauth.issuer.print.CsvWorkOrder;
import org.markauth.issuer.print.LabelJob;
import org.markauth.issuer.print.PrintFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code issuer batch …} and {@code issuer expire-unused}: order, issue, print, activate, void and recall marks. */
@Command(name = "batch", description = "order, issue, print, activate and void marks",
        subcommands = {BatchCommands.Order.class, BatchCommands.Resume.class, BatchCommands.Status.class, BatchCommands.Print.class,
                BatchCommands.Activate.class, BatchCommands.VoidUnits.class, BatchCommands.Recall.class})
final class BatchCommands {

    /** Issues with a progress bar on stderr, writing the work order if asked. */
    static void issue(IssuerServices s, Batch b, Path csv, PrintWriter err) throws IOException {
        long t0 = System.nanoTime();
        Batches.ProgressListener bar = (done, total) -> {
            double secs = (System.nanoTime() - t0) / 1e9;
            int width = 30;
            int filled = (int) ((long) done * width / total);
            err.printf("\r[%s%s] %3d%% %d/%d %.0f marks/s", "#".repeat(filled), ".".repeat(width - filled),
                    (long) done * 100 / total, done, total, done / Math.max(secs, 1e-3));
            err.flush();
        };
        if (csv == null) {
            s.jobs.issueHere(b, null, bar);
        } else {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 16);
                 CsvWorkOrder w = new CsvWorkOrder(o, csv.toString().endsWith(".txt") ? CsvWorkOrder.Format.TXT : CsvWorkOrder.Format.CSV)) {
                s.jobs.issueHere(b, w, bar);
            }
        }
        err.println();
    }

    @Command(name = "order", description = "order a batch and issue it now (inactive marks), writing the work order")
    static final class Order extends IssuerCommand {
        @Option(names = "--product", required = true) int product;
        @Option(names = "--quantity", required = true) int quantity;
        @Option(names = "--lot", required = true) String lot;
        @Option(names = "--production-date", required = true) LocalDate productionDate;
        @Option(names = "--expiry-date") LocalDate expiryDate;
        @Option(names = "--line", required = true) String line;
        @Option(names = "--idempotency-key", required = true) String key;
        @Option(names = "--out", description = "work order file (.csv or .txt) written while issuing") Path out;

        @Override
        Integer run(Issuer issuer, IssuerServices s) throws Exception {
            Batches.Ordered o = s.jobs.order(principal(), new BatchOrder(product, quantity, lot, productionDate, expiryDate,
                    line, key));
            out().println((o.created() ? "batch " : "existing batch ") + o.batch().batchId() + " (" + o.batch().state() + ")");
            out().flush();
            issue(s, o.batch(), out, spec.commandLine().getErr());
            Batch issued = s.batches.find(o.batch().batchId());
            if (out != null) {     // the work order is a print file: counted and audited like any download
                s.prints.record(principal(), "cli", issued, 1, issued.quantity(),
                        out.toString().endsWith(".txt") ? PrintFormat.TXT : PrintFormat.CSV);
            }
            out().println("batch " + o.batch().batchId() + " " + issued.state());
            return 0;
        }
    }

    @Command(name = "resume", description = "resume an interrupted issuance from its last persisted chunk")
    static final class Resume extends IssuerCommand {
        @Parameters(index = "0") int batchId;

        @Override
        Integer run(Issuer issuer, IssuerServices s) throws Exception {
            issue(s, s.batches.get(principal(), batchId), null, spec.commandLine().getErr());
            out().println("batch " + batchId + " " + s.batches.find(batchId).state());
            return 0;
        }
    }

    @Command(name = "status", description = "a batch and its job's done/total")
    static final class Status extends IssuerCommand {
        @Parameters(index = "0") int batchId;

        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            JobStatus j = s.batches.status(principal(), batchId);
            out().println(s.batches.get(principal(), batchId));
            out().println("job " + j.state() + " " + j.done() + "/" + j.total() + (j.error() == null ? "" : " " + j.error()));
            return 0;
        }
    }

    @Command(name = "print", description = "write a print file again: CSV, TXT, ZIP (PNG+SVG), PDF, ZPL (label printers), "
            + "CIJ_TXT or CIJ_CSV (inkjet/CIJ coders; ZPL and CIJ follow the product's label template)")
    static final class Print extends IssuerCommand {
        @Parameters(index = "0") int batchId;
        @Option(names = "--format", required = true, description = "one of ${COMPLETION-CANDIDATES}") PrintFormat format;
        @Option(names = "--dpi", description = "ZPL: the printer's resolution, 203, 300 or 600 (default: the label template's)")
        Integer dpi;
        @Option(names = "--out", required = true) Path out;
        @Option(names = "--from") int from = 1;
        @Option(names = "--to") int to = Integer.MAX_VALUE;

        @Override
        Integer run(Issuer issuer, IssuerServices s) throws Exception {
            Batch b = s.batches.printable(principal(), batchId);
            LabelJob job = format.templated() ? s.labelTemplates.job(principal(), b, from, dpi, format) : null;
            s.prints.record(principal(), "cli", b, from, to, format);   // the operator's prints are counted and audited too
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                format.write(s.batches, principal(), b, from, to, o, job);
            }
            out().println("wrote " + out);
            return 0;
        }
    }

    @Command(name = "recall", description = "recall a batch: its units verify as RECALLED with the notice")
    static final class Recall extends IssuerCommand {
        @Parameters(index = "0") int batchId;
        @Option(names = "--reason", required = true) String reason;
        @Option(names = "--notice", description = "what a consumer who scans a unit should do") String notice;

        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            out().println("recall " + s.recalls.recallBatch(principal(), batchId, reason, notice).recallId() + " of batch " + batchId);
            return 0;
        }
    }

    abstract static class UnitsCommand extends IssuerCommand {
        @Parameters(index = "0") int batchId;
        @Option(names = "--first") Integer first;
        @Option(names = "--last") Integer last;
        @Option(names = "--serials-file", description = "one 16-hex-digit serial per line") Path serials;

        Integer apply(IssuerServices s, boolean activate) throws IOException {
            if (serials != null) {
                List<String> list = Files.readAllLines(serials).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
                int n = activate ? s.activation.activateList(principal(), batchId, list) : s.activation.voidList(principal(), batchId, list);
                out().println(n + " unit(s) " + (activate ? "activated" : "voided"));
            } else {
                if (first == null || last == null) {
                    throw new IllegalArgumentException("give --first and --last, or --serials-file");
                }
                var r = activate ? s.activation.activateRange(principal(), batchId, first, last)
                        : s.activation.voidRange(principal(), batchId, first, last);
                out().println(r.action() + " " + r.firstSeq() + ".." + r.lastSeq() + " at " + r.at());
            }
            return 0;
        }
    }

    @Command(name = "activate", description = "activate what the line printed: --first/--last or --serials-file")
    static final class Activate extends UnitsCommand {
        @Override
        Integer run(Issuer issuer, IssuerServices s) throws IOException {
            return apply(s, true);
        }
    }

    @Command(name = "void", description = "void spoiled or unused marks: --first/--last or --serials-file")
    static final class VoidUnits extends UnitsCommand {
        @Override
        Integer run(Issuer issuer, IssuerServices s) throws IOException {
            return apply(s, false);
        }
    }

    @Command(name = "expire-unused", description = "void never-activated marks past issuer.unused-expiry (what serve runs hourly)")
    static final class ExpireUnused extends IssuerCommand {
        @Override
        Integer run(Issuer issuer, IssuerServices s) {
            out().println(s.activation.expireUnused() + " batch(es) swept");
            return 0;
        }
    }
}
