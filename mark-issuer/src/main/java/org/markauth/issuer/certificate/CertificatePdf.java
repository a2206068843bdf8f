package org.markauth.issuer.certificate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfwriter.ContentStreamWriter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;
import org.markauth.http.pdf.CjkText;
import org.markauth.issuer.print.Carrier;
import org.markauth.sdk.image.ModuleGrid;

/**
 * The A4 certificate: title, number, licensee and USCC, product, standard, licence number, validity,
 * issue date, and the QR of its signed mark (drawn from the SDK's module grid as vector rectangles,
 * as {@code LabelSheet} draws labels) with a link to the same URL over it, so a reader can click what
 * a phone scans.
 *
 * <p><b>Chinese text</b> through service-http's {@link CjkText}, as verify-api's evidence PDF sets it:
 * ASCII in Courier, everything else in Adobe's standard CJK font STSong-Light, referenced and not
 * embedded (no CJK font is a dependency of the project). Pages are written as content-stream tokens.
 */
public final class CertificatePdf {

    private static final float W = PDRectangle.A4.getWidth();
    private static final float H = PDRectangle.A4.getHeight();
    private static final float MM = 72f / 25.4f;
    /** The QR's side with its quiet zone: 50 mm, scannable from a wall across a room. */
    static final float QR_SIDE = 50 * MM;
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
            CjkText.useOn(page, CjkText.fonts());
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
        CjkText.rect(t, x, y, w, h, fill);
    }

    private static void centred(List<Object> t, float y, float size, String s) {
        CjkText.centred(t, W / 2, y, size, s);
    }

    private static void text(List<Object> t, float x, float y, float size, String s) {
        CjkText.text(t, x, y, size, s);
    }

    private static List<String> chop(String s, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i += n) {
            out.add(s.substring(i, Math.min(s.length(), i + n)));
        }
        return out;
    }
}
