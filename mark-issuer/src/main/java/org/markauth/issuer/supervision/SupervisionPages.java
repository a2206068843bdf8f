package org.markauth.issuer.supervision;

import static org.markauth.issuer.console.Site.choice;
import static org.markauth.issuer.console.Site.form;
import static org.markauth.issuer.console.Site.integer;
import static org.markauth.issuer.console.Site.optional;
import static org.markauth.issuer.console.Site.uuid;

import io.vertx.ext.web.Router;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.markauth.issuer.audit.AuditEntry;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.Site;
import org.markauth.issuer.registry.Districts;
import org.markauth.issuer.standards.Indicator;

/**
 * Supervision in the console ({@code /console/supervision}): the draws with the form for a new one
 * (year and published seed) and the inspector pool; a draw's page with its seed, candidate lists,
 * result and the re-draw that must give the same result, and its tasks; a task's page where the lab's
 * results are recorded per core indicator and consequences imposed.
 */
public final class SupervisionPages implements Console.Feature {

    public record Home(List<Draw> draws, List<Inspector> inspectors, List<Districts.District> districts, int year) {
    }

    public record DrawView(Draw draw, Supervision.Verification verification, List<Task> tasks) {
    }

    public record TaskView(Supervision.TaskDetail detail, List<AuditEntry> audit) {
        public List<String> kinds() {
            return Arrays.stream(Consequence.Kind.values()).map(Enum::name).toList();
        }

        public String resultOf(Indicator i) {
            return detail.results().stream().filter(r -> r.indicator().equals(i.name())).findFirst()
                    .map(r -> r.value() + (r.pass() ? " ✓" : " ✗")).orElse("");
        }
    }

    private final Supervision supervision;
    private final ChangeRecorder changes;
    private final java.time.Clock clock;

    public SupervisionPages(Supervision supervision, ChangeRecorder changes, java.time.Clock clock) {
        this.supervision = supervision;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public void mount(Router r, Site site) {
        r.get("/console/supervision").handler(ctx -> site.show(ctx, (p, t) -> site.page(ctx, "supervision.jte", t.get("supervision.title"),
                new Home(supervision.draws(p), supervision.inspectors(p), Districts.FOSHAN, LocalDate.now(clock).getYear()))));
        r.post("/console/supervision/draws").handler(ctx -> site.act(ctx, p -> {
            Draw d = supervision.draw(p, new Supervision.DrawRequest(integer(form(ctx, "year"), "year"), form(ctx, "seed"),
                    integer(form(ctx, "enterprises"), "enterprises"), integer(form(ctx, "inspectorsPerTask"), "inspectorsPerTask"),
                    day(form(ctx, "dueOn"), "dueOn")));
            return "/console/supervision/draws/" + d.drawId();
        }));
        r.post("/console/supervision/inspectors").handler(ctx -> site.act(ctx, p -> {
            String conflicts = optional(ctx, "conflicts");
            supervision.putInspector(p, form(ctx, "inspectorId"), form(ctx, "name"), form(ctx, "districtCode"), form(ctx, "organisation"),
                    conflicts == null ? new HashSet<>() : new HashSet<>(Arrays.stream(conflicts.split("[,，\\s]+")).filter(s -> !s.isBlank()).toList()),
                    !"false".equals(optional(ctx, "active")));
            return "/console/supervision";
        }));
        r.get("/console/supervision/draws/:id").handler(ctx -> site.show(ctx, (p, t) -> {
            UUID id = uuid(ctx.pathParam("id"));
            Draw d = supervision.draw(p, id);
            return site.page(ctx, "supervision-draw.jte", t.get("supervision.draw.title", String.valueOf(d.year()), d.seed()),
                    new DrawView(d, supervision.verify(p, id), supervision.tasks(p, id)));
        }));
        r.get("/console/supervision/tasks/:id").handler(ctx -> site.show(ctx, (p, t) -> {
            UUID id = uuid(ctx.pathParam("id"));
            Supervision.TaskDetail d = supervision.task(p, id);
            return site.page(ctx, "supervision-task.jte", t.get("supervision.task.title", d.task().licenseeId(),
                    String.valueOf(d.task().productId())), new TaskView(d, changes.entity("supervision-task:" + id, 50)));
        }));
        r.post("/console/supervision/tasks/:id/results").handler(ctx -> site.act(ctx, p -> {
            UUID id = uuid(ctx.pathParam("id"));
            String pass = optional(ctx, "pass");
            supervision.recordResult(p, id, form(ctx, "indicator"), form(ctx, "value"), pass == null ? null : Boolean.valueOf("true".equals(pass)),
                    form(ctx, "lab"), form(ctx, "reportNo"));
            return "/console/supervision/tasks/" + id;
        }));
        r.post("/console/supervision/tasks/:id/consequences").handler(ctx -> site.act(ctx, p -> {
            UUID id = uuid(ctx.pathParam("id"));
            String deadline = optional(ctx, "deadline");
            supervision.impose(p, id, choice(form(ctx, "kind"), "kind", Consequence.Kind.class),
                    deadline == null ? null : day(deadline, "deadline"), form(ctx, "reason"));
            return "/console/supervision/tasks/" + id;
        }));
    }

    private static LocalDate day(String v, String name) {
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new Site.FormError("form.date", name, v);
        }
    }
}
