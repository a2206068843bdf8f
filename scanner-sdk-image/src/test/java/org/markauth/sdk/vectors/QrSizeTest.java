package org.markauth.sdk.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.qrcode.decoder.Mode;
import org.junit.jupiter.api.Test;

/** Guards the QR sizes the spec promises (docs/mark-format.md, "QR size"). */
class QrSizeTest {

    @Test
    void plainFormStaysInAlphanumericModeAtVersion6Or7() {
        assertThat(QrSizes.qr(QrSizes.mark(false).toUrl("MKA.CN"), false).getVersion().getVersionNumber()).isEqualTo(6);
        var q = QrSizes.qr(QrSizes.mark(false).toUrl("MARKAUTH.CN"), false);
        assertThat(q.getMode()).isEqualTo(Mode.ALPHANUMERIC);
        assertThat(q.getVersion().getVersionNumber()).isEqualTo(7);
    }

    @Test
    void gs1DigitalLinkFormFitsVersion8() {
        assertThat(QrSizes.qr(QrSizes.mark(true).toUrl("MARKAUTH.CN"), true).getVersion().getVersionNumber()).isLessThanOrEqualTo(8);
    }
}
