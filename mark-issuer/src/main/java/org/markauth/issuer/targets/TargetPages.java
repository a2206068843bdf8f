package org.markauth.issuer.targets;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.markauth.http.Lang;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.ConsoleData;
import org.markauth.issuer.console.Site;

/**
 * The programme office's targets page ({@code /console/targets}, docs/targets.md): the targets per
 * phase against the actual figures, the figures by district and industry, scans and counterfeit
 * hot spots by district on a map of Foshan's districts, case handling times; charts drawn by the
 * bundled ECharts script ({@link ConsoleAppFiles}), every table also as a CSV download
 * ({@code /console/targets/csv/<table>}), and the form that sets a phase's targets.
 */
public final class TargetPages implements Console.Feature {

    private final ProgrammeTargets targets;
    private final ProgrammeFigures figures;
    private final ConsoleAppFiles assets;
    private final Clock clock;

    public TargetPages(ProgrammeTargets targets, ProgrammeFigures figures, ConsoleAppFiles assets, Clock clock) {
        this.targets = targets;
        this.figures = figures;
        this.assets = assets;
        this.clock = clock;
    }

    @Override
    public void mount(Router r, Site site) {
        assets.mount(r);
        r.get("/console/targets").handler(ctx -> site.showScripted(ctx, (p, t) -> {
            Period period = period(ctx);
            List<ProgrammeTargets.Phase> phases = targets.phases();
            ProgrammeFigures.Snapshot f = figures.snapshot(period.from(), period.to());
            return site.page(ctx, "targets.jte", t.get("targets.title"), new TargetViews.Page(period.from().toString(),
                    period.to().toString(), phases, TargetViews.tables(f, phases, t),
                    TargetViews.figuresJson(f, phases, t, Lang.of(ctx) == Lang.EN), assets.script().orElse(null)));
        }));
        r.get("/console/targets/csv/:table").handler(ctx -> {
            String table = ctx.pathParam("table");
            if (!TargetViews.TABLES.contains(table)) {
                site.refused(ctx, new Site.FormError("targets.refused.table", table.length() > 40 ? table.substring(0, 40) + "…" : table,
                        String.join(", ", TargetViews.TABLES)));
                return;
            }
            Period period;
            try {
                period = period(ctx);
            } catch (IllegalArgumentException e) {
                site.refused(ctx, e);
                return;
            }
            site.file(ctx, "text/csv; charset=utf-8", "targets-" + table + "-" + period.to() + ".csv", (p, t) -> {
                List<ProgrammeTargets.Phase> phases = targets.phases();
                TargetViews.Table tb = TargetViews.tables(figures.snapshot(period.from(), period.to()), phases, t).stream()
                        .filter(x -> x.id().equals(table)).findFirst().orElseThrow();
                return Csv.of(tb.header(), tb.rows());
            });
        });
        r.post("/console/targets/phases").handler(ctx -> site.act(ctx, p -> {
            targets.set(p, Site.integer(Site.form(ctx, "year"), "year"), Site.optionalInt(ctx, "standards"),
                    Site.optionalInt(ctx, "products"), Site.optionalInt(ctx, "enterprises"), Site.form(ctx, "reason"));
            return "/console/targets";
        }));
    }

    private record Period(LocalDate from, LocalDate to) {
    }

    /** The scans' period from {@code from}/{@code to} (default: the 30 days to today), at most {@link ConsoleData#MAX_DAYS} days. */
    private Period period(RoutingContext ctx) {
        LocalDate to = Site.date(ctx, "to", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        LocalDate from = Site.date(ctx, "from", to.minusDays(29));
        if (to.isBefore(from) || from.plusDays(ConsoleData.MAX_DAYS).isBefore(to)) {
            throw new Site.FormError("targets.refused.period", from.toString(), to.toString(), Integer.toString(ConsoleData.MAX_DAYS));
        }
        return new Period(from, to);
    }
}
