package org.markauth.issuer.portal;

import static org.markauth.issuer.console.Site.date;
import static org.markauth.issuer.console.Site.form;
import static org.markauth.issuer.console.Site.integer;
import static org.markauth.issuer.console.Site.optional;
import static org.markauth.issuer.console.Site.uuid;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.markauth.access.Caller;
import org.markauth.access.Credential;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.activation.ActivationProgress;
import java.time.Clock;
import org.markauth.access.ApiKeyStore;
import org.markauth.issuer.activation.Activation;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.console.ConsoleData;
import org.markauth.issuer.print.PrintLog;
import org.markauth.issuer.recall.RecallRequests;
import org.markauth.issuer.registry.Registry;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.console.AlertWorkflow;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.ConsolePages;
import org.markauth.issuer.console.RedisSessions;
import org.markauth.issuer.console.Site;
import org.markauth.issuer.console.Views;
import org.markauth.issuer.keys.CredentialRoutes;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.print.PrintRoutes;
import org.markauth.issuer.recall.RecallRequest;
import org.markauth.issuer.registry.Product;

/**
 * The manufacturer portal under {@code /portal}: a licensee's own products and licences, batches
 * with their print files and activation progress, alerts and consumer reports about its products,
 * scan statistics and where its batches were scanned, recall requests and its API keys. Built as
 * the regulator's console is ({@link Site}: sessions in Redis under their own namespace, CSRF on
 * every form, words in Chinese unless English is asked for) and signed in with a MANUFACTURER key
 * of the licensee; a key limited to a line station, the regulator's and an officer's are refused
 * with a sentence (the regulator is pointed to /console/).
 *
 * <p>Every read goes through the services with the session's principal, so a manufacturer sees
 * its own licensee's records only, and another licensee's batch, alert, report, recall request or
 * key is answered exactly like a missing one (404).
 *
 * <p>Adding a page: one {@link Site#page} call in {@link #mount} (its path, its navigation words
 * and the handler that renders it) and its template under {@code src/main/jte/portal/}.
 */
public final class Portal {

    public static final String MESSAGES = "portal-messages";
    static final int PAGE = 50;
    static final int LIST = 200;
    /** A licence expiring within this many days is listed on the overview. */
    static final int EXPIRING_DAYS = 60;

    /** What the portal reads and does, each the issuer's one instance (the composition root hands them over). */
    public record Services(Registry registry, Batches batches, BatchStore batchStore, Activation activation, PrintLog prints,
                           org.markauth.issuer.print.LabelTemplates labelTemplates,
                           AlertWorkflow alerts, ConsoleData consoleData, PortalData portalData, RecallRequests recallRequests,
                           ApiKeyStore apiKeys, ChangeRecorder changes, Clock clock,
                           org.markauth.issuer.notify.Webhooks webhooks, org.markauth.issuer.station.Lines lines) {
    }

    private final Site site;
    private final Services s;
    private final PrintRoutes prints;
    private final List<Console.Feature> features = new ArrayList<>();

    public Portal(Vertx vertx, ConsolePages pages, RedisSessions sessions, Console.SessionSettings settings, Services s) {
        this.s = s;
        this.site = new Site(vertx, pages, sessions, settings, s.apiKeys(), s.clock(),
                new Site.Spec("/portal", "/portal/overview", Role.MANUFACTURER, "markauth_portal", "portal/", Portal::admit));
        this.prints = new PrintRoutes(s.batches(), s.prints(), s.labelTemplates());
    }

    /** The portal's templates (the console's, folder {@code portal/}) with its own words. */
    public static ConsolePages pages(ClassLoader loader) {
        return ConsolePages.load(loader, MESSAGES);
    }

    /**
     * A manufacturer key may sign in; a key that may only run a line station (its
     * scopes are exactly STATION) may not: the station page is where it works.
     */
    private static String admit(Caller c) {
        return c.scopes().equals(java.util.Set.of(org.markauth.access.Scope.STATION)) ? "login.station" : null;
    }

    public Future<Integer> credentialRevoked(String credentialId) {
        return site.credentialRevoked(credentialId);
    }

    /** Adds a part that lives in its own package (as the console's {@link Console#with}), mounted with the portal's site; call before {@link #mount}. */
    public Portal with(Console.Feature f) {
        features.add(f);
        return this;
    }

