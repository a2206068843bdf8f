package org.markauth.verify.officer;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfwriter.ContentStreamWriter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.markauth.http.pdf.CjkText;
import org.markauth.sdk.evidence.EvidencePackage;
import org.markauth.sdk.evidence.InspectionRecord;

/**
 * The human rendering of an inspection for a case file ({@code evidence.pdf} in the evidence
 * package, docs/mark-format.md §15): record id and SHA-256, officer, device, times, place, the units
 * with their verdicts, seizures, notes, photo thumbnails with their SHA-256, and how to check the
 * package. It proves nothing by itself — the package's signatures do — so it says so.
 *
 * <p><b>Chinese text without shipping a font</b>, through service-http's {@link CjkText} (which
 * mark-issuer's certificate uses too): ASCII in Courier, every other character in Adobe's standard
 * CJK font STSong-Light, referenced and not embedded. A reader with no CJK font at all shows the
 * Chinese as blanks (the ASCII — ids, hashes, times, the verify command — still shows); the record
 * itself, in the package, is the evidence.
 *
 * <p>Pages are written as content-stream tokens ({@link ContentStreamWriter}). Thumbnails are
 * decoded with ImageIO (JPEG, PNG) and re-encoded at most {@value #THUMB_PIXELS} pixels wide; a
 * WebP or undecodable photo is shown as an empty box with its type.
 */
public final class EvidencePdf {

    static final int THUMB_PIXELS = 480;
    private static final float PAGE_W = PDRectangle.A4.getWidth();
    private static final float PAGE_H = PDRectangle.A4.getHeight();
    private static final float MARGIN = 48;
    private static final float BODY = 9;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private EvidencePdf() {
    }

