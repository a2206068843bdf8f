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
import org.markauth.sdk.image.QrModules;
import org.markauth.sdk.image.QrRenderer;

/**
 * ZPL II for Zebra-class label printers (docs/print-formats.md, "ZPL"): one {@code ^XA..^XZ} label
 * per unit, in print order. The QR is the printer's own {@code ^BQ} (model 2, error correction M as
 * the PNG, SVG and PDF labels use), its data given in manual mode — alphanumeric for a plain mark
 * URL, 8-bit bytes with their count for the GS1 Digital Link form — so the printer encodes exactly
 * the symbol version {@link QrRenderer} computes for the same text at M, and the magnification
 * (dots per module) chosen by {@link LabelTemplate#place} for that version always holds. Text lines
 * are drawn with {@code ^A@} in the template's TrueType font under {@code ^CI28} (UTF-8), escaped
 * with {@code ^FH} so a product name cannot inject commands.
 *
 * <p>Memory: one label is built at a time into a reused buffer and written through a 64 KiB
 * buffered writer; the symbol version is computed once per code length (all codes of a batch have
 * the same), so a batch of any size streams in constant memory.
 */
public final class ZplLabels implements ChunkSink {

    /** The characters QR's alphanumeric mode holds (ISO/IEC 18004, table 5). */
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private final Writer out;
    private final LabelJob job;
    private final QrRenderer qr = QrRenderer.create();
    private final StringBuilder label = new StringBuilder(1024);
    private int measuredLength = -1;
    private boolean measuredAlphanumeric;
    private LabelTemplate.Layout layout;

    public ZplLabels(OutputStream stream, LabelJob job) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.job = job;
    }

    @Override
    public void accept(MarkChunk c) throws IOException {
        if (c.codes() == null) {
            throw new IllegalStateException("the run was started without codes; labels need them");
        }
        for (int i = 0; i < c.size(); i++) {
            label(c.firstSeq() + i, c.serials()[i], c.codes()[i]);
            out.append(label);
        }
    }

    private void label(int seq, long serial, String code) {
        boolean alnum = alphanumeric(code);
        if (code.length() != measuredLength || alnum != measuredAlphanumeric) {
            QrModules m = qr.modules(code);
            layout = job.template().place(job.dpi(), m.version(), m.size());
            measuredLength = code.length();
            measuredAlphanumeric = alnum;
        }
        LabelTemplate.Layout l = layout;
        int mag = l.magnification();
        int quiet = LabelTemplate.QUIET_ZONE * mag;
        StringBuilder b = label;
        b.setLength(0);
        b.append("^XA\n^CI28\n^PW").append(l.widthDots()).append("\n^LL").append(l.heightDots()).append("\n^LH0,0\n");
        b.append("^FXunit ").append(seq).append(" serial ").append(HexFormat.of().toHexDigits(serial)).append('\n');
        b.append("^FO").append(quiet).append(',').append(quiet).append("^BQN,2,").append(mag).append(",M^FDMM,");
        if (alnum) {
            b.append('A');
        } else {
            b.append('B').append(String.format("%04d", code.length()));
        }
        b.append(code).append("^FS\n");
        int x = l.textBeside() ? l.sideDots() : quiet;
        int y = l.textBeside() ? quiet : l.sideDots();
        for (LabelField f : job.template().lines()) {
            String text = f.label(job, seq, serial, code);
            if (text.isEmpty()) {
                continue;
            }
            b.append("^FO").append(x).append(',').append(y).append("^A@N,").append(l.textHeightDots()).append(',')
                    .append(l.textHeightDots()).append(',').append(job.template().font()).append("^FH_^FD");
            escape(text, b);
            b.append("^FS\n");
            y += l.linePitchDots();
        }
        b.append("^PQ1\n^XZ\n");
    }

    static boolean alphanumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (ALPHANUMERIC.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Field text for {@code ^FH_}: the command prefixes and the escape character itself as hex, control characters dropped. */
    static void escape(String text, StringBuilder b) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '^' -> b.append("_5E");
                case '~' -> b.append("_7E");
                case '_' -> b.append("_5F");
                default -> {
                    if (ch >= 0x20 && ch != 0x7F) {
                        b.append(ch);
                    }
                }
            }
        }
    }

    /** Flushes without closing the caller's stream. */
    public void flush() throws IOException {
        out.flush();
    }
}