    public void mount(Router r) {
        site.mountSessions(r);
        site.page(r, "/portal/overview", "nav.overview", ctx -> (p, t) ->
                site.page(ctx, "overview.jte", t.get("overview.title"), overview(p)));
        site.page(r, "/portal/products", "nav.products", ctx -> (p, t) ->
                site.page(ctx, "products.jte", t.get("products.title"), new PortalViews.Products(licences(p))));
        site.page(r, "/portal/batches", "nav.batches", ctx -> (p, t) -> {
            var page = s.portalData().batchIds(licensee(p), ctx.request().getParam("page"), PAGE);
            List<PortalViews.BatchRow> rows = new ArrayList<>();
            for (int id : page.items()) {
                s.batchStore().batch(id).ifPresent(b -> rows.add(new PortalViews.BatchRow(b, s.batchStore().job(id).orElse(null),
                        ActivationProgress.of(b.quantity(), s.activation().ranges(p, id)))));
            }
            return site.page(ctx, "batches.jte", t.get("batches.title"), new PortalViews.Batches(rows, page.next()));
        });
        r.get("/portal/batches/:batchId").handler(ctx -> site.show(ctx, (p, t) -> {
            Batch b = s.batches().get(p, integer(ctx.pathParam("batchId"), "batchId"));
            return site.page(ctx, "batch.jte", t.get("batch.title", b.idText()), new PortalViews.BatchPage(b,
                    s.batchStore().job(b.batchId()).orElse(null), ActivationProgress.of(b.quantity(), s.activation().ranges(p, b.batchId())),
                    List.of(PrintFormat.values()), s.prints().downloads(b.batchId()).stream().limit(LIST).toList()));
        }));
        r.get("/portal/batches/:batchId/print/:file").handler(this::download);
        site.page(r, "/portal/alerts", "nav.alerts", ctx -> (p, t) -> {
            String st = ctx.request().getParam("status", "OPEN");
            if (!AlertWorkflow.STATUSES.contains(st)) {
                throw new Site.FormError("form.choice", "status", st.length() > 40 ? st.substring(0, 40) : st,
                        String.join(", ", AlertWorkflow.STATUSES));
            }
            return site.page(ctx, "alerts.jte", t.get("alerts.title", t.get("alert.status." + st)),
                    new PortalViews.Alerts(st, AlertWorkflow.STATUSES, s.portalData().alerts(st, productIds(p), LIST)));
        });
        r.get("/portal/alerts/:id").handler(ctx -> site.show(ctx, (p, t) -> {
            UUID id = uuid(ctx.pathParam("id"));
            AlertWorkflow.Alert a = s.alerts().find(id).filter(x -> x.productId() != null && productIds(p).contains(x.productId()))
                    .orElseThrow(() -> new IssuerException.NotFound("alert", id));
            return site.page(ctx, "alert.jte", t.get("alert.title", id.toString()), new PortalViews.Alert(a));
        }));
        site.page(r, "/portal/reports", "nav.reports", ctx -> (p, t) -> {
            LocalDate day = date(ctx, "day", today());
            return site.page(ctx, "reports.jte", t.get("reports.title", day.toString()), new PortalViews.Reports(day.toString(),
                    day.minusDays(1).toString(), day.plusDays(1).toString(), s.portalData().reports(licensee(p), day, LIST)));
        });
        r.get("/portal/reports/:id").handler(ctx -> site.show(ctx, (p, t) -> {
            UUID id = uuid(ctx.pathParam("id"));
            var report = s.portalData().report(licensee(p), id).orElseThrow(() -> new IssuerException.NotFound("report", id));
            return site.page(ctx, "report.jte", t.get("report.title", id.toString()), report);
        }));
        site.page(r, "/portal/stats", "nav.stats", ctx -> (p, t) -> {
            LocalDate to = date(ctx, "to", today());
            LocalDate from = date(ctx, "from", to.minusDays(29));
            String l = licensee(p);
            var days = s.consoleData().licenseeDays(l, from, to);
            List<Integer> newest = s.portalData().batchIds(l, null, PAGE).items();
            return site.page(ctx, "stats.jte", t.get("stats.title", from.toString(), to.toString()), new PortalViews.Stats(
                    Views.stats("licensee", l, from, to, days), Views.hotSpots(from, to, s.portalData().places(newest))));
        });
        site.page(r, "/portal/recall-requests", "nav.recallRequests", ctx -> (p, t) ->
                site.page(ctx, "recall-requests.jte", t.get("recallRequests.title"),
                        new PortalViews.RecallRequests(s.recallRequests().list(p, null, LIST))));
        r.get("/portal/recall-requests/:id").handler(ctx -> site.show(ctx, (p, t) -> {
            RecallRequest q = s.recallRequests().get(p, uuid(ctx.pathParam("id")));
            return site.page(ctx, "recall-request.jte", t.get("recallRequest.title", q.target()), q);
        }));
        r.post("/portal/recall-requests").handler(ctx -> site.act(ctx, p -> {
            asApi(ctx, "POST", "/api/v1/recall-requests");
            String batch = optional(ctx, "batchId");
            String product = optional(ctx, "productId");
            RecallRequest q = s.recallRequests().request(p, batch == null ? null : integer(batch, "batchId"),
                    product == null ? null : integer(product, "productId"), optional(ctx, "lot"), form(ctx, "reason"), form(ctx, "notice"));
            return "/portal/recall-requests/" + q.requestId();
        }));
        site.page(r, "/portal/credentials", "nav.credentials", ctx -> (p, t) -> {
            asApi(ctx, "GET", "/api/v1/credentials");
            var mine = s.apiKeys().list(java.util.Optional.empty(), p.licenseeId()).stream().limit(LIST).toList();
            return site.page(ctx, "credentials.jte", t.get("credentials.title"), new PortalViews.Credentials(mine, s.clock().instant()));
        });
        r.post("/portal/credentials/:credentialId/revoke").handler(ctx -> site.act(ctx, p -> {
            asApi(ctx, "POST", "/api/v1/credentials/" + ctx.pathParam("credentialId") + "/revoke");
            Credential c = CredentialRoutes.revoke(s.apiKeys(), s.changes(), p, ctx.pathParam("credentialId"), form(ctx, "reason"));
            site.credentialRevoked(c.id());   // this portal's sessions on it end (the own one too: its next request signs in again)
            return "/portal/credentials";
        }));
        site.page(r, "/portal/stations", "nav.stations", ctx -> (p, t) ->
                site.page(ctx, "stations.jte", t.get("stations.title"), new PortalViews.Stations(s.lines().list(p))));
        r.post("/portal/stations").handler(ctx -> site.act(ctx, p -> {
            asApi(ctx, "POST", "/api/v1/lines");
            List<Integer> batches = new ArrayList<>();
            for (String b : form(ctx, "batchIds").split("[,，\\s]+")) {
                if (!b.isBlank()) {
                    batches.add(integer(b, "batchIds"));
                }
            }
            var line = s.lines().create(p, null, form(ctx, "name"), batches, integer(form(ctx, "packSize"), "packSize"),
                    integer(form(ctx, "casesPerPallet"), "casesPerPallet"));
            return "/portal/stations/" + line.lineId();
        }));
        r.get("/portal/stations/:lineId").handler(ctx -> site.show(ctx, (p, t) -> stationPage(ctx, p, t, null)));
        r.post("/portal/stations/:lineId/keys").handler(ctx -> site.show(ctx, (p, t) -> {   // the page with the token, shown once
            asApi(ctx, "POST", "/api/v1/lines/" + ctx.pathParam("lineId") + "/keys");
            return stationPage(ctx, p, t, s.lines().issueKey(p, ctx.pathParam("lineId"), p.userId()).token());
        }));
        site.page(r, "/portal/webhooks", "nav.webhooks", ctx -> (p, t) -> {
            asApi(ctx, "GET", "/api/v1/webhooks");
            return webhooksPage(ctx, p, t, null);
        });
        r.post("/portal/webhooks").handler(ctx -> site.show(ctx, (p, t) -> {   // answered with the page: the secret is shown once
            asApi(ctx, "POST", "/api/v1/webhooks");
            List<String> events = ctx.request().formAttributes().getAll("events");
            var created = s.webhooks().create(p, form(ctx, "url"), events, optional(ctx, "description"));
            return webhooksPage(ctx, p, t, created);
        }));
        r.get("/portal/webhooks/:webhookId").handler(ctx -> site.show(ctx, (p, t) -> {
            asApi(ctx, "GET", "/api/v1/webhooks/" + ctx.pathParam("webhookId") + "/deliveries");
            var w = s.webhooks().get(p, ctx.pathParam("webhookId"));
            return site.page(ctx, "webhook.jte", t.get("webhook.title", w.url()),
                    new PortalViews.WebhookLog(w, s.webhooks().deliveries(p, w.webhookId().toString(), LIST)));
        }));
        r.post("/portal/webhooks/:webhookId/delete").handler(ctx -> site.act(ctx, p -> {
            asApi(ctx, "DELETE", "/api/v1/webhooks/" + ctx.pathParam("webhookId"));
            s.webhooks().delete(p, ctx.pathParam("webhookId"));
            return "/portal/webhooks";
        }));
        features.forEach(f -> f.mount(r, site));
        site.mountFailures(r);
    }

