package org.markauth.issuer.print;

import java.io.IOException;
import java.io.OutputStream;
import org.markauth.access.Principal;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.Batches;

/** The print files a batch can be fetched as, by file name in the API ({@code batch.csv}, …). */
public enum PrintFormat {
    CSV("csv", "text/csv; charset=us-ascii"),
    TXT("txt", "text/plain; charset=us-ascii"),
    ZIP("zip", "application/zip"),
    PDF("pdf", "application/pdf");

    private final String extension;
    private final String contentType;

    PrintFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** {@code batch.csv} → CSV; anything else is a 400 naming the choices. */
    public static PrintFormat ofFileName(String name) {
        for (PrintFormat f : values()) {
            if (name.equals("batch." + f.extension)) {
                return f;
            }
        }
        throw new IllegalArgumentException("print file must be batch.csv, batch.txt, batch.zip (PNG + SVG) or batch.pdf, got '" + name + "'");
    }

    /** Refuses a range this format cannot produce in one file (a PDF sheet's label limit), before anything is logged or sent. */
    public void checkRange(Batch batch, int from, int to) {
        int last = Math.min(to, batch.quantity());
        if (this == PDF && (long) last - from + 1 > LabelSheet.MAX_LABELS) {
            throw new IllegalArgumentException("a PDF sheet holds at most " + LabelSheet.MAX_LABELS
                    + " labels; ask for a range, e.g. ?from=" + from + "&to=" + (from + LabelSheet.MAX_LABELS - 1));
        }
    }

    /** Streams units {@code from..to} of the batch in this format to {@code out}. */
    public void write(Batches batches, Principal p, Batch batch, int from, int to, OutputStream out) throws IOException {
        switch (this) {
            case CSV, TXT -> {
                CsvWorkOrder w = new CsvWorkOrder(out, this == CSV ? CsvWorkOrder.Format.CSV : CsvWorkOrder.Format.TXT);
                batches.print(p, batch.batchId(), from, to, w);
                w.flush();
            }
            case ZIP -> {
                ImageZip z = new ImageZip(out, 8);
                batches.print(p, batch.batchId(), from, to, z);
                z.close();
            }
            case PDF -> {
                checkRange(batch, from, to);
                LabelSheet sheet = new LabelSheet(out, LabelSheet.Layout.a4());
                batches.print(p, batch.batchId(), from, to, sheet);
                sheet.close();
            }
        }
    }
}
