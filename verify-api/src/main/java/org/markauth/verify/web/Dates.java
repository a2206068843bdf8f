package org.markauth.verify.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Dates as the pages show them: in China Standard Time, the programme's zone, whatever the
 * server's own zone; "?" for a date the registry does not hold. In the kit because both the
 * verdict page and the trace sections print them.
 */
public final class Dates {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Dates() {
    }

    public static String day(Instant i) {
        return i == null ? "?" : DAY.format(i.atZone(ZONE));
    }

    public static String day(LocalDate d) {
        return d == null ? "?" : DAY.format(d);
    }

    /**
     * {@code yyyy-MM-dd HH:mm} in the programme's zone. Written by hand for years 1000–9999 (the
     * verdict's history note prints one per scan; the formatter cost ~1 µs and a dozen objects).
     */
    public static String minute(Instant i) {
        if (i == null) {
            return "?";
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(i.getEpochSecond(), 0, ZONE.getRules().getOffset(i));
        int y = t.getYear();
        if (y < 1000 || y > 9999) {
            return MINUTE.format(i.atZone(ZONE));
        }
        byte[] c = new byte[16];
        digits(c, 0, y, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = ' ';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        return new String(c, StandardCharsets.US_ASCII);
    }

    private static void digits(byte[] c, int at, int v, int width) {
        for (int k = at + width - 1; k >= at; k--) {
            c[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }
}
