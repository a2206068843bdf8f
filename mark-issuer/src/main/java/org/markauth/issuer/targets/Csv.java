package org.markauth.issuer.targets;

import java.util.List;

/**
 * The console's CSV exports: RFC 4180 (comma, CRLF, fields with a comma, quote or line break in
 * double quotes, quotes doubled), UTF-8 with a byte-order mark so that Excel opens Chinese text as
 * Chinese rather than as mojibake, and safe against CSV injection (OWASP): a cell that starts with
 * {@code = + - @}, a tab or a carriage return would be read by a spreadsheet as a formula, so it
 * gets a leading apostrophe ({@code '}) and is read as text. Company and product names come from
 * the registry, where a manufacturer's own words may have been typed in; numbers this class writes
 * itself never start with those characters (no negative counts).
 */
public final class Csv {

    /** U+FEFF, which UTF-8 writes as EF BB BF. */
    public static final String BOM = "\uFEFF";

    private Csv() {
    }

    /** The whole file: the BOM, the header line, one line per row. */
    public static String of(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder(BOM);
        line(b, header);
        rows.forEach(r -> line(b, r));
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(cells.get(i)));
        }
        b.append("\r\n");
    }

    /** One cell, neutralised and quoted as needed; null is the empty cell. */
    public static String cell(String v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        char c = v.charAt(0);
        String s = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + v : v;
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
