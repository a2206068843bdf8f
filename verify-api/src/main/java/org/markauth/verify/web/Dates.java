package org.markauth.verify.web;

import java.time.Instant;
import java.time.LocalDate;
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

    public static String minute(Instant i) {
        return i == null ? "?" : MINUTE.format(i.atZone(ZONE));
    }
}
