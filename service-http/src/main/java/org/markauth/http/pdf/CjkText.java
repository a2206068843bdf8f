package org.markauth.http.pdf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;

/**
 * Chinese and English text on a PDF page without shipping a font, for both services' PDFs
 * (mark-issuer's licence certificate, verify-api's inspection evidence). No CJK font is on the
 * build machine or in a Maven artifact the project takes, so this does what PDF defines for the
 * purpose (ISO 32000-1 §9.7.5.2): ASCII is set in Courier (a standard font every reader has), every
 * other character in <b>STSong-Light</b>, one of Adobe's standard CJK fonts, through the predefined
 * CMap {@code UniGB-UTF16-H} (Unicode to the Adobe-GB1 character collection).
 *
 * <p>The font is referenced, not embedded: Acrobat, pdf.js, Chrome and poppler with a CJK font
 * installed substitute a Song typeface; the file stays small; the text stays extractable and
 * searchable. The trade-off: a reader with no CJK font at all shows the Chinese as blanks (the
 * ASCII — ids, hashes, URLs — still shows), and a character outside Adobe-GB1 prints blank.
 *
 * <p>Text is written as content-stream tokens (for PDFBox's {@code ContentStreamWriter}) rather than
 * through PDFBox's font classes, which would look for a local copy of the font on each call. A page
 * takes the fonts with {@link #useOn}; {@link #text} then refers to them by their resource names.
 * Widths are the fonts' own: Courier 600/1000 em, STSong-Light's characters 1 em (its DW), which
 * is what centring and {@link #wrap} need.
 */
public final class CjkText {

    /** Courier's resource name on a page that {@link #useOn} prepared. */
    public static final COSName MONO = COSName.getPDFName("F1");
    /** STSong-Light's resource name on a page that {@link #useOn} prepared. */
    public static final COSName CJK = COSName.getPDFName("F2");

    private CjkText() {
    }

    /** Gives {@code page} resources holding {@code fonts} ({@link #fonts()}; one dictionary may serve every page of a document). */
    public static void useOn(PDPage page, COSDictionary fonts) {
        PDResources res = new PDResources();
        res.getCOSObject().setItem(COSName.FONT, fonts);
        page.setResources(res);
    }

    /**
     * Appends to {@code tokens} the operators that set {@code s} at (x, y) in {@code size} points: runs
     * of ASCII in Courier, everything else in STSong-Light. Control characters and byte-order marks
     * become spaces.
     *
     * @return the x just after the text
     */
    public static float text(List<Object> tokens, float x, float y, float size, String s) {
        float cx = x;
        for (String run : runs(clean(s))) {
            boolean ascii = run.charAt(0) < 0x80;
            tokens.addAll(List.of(Operator.getOperator("BT"), ascii ? MONO : CJK, new COSFloat(size), Operator.getOperator("Tf"),
                    new COSFloat(cx), new COSFloat(y), Operator.getOperator("Td"),
                    new COSString(run.getBytes(ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_16BE)),
                    Operator.getOperator("Tj"), Operator.getOperator("ET")));
            cx += width(run, size);
        }
        return cx;
    }

    /** Sets {@code s} centred on {@code centreX}. */
    public static void centred(List<Object> tokens, float centreX, float y, float size, String s) {
        text(tokens, centreX - width(clean(s), size) / 2, y, size, s);
    }

    /** A rectangle, filled or stroked in the current colour and line width. */
    public static void rect(List<Object> tokens, float x, float y, float w, float h, boolean fill) {
        tokens.addAll(List.of(new COSFloat(x), new COSFloat(y), new COSFloat(w), new COSFloat(h), Operator.getOperator("re"),
                Operator.getOperator(fill ? "f" : "S")));
    }

    /** The width of {@code s} in points at {@code size}: Courier is 600/1000 em wide, STSong-Light's characters 1 em. */
    public static float width(String s, float size) {
        float w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += cp < 0x80 ? 0.6f : 1f;
            i += Character.charCount(cp);
        }
        return w * size;
    }

    /** Lines of at most {@code max} points, broken at a space where ASCII allows, anywhere between CJK characters. */
    public static List<String> wrap(String text, float size, float max) {
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

    /** Control characters and byte-order marks as spaces: neither font has a glyph for them. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) || c == 0xFEFF ? ' ' : c));
        return b.toString();
    }

    /** Maximal runs of ASCII and of everything else. */
    static List<String> runs(String s) {
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

    /**
     * The page resources' font dictionary: Courier (WinAnsi) as {@link #MONO}, STSong-Light (not
     * embedded, Adobe-GB1 supplement 4) through UniGB-UTF16-H as {@link #CJK}.
     */
    public static COSDictionary fonts() {
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
