package org.markauth.issuer.print;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.markauth.issuer.batch.ChunkSink;
import org.markauth.issuer.batch.MarkChunk;
import org.markauth.sdk.image.ModuleGrid;
import org.markauth.sdk.mark.Serial;

/**
 * A PDF sheet of labels: a grid of QR codes (or Data Matrix symbols, {@link Carrier}), each with its human-readable code beside it (the
 * serial in base32, the form GS1 AI 21 uses, and the sequence number). QR modules are drawn as
 * filled vector rectangles, one per horizontal run of dark modules (from the SDK's module grid),
 * so the code stays crisp at any printer resolution.
 *
 * <p>Memory: PDFBox keeps page content streams in a temporary-file cache
 * ({@link IOUtils#createTempFileOnlyStreamCache()}), so only page dictionaries stay on the heap;
 * the document is written when {@link #close()} is called. Large batches print in parts
 * ({@link #MAX_LABELS} labels per file, chosen by sequence range).
 */
public final class LabelSheet implements ChunkSink, AutoCloseable {

    /** Labels per PDF file; print larger batches in several ranges. */
    public static final int MAX_LABELS = 50_000;
    private static final float MM = 72f / 25.4f;

    /**
     * Layout in millimetres: page size, margins, label cell size and the QR's side (quiet zone
     * included). Labels fill the page row by row.
     */
    public record Layout(float pageWidth, float pageHeight, float margin, float labelWidth, float labelHeight, float qrSize) {
        public Layout {
            if (qrSize <= 0 || qrSize > labelHeight || qrSize > labelWidth) {
                throw new IllegalArgumentException("qrSize (" + qrSize + " mm) must fit in the label (" + labelWidth + " x "
                        + labelHeight + " mm)");
            }
            if (columns(pageWidth, margin, labelWidth) < 1 || columns(pageHeight, margin, labelHeight) < 1) {
                throw new IllegalArgumentException("a " + labelWidth + " x " + labelHeight + " mm label does not fit on a "
                        + pageWidth + " x " + pageHeight + " mm page with " + margin + " mm margins");
            }
        }

        /** A4, 7 mm margins, 63.5 x 29.6 mm labels (3 x 9 = 27 per sheet, a common label stock), 22 mm codes. */
        public static Layout a4() {
            return new Layout(210, 297, 7, 63.5f, 29.6f, 22);
        }

        int columns() {
            return columns(pageWidth, margin, labelWidth);
        }

        int rows() {
            return columns(pageHeight, margin, labelHeight);
        }

        private static int columns(float page, float margin, float label) {
            return (int) Math.floor((page - 2 * margin) / label);
        }
    }

    private final OutputStream out;
    private final Layout layout;
    private final PDDocument doc;
    private final PDType1Font font = new PDType1Font(Standard14Fonts.FontName.COURIER);
    private final Carrier carrier;
    private PDPageContentStream page;
    private int onPage;
    private int labels;

    public LabelSheet(OutputStream out, Layout layout) {
        this(out, layout, Carrier.QR);
    }

    /** A sheet whose labels carry the mark in {@code carrier} (the product's label template's). */
    public LabelSheet(OutputStream out, Layout layout, Carrier carrier) {
        this.out = out;
        this.layout = layout;
        this.carrier = carrier;
        this.doc = new PDDocument(IOUtils.createTempFileOnlyStreamCache());
    }

    @Override
    public void accept(MarkChunk c) throws IOException {
        if (c.codes() == null) {
            throw new IllegalStateException("the run was started without codes; a label sheet needs them");
        }
        for (int i = 0; i < c.size(); i++) {
            if (++labels > MAX_LABELS) {
                throw new IllegalArgumentException("a PDF sheet holds at most " + MAX_LABELS + " labels; print seq ranges of that size");
            }
            label(c.firstSeq() + i, c.serials()[i], c.codes()[i]);
        }
    }

    private void label(int seq, long serial, String code) throws IOException {
        int perPage = layout.columns() * layout.rows();
        if (page == null || onPage == perPage) {
            if (page != null) {
                page.close();
            }
            PDPage p = new PDPage(new PDRectangle(layout.pageWidth() * MM, layout.pageHeight() * MM));
            doc.addPage(p);
            page = new PDPageContentStream(doc, p);
            onPage = 0;
        }
        int col = onPage % layout.columns();
        int row = onPage / layout.columns();
        onPage++;
        float x0 = (layout.margin() + col * layout.labelWidth()) * MM;
        float top = (layout.pageHeight() - layout.margin() - row * layout.labelHeight()) * MM;
        float qrSide = layout.qrSize() * MM;
        float y0 = top - (layout.labelHeight() * MM + qrSide) / 2;   // centred vertically in the cell
        ModuleGrid m = carrier.grid(code);
        float module = qrSide / m.sizeWithQuietZone();
        float originX = x0 + m.quietZone() * module;
        float originY = y0 + qrSide - m.quietZone() * module;   // PDF y grows upwards, QR rows downwards
        m.forEachDarkRun((x, y, len) -> {
            try {
                page.addRect(originX + x * module, originY - (y + 1) * module, len * module, module);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        page.fill();
        float textX = x0 + qrSide + 1.5f * MM;
        float fontSize = 7f;
        String b32 = new Serial(serial).toBase32();
        page.beginText();
        page.setFont(font, fontSize);
        page.newLineAtOffset(textX, y0 + qrSide - fontSize);
        page.showText(b32.substring(0, 7));
        page.newLineAtOffset(0, -fontSize * 1.2f);
        page.showText(b32.substring(7));
        page.newLineAtOffset(0, -fontSize * 1.6f);
        page.showText("#" + seq);
        page.endText();
    }

    @Override
    public void close() throws IOException {
        if (page != null) {
            page.close();
        }
        try {
            doc.save(out);
        } finally {
            doc.close();
        }
    }
}
