package org.markauth.sdk.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.image.corpus.CorpusGenerator;

/**
 * Data Matrix in the SDK: the renderer's symbol is the smallest square ECC 200 that holds a mark,
 * drawn with its one-module quiet zone; the photo scanner reads it as a DATA_MATRIX code beside a
 * QR on the same photo, and reads only what its options ask for.
 */
class DataMatrixScanTest {

    private final String mark = CorpusGenerator.markUrl(new Random(7));
    private final String other = CorpusGenerator.markUrl(new Random(8));

    @Test
    void aMarkIsASquareEcc200SymbolWithAOneModuleQuietZone() {
        DataMatrixModules m = DataMatrixRenderer.create().modules(mark);
        assertThat(m.size()).isEqualTo(44);
        assertThat(m.quietZone()).isEqualTo(1);
        assertThat(m.symbology()).isEqualTo(Symbology.DATA_MATRIX);
        // the solid L: left column and bottom row all dark; the timing edges alternate
        for (int i = 0; i < m.size(); i++) {
            assertThat(m.get(0, i)).isTrue();
            assertThat(m.get(i, m.size() - 1)).isTrue();
            assertThat(m.get(i, 0)).isEqualTo(i % 2 == 0);
        }
        assertThat(DataMatrixRenderer.asciiEncodationSize(mark)).isGreaterThanOrEqualTo(m.size());
        assertThat(DataMatrixRenderer.create().svg(m)).startsWith("<svg").contains("viewBox=\"0 0 46 46\"");
        assertThatThrownBy(() -> DataMatrixRenderer.create().modules("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPhotoWithAQrAndADataMatrixGivesTheQrOrByAnExhaustiveScanBothWithTheirSymbologies() {
        BufferedImage dm = DataMatrixRenderer.create(4).image(DataMatrixRenderer.create(4).modules(mark), 5);
        BufferedImage qr = QrRenderer.create().image(QrRenderer.create().modules(other), 5);
        BufferedImage photo = new BufferedImage(dm.getWidth() + qr.getWidth() + 120, Math.max(dm.getHeight(), qr.getHeight()) + 80,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(235, 235, 230));
        g.fillRect(0, 0, photo.getWidth(), photo.getHeight());
        g.drawImage(dm, 40, 40, null);
        g.drawImage(qr, dm.getWidth() + 80, 40, null);
        g.dispose();

        // by default a plane that gave a QR is not searched for a Data Matrix (one carrier per pack: a QR photo pays
        // nothing for the Data Matrix search); an exhaustive scan (a shelf, many packs) finds both
        assertThat(PhotoScanner.create().scan(photo)).extracting(ScannedCode::text).containsExactly(other);
        List<ScannedCode> both = PhotoScanner.create(PhotoScanner.Options.defaults().withExhaustive(true)).scan(photo);
        assertThat(both).extracting(ScannedCode::text).containsExactlyInAnyOrder(mark, other);
        ScannedCode d = both.stream().filter(c -> c.text().equals(mark)).findFirst().orElseThrow();
        assertThat(d.symbology()).isEqualTo(Symbology.DATA_MATRIX);
        assertThat(d.version()).isEqualTo(44);
        assertThat(d.corners()).allSatisfy(p -> assertThat(p.x()).isBetween(40.0, 40.0 + dm.getWidth()));
        assertThat(both.stream().filter(c -> c.text().equals(other)).findFirst().orElseThrow().symbology())
                .isEqualTo(Symbology.QR_CODE);

        PhotoScanner.Options qrOnly = PhotoScanner.Options.defaults().withSymbologies(Set.of(Symbology.QR_CODE));
        assertThat(PhotoScanner.create(qrOnly).scan(photo)).extracting(ScannedCode::text).containsExactly(other);
        PhotoScanner.Options dmOnly = PhotoScanner.Options.defaults().withSymbologies(Set.of(Symbology.DATA_MATRIX));
        assertThat(PhotoScanner.create(dmOnly).scan(photo)).extracting(ScannedCode::text).containsExactly(mark);
        assertThatThrownBy(() -> PhotoScanner.Options.defaults().withSymbologies(Set.of()))
                .hasMessageContaining("symbologies must name");
    }
}
