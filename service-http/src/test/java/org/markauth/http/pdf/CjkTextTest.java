package org.markauth.http.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfwriter.ContentStreamWriter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class CjkTextTest {

    @Test
    void asciiIsSixTenthsOfAnEmAndEveryOtherCharacterOneEm() {
        assertThat(CjkText.width("AB", 10)).isEqualTo(12f);
        assertThat(CjkText.width("证书", 10)).isEqualTo(20f);
        assertThat(CjkText.width("No. 证书", 10)).isEqualTo(4 * 6f + 20f);
        assertThat(CjkText.width("𠀀", 10)).as("one code point, not two chars").isEqualTo(10f);
    }

    @Test
    void textIsSplitIntoRunsOfAsciiAndTheRestWithControlsAsSpaces() {
        assertThat(CjkText.runs(CjkText.clean("许可证 FS-1\t号\uFEFF"))).containsExactly("许可证", " FS-1 ", "号", " ");
    }

    @Test
    void wrappingBreaksAsciiAtSpacesAndCjkAnywhere() {
        assertThat(CjkText.wrap("alpha beta gamma", 10, 6 * 11)).containsExactly("alpha beta", "gamma");
        assertThat(CjkText.wrap("摊主称货源来自广州", 10, 40)).containsExactly("摊主称货", "源来自广", "州");
        assertThat(CjkText.wrap("", 10, 40)).containsExactly("");
        assertThat(CjkText.wrap("x", 10, 1)).as("a character wider than the line still goes").containsExactly("x");
    }

    @Test
    void aPageSetWithTheKitReadsBackInBothScripts() throws Exception {
        byte[] bytes;
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            CjkText.useOn(page, CjkText.fonts());
            doc.addPage(page);
            List<Object> t = new ArrayList<>();
            float end = CjkText.text(t, 72, 700, 12, "证书编号 CERT-2026-000123-01");
            assertThat(end).isCloseTo(72 + CjkText.width("证书编号 CERT-2026-000123-01", 12), within(0.01f));
            CjkText.centred(t, PDRectangle.A4.getWidth() / 2, 650, 20, "认 证 证 书");
            CjkText.rect(t, 36, 36, 100, 50, false);
            PDStream s = new PDStream(doc);
            try (OutputStream o = s.createOutputStream(COSName.FLATE_DECODE)) {
                new ContentStreamWriter(o).writeTokens(t);
            }
            page.setContents(s);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            bytes = out.toByteArray();
        }
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("证书编号", "CERT-2026-000123-01", "认 证 证 书");
            assertThat(doc.getPage(0).getResources().getFont(CjkText.CJK).getName()).isEqualTo("STSong-Light-UniGB-UTF16-H");
            assertThat(doc.getPage(0).getResources().getFont(CjkText.MONO).getName()).isEqualTo("Courier");
        }
    }
}
