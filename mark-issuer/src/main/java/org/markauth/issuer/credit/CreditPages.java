package org.markauth.issuer.credit;

import static org.markauth.issuer.console.Site.form;
import static org.markauth.issuer.console.Site.query;

import io.vertx.ext.web.Router;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.Site;

/**
 * The console's credit pages (docs/credit.md): {@code /console/credit} lists the graded enterprises
 * (filter by grade), {@code /console/credit/:licenseeId} shows one file — its grade with the reason,
 * its events — and records an event the office decided, with its reason.
 */
public final class CreditPages implements Console.Feature {

    /** The list page's view: the grade filtered on (null: all) and the rows. */
    public record ListPage(String grade, List<String> grades, List<CreditFile.Listed> rows) {
    }

    /** The file page's view: the file and the kinds the office may record by hand, today as the date form's default. */
    public record FilePage(CreditFile.File file, List<String> kinds, String today) {
    }

    private final CreditFile credit;

    public CreditPages(CreditFile credit) {
        this.credit = credit;
    }

    @Override
    public void mount(Router r, Site site) {
        site.page(r, "/console/credit", "nav.credit", ctx -> (p, t) -> {
            Grade g;
            try {
                g = Grade.parse(ctx.request().getParam("grade"));
            } catch (IllegalArgumentException e) {
                throw new Site.FormError("form.choice", "grade", ctx.request().getParam("grade"), "A, B, C, D");
            }
            return site.page(ctx, "credit.jte", t.get("credit.title"), new ListPage(g == null ? null : g.name(),
                    Arrays.stream(Grade.values()).map(Enum::name).toList(), credit.list(p, g)));
        });
        r.get("/console/credit/:licenseeId").handler(ctx -> site.show(ctx, (p, t) -> {
            CreditFile.File f = credit.file(p, ctx.pathParam("licenseeId"));
            return site.page(ctx, "credit-file.jte", t.get("credit.file.title", f.licensee().licenseeId(), f.licensee().name()),
                    new FilePage(f, Arrays.stream(CreditKind.values()).filter(k -> !k.derived()).map(Enum::name).toList(),
                            LocalDate.now(CreditFile.ZONE).toString()));
        }));
        r.post("/console/credit/:licenseeId/events").handler(ctx -> site.act(ctx, p -> {
            String id = ctx.pathParam("licenseeId");
            CreditKind kind = Site.choice(form(ctx, "kind"), "kind", CreditKind.class);
            String day = form(ctx, "date");
            LocalDate date;
            try {
                date = LocalDate.parse(day);
            } catch (DateTimeParseException e) {
                throw new Site.FormError("form.date", "date", day);
            }
            credit.record(p, new CreditEvent(id, kind, date, form(ctx, "reference"), form(ctx, "summary")));
            return "/console/credit/" + query(id);
        }));
    }
}
