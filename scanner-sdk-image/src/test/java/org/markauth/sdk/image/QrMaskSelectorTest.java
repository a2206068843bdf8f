package org.markauth.sdk.image;

import com.google.zxing.EncodeHintType;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast mask choice must give exactly the symbol ZXing's own encoder gives. */
class QrMaskSelectorTest {

    private static final String ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private static void assertSameAsZxing(String text, ErrorCorrectionLevel level) throws Exception {
        QRCode reference = Encoder.encode(text, level);
        QrModules ours = QrRenderer.create(new QrRenderer.Options(level, 4)).modules(text);
        ByteMatrix m = reference.getMatrix();
        assertThat(ours.version()).isEqualTo(reference.getVersion().getVersionNumber());
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                assertThat(ours.get(x, y)).as("module %d,%d of v%d %s mask %d", x, y,
                        ours.version(), level, reference.getMaskPattern()).isEqualTo(m.get(x, y) == 1);
            }
        }
    }

    @Test
    void markUrlsAreBitForBitWhatZxingEncodes() throws Exception {
        Random random = new Random(7);
        Set<Integer> masks = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String url = QrRendererTest.markUrl(random, 120 + random.nextInt(25));
            assertSameAsZxing(url, ErrorCorrectionLevel.M);
            masks.add(Encoder.encode(url, ErrorCorrectionLevel.M).getMaskPattern());
        }
        assertThat(masks).hasSizeGreaterThanOrEqualTo(6); // the comparison really covers most masks
    }

    @Test
    void everyLevelAndManyVersionsMatchZxing() throws Exception {
        Random random = new Random(8);
        for (ErrorCorrectionLevel level : ErrorCorrectionLevel.values()) {
            for (int length = 1; length < 1200; length += 1 + length / 3) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    sb.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
                }
                assertSameAsZxing(sb.toString(), level);
            }
        }
        assertSameAsZxing("https://v.markauth.cn/m/lowercase-byte-mode", ErrorCorrectionLevel.M);
    }

    @Test
    void eachMaskPatternWithItsFormatBitsMatchesZxingsFixedMaskEncoding() throws Exception {
        String url = QrRendererTest.markUrl(new Random(9), 140);
        QRCode mask0 = Encoder.encode(url, ErrorCorrectionLevel.M, Map.of(EncodeHintType.QR_MASK_PATTERN, 0));
        for (int mask = 0; mask < 8; mask++) {
            QRCode fixed = Encoder.encode(url, ErrorCorrectionLevel.M, Map.of(EncodeHintType.QR_MASK_PATTERN, mask));
            int n = fixed.getMatrix().getWidth();
            boolean[] function = QrMaskSelector.functionPattern(fixed.getVersion().getVersionNumber());
            // Data modules differ from mask 0 exactly where the two masks disagree.
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    if (!function[y * n + x]) {
                        boolean flipped = fixed.getMatrix().get(x, y) != mask0.getMatrix().get(x, y);
                        assertThat(flipped).isEqualTo(QrMaskSelector.maskBit(mask, x, y) != QrMaskSelector.maskBit(0, x, y));
                    }
                }
            }
        }
    }
}
