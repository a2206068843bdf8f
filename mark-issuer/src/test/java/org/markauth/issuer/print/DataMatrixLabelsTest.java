package org.markauth.issuer.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.MarkChunk;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.BatchState;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.image.DataMatrixRenderer;
import org.markauth.sdk.image.PhotoScanner;
import org.markauth.sdk.image.QrRenderer;
import org.markauth.sdk.image.ScannedCode;
import org.markauth.sdk.image.Symbology;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;

/**
 * The Data Matrix carrier of a label template: ZPL {@code ^BX} labels read back field by field (the
 * data is the unit's mark, the size pinned to ASCII encodation's, the module no smaller than the
 * Data Matrix rule for the dpi, the symbol inside the label), refusals naming the sizes, the
 * template's JSON, and the PDF sheet and PNG images read back by the SDK's photo scanner as Data
 * Matrix symbols holding the unit's mark. Prints the symbol sizes docs/print-formats.md gives.
 */
class DataMatrixLabelsTest {

    private static final String HOST = "M.MARKAUTH.TEST";
    /** ^BXo,h,s,c,r,f,g then ^FD data ^FS. */
    private static final Pattern BX = Pattern.compile("\\^FO(\\d+),(\\d+)\\^BXN,(\\d+),200,(\\d+),(\\d+),,_\\^FD([^^]*)\\^FS");
    private final MarkKeyPair keys = KeyPairs.generate(SignatureAlgorithm.ED25519);
    private final Batch batch = new Batch(77, 42, "DEMO", "LOT-7", LocalDate.of(2026, 11, 1), LocalDate.of(2028, 11, 1), "LINE-A",
            1000, 1, BatchState.ISSUED, "k", Instant.now(), "line-1");
    private final Product product = new Product(42, "DEMO", "电饭煲", "Rice cooker", "RC-1", "appliance", "4006381333931",
            "T/FSBZ 001-2025", "Rice cookers", Map.of(), List.of(), Set.of(), Instant.now(), Instant.now());
    private final LabelTemplate small = LabelTemplate.fromJson(new JsonObject().put("carrier", "DATAMATRIX").put("widthMm", 37)
            .put("heightMm", 22).put("lines", List.of("SERIAL")));

    private MarkChunk chunk(int first, int n, boolean gs1) {
        MarkSigner signer = MarkSigner.create(keys.algorithm(), keys.privateKey());
        long[] serials = new long[n];
        String[] codes = new String[n];
        for (int i = 0; i < n; i++) {
            serials[i] = 0x1234_5678_0000_0000L + first + i;
            codes[i] = signer.sign(new MarkContent(42, 77, new Serial(serials[i]), gs1 ? new Gtin("04006381333931") : null)).toUrl(HOST);
        }
        return new MarkChunk(77, first, serials, codes);
    }

    private String zpl(LabelTemplate t, int dpi, MarkChunk c) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ZplLabels z = new ZplLabels(bytes, new LabelJob(t, dpi, batch, product, 0));
        z.accept(c);
        z.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyZplLabelsDataMatrixHoldsItsUnitsMarkAtNoLessThanTheDataMatrixModule() throws Exception {
        for (boolean gs1 : new boolean[] {false, true}) {
            for (int dpi : LabelTemplate.DPIS) {
                for (LabelTemplate t : List.of(LabelTemplate.standard().withCarrier(Carrier.DATAMATRIX), small)) {
                    MarkChunk c = chunk(1, 6, gs1);
                    String zpl = zpl(t, dpi, c);
                    assertThat(zpl).doesNotContain("^BQ");
                    Matcher m = BX.matcher(zpl);
                    List<String> data = new ArrayList<>();
                    while (m.find()) {
                        String code = m.group(6);
                        data.add(code);
                        int mag = Integer.parseInt(m.group(3));
                        int cols = Integer.parseInt(m.group(4));
                        assertThat(Integer.parseInt(m.group(5))).isEqualTo(cols);
                        assertThat(cols).isEqualTo(DataMatrixRenderer.asciiEncodationSize(code));
                        assertThat(mag).isGreaterThanOrEqualTo(Carrier.DATAMATRIX.minModuleDots(dpi)).isGreaterThanOrEqualTo(2);
                        assertThat(mag * 25.4 / dpi).isGreaterThanOrEqualTo(0.254 - 1e-9);
                        assertThat(Integer.parseInt(m.group(1))).isEqualTo(mag);   // the one-module quiet zone
                        int side = (cols + 2) * mag;
                        assertThat(side).isLessThanOrEqualTo(LabelTemplate.dots(t.heightMm(), dpi));
                        assertThat(side).isLessThanOrEqualTo(LabelTemplate.dots(t.widthMm(), dpi));
                    }
                    assertThat(data).containsExactly(c.codes());
                }
            }
        }
        assertThat(Carrier.DATAMATRIX.minModuleDots(203)).isEqualTo(3);   // 2 dots = 0.250 mm < 0.254 mm
        assertThat(Carrier.DATAMATRIX.minModuleDots(300)).isEqualTo(3);   // 0.254 mm
        assertThat(Carrier.DATAMATRIX.minModuleDots(600)).isEqualTo(6);   // 0.254 mm
    }

