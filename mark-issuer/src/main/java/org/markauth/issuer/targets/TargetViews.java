package org.markauth.issuer.targets;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.markauth.http.Messages.Words;
import org.markauth.issuer.registry.Districts;

/**
 * The targets page's view: its tables as rows of words and numbers (the same rows the CSV exports
 * write) and the charts' data as JSON for the bundled script, which reads it from the page's
 * {@code data-figures} attribute (the console's CSP allows no inline script).
 */
public final class TargetViews {

    /** A table: its id (also the CSV's name), header and rows of cells. */
    public record Table(String id, List<String> header, List<List<String>> rows) {
    }

    /** The page: the scan period, one phase per row of the edit form, the tables, the chart data, the script (null without the bundle). */
    public record Page(String from, String to, List<ProgrammeTargets.Phase> phases, List<Table> tables, String figuresJson,
                       String script) {
        public Table table(String id) {
            return tables.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
        }
    }

    /** The tables' ids, in page order: also the CSV exports' names. */
    public static final List<String> TABLES = List.of("phases", "districts", "industries", "scans", "hotspots", "cases");

    private TargetViews() {
    }

    /** The tables of a snapshot against the targets, in {@code t}'s words. */
    public static List<Table> tables(ProgrammeFigures.Snapshot f, List<ProgrammeTargets.Phase> phases, Words t) {
        List<Table> out = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        long[] actual = {f.standardsMade(), f.counted().certifiedProducts(), f.counted().enterprises()};
        String[] what = {t.get("targets.fig.standards"), t.get("targets.fig.products"), t.get("targets.fig.enterprises")};
        for (ProgrammeTargets.Phase p : phases) {
            Integer[] target = {p.standards(), p.products(), p.enterprises()};
            for (int i = 0; i < 3; i++) {
                rows.add(List.of(Integer.toString(p.year()), what[i], target[i] == null ? "" : target[i].toString(),
                        Long.toString(actual[i]), target[i] == null || target[i] == 0 ? "" : percent(actual[i], target[i]),
                        p.fromSeed() ? t.get("targets.source.seed") : t.get("targets.source.office", p.setBy())));
            }
        }
        out.add(new Table("phases", List.of(t.get("targets.col.year"), t.get("targets.col.figure"), t.get("targets.col.target"),
                t.get("targets.col.actual"), t.get("targets.col.progress"), t.get("targets.col.source")), rows));
        List<String> groupHeader = List.of(t.get("targets.fig.standards"), t.get("targets.fig.products"), t.get("targets.fig.enterprises"));
        out.add(new Table("districts", prepend(t.get("targets.col.district"), groupHeader),
                f.counted().byDistrict().stream().map(g -> List.of(district(g.key(), t), Long.toString(g.standards()),
                        Long.toString(g.products()), Long.toString(g.enterprises()))).toList()));
        out.add(new Table("industries", prepend(t.get("targets.col.industry"), groupHeader),
                f.counted().byIndustry().stream().map(g -> List.of(Figures.OTHER.equals(g.key()) ? t.get("targets.industry.other") : g.key(),
                        Long.toString(g.standards()), Long.toString(g.products()), Long.toString(g.enterprises()))).toList()));
        out.add(new Table("scans", List.of(t.get("targets.col.district"), t.get("targets.col.scans"), t.get("targets.col.suspicious")),
                f.scans().stream().map(s -> List.of(district(s.key(), t), Long.toString(s.scans()), Long.toString(s.suspicious()))).toList()));
        out.add(new Table("hotspots", List.of(t.get("targets.col.place"), t.get("targets.col.district"), t.get("targets.col.suspicious"),
                t.get("targets.col.scans")), f.hotSpots().stream().map(h -> List.of(h.place(), district(h.district() == null
                ? Figures.OTHER : h.district(), t), Long.toString(h.suspicious()), Long.toString(h.scans()))).toList()));
        Figures.HandlingTimes h = f.handling();
        out.add(new Table("cases", List.of(t.get("targets.col.closed"), t.get("targets.col.open"), t.get("targets.col.median"),
                t.get("targets.col.p90")), List.of(List.of(Long.toString(h.closed()), Long.toString(h.open()), hours(h.median()),
                hours(h.p90())))));
        return out;
    }

