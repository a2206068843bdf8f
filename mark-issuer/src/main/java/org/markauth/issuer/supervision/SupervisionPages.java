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
 * Supervision in the console ({@code /console/supervision}): the draws with the form that announces
 * the year's one (parameters and the office's secret, of which only the hash is kept) and the inspector
 * pool; a draw's page with its frozen snapshot and hash, commitment, the witness and reveal forms, the
 * void form, the seed, result and the re-draw that must give the same result, and its tasks; the tasks
 * of every draw ({@code /console/supervision/tasks}, by year and status); a task's page where the lab's
 * results are recorded per core indicator and consequences imposed.
 */
public final class SupervisionPages implements Console.Feature {

    public record Home(List<Draw> draws, List<Inspector> inspectors, List<Districts.District> districts, int year) {
    }

    /** A draw's page: {@code verification} is null before the reveal; {@code me} is the signed-in user (not the announcer may witness). */
    public record DrawView(Draw draw, Supervision.Verification verification, List<Task> tasks, String me, String canonical) {
    }

    /** The tasks of every draw, as filtered ({@code year}, {@code status} null: any). */
    public record TaskList(List<Supervision.TaskLine> tasks, Integer year, String status, List<String> statuses) {
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
            Draw d = supervision.announce(p, Supervision.Announcement.ofSecret(integer(form(ctx, "year"), "year"),
                    integer(form(ctx, "enterprises"), "enterprises"), integer(form(ctx, "inspectorsPerTask"), "inspectorsPerTask"),
                    day(form(ctx, "dueOn"), "dueOn"), form(ctx, "publicSource"), day(form(ctx, "publicDate"), "publicDate"),
                    form(ctx, "officeSecret")));
            return "/console/supervision/draws/" + d.drawId();
        }));
        r.post("/console/supervision/draws/:id/witness").handler(ctx -> site.act(ctx, p -> {
            UUID id = uuid(ctx.pathParam("id"));
            supervision.witness(p, id, form(ctx, "witnessPart"));
            return "/console/supervision/draws/" + id;
        }));
        r.post("/console/supervision/draws/:id/reveal").handler(ctx -> site.act(ctx, p -> {
            UUID id = uuid(ctx.pathParam("id"));
            supervision.reveal(p, id, form(ctx, "officeSecret"));
            return "/console/supervision/draws/" + id;
        }));
        r.post("/console/supervision/draws/:id/void").handler(ctx -> site.act(ctx, p -> {
            UUID id = uuid(ctx.pathParam("id"));
            supervision.voidDraw(p, id, form(ctx, "reason"), optional(ctx, "officeSecret"));
            return "/console/supervision/draws/" + id;
        }));
        r.get("/console/supervision/tasks").handler(ctx -> site.show(ctx, (p, t) -> {
            String y = ctx.queryParams().get("year");
            String st = ctx.queryParams().get("status");
            Integer year = y == null || y.isBlank() ? null : integer(y, "year");
            Task.Status status = st == null || st.isBlank() ? null : choice(st, "status", Task.Status.class);
            return site.page(ctx, "supervision-tasks.jte", t.get("supervision.allTasks"), new TaskList(supervision.tasks(p, year, status),
                    year, status == null ? "" : status.name(), Arrays.stream(Task.Status.values()).map(Enum::name).toList()));
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
            return site.page(ctx, "supervision-draw.jte", t.get("supervision.draw.title", String.valueOf(d.year()),
                    t.get("supervision.state." + d.state().name())), new DrawView(d, supervision.verify(p, id).orElse(null),
                    supervision.tasks(p, id), p.userId(), d.commitment() == null ? null
                    : DrawSeal.canonical(d)));
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