    /**
     * Renders the case-file PDF of an inspection.
     *
     * @param recordSha256 lowercase hex of SHA-256 over the record's bytes (printed so the PDF names what it renders)
     */
    public static byte[] render(EvidencePackage.Inspection inspection, String recordSha256) {
        InspectionRecord r = inspection.parsed();
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Inspection record " + r.id());
            info.setSubject("markauth evidence package, record SHA-256 " + recordSha256);
            info.setProducer("markauth verify-api");
            Canvas c = new Canvas(doc, r.id());
            c.line("检查记录  Inspection record", 16);
            c.gap(4);
            c.field("记录编号 Record id", r.id());
            c.field("记录哈希 Record SHA-256", recordSha256);
            c.field("检查员 Officer", r.officer());
            c.field("设备 Device", inspection.device().id() + "  (registered " + TIME.format(inspection.device().registeredAt()) + ")");
            c.field("开始 Started", TIME.format(r.startedAt()));
            c.field("结束 Ended", TIME.format(r.endedAt()));
            c.field("接收 Received", TIME.format(inspection.receivedAt()) + "  by " + inspection.instance());
            c.field("地点 Place", r.place() == null ? "—" : r.place().label() + "  (geohash " + r.place().geohash() + ")");

            c.heading("检查的产品 Units checked (" + r.units().size() + ")");
            float[] cols = {0, 30, 200, 292, 340, 432};
            c.row(cols, "#", "扫码内容 Code", "结论 Verdict", "来源 Source", "时间 Checked at", "处理 Outcome");
            int i = 1;
            for (InspectionRecord.Unit u : r.units()) {
                c.row(cols, Integer.toString(i++), u.code(), u.verdict(), u.source(), TIME.format(u.checkedAt()).replace(" UTC", ""),
                        u.outcome());
            }

            c.heading("扣押 Seizures (" + r.seizures().size() + ")");
            float[] scols = {0, 60, 290};
            c.row(scols, "数量 Qty", "原因 Reason", "存放地点 Held at");
            for (InspectionRecord.Seizure s : r.seizures()) {
                c.row(scols, Long.toString(s.quantity()), s.reason(), s.heldAt());
            }

            c.heading("备注 Notes");
            c.paragraph(r.notes().isEmpty() ? "—" : r.notes());

            c.heading("照片 Photos (" + r.photos().size() + ")");
            if (!r.photos().isEmpty()) {
                c.paragraph("证据包中的文件 In the package as photos/<SHA-256>.<jpg|png|webp>");
                c.gap(4);
            }
            c.photos(r.photos(), inspection.photos());

            c.heading("如何核验 How to check");
            c.paragraph("本文件仅为记录的可读副本，证明力来自证据包中的签名。核验：markauth evidence verify <证据包文件>.zip");
            c.paragraph("This PDF is a rendering for the case file; the package's signatures are the proof. Check the package with: "
                    + "markauth evidence verify <package>.zip  (record SHA-256 " + recordSha256 + ")");
            c.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering the evidence PDF of record " + r.id() + " failed", e);
        }
    }

    /** A cursor over pages: text in two fonts, wrapped to the column, new pages as needed, a footer on each. */
    private static final class Canvas {
        private final PDDocument doc;
        private final String recordId;
        private final COSDictionary fonts = CjkText.fonts();
        private List<Object> tokens;
        private PDPage page;
        private float y;
        private int pages;

        Canvas(PDDocument doc, String recordId) throws IOException {
            this.doc = doc;
            this.recordId = recordId;
            newPage();
        }

        void line(String text, float size) throws IOException {
            need(size * 1.4f);
            y -= size * 1.4f;
            text(MARGIN, y, size, text);
        }

        void gap(float h) {
            y -= h;
        }

        void heading(String text) throws IOException {
            gap(8);
            need(40);
            line(text, 12);
            rule();
        }

        void field(String label, String value) throws IOException {
            float labelWidth = 150;
            List<String> lines = wrap(value, BODY, PAGE_W - 2 * MARGIN - labelWidth);
            need(BODY * 1.45f * lines.size());
            for (int i = 0; i < lines.size(); i++) {
                y -= BODY * 1.45f;
                if (i == 0) {
                    text(MARGIN, y, BODY, label);
                }
                text(MARGIN + labelWidth, y, BODY, lines.get(i));
            }
        }

        /** One table row: each cell wrapped to its column (x offsets from the margin; the last runs to the margin). */
        void row(float[] cols, String... cells) throws IOException {
            List<List<String>> wrapped = new ArrayList<>();
            int height = 1;
            for (int i = 0; i < cells.length; i++) {
                float w = (i + 1 < cols.length ? cols[i + 1] : PAGE_W - 2 * MARGIN) - cols[i] - 6;
                List<String> l = wrap(cells[i], BODY, w);
                wrapped.add(l);
                height = Math.max(height, l.size());
            }
            need(BODY * 1.35f * height + 3);
            float top = y;
            for (int i = 0; i < cells.length; i++) {
                float yy = top;
                for (String s : wrapped.get(i)) {
                    yy -= BODY * 1.35f;
                    text(MARGIN + cols[i], yy, BODY, s);
                }
            }
            y = top - BODY * 1.35f * height - 3;
        }

        void paragraph(String text) throws IOException {
            for (String para : text.split("\n", -1)) {
                for (String l : wrap(para, BODY, PAGE_W - 2 * MARGIN)) {
                    need(BODY * 1.45f);
                    y -= BODY * 1.45f;
                    text(MARGIN, y, BODY, l);
                }
            }
        }

        /** Thumbnails two to a row, each with its type, size and SHA-256 (the file is photos/<SHA-256>.<ext>). */
        void photos(List<InspectionRecord.Photo> listed, Map<String, EvidencePackage.Photo> photos) throws IOException {
            float cell = (PAGE_W - 2 * MARGIN) / 2;
            float boxW = cell - 12;
            float boxH = 150;
            float line = BODY * 1.45f;
            float top = y;
            for (int i = 0; i < listed.size(); i++) {
                InspectionRecord.Photo p = listed.get(i);
                int col = i % 2;
                if (col == 0) {
                    need(boxH + 3 * line + 10);
                    top = y;
                }
                float x = MARGIN + col * cell;
                EvidencePackage.Photo photo = photos.get(p.sha256());
                PDImageXObject image = photo == null ? null : thumbnail(doc, photo.bytes());
                if (image == null) {
                    rect(x, top - boxH, boxW, boxH, false);
                    text(x + 6, top - boxH / 2, BODY, "(" + p.type() + ": no preview)");
                } else {
                    float scale = Math.min(boxW / image.getWidth(), boxH / image.getHeight());
                    float w = image.getWidth() * scale;
                    float h = image.getHeight() * scale;
                    COSName name = page.getResources().add(image);
                    tokens.addAll(List.of(Operator.getOperator("q"), new COSFloat(w), COSInteger.ZERO, COSInteger.ZERO, new COSFloat(h),
                            new COSFloat(x), new COSFloat(top - h), Operator.getOperator("cm"), name, Operator.getOperator("Do"),
                            Operator.getOperator("Q")));
                }
                text(x, top - boxH - line, BODY, (i + 1) + ". " + p.type() + ", " + p.bytes() + " bytes, SHA-256");
                text(x, top - boxH - 2 * line, BODY, p.sha256().substring(0, 32));
                text(x, top - boxH - 3 * line, BODY, p.sha256().substring(32));
                if (col == 1 || i == listed.size() - 1) {
                    y = top - boxH - 3 * line - 10;
                }
            }
        }

        void finish() throws IOException {
            endPage();
        }

        private void rule() {
            y -= 3;
            rect(MARGIN, y, PAGE_W - 2 * MARGIN, 0.5f, true);
            y -= 2;
        }

        private void rect(float x, float yy, float w, float h, boolean fill) {
            CjkText.rect(tokens, x, yy, w, h, fill);
        }

        private void need(float h) throws IOException {
            if (y - h < MARGIN + 20) {
                endPage();
                newPage();
            }
        }

        private void newPage() {
            page = new PDPage(PDRectangle.A4);
            CjkText.useOn(page, fonts);
            doc.addPage(page);
            tokens = new ArrayList<>();
            y = PAGE_H - MARGIN;
            pages++;
        }

        private void endPage() throws IOException {
            text(MARGIN, MARGIN - 14, 7, "markauth 检查记录 record " + recordId + " · 第 " + pages + " 页 page " + pages
                    + " · markauth evidence verify");
            PDStream s = new PDStream(doc);
            try (OutputStream o = s.createOutputStream(COSName.FLATE_DECODE)) {
                new ContentStreamWriter(o).writeTokens(tokens);
            }
            page.setContents(s);
        }

        private void text(float x, float yy, float size, String text) {
            CjkText.text(tokens, x, yy, size, text);
        }
    }

    private static List<String> wrap(String text, float size, float max) {
        return CjkText.wrap(text, size, max);
    }

    /** A JPEG thumbnail of a JPEG or PNG photo, or {@code null} when ImageIO cannot read it (WebP, damaged). */
    private static PDImageXObject thumbnail(PDDocument doc, byte[] bytes) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (img == null || img.getWidth() == 0 || img.getHeight() == 0) {
            return null;
        }
        double scale = Math.min(1.0, (double) THUMB_PIXELS / Math.max(img.getWidth(), img.getHeight()));
        int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
        BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = thumb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(img, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return JPEGFactory.createFromImage(doc, thumb, 0.85f);
    }
}
