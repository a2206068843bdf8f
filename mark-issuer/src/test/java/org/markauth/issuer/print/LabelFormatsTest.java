package org.markauth.issuer.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.MarkChunk;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.BatchState;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.image.QrRenderer;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;

/**
 * ZPL labels and CIJ records written from chunks of real signed marks and read back by an
 * independent parser ({@link ZplParser}): every label's QR data is its unit's mark exactly, its
 * module is at least the minimum for the dpi and the symbol fits the label; the text lines carry
 * the serial's short form, the product and the lot (Chinese included, command characters
 * escaped); templates whose QR cannot fit are refused with the sizes named.
 */
class LabelFormatsTest {

    private static final String HOST = "M.MARKAUTH.TEST";
    private final MarkKeyPair keys = KeyPairs.generate(SignatureAlgorithm.ED25519);
    private final Batch batch = new Batch(77, 42, "DEMO", "LOT-7_^A", LocalDate.of(2026, 11, 1), LocalDate.of(2028, 11, 1), "LINE-A",
            1000, 1, BatchState.ISSUED, "k", Instant.now(), "line-1");
    private final Product product = new Product(42, "DEMO", "电饭煲 ~RC^XZ", "Rice cooker", "RC-1", "appliance", "4006381333931",
            "T/FSBZ 001-2025", "Rice cookers", Map.of(), List.of(), Set.of(), Instant.now(), Instant.now());

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

