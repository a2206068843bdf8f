package org.markauth.issuer.print;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.markauth.issuer.batch.ChunkSink;
import org.markauth.issuer.batch.MarkChunk;

/**
 * The variable-data feed of inkjet and CIJ line coders (docs/print-formats.md, "CIJ feed"): one
 * record per unit in print order, the template's fields in its order, UTF-8, lines ending in CRLF.
 * {@link Layout#FIXED}: every field padded to its width (text with spaces on the right, the
 * sequence and batch numbers with zeros on the left), no separator, no header — the flat file
 * coders' "external data" import maps by character position. {@link Layout#DELIMITED}: the
 * template's separator, an optional header line of field names, a value quoted as RFC 4180 says
 * when it holds the separator, a quote or a line break. Widths count characters (code points), so
 * a fixed layout is best kept to ASCII fields. {@link LabelTemplates#job} has checked that every
 * value fits its width before the print is logged; a value that still does not is an error, never
 * a silent cut.
 */
public final class CijFeed implements ChunkSink {

    public enum Layout { FIXED, DELIMITED }

    private final Writer out;
    private final LabelJob job;
    private final Layout layout;
    private final StringBuilder line = new StringBuilder(512);
    /** CODE's fixed width when the template says 0: the job's measured code length, else the first code's. */
    private int codeWidth;

    public CijFeed(OutputStream stream, LabelJob job, Layout layout) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.job = job;
        this.layout = layout;
        this.codeWidth = job.codeLength();
        LabelTemplate.Cij cij = job.template().cij();
        if (layout == Layout.DELIMITED && cij.header()) {
            out.write(String.join(cij.delimiter(), cij.columns().stream().map(c -> c.field().name()).toList()));
            out.write("\r\n");
        }
    }

    @Override
    public void accept(MarkChunk c) throws IOException {
        if (c.codes() == null) {
            throw new IllegalStateException("the run was started without codes; a CIJ feed needs them");
        }
        for (int i = 0; i < c.size(); i++) {
            record(c.firstSeq() + i, c.serials()[i], c.codes()[i]);
            out.append(line);
        }
    }

    private void record(int seq, long serial, String code) {
        LabelTemplate.Cij cij = job.template().cij();
        line.setLength(0);
        if (codeWidth == 0) {
            codeWidth = code.length();
        }
        boolean first = true;
        for (LabelTemplate.Column col : cij.columns()) {
            String v = col.field().record(job, seq, serial, code);
            if (layout == Layout.FIXED) {
                pad(col, v, col.width() == 0 ? codeWidth : col.width(), line);
            } else {
                if (!first) {
                    line.append(cij.delimiter());
                }
                quote(v, cij.delimiter(), line);
            }
            first = false;
        }
        line.append("\r\n");
    }

    static void pad(LabelTemplate.Column col, String v, int width, StringBuilder b) {
        int len = v.codePointCount(0, v.length());
        if (len > width) {
            throw new IllegalStateException(col.field() + " '" + v + "' is " + len + " characters, its fixed width is " + width);
        }
        boolean number = col.field() == LabelField.SEQUENCE || col.field() == LabelField.BATCH;
        if (number) {
            b.append("0".repeat(width - len)).append(v);
        } else {
            b.append(v).append(" ".repeat(width - len));
        }
    }

    static void quote(String v, String delimiter, StringBuilder b) {
        if (v.contains(delimiter) || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
            b.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            b.append(v);
        }
    }

    /** Flushes without closing the caller's stream. */
    public void flush() throws IOException {
        out.flush();
    }
}