    @Test
    void aLabelTooSmallForTheDataMatrixIsRefusedNamingTheSizes() {
        String code = chunk(1, 1, true).codes()[0];
        LabelTemplate tiny = LabelTemplate.fromJson(new JsonObject().put("carrier", "DATAMATRIX").put("widthMm", 12).put("heightMm", 12));
        assertThatThrownBy(() -> tiny.placeCode(203, code)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the Data Matrix of these marks (" + DataMatrixRenderer.asciiEncodationSize(code) + " x ")
                .hasMessageContaining("quiet zone of 1 on each side").hasMessageContaining("minimum module of 0.375 mm (3 dots at 203 dpi)")
                .hasMessageContaining("it does not fit a 12 x 12 mm label");
        LabelTemplate quarter = LabelTemplate.fromJson(new JsonObject().put("carrier", "DATAMATRIX").put("moduleMm", 0.25));
        assertThatThrownBy(() -> quarter.placeCode(203, code)).hasMessageContaining("a Data Matrix module must be at least 0.375 mm");
        assertThat(quarter.withCarrier(Carrier.QR).placeCode(203, code).magnification()).isEqualTo(2);   // QR's floor is 0.25 mm
    }

    @Test
    void theCarrierIsPartOfTheTemplatesJsonAndABadOneIsRefused() {
        assertThat(LabelTemplate.standard().carrier()).isEqualTo(Carrier.QR);
        assertThat(LabelTemplate.standard().toJson().getString("carrier")).isEqualTo("QR");
        assertThat(LabelTemplate.fromJson(small.toJson())).isEqualTo(small);
        assertThat(LabelTemplate.fromJson(new JsonObject().put("carrier", "data_matrix")).carrier()).isEqualTo(Carrier.DATAMATRIX);
        assertThatThrownBy(() -> LabelTemplate.fromJson(new JsonObject().put("carrier", "PDF417")))
                .hasMessage("carrier must be QR or DATAMATRIX, got 'PDF417'");
        assertThatThrownBy(() -> LabelTemplate.fromJson(new JsonObject().put("carrier", 2))).hasMessage("carrier must be a string, got 2");
    }

    @Test
    void thePdfSheetAndTheImagesCarryTheMarkAsADataMatrixThePhotoScannerReads() throws Exception {
        MarkChunk c = chunk(1, 3, true);
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        try (LabelSheet sheet = new LabelSheet(pdf, LabelSheet.Layout.a4(), Carrier.DATAMATRIX)) {
            sheet.accept(c);
        }
        List<BufferedImage> cells = PdfLabels.cells(pdf.toByteArray(), 3, 300);
        for (int i = 0; i < 3; i++) {
            List<ScannedCode> read = PhotoScanner.create().scan(cells.get(i));
            assertThat(read).as("label %s", i + 1).extracting(ScannedCode::text).containsExactly(c.codes()[i]);
            assertThat(read.get(0).symbology()).isEqualTo(Symbology.DATA_MATRIX);
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ImageZip z = new ImageZip(zip, 8, Carrier.DATAMATRIX);
        z.accept(c);
        z.close();
        List<String> texts = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().endsWith(".png")) {
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
                    texts.add(PhotoScanner.create().scan(img).get(0).text());
                } else if (e.getName().endsWith(".svg")) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("<svg");
                }
            }
        }
        assertThat(texts).containsExactly(c.codes());
    }

    /** The sizes docs/print-formats.md and docs/mark-format.md give (printed, and checked to stay what the docs say). */
    @Test
    void symbolSizesOfAMarkQrAgainstDataMatrix() {
        for (boolean gs1 : new boolean[] {false, true}) {
            String code = chunk(1, 1, gs1).codes()[0];
            int ascii = DataMatrixRenderer.asciiEncodationSize(code);
            int image = DataMatrixRenderer.create().modules(code).size();
            int qr = QrRenderer.create().modules(code).size();
            System.out.printf("%s (%d chars): QR %d modules (+8 quiet) | Data Matrix ZPL %dx%d, image %dx%d (+2 quiet)%n",
                    gs1 ? "GS1 Digital Link" : "plain", code.length(), qr, ascii, ascii, image, image);
            for (double mod : new double[] {0.25, 0.254, 0.375, 0.5}) {
                System.out.printf(java.util.Locale.ROOT, "  module %.3f mm: QR %.2f mm, DM(ZPL) %.2f mm, DM(image) %.2f mm%n", mod,
                        (qr + 8) * mod, (ascii + 2) * mod, (image + 2) * mod);
            }
            assertThat(image).isLessThanOrEqualTo(ascii);
            assertThat(image).isLessThan(qr + 8);
        }
    }
}
