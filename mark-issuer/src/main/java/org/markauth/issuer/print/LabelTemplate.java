package org.markauth.issuer.print;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.markauth.sdk.image.DataMatrixRenderer;

/**
 * A product's label template (V016 {@code label_templates}, docs/print-formats.md): the label stock
 * and printer for ZPL (size in millimetres, the printer's dots per inch, the QR module size or
 * automatic, the text lines and the printer font that draws them) and the field layout of the
 * CIJ feed. Validated on construction, so JSON cannot skip a rule; whether the QR of a mark fits
 * is decided by {@link #place} for a symbol size, at PUT for a sample mark of the product and
 * again before each print for the batch's own marks.
 *
 * <p>The module rule ({@link #minModuleDots}): a QR module must be at least
 * {@value #MIN_MODULE_MM} mm and at least {@value #MIN_MODULE_DOTS} printer dots. A one-dot module
 * is lost to a thermal head's dot gain or a single failed heating element; below 0.25 mm (10 mil)
 * the phone cameras and line imagers our verifiers use stop reading reliably at arm's length.
 * GS1 asks 2D symbols to be printed at 1.5 times the X-dimension of linear ones and sets
 * 0.396 mm as the minimum for QR codes scanned at retail points of sale (GS1 General
 * Specifications 5.12.3.1): a template may ask for a larger module ({@code moduleMm}), never a
 * smaller one.
 *
 * <p>{@code carrier} (default QR) prints the mark as a Data Matrix ECC 200 instead, for small packs:
 * the same signed URL, its own module rule ({@link Carrier#minModuleDots}: 0.254 mm, so 3 dots at
 * 203 dpi) and a quiet zone of one module (docs/print-formats.md, "Carrier"). The PDF sheet, the
 * PNG/SVG images and ZPL ({@code ^BX}) follow it; the CIJ feed carries the text, the coder draws it.
 */
