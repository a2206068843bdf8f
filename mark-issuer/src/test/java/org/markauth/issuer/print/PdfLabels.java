package org.markauth.issuer.print;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/** A PDF label sheet rasterised as a printer would (PDFBox, grey, at a dpi) and cut into its label cells. */
final class PdfLabels {
    private PdfLabels() {
    }

    /** The first {@code n} labels of the sheet (row by row, page by page), each its whole cell, at {@code dpi}. */
    static List<BufferedImage> cells(byte[] pdf, int n, int dpi) throws Exception {
        LabelSheet.Layout l = LabelSheet.Layout.a4();
        double px = dpi / 25.4;
        List<BufferedImage> out = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFRenderer r = new PDFRenderer(doc);
            int perPage = l.columns() * l.rows();
            for (int page = 0; out.size() < n && page < doc.getNumberOfPages(); page++) {
                BufferedImage img = r.renderImageWithDPI(page, dpi, ImageType.GRAY);
                for (int i = 0; i < perPage && out.size() < n; i++) {
                    int col = i % l.columns(), row = i / l.columns();
                    int x = (int) Math.round((l.margin() + col * l.labelWidth()) * px);
                    int y = (int) Math.round((l.margin() + row * l.labelHeight()) * px);
                    int w = (int) Math.floor(l.labelWidth() * px), h = (int) Math.floor(l.labelHeight() * px);
                    BufferedImage cell = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                    cell.getGraphics().drawImage(img.getSubimage(x, y, Math.min(w, img.getWidth() - x), Math.min(h, img.getHeight() - y)), 0, 0, null);
                    out.add(cell);
                }
            }
        }
        return out;
    }
}
