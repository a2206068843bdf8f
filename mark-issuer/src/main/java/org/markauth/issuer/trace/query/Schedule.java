package org.markauth.issuer.trace.query;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.markauth.issuer.IssuerException;

/**
 * A query subscription's schedule (EPCIS 2.0 section 8.2.5.3, QuerySchedule; the REST binding's
 * {@code schedule} object, {@code query-schedule.json}): six optional fields, each a comma-separated
 * list of numbers and {@code [a-b]} ranges; a time is a query time when every given field matches
 * (an omitted field matches any value). Times are taken in UTC (the standard leaves the zone to the
 * service). A field out of its range, a range whose first number is greater, or any other form is
 * refused (SubscriptionControlsException, 400).
 */
public record Schedule(Map<String, String> fields, BitSet second, BitSet minute, BitSet hour, BitSet dayOfMonth, BitSet month,
                       BitSet dayOfWeek) {

    private static final String[] NAMES = {"second", "minute", "hour", "dayOfMonth", "month", "dayOfWeek"};
    private static final int[][] RANGES = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}};
    /** How far ahead the next query time is looked for (a schedule such as 31 February never fires). */
    static final int SEARCH_DAYS = 366 * 4 + 1;

    public Schedule {
        fields = Map.copyOf(fields);
    }

    public static Schedule parse(JsonObject o) {
        if (o == null) {
            throw invalid("schedule is required unless stream is true");
        }
        for (String k : o.fieldNames()) {
            if (java.util.Arrays.stream(NAMES).noneMatch(k::equals)) {
                throw invalid("schedule has no field '" + EpcisQuery.shorten(k) + "'; its fields are second, minute, hour, dayOfMonth, "
                        + "month, dayOfWeek");
            }
        }
        Map<String, String> f = new LinkedHashMap<>();
        BitSet[] sets = new BitSet[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            Object v = o.getValue(NAMES[i]);
            if (v instanceof Number n) {
                v = String.valueOf(n);
            }
            if (v != null && !(v instanceof String)) {
                throw invalid("schedule." + NAMES[i] + " must be a string such as \"5\", \"0,30\" or \"[1-5]\"");
            }
            sets[i] = field(NAMES[i], (String) v, RANGES[i][0], RANGES[i][1]);
            if (v != null) {
                f.put(NAMES[i], (String) v);
            }
        }
        if (f.isEmpty()) {
            throw invalid("schedule needs at least one field (an empty schedule would run every second)");
        }
        return new Schedule(f, sets[0], sets[1], sets[2], sets[3], sets[4], sets[5]);
    }

    private static BitSet field(String name, String v, int min, int max) {
        BitSet b = new BitSet(max + 1);
        if (v == null) {
            b.set(min, max + 1);
            return b;
        }
        if (v.length() > 200) {
            throw invalid("schedule." + name + " is too long");
        }
        for (String el : v.split(",", -1)) {
            String e = el.strip();
            int lo;
            int hi;
            try {
                if (e.startsWith("[") && e.endsWith("]") && e.indexOf('-') > 0) {
                    String[] r = e.substring(1, e.length() - 1).split("-", -1);
                    if (r.length != 2) {
                        throw new NumberFormatException();
                    }
                    lo = digits(r[0]);
                    hi = digits(r[1]);
                } else {
                    lo = digits(e);
                    hi = lo;
                }
            } catch (NumberFormatException x) {
                throw invalid("schedule." + name + " '" + EpcisQuery.shorten(v) + "' is not a list of numbers and [a-b] ranges");
            }
            if (lo < min || hi > max || lo > hi) {
                throw invalid("schedule." + name + " '" + EpcisQuery.shorten(v) + "' is outside " + min + "-" + max
                        + (lo > hi ? " or has a range whose first number is greater" : ""));
            }
            b.set(lo, hi + 1);
        }
        return b;
    }

    private static int digits(String s) {
        if (s.isEmpty() || s.length() > 2 || !s.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException();
        }
        return Integer.parseInt(s);
    }

    /** The first query time strictly after {@code after} (UTC), or empty when none comes within four years. */
    public Optional<Instant> next(Instant after) {
        LocalDateTime start = LocalDateTime.ofInstant(after, ZoneOffset.UTC).withNano(0).plusSeconds(1);
        LocalDate d = start.toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, d = d.plusDays(1)) {
            if (!dayOfMonth.get(d.getDayOfMonth()) || !month.get(d.getMonthValue()) || !dayOfWeek.get(d.getDayOfWeek().getValue())) {
                continue;
            }
            boolean today = d.equals(start.toLocalDate());
            for (int h = today ? start.getHour() : 0; h < 24; h++) {
                if (!hour.get(h)) {
                    continue;
                }
                boolean thisHour = today && h == start.getHour();
                for (int m = thisHour ? start.getMinute() : 0; m < 60; m++) {
                    if (!minute.get(m)) {
                        continue;
                    }
                    boolean thisMinute = thisHour && m == start.getMinute();
                    int s = second.nextSetBit(thisMinute ? start.getSecond() : 0);
                    if (s >= 0 && s < 60) {
                        return Optional.of(d.atTime(h, m, s).toInstant(ZoneOffset.UTC));
                    }
                }
            }
        }
        return Optional.empty();
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        fields.forEach(o::put);
        return o;
    }

    static IssuerException invalid(String message) {
        return new SubscriptionControls(message);
    }

    /** EPCIS SubscriptionControlsException: a subscription's controls are wrong (400). */
    static final class SubscriptionControls extends IssuerException.BadInput {
        SubscriptionControls(String message) {
            super("SUBSCRIPTION_CONTROLS_INVALID", message);
        }
    }
}
