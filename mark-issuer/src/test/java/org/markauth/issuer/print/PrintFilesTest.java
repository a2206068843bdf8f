package org.markauth.issuer.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.batch.MarkChunk;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustedKey;
import org.markauth.sdk.verify.OfflineVerifier;

/**
 * Print files decode with ZXing (a reader independent of our writers: it reads pixels) and the
 * decoded text verifies with the SDK.
 */
class PrintFilesTest {

    private static final String HOST = "M.MARKAUTH.TEST";
    private final MarkKeyPair keys = KeyPairs.generate(SignatureAlgorithm.ED25519);
    private final OfflineVerifier verifier = OfflineVerifier.create(new TrustList(1, Instant.now(),
            Instant.now().plusSeconds(3600), List.of(HOST),
            List.of(TrustedKey.active(SignatureAlgorithm.ED25519, keys.publicKey(), Instant.now().minusSeconds(60)))),
            OfflineVerifier.Options.defaults());

    private MarkChunk chunk(int first, int n) {
        MarkSigner signer = MarkSigner.create(keys.algorithm(), keys.privateKey());
        long[] serials = new long[n];
        String[] codes = new String[n];
        for (int i = 0; i < n; i++) {
            serials[i] = 0x1234_5678_0000_0000L + first + i;
            codes[i] = signer.sign(new MarkContent(42, 77, new Serial(serials[i]))).toUrl(HOST);
        }
        return new MarkChunk(77, first, serials, codes);
    }

    private static String decode(BufferedImage img) throws Exception {
        return IndependentReader.decode(img);
    }

    @Test
    void zipHoldsAPngAndAnSvgPerUnitThatDecodeAndVerify() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageZip zip = new ImageZip(bytes, 4);
        zip.accept(chunk(1, 3));
        zip.accept(chunk(4, 2));
        zip.close();
        List<String> names = new ArrayList<>();
        int verified = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                byte[] content = in.readAllBytes();
                if (e.getName().endsWith(".png")) {
                    String text = decode(ImageIO.read(new ByteArrayInputStream(content)));
                    assertThat(verifier.verify(text).isGenuine()).as(e.getName()).isTrue();
                    verified++;
                } else if (e.getName().endsWith(".svg")) {
                    assertThat(new String(content, StandardCharsets.UTF_8)).startsWith("<svg").contains("<path");
                }
            }
        }
        assertThat(verified).isEqualTo(5);
        assertThat(names).contains("png/000001-1234567800000001.png", "svg/000005-1234567800000005.svg",
                "work-order/000001.csv", "work-order/000004.csv");
    }

    @Test
    void pdfLabelsDecodeAfterRasterisingAndCarryTheHumanReadableCode() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LabelSheet sheet = new LabelSheet(bytes, LabelSheet.Layout.a4())) {
            sheet.accept(chunk(1, 30));   // 27 per A4 page: two pages
        }
        try (PDDocument doc = Loader.loadPDF(bytes.toByteArray())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains(new Serial(0x1234_5678_0000_0001L).toBase32().substring(0, 7)).contains("#30");
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(1, 300, ImageType.BINARY);
            // crop the first label of page 2 (unit 28) and decode it
            int px = (int) (7 / 25.4 * 300);
            int w = (int) (63.5 / 25.4 * 300);
            int h = (int) (29.6 / 25.4 * 300);
            String decoded = decode(page.getSubimage(px, px, w, h));
            assertThat(verifier.verify(decoded).isGenuine()).isTrue();
            assertThat(verifier.verify(decoded).mark().content().serial().value()).isEqualTo(0x1234_5678_0000_0000L + 28);
        }
    }
}
