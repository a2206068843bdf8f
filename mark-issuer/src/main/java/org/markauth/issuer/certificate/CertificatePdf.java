package org.markauth.issuer.certificate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;
import org.markauth.issuer.print.Carrier;
import org.markauth.sdk.image.ModuleGrid;

/**
 * The A4 certificate: title, number, licensee and USCC, product, standard, licence number, validity,
 * issue date, and the QR of its signed mark (drawn from the SDK's module grid as vector rectangles,
 * as {@code LabelSheet} draws labels) with a link to the same URL over it, so a reader can click what
 * a phone scans.
 *
 * <p><b>Chinese text</b> the way verify-api's evidence PDF sets it (ISO 32000-1 §9.7.5.2): ASCII in
 * Courier, everything else in Adobe's standard CJK font STSong-Light through the predefined CMap
 * {@code UniGB-UTF16-H}, referenced and not embedded (no CJK font is a dependency of the project, and
 * PDFBox is the one PDF library). A reader with a CJK font substitutes a Song typeface; the text
 * stays extractable. Pages are written as content-stream tokens, not through PDFBox's font classes
 * (which would look for a local copy of the font).
 */
public final class CertificatePdf {

    private static final float W = PDRectangle.A4.getWidth();
    private static final float H = PDRectangle.A4.getHeight();
    private static final float MM = 72f / 25.4f;
    /** The QR's side with its quiet zone: 50 mm, scannable from a wall across a room. */
    static final float QR_SIDE = 50 * MM;
    private static final COSName MONO = COSName.getPDFName("F1");
    private static final COSName CJK = COSName.getPDFName("F2");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(CHINA);

    private CertificatePdf() {
    }

