package org.markauth.issuer.print;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.markauth.issuer.batch.ChunkSink;
import org.markauth.issuer.batch.MarkChunk;
import org.markauth.sdk.image.DataMatrixModules;
import org.markauth.sdk.image.DataMatrixRenderer;
import org.markauth.sdk.image.QrModules;
import org.markauth.sdk.image.QrRenderer;

/**
 * A ZIP of one PNG and one SVG per unit (of the QR, or the Data Matrix when the product's label
 * template's carrier is DATAMATRIX) ({@code png/000001-<serial>.png}, {@code svg/...}) plus the
 * CSV work order in parts ({@code work-order/000001.csv}, one per chunk, naming each unit's
 * files), streamed entry by entry: memory holds one chunk's manifest, never the whole batch.
 * PNGs are already compressed, so DEFLATE runs at level 1.
 */
public final class ImageZip implements ChunkSink, AutoCloseable {

    private final ZipOutputStream zip;
    private final QrRenderer qr = QrRenderer.create();
    private final DataMatrixRenderer dataMatrix = DataMatrixRenderer.create();
    private final Carrier carrier;
    private final int modulePixels;
    private final StringBuilder manifest = new StringBuilder();
    private int width;

    public ImageZip(OutputStream out, int modulePixels) {
        this(out, modulePixels, Carrier.QR);
    }

    /** Images of the mark in {@code carrier} (the product's label template's). */
    public ImageZip(OutputStream out, int modulePixels, Carrier carrier) {
        this.carrier = carrier;
        if (modulePixels < 1 || modulePixels > QrRenderer.MAX_MODULE_PIXELS) {
            throw new IllegalArgumentException("modulePixels must be 1.." + QrRenderer.MAX_MODULE_PIXELS + ", got " + modulePixels);
        }
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        this.zip.setLevel(1);
        this.modulePixels = modulePixels;
    }

    @Override
    public void accept(MarkChunk c) throws IOException {
        if (width == 0) {
            width = Math.max(6, Integer.toString(c.lastSeq()).length());
        }
        manifest.append("sequence,serial,url,png,svg\r\n");
        for (int i = 0; i < c.size(); i++) {
            String serial = HexFormat.of().toHexDigits(c.serials()[i]);
            String name = String.format("%0" + width + "d-%s", c.firstSeq() + i, serial);
            byte[] png;
            String svg;
            if (carrier == Carrier.QR) {
                QrModules m = qr.modules(c.codes()[i]);
                png = qr.png(m, modulePixels);
                svg = qr.svg(m);
            } else {
                DataMatrixModules m = dataMatrix.modules(c.codes()[i]);
                png = dataMatrix.png(m, modulePixels);
                svg = dataMatrix.svg(m);
            }
            zip.putNextEntry(new ZipEntry("png/" + name + ".png"));
            zip.write(png);
            zip.putNextEntry(new ZipEntry("svg/" + name + ".svg"));
            zip.write(svg.getBytes(StandardCharsets.UTF_8));
            manifest.append(c.firstSeq() + i).append(',').append(serial).append(',').append(c.codes()[i])
                    .append(",png/").append(name).append(".png,svg/").append(name).append(".svg\r\n");
        }
        // one work-order part per chunk keeps memory bounded (a single manifest would have to wait for the end)
        zip.putNextEntry(new ZipEntry("work-order/" + String.format("%0" + width + "d", c.firstSeq()) + ".csv"));
        zip.write(manifest.toString().getBytes(StandardCharsets.US_ASCII));
        manifest.setLength(0);
    }

    @Override
    public void close() throws IOException {
        zip.finish();
        zip.flush();
    }
}