    private String zpl(LabelTemplate t, int dpi, MarkChunk... chunks) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ZplLabels z = new ZplLabels(bytes, new LabelJob(t, dpi, batch, product, 0));
        for (MarkChunk c : chunks) {
            z.accept(c);
        }
        z.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyLabelsQrDataIsItsUnitsMarkAtNoLessThanTheMinimumModule() throws Exception {
        for (boolean gs1 : new boolean[] {false, true}) {
            for (int dpi : LabelTemplate.DPIS) {
                MarkChunk a = chunk(1, 7, gs1);
                MarkChunk b = chunk(8, 5, gs1);
                List<ZplParser.Label> labels = ZplParser.parse(zpl(LabelTemplate.standard(), dpi, a, b));
                assertThat(labels).hasSize(12);
                for (int i = 0; i < 12; i++) {
                    MarkChunk c = i < 7 ? a : b;
                    int k = i < 7 ? i : i - 7;
                    ZplParser.Label l = labels.get(i);
                    assertThat(l.qrData()).as("label %d at %d dpi", i + 1, dpi).isEqualTo(c.codes()[k]);
                    assertThat(l.errorCorrection()).isEqualTo('M');
                    double moduleMm = l.magnification() * 25.4 / dpi;
                    assertThat(l.magnification()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(10);
                    assertThat(moduleMm).isGreaterThanOrEqualTo(LabelTemplate.MIN_MODULE_MM);
                    int modules = QrRenderer.create().modules(l.qrData()).size() + 8;
                    assertThat(modules * l.magnification()).isLessThanOrEqualTo(Math.min(l.widthDots(), l.heightDots()));
                    assertThat(l.widthDots()).isEqualTo(LabelTemplate.dots(50, dpi));
                    String b32 = new Serial(c.serials()[k]).toBase32();
                    assertThat(l.texts()).containsExactly("电饭煲 ~RC^XZ", "批号 LOT-7_^A", "有效期至 2028-11-01",
                            b32.substring(0, 7) + " " + b32.substring(7), "#" + (i + 1));
                    assertThat(l.font()).isEqualTo("E:SIMSUN.TTF");
                }
            }
        }
    }

    @Test
    void theMinimumModuleIsAQuarterMillimetreAndTwoDots() {
        assertThat(LabelTemplate.minModuleDots(203)).isEqualTo(2);   // 0.250 mm
        assertThat(LabelTemplate.minModuleDots(300)).isEqualTo(3);   // 0.254 mm
        assertThat(LabelTemplate.minModuleDots(600)).isEqualTo(6);   // 0.254 mm
    }

    @Test
    void aLabelTooSmallForTheQrIsRefusedNamingTheSizes() {
        LabelTemplate tiny = LabelTemplate.fromJson(new JsonObject().put("widthMm", 12).put("heightMm", 12).put("lines", List.of()));
        String code = chunk(1, 1, true).codes()[0];
        var m = QrRenderer.create().modules(code);
        assertThatThrownBy(() -> tiny.place(203, m.version(), m.size())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version " + m.version()).hasMessageContaining("0.25 mm (2 dots at 203 dpi)")
                .hasMessageContaining("does not fit a 12 x 12 mm label");
        LabelTemplate fine = LabelTemplate.fromJson(new JsonObject().put("moduleMm", 0.1));
        assertThatThrownBy(() -> fine.place(300, m.version(), m.size())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("moduleMm 0.1 is 1 dot(s) at 300 dpi").hasMessageContaining("at least 0.254 mm (3 dots at 300 dpi");
        // a large module asked for is kept: 0.5 mm at 300 dpi = 6 dots
        LabelTemplate big = LabelTemplate.fromJson(new JsonObject().put("widthMm", 100).put("heightMm", 60).put("moduleMm", 0.5));
        assertThat(big.place(300, m.version(), m.size()).magnification()).isEqualTo(6);
    }

    @Test
    void badTemplateFieldsAreRefusedInPlainWords() {
        assertThatThrownBy(() -> LabelTemplate.fromJson(new JsonObject().put("dpi", 150))).hasMessageContaining("dpi must be one of [203, 300, 600]");
        assertThatThrownBy(() -> LabelTemplate.fromJson(new JsonObject().put("lines", List.of("CODE")))).hasMessageContaining("CODE excepted");
        assertThatThrownBy(() -> LabelTemplate.fromJson(new JsonObject().put("lines", List.of("COLOUR")))).hasMessageContaining("must name a field");
        assertThatThrownBy(() -> LabelTemplate.fromJson(new JsonObject().put("font", "^XZ"))).hasMessageContaining("font must name a font file");
        assertThatThrownBy(() -> LabelTemplate.fromJson(new JsonObject().put("widthMm", "wide"))).hasMessageContaining("widthMm must be a number");
        assertThatThrownBy(() -> LabelTemplate.fromJson(new JsonObject().put("language", "fr"))).hasMessageContaining("language must be one of [zh, en]");
        LabelTemplate t = LabelTemplate.fromJson(new JsonObject().put("widthMm", 60).put("font", "e:noto_cjk.ttf"));
        assertThat(LabelTemplate.fromJson(t.toJson())).isEqualTo(t);
        assertThat(t.font()).isEqualTo("E:NOTO_CJK.TTF");
    }

    @Test
    void cijRecordsParseBackFieldByField() throws Exception {
        LabelTemplate t = LabelTemplate.fromJson(new JsonObject().put("cij", new JsonObject().put("delimiter", ";").put("columns", List.of(
                new JsonObject().put("field", "SEQUENCE").put("width", 6), new JsonObject().put("field", "SERIAL").put("width", 13),
                new JsonObject().put("field", "LOT").put("width", 12), new JsonObject().put("field", "EXPIRY").put("width", 10),
                new JsonObject().put("field", "CODE").put("width", 0)))));
        MarkChunk c = chunk(1, 4, false);
        LabelJob job = new LabelJob(t, 203, batch, product, c.codes()[0].length());
        for (CijFeed.Layout layout : CijFeed.Layout.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CijFeed f = new CijFeed(bytes, job, layout);
            f.accept(c);
            f.flush();
            String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\r\n", -1);
            int header = layout == CijFeed.Layout.DELIMITED ? 1 : 0;
            assertThat(lines).hasSize(4 + header + 1);
            assertThat(lines[lines.length - 1]).isEmpty();
            if (header == 1) {
                assertThat(lines[0]).isEqualTo("SEQUENCE;SERIAL;LOT;EXPIRY;CODE");
            }
            for (int i = 0; i < 4; i++) {
                String r = lines[header + i];
                String[] f5;
                if (layout == CijFeed.Layout.FIXED) {
                    assertThat(r).hasSize(6 + 13 + 12 + 10 + c.codes()[i].length());
                    f5 = new String[] {r.substring(0, 6), r.substring(6, 19), r.substring(19, 31).stripTrailing(), r.substring(31, 41),
                        r.substring(41)};
                    assertThat(f5[0]).isEqualTo(String.format("%06d", i + 1));
                } else {
                    f5 = r.split(";", -1);
                    assertThat(f5[0]).isEqualTo(Integer.toString(i + 1));
                }
                assertThat(f5).hasSize(5);
                assertThat(Serial.ofBase32(f5[1]).value()).isEqualTo(c.serials()[i]);
                assertThat(f5[2]).isEqualTo("LOT-7_^A");
                assertThat(f5[3]).isEqualTo("2028-11-01");
                assertThat(f5[4]).isEqualTo(c.codes()[i]);
            }
        }
    }

    @Test
    void aLineBreakInAProductNameCannotSplitACijRecord() throws Exception {
        Product broken = new Product(42, "DEMO", "电饭煲\r\n000099X", "Rice cooker", "RC-1", "appliance", "4006381333931",
                "T/FSBZ 001-2025", "Rice cookers", Map.of(), List.of(), Set.of(), Instant.now(), Instant.now());
        LabelTemplate t = LabelTemplate.fromJson(new JsonObject().put("cij", new JsonObject().put("delimiter", ";").put("columns", List.of(
                new JsonObject().put("field", "SEQUENCE").put("width", 6), new JsonObject().put("field", "PRODUCT").put("width", 16),
                new JsonObject().put("field", "CODE").put("width", 0)))));
        MarkChunk c = chunk(1, 3, false);
        for (CijFeed.Layout layout : CijFeed.Layout.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CijFeed f = new CijFeed(bytes, new LabelJob(t, 203, batch, broken, c.codes()[0].length()), layout);
            f.accept(c);
            f.flush();
            String text = bytes.toString(StandardCharsets.UTF_8);
            assertThat(text.split("\r\n|\n|\r", -1)).as(layout.name()).hasSize(3 + (layout == CijFeed.Layout.DELIMITED ? 1 : 0) + 1);
        }
    }

    @Test
    void aDelimitedValueHoldingTheSeparatorIsQuoted() {
        StringBuilder b = new StringBuilder();
        CijFeed.quote("电饭煲, \"RC\"", ",", b);
        assertThat(b).hasToString("\"电饭煲, \"\"RC\"\"\"");
        assertThat(HexFormat.of().toHexDigits(1L)).hasSize(16);
    }
}
