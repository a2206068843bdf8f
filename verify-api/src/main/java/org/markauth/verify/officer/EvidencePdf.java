package org.markauth.verify.officer;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdfwriter.ContentStreamWriter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.markauth.sdk.evidence.EvidencePackage;
import org.markauth.sdk.evidence.InspectionRecord;

/**
 * The human rendering of an inspection for a case file ({@code evidence.pdf} in the evidence
 * package, docs/mark-format.md §15): record id and SHA-256, officer, device, times, place, the units
 * with their verdicts, seizures, notes, photo thumbnails with their SHA-256, and how to check the
 * package. It proves nothing by itself — the package's signatures do — so it says so.
 *
 * <p><b>Chinese text without shipping a font.</b> mark-issuer's label sheets print only ASCII
 * (Courier, a standard font every reader has), and no CJK font is on the build machine or in a
 * Maven artifact the project takes. This class therefore does what PDF defines for the purpose
 * (ISO 32000-1 §9.7.5.2): ASCII is set in Courier, every other character in <b>STSong-Light</b>, one of
 * Adobe's standard CJK fonts, through the predefined CMap {@code UniGB-UTF16-H} (Unicode to the
 * Adobe-GB1 character collection). The font is referenced, not embedded: Acrobat, pdf.js, Chrome and
 * poppler with a CJK font installed substitute a Song typeface; the file stays small; and the text
 * stays extractable and searchable. The trade-off: a reader with no CJK font at all shows the Chinese
 * as blanks (the ASCII — ids, hashes, times, the verify command — still shows), and a character
 * outside GB 18030's Adobe-GB1 set prints blank. The record itself, in the package, is the evidence.
 *
 * <p>Pages are written as content-stream tokens ({@link ContentStreamWriter}) rather than through
 * PDFBox's font classes, which would look for a local copy of every font on each call. Thumbnails are
 * decoded with ImageIO (JPEG, PNG) and re-encoded at most {@value #THUMB_PIXELS} pixels wide; a
 * WebP or undecodable photo is shown as an empty box with its type.
 */
public final class EvidencePdf {

