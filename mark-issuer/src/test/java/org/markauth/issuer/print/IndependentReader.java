package org.markauth.issuer.print;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.markauth.sdk.image.PhotoScanner;
import org.markauth.sdk.image.ScannedCode;

/**
 * ZXing as the reader independent of our writers (it reads pixels). Its plain finder-pattern search
 * misses about 1.7% of perfectly clean, pixel-aligned symbols of a mark's size (34 of 2,000 random
 * mark URLs, with ZXing's own encoder as well as ours) — images a camera never produces. Those are
 * then read by the SDK's PhotoScanner (ZXing with the product's retry ladder), which read all 2,000
 * as flat PNGs and as labels with text beside the code.
 */
final class IndependentReader {
    private IndependentReader() {
    }

    static String decode(BufferedImage img) throws Exception {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img)));
        try {
            // QR only: a label's printed text once read as a 1D symbol ("07250923", CI 2026-12-06), a
            // format no mark is printed in
            return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE,
                    DecodeHintType.POSSIBLE_FORMATS, List.of(com.google.zxing.BarcodeFormat.QR_CODE))).getText();
        } catch (NotFoundException e) {
            List<ScannedCode> codes = PhotoScanner.create().scan(img);
            if (codes.isEmpty()) {
                throw e;
            }
            return codes.get(0).text();
        }
    }
}
