package org.markauth.sdk.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PhotoScannerTest {

    private static final String URL = "HTTPS://V.MARKAUTH.CN/M/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGH";
    private final QrRenderer renderer = QrRenderer.create();
    private final PhotoScanner scanner = PhotoScanner.create();

    /** A grey 640x480 scene with the code drawn at (x, y), rotated about its centre. */
    private BufferedImage scene(String text, int x, int y, int modulePixels, double degrees, boolean inverted) {
        BufferedImage photo = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(120, 130, 140));
        g.fillRect(0, 0, 640, 480);
        BufferedImage code = renderer.image(renderer.modules(text), modulePixels);
        if (inverted) {
            BufferedImage inv = new BufferedImage(code.getWidth(), code.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int py = 0; py < code.getHeight(); py++) {
                for (int px = 0; px < code.getWidth(); px++) {
                    inv.setRGB(px, py, ~code.getRGB(px, py));
                }
            }
            code = inv;
        }
        AffineTransform t = new AffineTransform();
        t.translate(x, y);
        t.rotate(Math.toRadians(degrees), code.getWidth() / 2.0, code.getHeight() / 2.0);
        g.drawImage(code, t, null);
        g.dispose();
        return photo;
    }

    @Test
    void readsACodeOnTheFastPathAndLocatesItsCorners() {
        BufferedImage photo = scene(URL, 100, 60, 5, 0, false);
        List<ScannedCode> codes = scanner.scan(photo);
        assertThat(codes).hasSize(1);
        ScannedCode code = codes.get(0);
        assertThat(code.text()).isEqualTo(URL);
        assertThat(code.pass()).isEqualTo(PhotoScanner.Pass.HYBRID);
        int n = code.version() * 4 + 17;
        // Symbol corners: the quiet zone is 4 modules of 5 px inside the drawn image.
        double left = 100 + 20, top = 60 + 20, right = left + n * 5, bottom = top + n * 5;
        assertThat(code.corners().get(0).x()).isCloseTo(left, within(4.0));
        assertThat(code.corners().get(0).y()).isCloseTo(top, within(4.0));
        assertThat(code.corners().get(2).x()).isCloseTo(right, within(4.0));
        assertThat(code.corners().get(2).y()).isCloseTo(bottom, within(4.0));
    }

    @Test
    void readsRotatedAndInvertedCodes() {
        assertThat(scanner.scan(scene(URL, 150, 80, 5, 137, false))).extracting(ScannedCode::text).containsExactly(URL);
        List<ScannedCode> inverted = scanner.scan(scene(URL, 150, 80, 5, 20, true));
        assertThat(inverted).extracting(ScannedCode::text).containsExactly(URL);
        assertThat(inverted.get(0).pass()).isEqualTo(PhotoScanner.Pass.INVERTED);
    }

    @Test
    void returnsEveryCodeInAPhotoOnceEach() {
        BufferedImage photo = new BufferedImage(1000, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 1000, 480);
        List<String> texts = List.of(URL, URL + "2", "HTTPS://V.MARKAUTH.CN/M/OTHER");
        for (int i = 0; i < texts.size(); i++) {
            g.drawImage(renderer.image(renderer.modules(texts.get(i)), 5), 20 + i * 330, 80, null);
        }
        g.dispose();
        List<ScannedCode> codes = PhotoScanner.create(PhotoScanner.Options.defaults().withExhaustive(true)).scan(photo);
        assertThat(codes).extracting(ScannedCode::text).containsExactlyInAnyOrderElementsOf(texts);
    }

    @Test
    void aPhotoWithoutACodeGivesAnEmptyList() {
        BufferedImage blank = new BufferedImage(640, 480, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(scanner.scan(blank)).isEmpty();
    }

    @Test
    void readsEncodedPngAndJpegBytes() throws Exception {
        BufferedImage photo = scene(URL, 120, 50, 5, 10, false);
        for (String format : new String[] {"png", "jpeg"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(photo, format, out);
            assertThat(scanner.scan(out.toByteArray())).extracting(ScannedCode::text).containsExactly(URL);
        }
    }

    @Test
    void refusesOversizedInputsBeforeDecodingPixels() throws Exception {
        PhotoScanner small = PhotoScanner.create(new PhotoScanner.Options(100_000, 1_000_000, 50_000,
                PhotoScanner.Options.DEFAULT_RETRIES, false));
        assertThatThrownBy(() -> small.scan(new BufferedImage(400, 300, BufferedImage.TYPE_BYTE_GRAY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("400x300").hasMessageContaining("0.1 MP limit");
        // A tiny PNG that declares a large canvas is refused from its header.
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(2000, 2000, BufferedImage.TYPE_BYTE_BINARY), "png", png);
        assertThat(png.size()).isLessThan(10_000);
        assertThatThrownBy(() -> small.scan(png.toByteArray())).hasMessageContaining("2000x2000");
        assertThatThrownBy(() -> small.scan(new byte[2_000_000])).hasMessageContaining("1000000-byte limit");
        assertThatThrownBy(() -> scanner.scan("GIF? no".getBytes())).hasMessageContaining("not an image format");
        assertThatThrownBy(() -> scanner.scan(new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY)))
                .hasMessageContaining("smaller than the smallest QR code");
    }

    @Test
    void bigPhotosAreReadOnAnAveragedDownCopyWithCornersInPhotoPixels() {
        BufferedImage big = new BufferedImage(2600, 1900, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(0, 0, 2600, 1900);
        g.drawImage(renderer.image(renderer.modules(URL), 12), 1500, 900, null);
        g.dispose();
        List<ScannedCode> codes = scanner.scan(big);
        assertThat(codes).extracting(ScannedCode::text).containsExactly(URL);
        assertThat(codes.get(0).corners().get(0).x()).isCloseTo(1500 + 48, within(8.0));
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        List<BufferedImage> photos = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            photos.add(scene(URL + i, 60 + i * 10, 40, 5, i * 40, i % 3 == 0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<ScannedCode>>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (BufferedImage photo : photos) {
                    results.add(pool.submit(() -> scanner.scan(photo)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).extracting(ScannedCode::text).containsExactly(URL + (i % 8));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void optionsAreValidatedWithTheLimitNamed() {
        assertThatThrownBy(() -> PhotoScanner.Options.defaults().withRetries(List.of(PhotoScanner.Pass.HYBRID)))
                .hasMessageContaining("fast path");
        assertThatThrownBy(() -> PhotoScanner.Options.defaults().withRetries(
                List.of(PhotoScanner.Pass.INVERTED, PhotoScanner.Pass.INVERTED))).hasMessageContaining("twice");
        assertThatThrownBy(() -> new PhotoScanner.Options(0, 1, 1, List.of(), false)).hasMessageContaining("maxPixels");
    }
}
