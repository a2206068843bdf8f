package org.markauth.issuer.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.verify.OfflineVerifier;

/**
 * A demo batch issued into Cassandra, printed as CSV, ZIP (PNG + SVG) and PDF into
 * {@code target/demo-print/}; every code in them decodes with ZXing (from pixels) and verifies
 * with the SDK against the trust list the issuer published.
 */
class DemoPrintIT {

    static IssuerFixture fx;
    static Batch batch;
    static OfflineVerifier verifier;
    static final Principal MAKER = Principal.manufacturer("line-1", "DEMO");
    static final Path OUT = Path.of("target", "demo-print");

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_demo_print_it");
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("DEMO");
        Product p = fx.licensedProduct("DEMO");
        batch = fx.issued(MAKER, p, 60, "demo");
        verifier = OfflineVerifier.create(TrustListCodec.decodeAndVerify(fx.services.keys.latestTrustListDocument().orElseThrow(),
                List.of(fx.services.keys.root())), OfflineVerifier.Options.defaults());
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    private static Path print(PrintFormat f) throws Exception {
        Path file = OUT.resolve("demo." + f.extension());
        try (OutputStream out = Files.newOutputStream(file)) {
            f.write(fx.services.batches, MAKER, batch, 1, Integer.MAX_VALUE, out);
        }
        return file;
    }

    private static String decode(BufferedImage img) throws Exception {
        return IndependentReader.decode(img);
    }
    @Test
    void everyCsvCodeVerifies() throws Exception {
        List<String> lines = Files.readAllLines(print(PrintFormat.CSV));
        assertThat(lines).hasSize(61);
        for (String l : lines.subList(1, 61)) {
            assertThat(verifier.verify(l.split(",")[2]).isGenuine()).as(l).isTrue();
        }
    }

    @Test
    void everyPngInTheZipDecodesAndVerifies() throws Exception {
        int pngs = 0;
        int svgs = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(print(PrintFormat.ZIP)))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] b = in.readAllBytes();
                if (e.getName().endsWith(".png")) {
                    assertThat(verifier.verify(decode(ImageIO.read(new ByteArrayInputStream(b)))).isGenuine()).isTrue();
                    pngs++;
                } else if (e.getName().endsWith(".svg")) {
                    svgs++;
                }
            }
        }
        assertThat(pngs).isEqualTo(60);
        assertThat(svgs).isEqualTo(60);
    }

    @Test
    void labelsOnTheFirstPdfPageDecodeAndVerify() throws Exception {
        try (PDDocument doc = Loader.loadPDF(print(PrintFormat.PDF).toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(3);
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 300, ImageType.BINARY);
            LabelSheet.Layout l = LabelSheet.Layout.a4();
            double px = 300 / 25.4;
            for (int i = 0; i < 27; i++) {
                int col = i % 3;
                int row = i / 3;
                BufferedImage cell = page.getSubimage((int) ((l.margin() + col * l.labelWidth()) * px),
                        (int) ((l.margin() + row * l.labelHeight()) * px), (int) (l.labelWidth() * px), (int) (l.labelHeight() * px));
                String text = decode(cell);
                var v = verifier.verify(text);
                // the verdict and the text read say which part failed (read wrong, or verified wrong)
                assertThat(v.isGenuine()).as("label %d: %s from %s", i + 1, v.code(), text).isTrue();
                assertThat(fx.services.serials.invert(v.mark().content().serial().value())[1]).isEqualTo(i + 1);
            }
        }
    }
}