    public static byte[] render(Certificate c) {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Certificate " + c.certificateNo());
            info.setSubject("markauth licence certificate; verify: " + c.url());
            info.setProducer("markauth mark-issuer");
            PDPage page = new PDPage(PDRectangle.A4);
            PDResources res = new PDResources();
            res.getCOSObject().setItem(COSName.FONT, fonts());
            page.setResources(res);
            doc.addPage(page);
            List<Object> t = new ArrayList<>();
            frame(t);
            centred(t, H - 120, 30, "认 证 证 书");
            centred(t, H - 150, 14, "CERTIFICATE OF LICENCE");
            centred(t, H - 176, 11, "产品认证标志使用许可  Licence to use the programme's mark");
            float y = H - 230;
            y = field(t, y, "证书编号", "Certificate No.", c.certificateNo());
            y = field(t, y, "持证企业", "Licensee", c.licenseeName() + (c.licenseeNameEn() == null ? "" : "  " + c.licenseeNameEn()));
            y = field(t, y, "统一社会信用代码", "USCC", c.uscc());
            y = field(t, y, "产品", "Product", c.productName() + (c.model() == null ? "" : "  " + c.model())
                    + (c.productNameEn() == null ? "" : "  " + c.productNameEn()));
            y = field(t, y, "依据标准", "Standard", c.standardNo() + (c.standardTitle() == null ? "" : "  " + c.standardTitle()));
            y = field(t, y, "许可证号", "Licence No.", c.licenceNo());
            y = field(t, y, "有效期", "Valid", day(c.validFrom()) + " — " + day(c.validUntil()));
            field(t, y, "发证日期", "Issued", day(c.issuedAt()));

            float qx = W - 72 - QR_SIDE;
            float qy = 150;
            qr(t, c.url(), qx, qy);
            text(t, qx, qy - 16, 10, "扫码核验证书状态 Scan to verify");
            text(t, 72, 230, 10, "本证书的状态以扫码核验结果为准：暂停、撤销、过期或被新证书取代时，");
            text(t, 72, 216, 10, "扫码页面会明确说明。");
            text(t, 72, 198, 9, "The live status is what the QR answers: a suspended, revoked, expired");
            text(t, 72, 186, 9, "or superseded certificate says so when scanned.");
            List<String> lines = chop(c.url(), 84);
            float uy = 96;
            for (String line : lines) {
                text(t, 72, uy, 6, line);
                uy -= 8;
            }
            text(t, 72, 60, 8, "markauth " + c.certificateNo() + " · batch " + c.batchId() + " · unit " + c.serialHex());

            PDStream s = new PDStream(doc);
            try (OutputStream o = s.createOutputStream(COSName.FLATE_DECODE)) {
                new ContentStreamWriter(o).writeTokens(t);
            }
            page.setContents(s);
            page.getAnnotations().add(link(c.url(), qx, qy));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering the PDF of certificate " + c.certificateNo() + " failed", e);
        }
    }

    private static String day(Instant i) {
        return i == null ? "—" : DAY.format(i);
    }

    private static float field(List<Object> t, float y, String zh, String en, String value) {
        text(t, 90, y, 12, zh);
        text(t, 90, y - 13, 8, en);
        text(t, 230, y - 4, 13, value == null ? "—" : value);
        return y - 40;
    }

    private static void frame(List<Object> t) {
        t.addAll(List.of(new COSFloat(2.5f), Operator.getOperator("w")));
        rect(t, 36, 36, W - 72, H - 72, false);
        t.addAll(List.of(new COSFloat(0.8f), Operator.getOperator("w")));
        rect(t, 44, 44, W - 88, H - 88, false);
    }

    /** The QR with its quiet zone in a {@link #QR_SIDE} square whose lower left corner is (x, y). */
    private static void qr(List<Object> t, String url, float x, float y) {
        ModuleGrid m = Carrier.QR.grid(url);
        float module = QR_SIDE / m.sizeWithQuietZone();
        float ox = x + m.quietZone() * module;
        float oy = y + QR_SIDE - m.quietZone() * module;   // PDF y grows upwards, QR rows downwards
        m.forEachDarkRun((mx, my, len) -> t.addAll(List.of(new COSFloat(ox + mx * module), new COSFloat(oy - (my + 1) * module),
                new COSFloat(len * module), new COSFloat(module), Operator.getOperator("re"))));
        t.add(Operator.getOperator("f"));
    }

    private static PDAnnotationLink link(String url, float x, float y) {
        PDAnnotationLink link = new PDAnnotationLink();
        link.setRectangle(new PDRectangle(x, y, QR_SIDE, QR_SIDE));
        PDBorderStyleDictionary none = new PDBorderStyleDictionary();
        none.setWidth(0);
        link.setBorderStyle(none);
        PDActionURI action = new PDActionURI();
        action.setURI(url);
        link.setAction(action);
        return link;
    }

    private static void rect(List<Object> t, float x, float y, float w, float h, boolean fill) {
        t.addAll(List.of(new COSFloat(x), new COSFloat(y), new COSFloat(w), new COSFloat(h), Operator.getOperator("re"),
                Operator.getOperator(fill ? "f" : "S")));
    }

    private static void centred(List<Object> t, float y, float size, String s) {
        text(t, (W - width(s, size)) / 2, y, size, s);
    }

    /** Sets {@code s} at (x, y): runs of ASCII in Courier, everything else in STSong-Light. */
    private static void text(List<Object> t, float x, float y, float size, String s) {
        float cx = x;
        for (String run : runs(s)) {
            boolean ascii = run.charAt(0) < 0x80;
            t.addAll(List.of(Operator.getOperator("BT"), ascii ? MONO : CJK, new COSFloat(size), Operator.getOperator("Tf"),
                    new COSFloat(cx), new COSFloat(y), Operator.getOperator("Td"),
                    new COSString(run.getBytes(ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_16BE)),
                    Operator.getOperator("Tj"), Operator.getOperator("ET")));
            cx += width(run, size);
        }
    }

    /** Courier is 600/1000 em wide; STSong-Light's characters 1 em. */
    static float width(String s, float size) {
        float w = 0;
        for (int i = 0; i < s.length(); i++) {
            w += s.charAt(i) < 0x80 ? 0.6f : 1f;
        }
        return w * size;
    }

    private static List<String> runs(String s) {
        String clean = s.codePoints().map(c -> Character.isISOControl(c) || Character.isSupplementaryCodePoint(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        List<String> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= clean.length(); i++) {
            if (i == clean.length() || (clean.charAt(i) < 0x80) != (clean.charAt(start) < 0x80)) {
                if (i > start) {
                    runs.add(clean.substring(start, i));
                }
                start = i;
            }
        }
        return runs;
    }

    private static List<String> chop(String s, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i += n) {
            out.add(s.substring(i, Math.min(s.length(), i + n)));
        }
        return out;
    }

    /** Courier (WinAnsi) and STSong-Light through UniGB-UTF16-H, not embedded (see the class comment). */
    private static COSDictionary fonts() {
        COSDictionary mono = new COSDictionary();
        mono.setItem(COSName.TYPE, COSName.FONT);
        mono.setItem(COSName.SUBTYPE, COSName.TYPE1);
        mono.setName(COSName.BASE_FONT, "Courier");
        mono.setItem(COSName.ENCODING, COSName.WIN_ANSI_ENCODING);
        COSDictionary system = new COSDictionary();
        system.setString(COSName.REGISTRY, "Adobe");
        system.setString(COSName.ORDERING, "GB1");
        system.setInt(COSName.SUPPLEMENT, 4);
        COSDictionary descriptor = new COSDictionary();
        descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
        descriptor.setName(COSName.FONT_NAME, "STSong-Light");
        descriptor.setInt(COSName.FLAGS, 6);
        COSArray box = new COSArray();
        for (int v : new int[] {-25, -254, 1000, 880}) {
            box.add(COSInteger.get(v));
        }
        descriptor.setItem(COSName.FONT_BBOX, box);
        descriptor.setInt(COSName.ITALIC_ANGLE, 0);
        descriptor.setInt(COSName.ASCENT, 880);
        descriptor.setInt(COSName.DESCENT, -120);
        descriptor.setInt(COSName.CAP_HEIGHT, 880);
        descriptor.setInt(COSName.STEM_V, 93);
        COSDictionary cid = new COSDictionary();
        cid.setItem(COSName.TYPE, COSName.FONT);
        cid.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE0);
        cid.setName(COSName.BASE_FONT, "STSong-Light");
        cid.setItem(COSName.CIDSYSTEMINFO, system);
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
}
