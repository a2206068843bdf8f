package org.markauth.systemit;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.issuer.print.Carrier;
import org.markauth.issuer.print.LabelSheet;
import org.markauth.issuer.print.LabelTemplate;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.image.PhotoScanner;
import org.markauth.sdk.image.ScannedCode;
import org.markauth.sdk.image.Symbology;
import org.markauth.verify.app.VerifyServer;

/**
 * The Data Matrix carrier's online path: a product's label template set to DATAMATRIX through the
 * issuer's services, a batch issued and activated, its PDF label sheet printed through the
 * template's print job, rasterised at 300 dpi, each label photographed turned a little, read with
 * the SDK's {@link PhotoScanner}, and the text read verified by a real verify-api instance on the
 * same keyspace: GENUINE, the same verdict the QR of the same unit gets. (The offline verdict and
 * the photo conditions: mark-issuer's DataMatrixPrintIT.)
 */
class DataMatrixVerifyIT {

    static final Principal MAKER = Principal.manufacturer("line-1", "DMSYS");
    static SystemFixture fx;
    static VerifyServer verify;

    @BeforeAll
    static void up() throws Exception {
        fx = new SystemFixture("sys_dm_it");
        verify = fx.startVerify();
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    @Test
    void aPrintedDataMatrixScannedFromAPhotoVerifiesOnlineAsGenuine() throws Exception {
        fx.licensee("DMSYS");
        Product p = fx.licensedProduct("DMSYS");
        fx.issuer.labelTemplates.put(SystemFixture.REGULATOR, p.productId(), LabelTemplate.standard().withCarrier(Carrier.DATAMATRIX));
        SystemFixture.Issued issued = fx.issueActive(MAKER, p.productId(), 4, "LOT-DM1");
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        PrintFormat.PDF.write(fx.issuer.batches, SystemFixture.REGULATOR, issued.batch(), 1, 4, pdf,
                fx.issuer.labelTemplates.job(SystemFixture.REGULATOR, issued.batch(), 1, null, PrintFormat.PDF));
        BufferedImage page;
        try (PDDocument doc = Loader.loadPDF(pdf.toByteArray())) {
            page = new PDFRenderer(doc).renderImageWithDPI(0, 300, ImageType.GRAY);
        }
        LabelSheet.Layout l = LabelSheet.Layout.a4();
        int columns = (int) Math.floor((l.pageWidth() - 2 * l.margin()) / l.labelWidth());
        double px = 300 / 25.4;
        PhotoScanner scanner = PhotoScanner.create();
        for (int i = 0; i < 4; i++) {
            int x = (int) Math.round((l.margin() + (i % columns) * l.labelWidth()) * px);
            int y = (int) Math.round((l.margin() + (i / columns) * l.labelHeight()) * px);
            BufferedImage cell = page.getSubimage(x, y, (int) (l.labelWidth() * px), (int) (l.labelHeight() * px));
            List<ScannedCode> read = scanner.scan(photo(cell, 4 + 3 * i));
            assertThat(read).as("label %d", i + 1).hasSize(1);
            assertThat(read.get(0).symbology()).isEqualTo(Symbology.DATA_MATRIX);
            assertThat(read.get(0).text()).isEqualTo(issued.codes().get(i));
            assertThat(fx.verify(verify, read.get(0).text()).getString("code")).as("online verdict of label %d", i + 1)
                    .isEqualTo("GENUINE");
        }
    }

    /** The label on a grey table, turned {@code degrees}. */
    static BufferedImage photo(BufferedImage cell, double degrees) {
        int pad = 60;
        BufferedImage scene = new BufferedImage(cell.getWidth() + 2 * pad, cell.getHeight() + 2 * pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scene.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(new Color(190, 186, 178));
        g.fillRect(0, 0, scene.getWidth(), scene.getHeight());
        g.rotate(Math.toRadians(degrees), scene.getWidth() / 2.0, scene.getHeight() / 2.0);
        g.drawImage(cell, pad, pad, null);
        g.dispose();
        return scene;
    }
}
