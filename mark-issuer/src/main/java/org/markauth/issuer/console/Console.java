package org.markauth.issuer.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.clones.CloneRuleOverrides;
import org.markauth.issuer.recall.RecallRequest;
import org.markauth.issuer.recall.RecallRequests;
import org.markauth.issuer.recall.Recalls;
import static org.markauth.issuer.console.Site.choice;
import static org.markauth.issuer.console.Site.date;
import static org.markauth.issuer.console.Site.form;
import static org.markauth.issuer.console.Site.integer;
import static org.markauth.issuer.console.Site.optionalInt;
import static org.markauth.issuer.console.Site.query;
import static org.markauth.issuer.console.Site.uuid;
import org.markauth.registry.LicenceStatus;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;

/**
 * The regulator's web console under {@code /console}: server-rendered pages (jte templates, words in
 * Chinese unless the request asks for English) over the issuer's services and the console read
 * models. Log-in takes a REGULATOR API key once and opens a session in Redis ({@link ConsoleSessions});
 * every form posts the session's CSRF token. A session ends with the key it was opened with: every
 * request re-checks the credential ({@link CredentialCheck}, cached for seconds) and the session's
 * absolute lifetime, and revoking the credential ends all its sessions ({@link #credentialRevoked}).
 * Pages run their (blocking) reads on worker threads.
 */
public final class Console {

    /**
     * How long a console session may live: {@code idle} without a request, {@code lifetime} in all
     * (however busy), and how long a check of its credential is trusted ({@code recheck}) before the
     * credential directory is read again.
     */
    public record SessionSettings(Duration idle, Duration lifetime, Duration recheck) {
        public SessionSettings {
            if (idle.isNegative() || idle.isZero() || lifetime.compareTo(idle) < 0) {
                throw new IllegalArgumentException("the session lifetime (" + lifetime + ") must be at least the idle timeout ("
                        + idle + "), which must be positive");
            }
            if (recheck.isNegative() || recheck.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("the credential re-check interval must be 0..60 s, got " + recheck);
            }
        }

        /** 8 h idle, 12 h in all, the credential re-read at most every 5 s. */
        public static SessionSettings defaults() {
            return new SessionSettings(Duration.ofHours(8), Duration.ofHours(12), Duration.ofSeconds(5));
        }
    }

    private final Site site;
    private final ApiKeyStore apiKeys;
    private final Registry registry;
    private final Recalls recalls;
    private final AlertWorkflow alerts;
    private final Blocks blocks;
    private final CloneRuleOverrides rules;
    private final ConsoleData data;
    private final org.markauth.issuer.keys.OfficerAreas areas;
    private final RecallRequests requests;
    private final Clock clock;
    private final org.markauth.issuer.notify.Notifications notifications;
    private final List<Feature> features = new ArrayList<>();

    /**
     * A part of the console that lives in its own package (the programme office's standards,
     * certification, supervision, complaints, credit, targets): it mounts its pages with the
     * console's {@link Site} (sessions, CSRF, refusal pages, worker threads) before the failure handler.
     */
    @FunctionalInterface
    public interface Feature {
        void mount(Router r, Site site);
    }

    public Console(Vertx vertx, ConsolePages pages, RedisSessions sessions, SessionSettings settings, ApiKeyStore apiKeys,
                   Registry registry, Recalls recalls, AlertWorkflow alerts, Blocks blocks, CloneRuleOverrides rules, ConsoleData data,
                   org.markauth.issuer.keys.OfficerAreas areas, RecallRequests requests, Clock clock,
                   org.markauth.issuer.notify.Notifications notifications) {
        this.site = new Site(vertx, pages, sessions, settings, apiKeys, clock,
                new Site.Spec("/console", "/console/alerts", Role.REGULATOR, ConsoleSessions.COOKIE, "", Site.anyKey()));
        this.apiKeys = apiKeys;
        this.registry = registry;
        this.recalls = recalls;
        this.alerts = alerts;
        this.blocks = blocks;
        this.rules = rules;
        this.data = data;
        this.areas = areas;
        this.requests = requests;
        this.clock = clock;
        this.notifications = notifications;
    }

    /** Adds {@code f}'s pages; call before {@link #mount}. */
    public Console with(Feature f) {
        features.add(f);
        return this;
    }