    static final int THUMB_PIXELS = 480;
    private static final float PAGE_W = PDRectangle.A4.getWidth();
    private static final float PAGE_H = PDRectangle.A4.getHeight();
    private static final float MARGIN = 48;
    private static final float BODY = 9;
    private static final COSName MONO = COSName.getPDFName("F1");
    private static final COSName CJK = COSName.getPDFName("F2");
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
        private final COSDictionary fonts = fonts();
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
            tokens.addAll(List.of(new COSFloat(x), new COSFloat(yy), new COSFloat(w), new COSFloat(h), Operator.getOperator("re"),
                    Operator.getOperator(fill ? "f" : "S")));
        }

        private void need(float h) throws IOException {
            if (y - h < MARGIN + 20) {
                endPage();
                newPage();
            }
        }

        private void newPage() {
            page = new PDPage(PDRectangle.A4);
            PDResources res = new PDResources();
            res.getCOSObject().setItem(COSName.FONT, fonts);
            page.setResources(res);
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

        /** Sets {@code text} at (x, y): runs of ASCII in Courier, everything else in STSong-Light. */
        private void text(float x, float yy, float size, String text) {
            float cx = x;
            for (String run : runs(clean(text))) {
                boolean ascii = run.charAt(0) < 0x80;
                tokens.addAll(List.of(Operator.getOperator("BT"), ascii ? MONO : CJK, new COSFloat(size), Operator.getOperator("Tf"),
                        new COSFloat(cx), new COSFloat(yy), Operator.getOperator("Td"),
                        new COSString(run.getBytes(ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_16BE)),
                        Operator.getOperator("Tj"), Operator.getOperator("ET")));
                cx += width(run, size);
            }
        }
    }

    /** Courier is 600/1000 em wide; STSong-Light's Chinese characters 1 em (its DW). */
    static float width(String s, float size) {
        float w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += cp < 0x80 ? 0.6f : 1f;
            i += Character.charCount(cp);
        }
        return w * size;
    }

    /** Lines of at most {@code max} points, broken at a space where ASCII allows, anywhere between CJK characters. */
    static List<String> wrap(String text, float size, float max) {
        String s = clean(text);
        List<String> lines = new ArrayList<>();
        while (!s.isEmpty()) {
            int end = 0;
            int lastSpace = -1;
            float w = 0;
            while (end < s.length()) {
                int next = end + Character.charCount(s.codePointAt(end));
                w += width(s.substring(end, next), size);
                if (w > max) {
                    break;
                }
                if (s.charAt(end) == ' ') {
                    lastSpace = end;
                }
                end = next;
            }
            if (end == s.length()) {
                lines.add(s);
                break;
            }
            if (end == 0) {
                end = Character.charCount(s.codePointAt(0));
            } else if (lastSpace > 0 && s.charAt(end) != ' ' && s.charAt(end - 1) < 0x80 && s.charAt(end) < 0x80) {
                end = lastSpace;
            }
            lines.add(s.substring(0, end).stripTrailing());
            s = s.substring(end).stripLeading();
        }
        if (lines.isEmpty()) {
            lines.add("");
        }
        return lines;
    }

    private static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) || c == 0xFEFF ? ' ' : c));
        return b.toString();
    }

    private static List<String> runs(String s) {
        List<String> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= s.length(); i++) {
            if (i == s.length() || (s.charAt(i) < 0x80) != (s.charAt(start) < 0x80)) {
                if (i > start) {
                    runs.add(s.substring(start, i));
                }
                start = i;
            }
        }
        return runs;
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

    /** Courier for ASCII; STSong-Light (not embedded) through UniGB-UTF16-H for the rest (see the class comment). */
    private static COSDictionary fonts() {
        COSDictionary mono = new COSDictionary();
        mono.setItem(COSName.TYPE, COSName.FONT);
        mono.setItem(COSName.SUBTYPE, COSName.TYPE1);
        mono.setName(COSName.BASE_FONT, "Courier");
        mono.setItem(COSName.ENCODING, COSName.WIN_ANSI_ENCODING);

        COSDictionary info = new COSDictionary();
        info.setString(COSName.REGISTRY, "Adobe");
        info.setString(COSName.ORDERING, "GB1");
        info.setInt(COSName.SUPPLEMENT, 4);
        COSDictionary descriptor = new COSDictionary();
        descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
        descriptor.setName(COSName.FONT_NAME, "STSong-Light");
        descriptor.setInt(COSName.FLAGS, 6);        // serif, symbolic (ISO 32000-1 §9.8.2)
        descriptor.setItem(COSName.FONT_BBOX, numbers(-25, -254, 1000, 880));
        descriptor.setInt(COSName.ITALIC_ANGLE, 0);
        descriptor.setInt(COSName.ASCENT, 880);
        descriptor.setInt(COSName.DESCENT, -120);
        descriptor.setInt(COSName.CAP_HEIGHT, 880);
        descriptor.setInt(COSName.STEM_V, 93);
        COSDictionary cid = new COSDictionary();
        cid.setItem(COSName.TYPE, COSName.FONT);
        cid.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE0);
        cid.setName(COSName.BASE_FONT, "STSong-Light");
        cid.setItem(COSName.CIDSYSTEMINFO, info);
        cid.setItem(COSName.FONT_DESC, descriptor);
        cid.setInt(COSName.DW, 1000);
        COSDictionary cjk = new COSDictionary();
        cjk.setItem(COSName.TYPE, COSName.FONT);
        cjk.setItem(COSName.SUBTYPE, COSName.TYPE0);
        cjk.setName(COSName.BASE_FONT, "STSong-Light-UniGB-UTF16-H");
        cjk.setName(COSName.ENCODING, "UniGB-UTF16-H");
        COSArray descendants = new COSArray();
        descendants.add(cid);
        cjk.setItem(COSName.DESCENDANT_FONTS, descendants);

        COSDictionary fonts = new COSDictionary();
        fonts.setItem(MONO, mono);
        fonts.setItem(CJK, cjk);
        return fonts;
    }

    private static COSArray numbers(int... v) {
        COSArray a = new COSArray();
        for (int i : v) {
            a.add(COSInteger.get(i));
        }
        return a;
    }
}
