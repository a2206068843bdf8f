package org.markauth.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;
import org.markauth.access.Principal;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.station.Line;

/**
 * What the demo's manufacturer (FS-JINTAO) has on its line: a batch of tiles not yet activated, the
 * case and pallet labels to pack them under (marks of their own), a packing line over both with a
 * station key (docs/station.md), and the printer-native files of the main batch (ZPL for a label
 * printer, the CIJ coder's feed; docs/print-formats.md). The printout tells how to run the line from
 * the station page or the CLI and where the portal is (docs/portal.md).
 */
final class DemoManufacturer {

    /** Units of the line batch, none activated: the station activates them. */
    static final int LINE_UNITS = 40;
    /** Units per case on the demo line, and the labels printed for cases and pallets. */
    static final int PACK_SIZE = 10;
    static final int CASES_PER_PALLET = 4;
    static final int CASE_LABELS = 8;
    /** The key file the CLI station reads, beside the credentials (mode 600). */
    static final String STATION_KEY_FILE = "station.key";

    private final IssuerServices s;
    private final Principal maker = Principal.manufacturer("demo-jintao", DemoProgramme.LICENSEE_TILES);

    DemoManufacturer(IssuerServices s) {
        this.s = s;
    }

    /** First seed only: the line's batches, the line, its station key, and the print files of both kinds. */
    void seed(DemoState st, Batch main, Path dir, Path printDir) throws IOException {
        LocalDate made = main.productionDate();
        Batch units = order(main.productId(), LINE_UNITS, "2026-12-L03", made, "demo-line-units");
        Batch labels = order(main.productId(), CASE_LABELS, "2026-12-L03-CASE", made, "demo-line-cases");
        Line line = s.lines.create(maker, null, "3号线 包装（演示）", List.of(units.batchId(), labels.batchId()), PACK_SIZE,
                CASES_PER_PALLET);
        String token = s.lines.issueKey(maker, line.lineId(), "demo-seed").token();
        Path keyFile = dir.resolve(STATION_KEY_FILE);
        Files.writeString(keyFile, token + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        st.put("station.line", line.lineId());
        st.put("station.token", token);
        st.put("batch.line", Integer.toString(units.batchId()));
        st.put("batch.line.cases", Integer.toString(labels.batchId()));
        st.put("print.line", write(printDir.resolve("batch-" + units.batchId() + "-line-units.txt"), PrintFormat.TXT, units,
                LINE_UNITS).toString());
        st.put("print.line.cases", write(printDir.resolve("batch-" + labels.batchId() + "-case-labels.txt"), PrintFormat.TXT, labels,
                CASE_LABELS).toString());
        String base = "batch-" + main.batchId();
        st.put("print.zpl", write(printDir.resolve(base + "-labels-1-20.zpl"), PrintFormat.ZPL, main, 20).toString());
        st.put("print.cij", write(printDir.resolve(base + ".cij.csv"), PrintFormat.CIJ_CSV, main, DemoProgramme.MAIN_QUANTITY)
                .toString());
    }

    private Batch order(int product, int quantity, String lot, LocalDate made, String key) {
        Batch b = s.batches.order(maker, new BatchOrder(product, quantity, lot, made, null, "FS-LINE-3", key)).batch();
        s.batches.issue(b, null, (done, total) -> { });
        return s.batches.find(b.batchId());
    }

    /** A print file as the manufacturer downloads it: ZPL and CIJ follow the product's label template. */
    private Path write(Path file, PrintFormat format, Batch b, int to) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            format.write(s.batches, maker, b, 1, to, o, format.templated() ? s.labelTemplates.job(maker, b, 1, null, format) : null);
        }
        return file;
    }

    /** The printout's lines for manufacturers: the portal, the line station (page and CLI), the printer files. */
    static String summary(DemoState st, Path dir, String issuerBase) {
        if (st.find("station.line").isEmpty()) {
            return "Manufacturers: this demo was seeded before the line station existed; ops/run --reset seeds one\n\n";
        }
        return "Manufacturers (FS-JINTAO; docs/portal.md, docs/station.md, docs/print-formats.md):\n"
                + "  portal     " + issuerBase + "/portal/  (log in with the manufacturer token; Chinese, English by the switch):\n"
                + "             products and licences, batches and print downloads, activation progress, alerts and consumer\n"
                + "             reports about its own products, scan map, recall requests, API keys, line stations, webhooks\n"
                + "  portal applications  " + issuerBase + "/portal/applications  (file a certification application, upload evidence, withdraw;\n"
                + "             the licence CQM-FS-2023-0042 due for renewal in 25 days, its renewal filed; docs/certification.md)\n"
                + "  portal credit  " + issuerBase + "/portal/credit  (its quality-credit grade, why, what it blocks, how to improve; docs/credit.md)\n"
                + "  line station page  " + issuerBase + "/station/  station key " + st.get("station.token") + "\n"
                + "             (line " + st.get("station.line") + ": batch " + st.get("batch.line") + ", " + LINE_UNITS
                + " tiles not yet activated, and case/pallet labels batch " + st.get("batch.line.cases") + "; " + PACK_SIZE
                + " per case, " + CASES_PER_PALLET + " cases per pallet)\n"
                + "             codes to scan or type: " + st.get("print.line") + " (units), " + st.get("print.line.cases")
                + " (case labels)\n"
                + "             modes activate / pack / reject; DevTools → Network → Offline keeps it working: scans queue and are sent on return\n"
                + "  line station CLI   ops/issuer station --issuer " + issuerBase + " --key-file " + dir.resolve(STATION_KEY_FILE)
                + " --mode activate < " + st.get("print.line") + "\n"
                + "  label printer (ZPL, units 1-20)  " + st.get("print.zpl") + "\n"
                + "  inkjet/CIJ coder feed (CSV)      " + st.get("print.cij") + "\n"
                + "  webhooks: portal → Webhooks (this demo's issuer allows loopback receivers, e.g. http://127.0.0.1:9999/hook);"
                + " the regulator sees every event at " + issuerBase + "/console/notifications\n\n";
    }
}
