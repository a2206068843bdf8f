package org.markauth.verify.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The few pieces of JSON text the verdict writer needs, appended to a {@link StringBuilder}: a
 * string with RFC 8259 escaping (quote, backslash and the control characters; everything else,
 * non-ASCII included, as it is, which is what Jackson writes too) and an {@link Instant} exactly as
 * {@link Instant#toString()} prints it, without the formatter's cost.
 */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** {@code "s"} escaped, or {@code null} for null. */
    static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        int from = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            b.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        b.append(s, from, n).append('"');
    }

    /** {@code ,"name":} (the comma unless {@code first}). */
    static StringBuilder name(StringBuilder b, String name) {
        return b.append(",\"").append(name).append("\":");
    }

    /** {@code ,"name":"value"} (or null). */
    static void field(StringBuilder b, String name, String value) {
        name(b, name);
        string(b, value);
    }

    /** The instant as a JSON string, the text of {@link Instant#toString()}; null for null. */
    static void instant(StringBuilder b, Instant at) {
        if (at == null) {
            b.append("null");
            return;
        }
        b.append('"');
        iso(b, at);
        b.append('"');
    }

    /**
     * {@link Instant#toString()}'s text (ISO-8601, UTC, the fraction in groups of three digits as
     * needed) for years 1000–9999; others through the JDK formatter.
     */
    static void iso(StringBuilder b, Instant at) {
        long sec = at.getEpochSecond();
        // 1000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z
        if (sec < -30_610_224_000L || sec > 253_402_300_799L) {
            b.append(at);
            return;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC);
        b.append(t.getYear()).append('-');
        two(b, t.getMonthValue());
        b.append('-');
        two(b, t.getDayOfMonth());
        b.append('T');
        two(b, t.getHour());
        b.append(':');
        two(b, t.getMinute());
        b.append(':');
        two(b, t.getSecond());
        int nano = at.getNano();
        if (nano != 0) {
            b.append('.');
            if (nano % 1_000_000 == 0) {
                digits(b, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(b, nano / 1_000, 6);
            } else {
                digits(b, nano, 9);
            }
        }
        b.append('Z');
    }

    private static void two(StringBuilder b, int v) {
        b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static void digits(StringBuilder b, int v, int width) {
        int start = b.length();
        for (int i = 0; i < width; i++) {
            b.append('0');
        }
        for (int i = start + width - 1; i >= start; i--) {
            b.setCharAt(i, (char) ('0' + v % 10));
            v /= 10;
        }
    }
}
