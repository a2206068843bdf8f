package org.markauth.issuer.standards;

import static org.markauth.issuer.console.Site.form;
import static org.markauth.issuer.console.Site.integer;
import static org.markauth.issuer.console.Site.optional;
import static org.markauth.issuer.console.Site.query;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.AuditEntry;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.Site;

/**
 * The standards registry in the console ({@code /console/standards}): the list with the form that
 * registers a standard, a standard's page (versions with their indicators and benchmarks, linked
 * products with their licences, the audit trail, the forms that add a version, link a product and
 * move a version), and the impact page that shows which licences a move touches before it is
 * confirmed, and after.
 */
public final class StandardsPages implements Console.Feature {

    public record ListView(List<Standard> standards) {
    }

    public record DetailView(Standards.Detail detail, List<AuditEntry> audit) {
        public List<String> moves(StandardVersion v) {
            return java.util.Arrays.stream(StandardVersion.Status.values()).filter(v.status()::mayBecome).map(Enum::name).toList();
        }

        public List<Standards.Affected> productsOf(StandardVersion v) {
            return detail.products().stream().filter(a -> a.version().equals(v.version())).toList();
        }
    }

    public record ImpactView(Standard standard, StandardVersion version, String to, List<Standards.Affected> licences, boolean done) {
    }

    private final Standards standards;
    private final ChangeRecorder changes;

    public StandardsPages(Standards standards, ChangeRecorder changes) {
        this.standards = standards;
        this.changes = changes;
    }

    @Override
    public void mount(Router r, Site site) {
        r.get("/console/standards").handler(ctx -> site.show(ctx, (p, t) ->
                site.page(ctx, "standards.jte", t.get("standards.title"), new ListView(standards.list(p)))));
        r.post("/console/standards").handler(ctx -> site.act(ctx, p -> {
            Standards.Detail d = standards.create(p, new Standards.NewStandard(form(ctx, "standardNo"), form(ctx, "titleZh"),
                    optional(ctx, "titleEn"), form(ctx, "sector"), form(ctx, "version"), indicators(optional(ctx, "indicators")),
                    lines(optional(ctx, "benchmarks"))));
            return "/console/standards/" + d.standard().standardId();
        }));
        r.get("/console/standards/:id").handler(ctx -> site.show(ctx, (p, t) -> {
            Standards.Detail d = standards.detail(p, ctx.pathParam("id"));
            return site.page(ctx, "standards-detail.jte", d.standard().standardNo() + " " + d.standard().title("en".equals(t.lang().tag())),
                    new DetailView(d, changes.entity(Standards.entity(d.standard().standardId()), 50)));
        }));
        r.post("/console/standards/:id/versions").handler(ctx -> site.act(ctx, p -> {
            String id = ctx.pathParam("id");
            standards.addVersion(p, id, form(ctx, "version"), indicators(optional(ctx, "indicators")), lines(optional(ctx, "benchmarks")));
            return "/console/standards/" + id;
        }));
        r.post("/console/standards/:id/products").handler(ctx -> site.act(ctx, p -> {
            String id = ctx.pathParam("id");
            standards.link(p, id, form(ctx, "version"), integer(form(ctx, "productId"), "productId"));
            return "/console/standards/" + id;
        }));
        r.get("/console/standards/:id/impact").handler(ctx -> site.show(ctx, (p, t) -> impact(ctx, site, p, t)));
        r.post("/console/standards/:id/status").handler(ctx -> site.act(ctx, p -> {
            String id = ctx.pathParam("id");
            String version = form(ctx, "version");
            StandardVersion.Status to = Site.choice(form(ctx, "status"), "status", StandardVersion.Status.class);
            standards.changeStatus(p, id, version, to, form(ctx, "reason"));
            return "/console/standards/" + id + "/impact?version=" + query(version) + "&status=" + to.name() + "&done=true";
        }));
    }

    /** The licences a move of {@code version} touches: before (with the confirm form) or after ({@code done}). */
    private String impact(RoutingContext ctx, Site site, org.markauth.access.Principal p, org.markauth.http.Messages.Words t) {
        String id = ctx.pathParam("id");
        String version = ctx.request().getParam("version");
        if (version == null || version.isBlank()) {
            throw new Site.FormError("form.required", "version");
        }
        String to = Site.choice(String.valueOf(ctx.request().getParam("status")), "status", StandardVersion.Status.class).name();
        boolean done = "true".equals(ctx.request().getParam("done"));
        Standards.Detail d = standards.detail(p, id);
        StandardVersion v = d.versions().stream().filter(x -> x.version().equals(version)).findFirst()
                .orElseThrow(() -> new IssuerException.NotFound("version of standard " + id, version));
        return site.page(ctx, "standards-impact.jte", t.get(done ? "standards.impact.after" : "standards.impact.before",
                d.standard().standardNo(), version, t.get("standards.status." + to)), new ImpactView(d.standard(), v, to,
                standards.impact(p, id, version), done));
    }

    /**
     * The indicators of a form's textarea: one per line, {@code name | unit | requirement | min | max},
     * unit, min and max may be empty ("吸水率 | % | E ≤ 0.5% | | 0.5").
     */
    static List<Indicator> indicators(String text) {
        List<Indicator> out = new ArrayList<>();
        int n = 0;
        for (String line : lines(text)) {
            n++;
            String[] f = line.split("\\|", -1);
            if (f.length < 3 || f.length > 5) {
                throw new IllegalArgumentException("indicator line " + n + " must be 'name | unit | requirement | min | max' (min and max "
                        + "may be left empty), got '" + (line.length() > 60 ? line.substring(0, 60) + "…" : line) + "'");
            }
            out.add(new Indicator(f[0], f[1], f[2], number(f, 3, n), number(f, 4, n)));
        }
        return out;
    }

    private static Double number(String[] f, int i, int line) {
        if (f.length <= i || f[i].isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(f[i].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("indicator line " + line + ": " + (i == 3 ? "min" : "max") + " must be a number, got '"
                    + f[i].strip() + "'");
        }
    }

    static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
