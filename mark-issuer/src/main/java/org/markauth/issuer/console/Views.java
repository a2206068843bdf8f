package org.markauth.issuer.console;

import org.markauth.registry.Geohash;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.markauth.http.Messages.Words;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.clones.CloneRuleOverrides;
import org.markauth.issuer.recall.Recall;
import org.markauth.issuer.recall.RecallReport;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.evidence.InspectionRecord;

/**
 * What each console template is fed: one record per page, holding the data already read and the
 * numbers already computed (map circles, chart bars), so that templates only lay out and the
 * engine escapes. Public because the precompiled templates live in {@code org.markauth.issuer.templates}.
 */
public final class Views {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Views() {
    }

    /** A moment to the second (Beijing time), for evidence where the minute is not enough; empty for none. */
    public static String seconds(Instant i) {
        return i == null ? "" : SECOND.format(i.atZone(ZONE));
    }

    /** A moment as the regulator's office reads it (Beijing time, to the minute); empty for none. */
    public static String time(Instant i) {
        return i == null ? "" : MINUTE.format(i.atZone(ZONE));
    }

    /** A value for a link's query string ({@code ?officer=}), URL-encoded; the engine then escapes it for the attribute. */
    public static String param(String v) {
        return java.net.URLEncoder.encode(v == null ? "" : v, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Text of a value that may be absent (an optional id), empty for none. */
    public static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    /**
     * The page frame: words of the request's language, the {@code <html lang>} tag, the title, the
     * session's CSRF token (null before sign-in: no navigation then) and the language switch's link.
     */
    public record Shell(Words t, String lang, String title, String csrf, String switchHref, List<Nav> nav) {
        /** A shell without a navigation list (the console's layout names its pages itself). */
        public Shell(Words t, String lang, String title, String csrf, String switchHref) {
            this(t, lang, title, csrf, switchHref, List.of());
        }
    }

    /** One entry of a site's navigation: its page and the key of its words. */
    public record Nav(String href, String key) {
    }

    public record Login(String error) {
    }

    public record Refused(String message) {
    }

    public record Alerts(String status, List<String> statuses, List<AlertWorkflow.Alert> alerts) {
    }

    /** @param next the statuses the alert may move to, in a stable order */
    public record Alert(AlertWorkflow.Alert alert, String evidence, List<String> next, List<AlertWorkflow.Move> history,
                        BlockState block, String blockLink) {
    }

    /** A unit's block state in one line; {@code block} null when the unit was never blocked. */
    public record BlockState(Blocks.Block block) {
        public String line(Words t) {
            if (block == null) {
                return t.get("block.none");
            }
            return t.get(block.blocked() ? "block.blocked" : "block.unblocked", time(block.since()), text(block.actor()), text(block.reason()));
        }
    }

    /** The blocks page; {@code batchId} null before a unit is asked for. */
    public record BlockPage(String batchId, String serial, BlockState state, List<Blocks.Change> history) {
        public boolean blocked() {
            return state != null && state.block() != null && state.block().blocked();
        }
    }

    /** The clone-rules page; {@code productId} null before a product is asked for, {@code overrides} null when none are set. */
    public record Rules(String productId, CloneRuleOverrides.Overrides overrides, List<RuleField> fields) {
        /** The off-market rule's override: on, off, or null for the service default. */
        public Boolean offMarket() {
            return overrides == null ? null : overrides.offMarket();
        }
    }

    /** One numeric threshold of the clone rules: form field name and its current value (empty = the service default). */
    public record RuleField(String name, String value) {
    }

    public record Reports(String day, List<ConsoleData.Report> reports) {
    }

    /** An officer (a user holding an OFFICER key) with its area as the form shows it: regions separated by spaces. */
    public record OfficerRow(String userId, String regions, String setBy, Instant setAt) {
    }

    public record Officers(List<OfficerRow> officers) {
    }

    /**
     * The inspection records page: one UTC day's records ({@code officer} null), with the days
     * before and after for the links, or one officer's newest records ({@code officer} set).
     */
    public record Inspections(String day, String previous, String next, String officer, List<ConsoleData.InspectionRow> rows) {
    }

    /**
     * One inspection record: as stored, and as the SDK reads its bytes ({@code record}), or null
     * with the SDK's reason in {@code unreadable} when it refuses them (verify-api parsed the same
     * bytes with the same reader before storing them, so this is defence, not a case that happens).
     */
    public record InspectionPage(ConsoleData.StoredInspection stored, InspectionRecord record, String unreadable) {
        public String recordSha256() {
            return java.util.HexFormat.of().formatHex(stored.recordSha256());
        }

        /** verify-api's path of the record's evidence package (the console holds no receipt key to make one). */
        public String evidencePath() {
            return "/api/v1/officer/inspections/" + stored.id() + "/evidence";
        }

        public List<UnitRow> units() {
            return record == null ? List.of() : record.units().stream().map(UnitRow::of).toList();
        }
    }

    /**
     * A unit checked in an inspection, as the table shows it: the scanned text shortened (the whole
     * text in {@code code}), and the console's unit page ({@code /console/blocks}) when the unit has
     * a batch and serial the console can open.
     */
    public record UnitRow(String code, String shortCode, InspectionRecord.Unit unit, String unitLink) {
        static UnitRow of(InspectionRecord.Unit u) {
            String c = u.code();
            String shortCode = c.length() <= 32 ? c : c.substring(0, 20) + "…" + c.substring(c.length() - 8);
            boolean linkable = u.batchId() != null && u.serial() != null && u.batchId() <= Integer.MAX_VALUE;
            return new UnitRow(c, shortCode, u, linkable ? "/console/blocks?batchId=" + u.batchId() + "&serial=" + u.serial() : null);
        }
    }

    /** A hot spot drawn on the map: centre and radius already in the SVG's pixels. */
    public record Circle(String place, long suspicious, long total, String cx, String cy, String r) {
    }

    public record HotSpots(String from, String to, List<Circle> circles, List<ConsoleData.Spot> places, List<ConsoleData.Spot> regions) {
    }

    /** One day's bars: all scans and the non-GENUINE ones, in the chart's pixels. */
    public record Bar(int x, int totalY, int totalHeight, int badY, int badHeight, String day, long total) {
    }

    /** @param counts one row per day: the day's count of each of {@code verdicts}, in that order */
    public record Stats(String kind, String id, String from, String to, int chartWidth, List<Bar> bars, List<String> verdicts,
                        List<DayRow> days) {
    }

    public record DayRow(String day, long total, List<Long> counts) {
    }

    /** One registry row: a licensee and one of its products (null when it has none) with its licence (null when none). */
    public record RegistryRow(Licensee licensee, Product product, Licence licence) {
    }

    public record Registry(List<RegistryRow> rows) {
    }

    /** The notification events page: the type shown ("" = all), the choices, the events newest first. */
    public record Notifications(String type, List<String> types, List<org.markauth.registry.NotificationEvent> events) {
        /** An event's data as one line of {@code key: value} pairs. */
        public static String data(org.markauth.registry.NotificationEvent e) {
            StringBuilder b = new StringBuilder();
            e.data().forEach((k, v) -> {
                if (v != null) {
                    b.append(b.length() == 0 ? "" : " · ").append(k).append(": ").append(v);
                }
            });
            return b.toString();
        }
    }

    public record Recalls(List<Recall> recalls) {
    }

    /** The regulator's recall-request inbox in one status. */
    public record RecallRequests(String status, List<org.markauth.issuer.recall.RecallRequest> requests) {
        public List<String> statuses() {
            return java.util.Arrays.stream(org.markauth.issuer.recall.RecallRequest.Status.values()).map(Enum::name).toList();
        }
    }

    public record RecallPage(RecallReport report) {
        public Recall recall() {
            return report.recall();
        }
    }

    // ------------------------------------------------------------------ view records from the read models

    static List<RuleField> ruleFields(CloneRuleOverrides.Overrides o) {
        return List.of(new RuleField("maxScans", text(o == null ? null : o.maxScans())),
                new RuleField("scanWindowSeconds", text(o == null ? null : o.scanWindowSeconds())),
                new RuleField("maxSpeedKmh", text(o == null ? null : o.maxSpeedKmh())),
                new RuleField("minTravelKm", text(o == null ? null : o.minTravelKm())),
                new RuleField("blockThreshold", text(o == null ? null : o.blockThreshold())));
    }

    /** China-bounded equirectangular frame: longitude 73..135 E, latitude 18..54 N, 10 px per degree. */
    public static HotSpots hotSpots(LocalDate from, LocalDate to, List<ConsoleData.Spot> spots) {
        long max = Math.max(1, spots.stream().mapToLong(ConsoleData.Spot::suspicious).max().orElse(1));
        List<Circle> circles = new ArrayList<>();
        List<ConsoleData.Spot> regions = new ArrayList<>();
        for (ConsoleData.Spot s : spots) {
            // a place is a geohash cell, or a region's name when the scan had no position
            double[] c = Geohash.valid(s.place()) ? Geohash.decode(s.place()) : null;
            if (c == null || c[1] < 73 || c[1] > 135 || c[0] < 18 || c[0] > 54) {
                regions.add(s);
                continue;
            }
            if (s.suspicious() == 0) {
                continue;
            }
            double r = 3 + 17 * Math.sqrt((double) s.suspicious() / max);
            circles.add(new Circle(s.place(), s.suspicious(), s.total(), px((c[1] - 73) * 10), px((54 - c[0]) * 10), px(r)));
        }
        return new HotSpots(from.toString(), to.toString(), circles, spots, regions);
    }

    private static String px(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Bars of 18 px, 4 px apart, 140 px for the busiest day; red for scans that were not GENUINE. */
    public static Stats stats(String kind, String id, LocalDate from, LocalDate to, List<ConsoleData.Day> days) {
        TreeSet<String> verdicts = new TreeSet<>();
        days.forEach(d -> verdicts.addAll(d.byVerdict().keySet()));
        long max = Math.max(1, days.stream().mapToLong(ConsoleData.Day::total).max().orElse(1));
        List<Bar> bars = new ArrayList<>();
        List<DayRow> rows = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            ConsoleData.Day d = days.get(i);
            long bad = d.total() - d.byVerdict().getOrDefault("GENUINE", 0L);
            int ht = (int) Math.round(140.0 * d.total() / max);
            int hb = (int) Math.round(140.0 * bad / max);
            bars.add(new Bar(5 + i * 22, 150 - ht, ht, 150 - hb, hb, d.day().toString(), d.total()));
            Map<String, Long> by = d.byVerdict();
            rows.add(new DayRow(d.day().toString(), d.total(), verdicts.stream().map(v -> by.getOrDefault(v, 0L)).toList()));
        }
        return new Stats(kind, id, from.toString(), to.toString(), Math.max(200, days.size() * 22 + 10), bars,
                List.copyOf(verdicts), rows);
    }
}
