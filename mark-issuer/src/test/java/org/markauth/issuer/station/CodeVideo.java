package org.markauth.issuer.station;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.markauth.sdk.image.QrModules;
import org.markauth.sdk.image.QrRenderer;

/**
 * A still video of one label's QR under a webcam over the line, for Chromium's fake camera
 * ({@code --use-file-for-fake-video-capture}): the SDK's module grid (as the issuer's labels draw
 * it) in black on white on a grey belt, written as YUV4MPEG2 4:2:0, the uncompressed format
 * Chromium's file capture reads. Grey only (U = V = 128). verify-api's LabelVideo films a hand-held
 * label; a station's camera is fixed, so this one does not move.
 */
final class CodeVideo {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    private CodeVideo() {
    }

    static Path write(String code, int frames, Path file) throws IOException {
        QrModules m = QrRenderer.create().modules(code);
        int px = Math.max(1, (HEIGHT - 40) / m.sizeWithQuietZone());
        int side = px * m.sizeWithQuietZone();
        int x0 = (WIDTH - side) / 2;
        int y0 = (HEIGHT - side) / 2;
        byte[] y = new byte[WIDTH * HEIGHT];
        Arrays.fill(y, (byte) 0x8a);
        for (int row = 0; row < side; row++) {
            Arrays.fill(y, (y0 + row) * WIDTH + x0, (y0 + row) * WIDTH + x0 + side, (byte) 0xf0);
        }
        for (int my = 0; my < m.size(); my++) {
            for (int mx = 0; mx < m.size(); mx++) {
                if (m.get(mx, my)) {
                    for (int dy = 0; dy < px; dy++) {
                        int at = (y0 + (my + m.quietZone()) * px + dy) * WIDTH + x0 + (mx + m.quietZone()) * px;
                        Arrays.fill(y, at, at + px, (byte) 0x10);
                    }
                }
            }
        }
        byte[] chroma = new byte[WIDTH * HEIGHT / 4];
        Arrays.fill(chroma, (byte) 128);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F15:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (int f = 0; f < frames; f++) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(y);
                out.write(chroma);
                out.write(chroma);
            }
        }
        return file;
    }
}