    private String stationPage(RoutingContext ctx, Principal p, org.markauth.http.Messages.Words t, String issued) {
        var line = s.lines().get(p, ctx.pathParam("lineId"));
        boolean full = site.caller(ctx).may(org.markauth.access.Scope.FULL);
        return site.page(ctx, "station.jte", t.get("station.title", line.name()), new PortalViews.Station(line,
                full ? s.lines().keys(p, line.lineId()) : List.of(), s.clock().instant(), issued));
    }

    private String webhooksPage(RoutingContext ctx, Principal p, org.markauth.http.Messages.Words t,
                                org.markauth.issuer.notify.Webhooks.Created created) {
        return site.page(ctx, "webhooks.jte", t.get("webhooks.title"), new PortalViews.Webhooks(s.webhooks().list(p),
                org.markauth.registry.NotificationEvent.Type.wires(), created));
    }

    /**
     * A print file of the licensee's batch, through the API's own path ({@link PrintRoutes#stream}):
     * the session's key must hold the PRINT scope, and the download is counted and audited as any.
     */
    private void download(RoutingContext ctx) {
        site.blocking(() -> {
            Caller c = site.caller(ctx);
            PrintFormat.ofFileName(ctx.pathParam("file"));
            s.batches().get(c.principal(), integer(ctx.pathParam("batchId"), "batchId"));   // another's: as if missing
            asApi(ctx, "GET", "/api/v1/batches/" + ctx.pathParam("batchId") + "/print/");
            return c;
        }).onSuccess(c -> prints.stream(ctx, c)).onFailure(e -> site.refused(ctx, e));
    }

