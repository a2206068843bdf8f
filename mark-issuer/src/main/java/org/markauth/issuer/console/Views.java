package org.markauth.issuer.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.markauth.http.Messages.Words;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.clones.CloneRuleOverrides;
import org.markauth.issuer.recall.Recall;
import org.markauth.issuer.recall.RecallReport;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;

/**
 * What each console template is fed: one record per page, holding the data already read and the
 * numbers already computed (map circles, chart bars), so that templates only lay out and the
 * engine escapes. Public because the precompiled templates live in {@code org.markauth.issuer.templates}.
 */
public final class Views {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Views() {
    }

    /** A moment as the regulator's office reads it (Beijing time, to the minute); empty for none. */
    public static String time(Instant i) {
        return i == null ? "" : MINUTE.format(i.atZone(ZONE));
    }

    /** Text of a value that may be absent (an optional id), empty for none. */
    public static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    /**
     * The page frame: words of the request's language, the {@code <html lang>} tag, the title, the
     * session's CSRF token (null before sign-in: no navigation then) and the language switch's link.
     */
    public record Shell(Words t, String lang, String title, String csrf, String switchHref) {
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

    public record Recalls(List<Recall> recalls) {
    }

    public record RecallPage(RecallReport report) {
        public Recall recall() {
            return report.recall();
        }
    }
}
