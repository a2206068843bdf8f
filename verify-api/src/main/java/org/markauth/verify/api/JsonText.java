package org.markauth.verify.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The few pieces of JSON the verdict writer needs, written as UTF-8 straight into the answer's
 * bytes (Netty's encoder: no intermediate String, char array or byte array per answer): a string
 * with RFC 8259 escaping (quote, backslash and the control characters; everything else, non-ASCII
 * included, as it is, which is what Jackson writes too), numbers, and an {@link Instant} exactly as
 * {@link Instant#toString()} prints it, without the formatter's cost.
 */
final class JsonText {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = ascii("null");

    private JsonText() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Text known to need no escaping (names, enum names, fixed punctuation), as UTF-8. */
    static ByteBuf raw(ByteBuf b, String s) {
        ByteBufUtil.writeUtf8(b, s);
        return b;
    }

    /** {@code "s"} escaped, or {@code null} for null. */
    static void string(ByteBuf b, String s) {
        if (s == null) {
            b.writeBytes(NULL);
            return;
        }
        b.writeByte('"');
        int from = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            if (i > from) {
                ByteBufUtil.writeUtf8(b, s, from, i);
            }
            from = i + 1;
            b.writeByte('\\');
            switch (c) {
                case '"' -> b.writeByte('"');
                case '\\' -> b.writeByte('\\');
                case '\n' -> b.writeByte('n');
                case '\r' -> b.writeByte('r');
                case '\t' -> b.writeByte('t');
                case '\b' -> b.writeByte('b');
                case '\f' -> b.writeByte('f');
                default -> b.writeByte('u').writeByte('0').writeByte('0').writeByte(HEX[c >> 4]).writeByte(HEX[c & 0xf]);
            }
        }
        if (n > from) {
            ByteBufUtil.writeUtf8(b, s, from, n);
        }
        b.writeByte('"');
    }

    /** {@code ,"name":}. */
    static ByteBuf name(ByteBuf b, String name) {
        b.writeByte(',').writeByte('"');
        ByteBufUtil.writeAscii(b, name);
        return b.writeByte('"').writeByte(':');
    }

    /** {@code ,"name":"value"} (or null). */
    static void field(ByteBuf b, String name, String value) {
        name(b, name);
        string(b, value);
    }

    /** {@code true} or {@code false}. */
    static void bool(ByteBuf b, boolean v) {
        ByteBufUtil.writeAscii(b, v ? "true" : "false");
    }

    /** A whole number in decimal. */
    static void number(ByteBuf b, long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ByteBufUtil.writeAscii(b, Long.toString(v));
                return;
            }
            b.writeByte('-');
            v = -v;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        int at = b.writerIndex();
        b.ensureWritable(digits);
        for (int i = at + digits - 1; i >= at; i--) {
            b.setByte(i, (int) ('0' + v % 10));
            v /= 10;
        }
        b.writerIndex(at + digits);
    }

    /** The instant as a JSON string, the text of {@link Instant#toString()}; null for null. */
    static void instant(ByteBuf b, Instant at) {
        if (at == null) {
            b.writeBytes(NULL);
            return;
        }
        b.writeByte('"');
        iso(b, at);
        b.writeByte('"');
    }

    /**
     * {@link Instant#toString()}'s text (ISO-8601, UTC, the fraction in groups of three digits as
     * needed) for years 1000–9999; others through the JDK formatter.
     */
    static void iso(ByteBuf b, Instant at) {
        long sec = at.getEpochSecond();
        // 1000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z
        if (sec < -30_610_224_000L || sec > 253_402_300_799L) {
            ByteBufUtil.writeAscii(b, at.toString());
            return;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC);
        digits(b, t.getYear(), 4);
        b.writeByte('-');
        digits(b, t.getMonthValue(), 2);
        b.writeByte('-');
        digits(b, t.getDayOfMonth(), 2);
        b.writeByte('T');
        digits(b, t.getHour(), 2);
        b.writeByte(':');
        digits(b, t.getMinute(), 2);
        b.writeByte(':');
        digits(b, t.getSecond(), 2);
        int nano = at.getNano();
        if (nano != 0) {
            b.writeByte('.');
            if (nano % 1_000_000 == 0) {
                digits(b, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(b, nano / 1_000, 6);
            } else {
                digits(b, nano, 9);
            }
        }
        b.writeByte('Z');
    }

    /** {@code v} in exactly {@code width} digits, zero-padded. */
    private static void digits(ByteBuf b, int v, int width) {
        int at = b.writerIndex();
        b.ensureWritable(width);
        for (int i = at + width - 1; i >= at; i--) {
            b.setByte(i, '0' + v % 10);
            v /= 10;
        }
        b.writerIndex(at + width);
    }
}
