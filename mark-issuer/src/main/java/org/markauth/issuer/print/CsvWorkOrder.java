package org.markauth.issuer.print;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.markauth.issuer.batch.ChunkSink;
import org.markauth.issuer.batch.MarkChunk;

/**
 * The work order industrial coders and line printers take: one unit per line, in print order.
 * {@link Format#CSV}: {@code sequence,serial,url} with a header line (RFC 4180; no field needs
 * quoting: digits, hex and an upper-case URL). {@link Format#TXT}: the URL alone, one per line, for
 * printers that take a plain list of variable data. Lines end in CRLF as RFC 4180 asks.
 */
public final class CsvWorkOrder implements ChunkSink, AutoCloseable {

    public enum Format { CSV, TXT }

    private static final HexFormat HEX = HexFormat.of();

    private final Writer out;
    private final Format format;

    public CsvWorkOrder(OutputStream stream, Format format) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.US_ASCII), 1 << 16);
        this.format = format;
        if (format == Format.CSV) {
            out.write("sequence,serial,url\r\n");
        }
    }

    @Override
    public void accept(MarkChunk c) throws IOException {
        if (c.codes() == null) {
            throw new IllegalStateException("the run was started without codes; a work order needs them");
        }
        for (int i = 0; i < c.size(); i++) {
            if (format == Format.CSV) {
                out.write(Integer.toString(c.firstSeq() + i));
                out.write(',');
                out.write(HEX.toHexDigits(c.serials()[i]));
                out.write(',');
            }
            out.write(c.codes()[i]);
            out.write("\r\n");
        }
    }

    /** Flushes; closes the underlying stream too. */
    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Flushes without closing (for streams owned by the caller, e.g. a ZIP entry). */
    public void flush() throws IOException {
        out.flush();
    }
}
