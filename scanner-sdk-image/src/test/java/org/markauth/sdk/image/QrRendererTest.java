package org.markauth.sdk.image;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QrRendererTest {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private final QrRenderer renderer = QrRenderer.create();

    static String markUrl(Random random, int payloadChars) {
        StringBuilder sb = new StringBuilder("HTTPS://V.MARKAUTH.CN/M/");
        for (int i = 0; i < payloadChars; i++) {
            sb.append(BASE32.charAt(random.nextInt(32)));
        }
        return sb.toString();
    }

    /** Decodes with plain ZXing (not our scanner) so the renderer is checked by an independent reader. */
    private static String decodeWithZxing(BufferedImage image) throws Exception {
        LuminanceSource source = new BufferedImageLuminanceSource(image);
        Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
        return result.getText();
    }

    @Test
    void markUrlsOfTheExpectedLengthFitVersion7AtEccM() {
        Random random = new Random(1);
        for (int chars = 136; chars <= 140; chars++) {
            QrModules modules = renderer.modules(markUrl(random, chars));
            assertThat(modules.version()).isEqualTo(7);
            assertThat(modules.size()).isEqualTo(45);
            assertThat(modules.quietZone()).isEqualTo(4);
            assertThat(modules.sizeWithQuietZone()).isEqualTo(53);
        }
    }

    @Test
    void shorterSignedRecordsFitVersion6() {
        // 77-byte record in base32 = 124 characters (the architecture's figure for version 6 at M).
        assertThat(renderer.modules(markUrl(new Random(2), 124)).version()).isEqualTo(6);
    }

    @Test
    void pngDecodesBackToTheSameTextWithAPlainZxingReader() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 20; i++) {
            String url = markUrl(random, 136 + random.nextInt(5));
            byte[] png = renderer.png(url, 1 + i % 6);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(53 * (1 + i % 6));
            assertThat(decodeWithZxing(image)).isEqualTo(url);
        }
    }

    @Test
    void pngHasAWhiteQuietZoneAndDarkFinderCorners() throws Exception {
        QrModules modules = renderer.modules("HTTPS://V.MARKAUTH.CN/M/TEST");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(renderer.png(modules, 3)));
        int quiet = 4 * 3;
        for (int p = 0; p < image.getWidth(); p++) {
            assertThat(image.getRGB(p, quiet - 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
            assertThat(image.getRGB(quiet - 1, p) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        }
        assertThat(image.getRGB(quiet, quiet) & 0xFFFFFF).isZero();
        assertThat(modules.get(0, 0)).isTrue();
        assertThat(modules.get(7, 7)).isFalse(); // separator around the finder pattern
    }

    @Test
    void svgPathRasterisesToExactlyTheModuleGrid() {
        QrModules modules = renderer.modules(markUrl(new Random(4), 140));
        String svg = renderer.svg(modules);
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 53 53\"")
                .contains("shape-rendering=\"crispEdges\"")
                .doesNotContain("width=\"53mm\"");
        assertThat(svg.split("<path", -1)).hasSize(2);

        boolean[][] drawn = new boolean[53][53];
        Matcher m = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(svg);
        int runs = 0;
        while (m.find()) {
            int x = Integer.parseInt(m.group(1));
            int y = Integer.parseInt(m.group(2));
            int len = Integer.parseInt(m.group(3));
            assertThat(m.group(4)).isEqualTo(m.group(3));
            for (int i = 0; i < len; i++) {
                assertThat(drawn[y][x + i]).as("module drawn twice").isFalse();
                drawn[y][x + i] = true;
            }
            runs++;
        }
        int dark = 0;
        for (int y = 0; y < 53; y++) {
            for (int x = 0; x < 53; x++) {
                boolean inSymbol = x >= 4 && y >= 4 && x < 49 && y < 49;
                boolean expected = inSymbol && modules.get(x - 4, y - 4);
                assertThat(drawn[y][x]).as("module %d,%d", x, y).isEqualTo(expected);
                dark += expected ? 1 : 0;
            }
        }
        assertThat(runs).isLessThan(dark * 2 / 3); // runs really merge neighbouring modules
    }

    @Test
    void svgWithPhysicalSizeStatesMillimetres() {
        QrModules modules = renderer.modules("HTTPS://V.MARKAUTH.CN/M/TEST");
        int n = modules.sizeWithQuietZone();
        assertThat(renderer.svg(modules, 0.5)).contains("width=\"" + (n / 2) + ".5mm\"");
        assertThat(renderer.svg(modules, 1.0)).contains("width=\"" + n + "mm\"");
    }

    @Test
    void nonLatinTextRoundTripsAsUtf8AndLowercaseUsesByteMode() throws Exception {
        for (String text : new String[] {"https://v.markauth.cn/m/abc", "佛山标志 产品 No.42"}) {
            assertThat(decodeWithZxing(renderer.image(renderer.modules(text), 4))).isEqualTo(text);
        }
    }

    @Test
    void optionsChangeLevelAndQuietZone() throws Exception {
        QrRenderer high = QrRenderer.create(new QrRenderer.Options(ErrorCorrectionLevel.H, 2));
        String url = markUrl(new Random(5), 140);
        QrModules modules = high.modules(url);
        assertThat(modules.version()).isGreaterThan(7);
        assertThat(modules.sizeWithQuietZone()).isEqualTo(modules.size() + 4);
        assertThat(decodeWithZxing(high.image(modules, 3))).isEqualTo(url);
    }

    @Test
    void modulesAreImmutableAndComparedByValue() {
        QrModules a = renderer.modules("HTTPS://V.MARKAUTH.CN/M/TEST");
        QrModules b = renderer.modules("HTTPS://V.MARKAUTH.CN/M/TEST");
        long[] bits = a.bits();
        bits[0] = ~bits[0];
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(new QrModules(a.version(), a.size(), 4, bits)).isNotEqualTo(a);
    }

    @Test
    void misuseIsRejectedWithTheLimit() {
        assertThatThrownBy(() -> renderer.modules("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderer.modules("A".repeat(5000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> renderer.png("X", 0)).hasMessageContaining("1..64");
        assertThatThrownBy(() -> new QrModules(7, 44, 4, new long[31])).hasMessageContaining("45");
    }
}