    /**
     * Refuses a page or action its session's key could not do through the API route it mirrors
     * (a print-only key lists no keys and asks for no recall: those need scope full). Blocking.
     */
    private void asApi(RoutingContext ctx, String method, String apiPath) {
        org.markauth.issuer.auth.Permissions.requireScope(site.caller(ctx), method, apiPath);
    }

    private PortalViews.Overview overview(Principal p) {
        List<PortalViews.LicenceRow> licences = licences(p);
        LocalDate today = today();
        List<PortalViews.LicenceRow> expiring = licences.stream()
                .filter(l -> l.daysLeft() != null && l.daysLeft() >= 0 && l.daysLeft() <= EXPIRING_DAYS).toList();
        Set<Integer> products = licences.stream().map(l -> l.product().productId()).collect(Collectors.toSet());
        var open = s.portalData().alerts("OPEN", products, LIST);
        var batches = s.portalData().batchIds(licensee(p), null, PAGE).items();
        long pending = s.recallRequests().list(p, RecallRequest.Status.PENDING, LIST).size();
        return new PortalViews.Overview(licences.size(), batches.size(), batches.size() >= PAGE, open.size(), pending, expiring,
                open.stream().limit(10).toList(), s.portalData().reports(licensee(p), today, LIST).size());
    }

    private List<PortalViews.LicenceRow> licences(Principal p) {
        List<PortalViews.LicenceRow> out = new ArrayList<>();
        for (Product pr : s.registry().products(p, licensee(p))) {
            out.add(PortalViews.LicenceRow.of(pr, s.registry().findLicence(pr.productId()).orElse(null), s.clock().instant()));
        }
        return out;
    }

    private Set<Integer> productIds(Principal p) {
        return s.registry().products(p, licensee(p)).stream().map(Product::productId).collect(Collectors.toSet());
    }

    private static String licensee(Principal p) {
        return p.licenseeId().orElseThrow(() -> new IssuerException.Forbidden("this key names no licensee"));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(s.clock().instant(), ZoneOffset.UTC);
    }
}
