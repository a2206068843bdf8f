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
 * <p>With the template's {@code carrier: DATAMATRIX} the symbol is the printer's {@code ^BX}
 * instead ({@link #dataMatrix}); the layout, text lines and escapes are the same.
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
            layout = job.template().placeCode(job.dpi(), code);
            measuredLength = code.length();
            measuredAlphanumeric = alnum;
        }
        LabelTemplate.Layout l = layout;
        int mag = l.magnification();
        int quiet = l.quietDots();
        StringBuilder b = label;
        b.setLength(0);
        b.append("^XA\n^CI28\n^PW").append(l.widthDots()).append("\n^LL").append(l.heightDots()).append("\n^LH0,0\n");
        b.append("^FXunit ").append(seq).append(" serial ").append(HexFormat.of().toHexDigits(serial)).append('\n');
        if (job.template().carrier() == Carrier.DATAMATRIX) {
            dataMatrix(b, quiet, mag, l.modules(), code);
        } else {
            b.append("^FO").append(quiet).append(',').append(quiet).append("^BQN,2,").append(mag).append(",M^FDMM,");
            if (alnum) {
                b.append('A');
            } else {
                b.append('B').append(String.format("%04d", code.length()));
            }
            b.append(code).append("^FS\n");
        }
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

    /**
     * The printer's own Data Matrix: {@code ^BXN,h,200,c,r,,_} — normal orientation, {@code h} dots per
     * module, quality 200 (ECC 200, the only Data Matrix ISO/IEC 16022 and GS1 still specify), and the
     * symbol's columns and rows pinned to the size {@link LabelTemplate#placeCode} laid the label out
     * for (ASCII encodation's, which any encoder fills: a printer preferring C40 pads, never overflows),
     * format ID empty (not used at 200), {@code _} as the escape character named explicitly because
     * the default changed between firmware versions ({@code _} or {@code ~}). No FNC1: the data is a
     * URL, not GS1 element strings (docs/mark-format.md, "Data Matrix"). A mark URL holds only
     * letters, digits and {@code :/.-?=} (the host is LDH), so neither the escape character nor a ZPL
     * command prefix can occur in it; a code that holds one anyway is refused rather than printed wrong.
     */
    private static void dataMatrix(StringBuilder b, int quiet, int mag, int modules, String code) {
        for (int i = 0; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (ch == '_' || ch == '^' || ch == '~' || ch < 0x20 || ch > 0x7E) {
                throw new IllegalStateException("a mark URL for ^BX holds only printable ASCII without _ ^ ~; got '" + ch + "' at " + i);
            }
        }
        b.append("^FO").append(quiet).append(',').append(quiet).append("^BXN,").append(mag).append(",200,").append(modules)
                .append(',').append(modules).append(",,_^FD").append(code).append("^FS\n");
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
