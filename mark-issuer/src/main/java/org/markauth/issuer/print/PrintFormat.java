package org.markauth.issuer.print;

import java.io.IOException;
import java.io.OutputStream;
import org.markauth.access.Principal;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.Batches;

/**
 * The print files a batch can be fetched as, by file name in the API ({@code batch.csv}, …;
 * docs/print-formats.md). ZPL and the CIJ feeds follow the product's label template
 * ({@link LabelTemplates}), through a {@link LabelJob}; the PDF sheet and the image ZIP its carrier.
 */
public enum PrintFormat {
    CSV("csv", "text/csv; charset=us-ascii"),
    TXT("txt", "text/plain; charset=us-ascii"),
    ZIP("zip", "application/zip"),
    PDF("pdf", "application/pdf"),
    /** ZPL II for Zebra-class label printers, one label per unit ({@link ZplLabels}). */
    ZPL("zpl", "application/zpl; charset=utf-8"),
    /** The CIJ/inkjet feed, fixed-width records ({@link CijFeed.Layout#FIXED}). */
    CIJ_TXT("cij.txt", "text/plain; charset=utf-8"),
    /** The CIJ/inkjet feed, delimited records ({@link CijFeed.Layout#DELIMITED}). */
    CIJ_CSV("cij.csv", "text/csv; charset=utf-8");

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

    /** The file name the API serves it under, {@code batch.zpl}. */
    public String fileName() {
        return "batch." + extension;
    }

    /**
     * Whether this format follows the product's label template (and so wants a {@link LabelJob}): ZPL
     * and the CIJ feeds for their layout, the PDF sheet and the image ZIP for the template's carrier.
     */
    public boolean templated() {
        return this == ZPL || this == CIJ_TXT || this == CIJ_CSV || this == PDF || this == ZIP;
    }

    /** {@code batch.csv} → CSV; anything else is a 400 naming the choices. */
    public static PrintFormat ofFileName(String name) {
        for (PrintFormat f : values()) {
            if (name.equals(f.fileName())) {
                return f;
            }
        }
        throw new IllegalArgumentException("print file must be batch.csv, batch.txt, batch.zip (PNG + SVG), batch.pdf, batch.zpl "
                + "(Zebra label printers), batch.cij.txt or batch.cij.csv (inkjet/CIJ coders), got '" + name + "'");
    }

    /** Refuses a range this format cannot produce in one file (a PDF sheet's label limit), before anything is logged or sent. */
    public void checkRange(Batch batch, int from, int to) {
        int last = Math.min(to, batch.quantity());
        if (this == PDF && (long) last - from + 1 > LabelSheet.MAX_LABELS) {
            throw new IllegalArgumentException("a PDF sheet holds at most " + LabelSheet.MAX_LABELS
                    + " labels; ask for a range, e.g. ?from=" + from + "&to=" + (from + LabelSheet.MAX_LABELS - 1));
        }
    }

    /**
     * Streams units {@code from..to} of the batch in this format to {@code out}; ZPL and CIJ with
     * the default template and no product text ({@link LabelJob#standard}) — callers that have a
     * {@link LabelTemplates} pass its {@link LabelTemplates#job} to the overload below.
     */
    public void write(Batches batches, Principal p, Batch batch, int from, int to, OutputStream out) throws IOException {
        write(batches, p, batch, from, to, out, templated() ? LabelJob.standard(batch) : null);
    }

    /** Streams units {@code from..to} of the batch in this format to {@code out}; {@code job} is needed by the templated formats only. */
    public void write(Batches batches, Principal p, Batch batch, int from, int to, OutputStream out, LabelJob job) throws IOException {
        if (templated() && job == null) {
            throw new IllegalArgumentException(name() + " needs the product's label template (LabelTemplates.job)");
        }
        switch (this) {
            case CSV, TXT -> {
                CsvWorkOrder w = new CsvWorkOrder(out, this == CSV ? CsvWorkOrder.Format.CSV : CsvWorkOrder.Format.TXT);
                batches.print(p, batch.batchId(), from, to, w);
                w.flush();
            }
            case ZIP -> {
                ImageZip z = new ImageZip(out, 8, job.template().carrier());
                batches.print(p, batch.batchId(), from, to, z);
                z.close();
            }
            case PDF -> {
                checkRange(batch, from, to);
                LabelSheet sheet = new LabelSheet(out, LabelSheet.Layout.a4(), job.template().carrier());
                batches.print(p, batch.batchId(), from, to, sheet);
                sheet.close();
            }
            case ZPL -> {
                ZplLabels z = new ZplLabels(out, job);
                batches.print(p, batch.batchId(), from, to, z);
                z.flush();
            }
            case CIJ_TXT, CIJ_CSV -> {
                CijFeed f = new CijFeed(out, job, this == CIJ_TXT ? CijFeed.Layout.FIXED : CijFeed.Layout.DELIMITED);
                batches.print(p, batch.batchId(), from, to, f);
                f.flush();
            }
        }
    }
}