    /** The chart data: the bar charts and the district map, in {@code t}'s words. */
    public static String figuresJson(ProgrammeFigures.Snapshot f, List<ProgrammeTargets.Phase> phases, Words t, boolean english) {
        JsonArray bars = new JsonArray();
        JsonArray categories = new JsonArray().add(t.get("targets.fig.standards")).add(t.get("targets.fig.products"))
                .add(t.get("targets.fig.enterprises"));
        JsonArray series = new JsonArray();
        for (ProgrammeTargets.Phase p : phases) {
            series.add(new JsonObject().put("name", t.get("targets.chart.targetOf", Integer.toString(p.year())))
                    .put("values", new JsonArray().add(p.standards()).add(p.products()).add(p.enterprises())));
        }
        series.add(new JsonObject().put("name", t.get("targets.chart.actual")).put("values", new JsonArray()
                .add(f.standardsMade()).add(f.counted().certifiedProducts()).add(f.counted().enterprises())));
        bars.add(bar("chart-phases", t.get("targets.chart.phases"), categories, series));
        bars.add(groups("chart-districts", t.get("targets.chart.districts"), f.counted().byDistrict(), k -> district(k, t), t));
        bars.add(groups("chart-industries", t.get("targets.chart.industries"), f.counted().byIndustry(),
                k -> Figures.OTHER.equals(k) ? t.get("targets.industry.other") : k, t));
        JsonObject labels = new JsonObject();
        JsonObject scans = new JsonObject();
        JsonObject suspicious = new JsonObject();
        for (Figures.DistrictScans s : f.scans()) {
            if (!Figures.OTHER.equals(s.key())) {
                labels.put(s.key(), district(s.key(), t));
                scans.put(s.key(), s.scans());
                suspicious.put(s.key(), s.suspicious());
            }
        }
        JsonObject map = new JsonObject().put("id", "chart-map").put("title", t.get("targets.map.title")).put("labels", labels)
                .put("series", new JsonArray()
                        .add(new JsonObject().put("name", t.get("targets.col.scans")).put("values", scans))
                        .add(new JsonObject().put("name", t.get("targets.col.suspicious")).put("values", suspicious)));
        return new JsonObject().put("lang", english ? "en" : "zh").put("bars", bars).put("map", map).encode();
    }

    private static JsonObject groups(String id, String title, List<Figures.Group> gs, Function<String, String> label, Words t) {
        JsonArray cats = new JsonArray();
        JsonArray std = new JsonArray();
        JsonArray prod = new JsonArray();
        JsonArray ent = new JsonArray();
        for (Figures.Group g : gs) {
            cats.add(label.apply(g.key()));
            std.add(g.standards());
            prod.add(g.products());
            ent.add(g.enterprises());
        }
        return bar(id, title, cats, new JsonArray()
                .add(new JsonObject().put("name", t.get("targets.fig.standards")).put("values", std))
                .add(new JsonObject().put("name", t.get("targets.fig.products")).put("values", prod))
                .add(new JsonObject().put("name", t.get("targets.fig.enterprises")).put("values", ent)));
    }

    private static JsonObject bar(String id, String title, JsonArray categories, JsonArray series) {
        return new JsonObject().put("id", id).put("title", title).put("categories", categories).put("series", series);
    }

    /** A district's name in {@code t}'s language ({@link Figures#OTHER}: "outside the five / unknown"). */
    static String district(String code, Words t) {
        return Districts.byCode(code).map(d -> d.name(t.lang() == org.markauth.http.Lang.EN)).orElseGet(() -> t.get("targets.district.other"));
    }

    static String percent(long actual, int target) {
        return Math.round(actual * 100.0 / target) + "%";
    }

    /** Hours with one decimal, empty for none. */
    static String hours(Duration d) {
        return d == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", d.toMinutes() / 60.0);
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }
}