public record LabelTemplate(double widthMm, double heightMm, int dpi, Double moduleMm, double textMm, String font,
                            List<LabelField> lines, String language, Cij cij, Carrier carrier) {

    public static final List<Integer> DPIS = List.of(203, 300, 600);
    public static final double MIN_MODULE_MM = 0.25;
    public static final int MIN_MODULE_DOTS = 2;
    /** ZPL's ^BQ takes magnifications 1..10 (dots per module). */
    public static final int MAX_MAGNIFICATION = 10;
    /** Light modules around the symbol (ISO/IEC 18004, as the PNG, SVG and PDF labels draw it), kept inside the label. */
    public static final int QUIET_ZONE = 4;
    /** The width a text line needs beside the QR, else the lines go below it. */
    public static final double TEXT_MIN_WIDTH_MM = 15;
    public static final int MAX_LINES = 6;
    public static final String DEFAULT_FONT = "E:SIMSUN.TTF";
    /** The languages of the words a label prints before a value (批号 / LOT …): zh-CN by default. */
    public static final List<String> LANGUAGES = List.of("zh", "en");
    private static final Pattern FONT = Pattern.compile("[A-Z]:[A-Z0-9_-]{1,16}\\.(TTF|TTE|FNT)");

    /** The CIJ feed's layout: the fields in order, each with its width in the fixed layout; the delimited layout's separator and header line. */
    public record Cij(List<Column> columns, String delimiter, boolean header) {
        public Cij {
            if (columns == null || columns.isEmpty() || columns.size() > 16) {
                throw new IllegalArgumentException("cij.columns must list 1..16 fields, got " + (columns == null ? 0 : columns.size()));
            }
            columns = List.copyOf(columns);
            if (!List.of(",", ";", "\t", "|").contains(delimiter)) {
                throw new IllegalArgumentException("cij.delimiter must be one of ',' ';' '|' or a tab, got '" + delimiter + "'");
            }
        }
    }

    /**
     * One CIJ field; {@code width} is its width in characters in the fixed layout (values are padded with
     * spaces on the right, numbers with zeros on the left); 0, for CODE only, means "the batch's code length".
     */
    public record Column(LabelField field, int width) {
        public Column {
            Objects.requireNonNull(field, "field");
            if (width < 0 || width > 512 || (width == 0 && field != LabelField.CODE)) {
                throw new IllegalArgumentException("cij width of " + field + " must be 1..512 characters (0 only for CODE: the code's "
                        + "length), got " + width);
            }
        }
    }

    public LabelTemplate {
        range("widthMm", widthMm, 10, 200);
        range("heightMm", heightMm, 10, 300);
        if (!DPIS.contains(dpi)) {
            throw new IllegalArgumentException("dpi must be one of " + DPIS + " (the printer's resolution), got " + dpi);
        }
        if (moduleMm != null) {
            range("moduleMm", moduleMm, 0.1, 5);
        }
        range("textMm", textMm, 1.5, 10);
        font = font == null ? DEFAULT_FONT : font.strip().toUpperCase(Locale.ROOT);
        if (!FONT.matcher(font).matches()) {
            throw new IllegalArgumentException("font must name a font file on the printer such as E:SIMSUN.TTF (drive, name of "
                    + "1..16 letters, digits, _ or -, extension TTF, TTE or FNT), got '" + font + "'");
        }
        lines = List.copyOf(lines == null ? List.of() : lines);
        if (lines.size() > MAX_LINES || new HashSet<>(lines).size() != lines.size() || lines.contains(LabelField.CODE)) {
            throw new IllegalArgumentException("lines must list at most " + MAX_LINES + " different fields, CODE excepted (the QR "
                    + "holds it), got " + lines);
        }
        language = language == null ? "zh" : language.strip().toLowerCase(Locale.ROOT);
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language must be one of " + LANGUAGES + " (the words printed before the lot and dates), got '"
                    + language + "'");
        }
        Objects.requireNonNull(cij, "cij");
        carrier = carrier == null ? Carrier.QR : carrier;
    }

    /** A QR template (the form before the carrier option). */
    public LabelTemplate(double widthMm, double heightMm, int dpi, Double moduleMm, double textMm, String font,
                         List<LabelField> lines, String language, Cij cij) {
        this(widthMm, heightMm, dpi, moduleMm, textMm, font, lines, language, cij, Carrier.QR);
    }

    /** This template with another carrier. */
    public LabelTemplate withCarrier(Carrier c) {
        return new LabelTemplate(widthMm, heightMm, dpi, moduleMm, textMm, font, lines, language, cij, c);
    }

    private static void range(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(name + " must be " + num(min) + ".." + num(max) + " mm, got " + num(v));
        }
    }

    /** 50 x 30 mm at 203 dpi (the common thermal-transfer roll), automatic module size, product, lot, expiry, serial and sequence, words in Chinese. */
    public static LabelTemplate standard() {
        return new LabelTemplate(50, 30, 203, null, 2.5, DEFAULT_FONT,
                List.of(LabelField.PRODUCT, LabelField.LOT, LabelField.EXPIRY, LabelField.SERIAL, LabelField.SEQUENCE), "zh",
                new Cij(List.of(new Column(LabelField.SEQUENCE, 8), new Column(LabelField.SERIAL, 13), new Column(LabelField.LOT, 20),
                        new Column(LabelField.EXPIRY, 10), new Column(LabelField.CODE, 0)), ",", true));
    }

    /** The smallest QR module at {@code dpi}, in dots: at least {@value #MIN_MODULE_MM} mm and {@value #MIN_MODULE_DOTS} dots. */
    public static int minModuleDots(int dpi) {
        return Carrier.QR.minModuleDots(dpi);
    }

    static int dots(double mm, int dpi) {
        return (int) Math.floor(mm * dpi / 25.4 + 1e-9);
    }

    static double mm(int dots, int dpi) {
        return dots * 25.4 / dpi;
    }

    /** Where things go on a label at {@code dpi} for a QR of {@code modules} modules a side (quiet zone excluded). */
    public record Layout(int dpi, int widthDots, int heightDots, int modules, int magnification, boolean textBeside,
                         int textHeightDots, int linePitchDots, int quietZone) {

        public Layout(int dpi, int widthDots, int heightDots, int modules, int magnification, boolean textBeside,
                      int textHeightDots, int linePitchDots) {
            this(dpi, widthDots, heightDots, modules, magnification, textBeside, textHeightDots, linePitchDots, QUIET_ZONE);
        }

        /** The symbol's side with its quiet zone, in dots. */
        public int sideDots() {
            return (modules + 2 * quietZone) * magnification;
        }

        /** The quiet zone in dots: where the symbol starts from the label's top-left corner. */
        public int quietDots() {
            return quietZone * magnification;
        }

        public double moduleMm() {
            return mm(magnification, dpi);
        }
    }

    /**
     * Places a QR of {@code modules} modules a side (version {@code version}) on this label at
     * {@code dpi}: the largest magnification up to {@value #MAX_MAGNIFICATION} (or the one
     * {@code moduleMm} asks for) at which the symbol and its quiet zone fit with the text lines
     * beside it (at least {@value #TEXT_MIN_WIDTH_MM} mm wide) or below it.
     *
     * @throws IllegalArgumentException naming the sizes when it cannot fit at the minimum module or the one asked for
     */
    public Layout place(int dpi, int version, int modules) {
        return place(dpi, Carrier.QR, modules, "the QR code of these marks (version " + version + ", " + modules + " modules");
    }

    /**
     * Places the symbol of {@code code} in this template's carrier: a QR of the version ZXing's encoder
     * gives it at M (as the printer's {@code ^BQ} in manual mode builds it), or a Data Matrix of the
     * size ASCII encodation needs ({@link DataMatrixRenderer#asciiEncodationSize}: the size ZPL's
     * {@code ^BX} is told, which any encoder fills).
     */
    public Layout placeCode(int dpi, String code) {
        if (carrier == Carrier.QR) {
            org.markauth.sdk.image.QrModules m = (org.markauth.sdk.image.QrModules) Carrier.QR.grid(code);
            return place(dpi, m.version(), m.size());
        }
        return placeDataMatrix(dpi, DataMatrixRenderer.asciiEncodationSize(code));
    }

    /**
     * Places a Data Matrix of {@code modules} x {@code modules} on this label at {@code dpi}, as
     * {@link #place(int, int, int)} does a QR, under the Data Matrix module rule.
     */
    public Layout placeDataMatrix(int dpi, int modules) {
        return place(dpi, Carrier.DATAMATRIX, modules, "the Data Matrix of these marks (" + modules + " x " + modules + " modules");
    }

    private Layout place(int dpi, Carrier carrier, int modules, String what) {
        int w = dots(widthMm, dpi);
        int h = dots(heightMm, dpi);
        int text = lines.isEmpty() ? 0 : Math.max(8, dots(textMm, dpi));
        int pitch = (int) Math.round(text * 1.25);
        int block = lines.size() * pitch;
        int textBeside = lines.isEmpty() ? 0 : dots(TEXT_MIN_WIDTH_MM, dpi);
        int min = carrier.minModuleDots(dpi);
        int quiet = carrier.quietZone();
        int n = modules + 2 * quiet;
        int asked = moduleMm == null ? 0 : (int) Math.round(moduleMm * dpi / 25.4);
        if (moduleMm != null && asked < min) {
            throw new IllegalArgumentException("moduleMm " + num(moduleMm) + " is " + asked + " dot(s) at " + dpi + " dpi; a "
                    + (carrier == Carrier.QR ? "QR" : "Data Matrix") + " module must be at least " + num(mm(min, dpi)) + " mm (" + min
                    + " dots at " + dpi + " dpi, and never below " + num(carrier.minModuleMm()) + " mm): ask for " + num(mm(min, dpi)) + " mm or more, or leave moduleMm empty");
        }
        if (asked > MAX_MAGNIFICATION) {
            throw new IllegalArgumentException("moduleMm " + num(moduleMm) + " is " + asked + " dots at " + dpi + " dpi; ZPL prints at most "
                    + MAX_MAGNIFICATION + " dots per module (" + num(mm(MAX_MAGNIFICATION, dpi)) + " mm at " + dpi + " dpi)");
        }
        int from = moduleMm == null ? MAX_MAGNIFICATION : asked;
        int to = moduleMm == null ? min : asked;
        for (int m = from; m >= to; m--) {
            int side = n * m;
            if (side <= h && side + textBeside <= w && block <= h) {
                return new Layout(dpi, w, h, modules, m, true, text, pitch, quiet);
            }
            if (side <= w && side + block <= h) {
                return new Layout(dpi, w, h, modules, m, false, text, pitch, quiet);
            }
        }
        double need = mm(n * to, dpi);
        throw new IllegalArgumentException(what + " and a quiet zone of " + quiet + " on each side) at " + (moduleMm == null ? "the minimum module of " : "the module of ") + num(mm(to, dpi))
                + " mm (" + to + " dots at " + dpi + " dpi) is " + num(need) + " mm square; it does not fit a " + num(widthMm) + " x "
                + num(heightMm) + " mm label" + (lines.isEmpty() ? "" : " with " + lines.size() + " text line(s) of " + num(textMm)
                + " mm beside it (" + num(TEXT_MIN_WIDTH_MM) + " mm wide) or below it") + "; use a larger label, fewer text lines or a "
                + "printer of higher dpi");
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }

    // ------------------------------------------------------------------ JSON (the API's and the table's form)

    public JsonObject toJson() {
        JsonArray cols = new JsonArray();
        cij.columns().forEach(c -> cols.add(new JsonObject().put("field", c.field().name()).put("width", c.width())));
        return new JsonObject().put("widthMm", widthMm).put("heightMm", heightMm).put("dpi", dpi).put("moduleMm", moduleMm)
                .put("textMm", textMm).put("font", font).put("lines", new JsonArray(lines.stream().map(Enum::name).toList()))
                .put("language", language).put("carrier", carrier.name())
                .put("cij", new JsonObject().put("columns", cols).put("delimiter", cij.delimiter()).put("header", cij.header()));
    }

    /** A template from the API's JSON; a field left out takes the default template's value. */
    public static LabelTemplate fromJson(JsonObject j) {
        LabelTemplate d = standard();
        JsonObject c = j.getValue("cij") == null ? new JsonObject() : object(j.getValue("cij"), "cij");
        List<Column> columns = d.cij().columns();
        if (c.getValue("columns") != null) {
            columns = new ArrayList<>();
            for (Object o : array(c.getValue("columns"), "cij.columns")) {
                JsonObject col = object(o, "each of cij.columns");
                columns.add(new Column(LabelField.parse(string(col.getValue("field"), "cij.columns[].field"), "cij.columns[].field"),
                        col.getValue("width") == null ? 0 : (int) number(col.getValue("width"), "cij.columns[].width", true)));
            }
        }
        List<LabelField> lines = d.lines();
        if (j.getValue("lines") != null) {
            lines = new ArrayList<>();
            for (Object o : array(j.getValue("lines"), "lines")) {
                lines.add(LabelField.parse(string(o, "each of lines"), "each of lines"));
            }
        }
        return new LabelTemplate(value(j, "widthMm", d.widthMm()), value(j, "heightMm", d.heightMm()),
                j.getValue("dpi") == null ? d.dpi() : (int) number(j.getValue("dpi"), "dpi", true),
                j.getValue("moduleMm") == null ? null : number(j.getValue("moduleMm"), "moduleMm", false),
                value(j, "textMm", d.textMm()), j.getValue("font") == null ? d.font() : string(j.getValue("font"), "font"), lines,
                j.getValue("language") == null ? d.language() : string(j.getValue("language"), "language"),
                new Cij(columns, c.getValue("delimiter") == null ? d.cij().delimiter() : string(c.getValue("delimiter"), "cij.delimiter"),
                        c.getValue("header") == null ? d.cij().header() : bool(c.getValue("header"), "cij.header")),
                j.getValue("carrier") == null ? d.carrier() : Carrier.parse(string(j.getValue("carrier"), "carrier"), "carrier"));
    }

    private static double value(JsonObject j, String field, double dflt) {
        return j.getValue(field) == null ? dflt : number(j.getValue(field), field, false);
    }

    private static double number(Object v, String field, boolean whole) {
        if (v instanceof Number n && (!whole || n.doubleValue() == Math.rint(n.doubleValue()))) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(field + " must be " + (whole ? "a whole number" : "a number") + ", got " + describe(v));
    }

    private static String string(Object v, String field) {
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(field + " must be a string, got " + describe(v));
    }

    private static boolean bool(Object v, String field) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(field + " must be true or false, got " + describe(v));
    }

    private static JsonObject object(Object v, String field) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new IllegalArgumentException(field + " must be a JSON object, got " + describe(v));
    }

    private static JsonArray array(Object v, String field) {
        if (v instanceof JsonArray a) {
            return a;
        }
        throw new IllegalArgumentException(field + " must be a JSON array, got " + describe(v));
    }

    private static String describe(Object v) {
        return v == null ? "nothing" : v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }
}