    public void mount(Router r) {
        site.mountSessions(r);
        r.get("/console/alerts").handler(ctx -> show(ctx, (p, t) -> {
            String st = ctx.request().getParam("status", "OPEN");
            var list = alerts.list(p, st, 200);
            return page(ctx, "alerts.jte", t.get("alerts.title", t.get("alert.status." + st)), new Views.Alerts(st, AlertWorkflow.STATUSES, list));
        }));
        r.get("/console/alerts/:id").handler(ctx -> show(ctx, (p, t) -> {
            UUID id = uuid(ctx.pathParam("id"));
            AlertWorkflow.Alert a = alerts.get(p, id);
            boolean unit = a.batchId() != null && a.serialHex() != null;
            Blocks.Block block = !unit || a.serialHex().length() != 16 ? null : blocks.find(p, a.batchId(), Blocks.serial(a.serialHex())).orElse(null);
            return page(ctx, "alert.jte", t.get("alert.title", id.toString()), new Views.Alert(a, pretty(a.evidence()),
                    List.copyOf(new TreeSet<>(a.nextStatuses())), alerts.history(p, id), new Views.BlockState(block),
                    unit ? "/console/blocks?batchId=" + a.batchId() + "&serial=" + a.serialHex() : null));
        }));
        r.post("/console/alerts/:id/status").handler(ctx -> act(ctx, p -> {
            UUID id = uuid(ctx.pathParam("id"));
            alerts.move(p, id, form(ctx, "to"), ctx.request().getFormAttribute("note"));
            return "/console/alerts/" + id;
        }));
        r.get("/console/blocks").handler(ctx -> show(ctx, (p, t) -> {
            String batch = ctx.request().getParam("batchId");
            String serial = ctx.request().getParam("serial");
            if (batch == null || batch.isBlank() || serial == null || serial.isBlank()) {
                return page(ctx, "blocks.jte", t.get("blocks.title"), new Views.BlockPage(null, null, null, List.of()));
            }
            int b = integer(batch, "batchId");
            long sn = Blocks.serial(serial);
            return page(ctx, "blocks.jte", t.get("blocks.title.unit", Integer.toString(b), serial.strip()), new Views.BlockPage(
                    Integer.toString(b), serial.strip(), new Views.BlockState(blocks.find(p, b, sn).orElse(null)), blocks.history(p, b, sn)));
        }));
        r.post("/console/blocks").handler(ctx -> act(ctx, p -> {
            int b = integer(form(ctx, "batchId"), "batchId");
            String serial = form(ctx, "serial");
            String alert = ctx.request().getFormAttribute("alertId");
            blocks.block(p, b, Blocks.serial(serial), form(ctx, "reason"), alert == null || alert.isBlank() ? null : uuid(alert));
            return "/console/blocks?batchId=" + b + "&serial=" + query(serial);
        }));
        r.post("/console/blocks/unblock").handler(ctx -> act(ctx, p -> {
            int b = integer(form(ctx, "batchId"), "batchId");
            String serial = form(ctx, "serial");
            blocks.unblock(p, b, Blocks.serial(serial), form(ctx, "reason"));
            return "/console/blocks?batchId=" + b + "&serial=" + query(serial);
        }));
        r.get("/console/rules").handler(ctx -> show(ctx, (p, t) -> {
            String id = ctx.request().getParam("productId");
            if (id == null || id.isBlank()) {
                return page(ctx, "rules.jte", t.get("rules.title"), new Views.Rules(null, null, List.of()));
            }
            int product = integer(id, "productId");
            CloneRuleOverrides.Overrides o = rules.find(p, product).orElse(null);
            return page(ctx, "rules.jte", t.get("rules.title.product", Integer.toString(product)),
                    new Views.Rules(Integer.toString(product), o, Views.ruleFields(o)));
        }));
        r.post("/console/rules").handler(ctx -> act(ctx, p -> {
            int product = integer(form(ctx, "productId"), "productId");
            String off = ctx.request().getFormAttribute("offMarket");
            rules.set(p, new CloneRuleOverrides.Overrides(product, optionalInt(ctx, "maxScans"),
                    optionalInt(ctx, "scanWindowSeconds"), optionalInt(ctx, "maxSpeedKmh"), optionalInt(ctx, "minTravelKm"),
                    optionalInt(ctx, "blockThreshold"), off == null || off.isBlank() ? null : Boolean.valueOf("on".equals(off)),
                    null, null));
            return "/console/rules?productId=" + product;
        }));
        r.get("/console/reports").handler(ctx -> show(ctx, (p, t) -> {
            LocalDate day = date(ctx, "day", today());
            return page(ctx, "reports.jte", t.get("reports.title"), new Views.Reports(day.toString(), data.reports(day, 200)));
        }));
        r.get("/console/inspections").handler(ctx -> show(ctx, (p, t) -> {
            // one officer's newest records (the Officers page links here), else one UTC day's
            String officer = ctx.request().getParam("officer");
            if (officer != null && !officer.isBlank()) {
                String o = officer.strip();
                return page(ctx, "inspections.jte", t.get("inspections.title.officer", o),
                        new Views.Inspections(null, null, null, o, data.officerInspections(o, 200)));
            }
            LocalDate day = date(ctx, "day", today());
            return page(ctx, "inspections.jte", t.get("inspections.title", day.toString()), new Views.Inspections(day.toString(),
                    day.minusDays(1).toString(), day.plusDays(1).toString(), null, data.inspections(day, 200)));
        }));
        r.get("/console/inspections/:id").handler(ctx -> show(ctx, (p, t) -> {
            UUID id = uuid(ctx.pathParam("id"));
            ConsoleData.StoredInspection s = data.inspection(id).orElseThrow(() -> new IssuerException.NotFound("inspection record", id));
            // read with the SDK's one reader, as verify-api did before storing it and as `markauth evidence verify`
            // does; the console shows the record but builds no evidence package: that needs verify-api's receipt key
            org.markauth.sdk.evidence.InspectionRecord record = null;
            String unreadable = null;
            try {
                record = org.markauth.sdk.evidence.InspectionRecord.parse(s.record());
            } catch (IllegalArgumentException e) {
                unreadable = e.getMessage();
            }
            return page(ctx, "inspection.jte", t.get("inspection.title", id.toString()), new Views.InspectionPage(s, record, unreadable));
        }));
        r.get("/console/officers").handler(ctx -> show(ctx, (p, t) -> {
            // every user holding an OFFICER key (live or not: an area outlives a key rotation), with its area
            java.util.SortedSet<String> ids = new TreeSet<>();
            apiKeys.list(java.util.Optional.of(org.markauth.access.Role.OFFICER), java.util.Optional.empty())
                    .forEach(c -> ids.add(c.principal().userId()));
            List<Views.OfficerRow> rows = new ArrayList<>();
            for (String id : ids) {
                var a = areas.area(p, id);
                rows.add(new Views.OfficerRow(id, String.join(" ", new TreeSet<>(a.regions())), a.setBy(), a.setAt()));
            }
            return page(ctx, "officers.jte", t.get("officers.title"), new Views.Officers(rows));
        }));
        r.post("/console/officers/area").handler(ctx -> act(ctx, p -> {
            String regions = ctx.request().getFormAttribute("regions");
            List<String> names = regions == null || regions.isBlank() ? List.of()
                    : java.util.Arrays.asList(regions.strip().split("[\\s,，;；]+"));
            areas.set(p, form(ctx, "userId"), org.markauth.issuer.keys.OfficerAreas.regions(names));
            return "/console/officers";
        }));
        r.get("/console/map").handler(ctx -> show(ctx, (p, t) -> {
            LocalDate to = date(ctx, "to", today());
            LocalDate from = date(ctx, "from", to.minusDays(6));
            return page(ctx, "map.jte", t.get("map.title", from.toString(), to.toString()), Views.hotSpots(from, to, data.hotspots(from, to)));
        }));
        r.get("/console/stats").handler(ctx -> show(ctx, (p, t) -> {
            LocalDate to = date(ctx, "to", today());
            LocalDate from = date(ctx, "from", to.minusDays(29));
            String kind = "licensee".equals(ctx.request().getParam("kind")) ? "licensee" : "product";
            String id = ctx.request().getParam("id");
            boolean asked = id != null && !id.isBlank();
            List<ConsoleData.Day> days = !asked ? List.of()
                    : "licensee".equals(kind) ? data.licenseeDays(id, from, to) : data.productDays(integer(id, "id"), from, to);
            String title = asked ? t.get("stats.title.of", t.get("stats.kind." + kind), id) : t.get("stats.title");
            return page(ctx, "stats.jte", title, Views.stats(kind, id, from, to, days));
        }));
        r.get("/console/registry").handler(ctx -> show(ctx, (p, t) -> {
            List<Views.RegistryRow> rows = new ArrayList<>();
            for (Licensee l : registry.licensees(p, 500)) {
                List<Product> ps = registry.products(p, l.licenseeId());
                if (ps.isEmpty()) {
                    rows.add(new Views.RegistryRow(l, null, null));
                }
                ps.forEach(pr -> rows.add(new Views.RegistryRow(l, pr, registry.findLicence(pr.productId()).orElse(null))));
            }
            return page(ctx, "registry.jte", t.get("registry.title"), new Views.Registry(rows));
        }));
        r.post("/console/licences/status").handler(ctx -> act(ctx, p -> {
            LicenceStatus to = choice(form(ctx, "to"), "to", LicenceStatus.class);
            registry.changeLicenceStatus(p, integer(form(ctx, "productId"), "productId"), to, form(ctx, "reason"));
            return "/console/registry";
        }));
        r.post("/console/licensees/blacklist").handler(ctx -> act(ctx, p -> {
            registry.setBlacklisted(p, form(ctx, "licenseeId"), Boolean.parseBoolean(form(ctx, "on")), form(ctx, "reason"));
            return "/console/registry";
        }));
        r.get("/console/notifications").handler(ctx -> show(ctx, (p, t) -> {
            // the notification events every webhook is fed from, newest first, of one type or all
            String type = ctx.request().getParam("type", "");
            java.util.Set<org.markauth.registry.NotificationEvent.Type> types = type.isBlank() ? java.util.Set.of()
                    : java.util.Set.of(org.markauth.registry.NotificationEvent.Type.ofWire(type.strip()));
            return page(ctx, "notifications.jte", t.get("notifications.title"), new Views.Notifications(type.strip(),
                    org.markauth.registry.NotificationEvent.Type.wires(), notifications.recent(p, types, 200)));
        }));
        r.get("/console/recalls").handler(ctx -> show(ctx, (p, t) ->
                page(ctx, "recalls.jte", t.get("recalls.title"), new Views.Recalls(recalls.recent(p, 100)))));
        r.get("/console/recalls/:id").handler(ctx -> show(ctx, (p, t) -> {
            var report = recalls.report(p, uuid(ctx.pathParam("id")));
            return page(ctx, "recall.jte", t.get("recall.title", report.recall().recallId().toString()), new Views.RecallPage(report));
        }));
        r.post("/console/recalls").handler(ctx -> act(ctx, p -> {
            String batch = ctx.request().getFormAttribute("batchId");
            String reason = form(ctx, "reason");
            String notice = form(ctx, "notice");
            var rec = batch != null && !batch.isBlank()
                    ? recalls.recallBatch(p, integer(batch, "batchId"), reason, notice)
                    : recalls.recallLot(p, integer(form(ctx, "productId"), "productId"), form(ctx, "lot"), reason, notice);
            return "/console/recalls/" + rec.recallId();
        }));
        r.post("/console/recall-requests/:id/approve").handler(ctx -> act(ctx, p -> {
            requests.approve(p, uuid(ctx.pathParam("id")), Site.optional(ctx, "note"));
            return "/console/recall-requests";
        }));
        r.post("/console/recall-requests/:id/reject").handler(ctx -> act(ctx, p -> {
            requests.reject(p, uuid(ctx.pathParam("id")), form(ctx, "note"));
            return "/console/recall-requests";
        }));
        r.get("/console/recall-requests").handler(ctx -> show(ctx, (p, t) -> {
            String st = ctx.request().getParam("status", RecallRequest.Status.PENDING.name());
            RecallRequest.Status status = choice(st, "status", RecallRequest.Status.class);
            return page(ctx, "recall-requests.jte", t.get("recallRequests.title", t.get("recallRequest.status." + status.name())),
                    new Views.RecallRequests(status.name(), requests.list(p, status, 200)));
        }));
        features.forEach(f -> f.mount(r, site));
        site.mountFailures(r);
    }

    // ------------------------------------------------------------------ plumbing (the site's)

    /**
     * Ends every console session opened with a credential that was just revoked (through this
     * instance's API); a revocation made elsewhere is caught by the per-request check within its re-check interval.
     */
    public Future<Integer> credentialRevoked(String credentialId) {
        return site.credentialRevoked(credentialId);
    }

    private void show(RoutingContext ctx, Site.Page page) {
        site.show(ctx, page);
    }

    private void act(RoutingContext ctx, Function<Principal, String> action) {
        site.act(ctx, action);
    }

    private String page(RoutingContext ctx, String template, String title, Object view) {
        return site.page(ctx, template, title, view);
    }

    private static void redirect(RoutingContext ctx, String to) {
        Site.redirect(ctx, to);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------ values for the views

    private static String pretty(String json) {
        try {
            return json == null ? "" : new io.vertx.core.json.JsonObject(json).encodePrettily();
        } catch (RuntimeException e) {
            return json;
        }
    }

}
