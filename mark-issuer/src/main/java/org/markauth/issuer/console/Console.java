package org.markauth.issuer.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Caller;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.http.Lang;
import org.markauth.http.Messages.Words;
import org.markauth.http.RouteMetrics;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.clones.CloneRuleOverrides;
import org.markauth.issuer.recall.Recalls;
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

    /** Why a session was ended, as {@code /console/login?ended=} carries it to the log-in page: the key of its sentence. */
    private static final java.util.Map<String, String> ENDED = java.util.Map.of("session", "login.ended", "revoked", "login.ended.revoked",
            "expired", "login.ended.expired", "changed", "login.ended.changed", "lifetime", "login.ended.lifetime");

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

    private final Vertx vertx;
    private final ConsolePages pages;
    private final ConsoleSessions sessions;
    private final ApiKeyStore apiKeys;
    private final CredentialCheck credentials;
    private final Registry registry;
    private final Recalls recalls;
    private final AlertWorkflow alerts;
    private final Blocks blocks;
    private final CloneRuleOverrides rules;
    private final ConsoleData data;
    private final org.markauth.issuer.keys.OfficerAreas areas;
    private final Clock clock;
    private final org.markauth.issuer.notify.Notifications notifications;

    public Console(Vertx vertx, ConsolePages pages, RedisSessions sessions, SessionSettings settings, ApiKeyStore apiKeys,
                   Registry registry, Recalls recalls, AlertWorkflow alerts, Blocks blocks, CloneRuleOverrides rules, ConsoleData data,
                   org.markauth.issuer.keys.OfficerAreas areas, Clock clock, org.markauth.issuer.notify.Notifications notifications) {
        this.vertx = vertx;
        this.pages = pages;
        this.sessions = new ConsoleSessions(vertx, sessions, settings, clock);
        this.credentials = new CredentialCheck(vertx, apiKeys, clock, settings.recheck());
        this.apiKeys = apiKeys;
        this.registry = registry;
        this.recalls = recalls;
        this.alerts = alerts;
        this.blocks = blocks;
        this.rules = rules;
        this.data = data;
        this.areas = areas;
        this.clock = clock;
        this.notifications = notifications;
    }

    public void mount(Router r) {
        // every console request, /console itself too, counts as "console" whichever page it reaches
        RouteMetrics.named(r.route("/console/*"), "console").handler(Console::rememberLanguage);
        r.route("/console/*").handler(sessions::load);
        r.get("/console/login").handler(ctx -> {
            // a session ended by the console lands here with why (?ended=revoked); any other value says nothing
            String why = ENDED.get(String.valueOf(ctx.request().getParam("ended")));
            Words t = words(ctx);
            html(ctx, 200, page(ctx, "login.jte", t.get("login.title"), null,
                    new Views.Login(why == null ? null : t.get(why, Long.toString(sessions.lifetime().toHours())))));
        });
        r.post("/console/login").handler(this::login);
        r.route("/console/*").handler(this::signedIn);
        r.route("/console/*").handler(sessions::checkCsrf);
        r.get("/console").handler(ctx -> redirect(ctx, "/console/alerts"));
        r.get("/console/").handler(ctx -> redirect(ctx, "/console/alerts"));
        r.post("/console/logout").handler(this::logout);
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
        // no path on this route: matching "/console/*" would decode a malformed target ("/api/v1/x/%zz") and
        // answer vertx-web's bare 400 instead of the issuer's error envelope
        r.route().failureHandler(this::failed);
    }

    // ------------------------------------------------------------------ sign-in

    private void login(RoutingContext ctx) {
        Words t = words(ctx);
        String token = ctx.request().getFormAttribute("token");
        if (token == null || token.isBlank()) {
            loginPage(ctx, 401, t.get("login.missing"));
            return;
        }
        Future.fromCompletionStage(apiKeys.authenticateCaller(token.strip()), ctx.vertx().getOrCreateContext()).compose(c -> {
            var p = c.map(Caller::principal);
            if (p.isEmpty() || p.get().role() != Role.REGULATOR) {
                loginPage(ctx, 401, p.isEmpty() ? t.get("login.unknown") : t.get("login.role", p.get().role().name()));
                return Future.succeededFuture();
            }
            return sessions.open(ctx, p.get(), c.get().credentialId()).onSuccess(v -> redirect(ctx, "/console/alerts"));
        }).onFailure(ctx::fail);
    }

    /**
     * Lets a signed-in regulator through while the session is within its absolute lifetime and its
     * credential is live, unexpired and still the regulator's; otherwise ends the session here
     * ({@link #ended}).
     */
    private void signedIn(RoutingContext ctx) {
        var who = sessions.signedIn(ctx);
        if (who.isEmpty()) {
            // a session cookie without its session: it idled out, or its credential's revocation ended it
            boolean hadOne = ConsoleSessions.hadCookie(ctx);
            sessions.close(ctx).onSuccess(v -> {
                if ("GET".equals(ctx.request().method().name())) {
                    redirect(ctx, hadOne ? "/console/login?ended=session" : "/console/login");
                } else {
                    loginPage(ctx, 401, words(ctx).get("login.ended"));
                }
            }).onFailure(ctx::fail);
            return;
        }
        if (sessions.outlived(who.get())) {
            ended(ctx, "lifetime");
            return;
        }
        credentials.check(who.get()).onSuccess(outcome -> {
            switch (outcome) {
                case LIVE -> ctx.next();
                case REVOKED -> ended(ctx, "revoked");
                case EXPIRED -> ended(ctx, "expired");
                case CHANGED -> ended(ctx, "changed");
            }
        }).onFailure(ctx::fail);
    }

    /**
     * Ends the session for {@code why} (a key of {@link #ENDED}) and says so in the console's language:
     * a page (GET) is redirected to the log-in page, which shows why; an action is refused with a 401,
     * as JSON when JSON was asked for, with {@code HX-Redirect} to the log-in page for an htmx request,
     * else as the log-in page with the sentence. The action itself never runs.
     */
    private void ended(RoutingContext ctx, String why) {
        String login = "/console/login?ended=" + why;
        Words t = words(ctx);
        String sentence = t.get(ENDED.get(why), Long.toString(sessions.lifetime().toHours()));
        sessions.close(ctx).onSuccess(v -> {
            boolean htmx = "true".equals(ctx.request().getHeader("HX-Request"));
            String accept = ctx.request().getHeader("Accept");
            if ("GET".equals(ctx.request().method().name()) && !htmx) {
                redirect(ctx, login);
            } else if (htmx) {
                ctx.response().setStatusCode(401).putHeader("HX-Redirect", login).putHeader("Cache-Control", "no-store")
                        .putHeader("Content-Type", "text/plain; charset=utf-8").end(sentence);
            } else if (accept != null && accept.contains("application/json")) {
                ctx.response().setStatusCode(401).putHeader("Cache-Control", "no-store")
                        .putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(new io.vertx.core.json.JsonObject().put("error", "SESSION_ENDED").put("message", sentence)
                                .put("lang", Lang.of(ctx).tag()).put("login", login).encode());
            } else {
                loginPage(ctx, 401, sentence);
            }
        }).onFailure(ctx::fail);
    }

    /**
     * Ends every console session opened with a credential that was just revoked (through this
     * instance's API): deleted from Redis, so no instance serves them again, and the credential
     * forgotten by this instance's check. A revocation made elsewhere is caught by the per-request
     * check within its re-check interval.
     */
    public Future<Integer> credentialRevoked(String credentialId) {
        credentials.forget(credentialId);
        return sessions.endAll(credentialId);
    }

    private void logout(RoutingContext ctx) {
        sessions.close(ctx).onSuccess(v -> redirect(ctx, "/console/login")).onFailure(ctx::fail);
    }

    private void loginPage(RoutingContext ctx, int status, String error) {
        html(ctx, status, page(ctx, "login.jte", words(ctx).get("login.title"), null, new Views.Login(error)));
    }

    // ------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface Page {
        String render(Principal p, Words t) throws Exception;
    }

    /** A GET page: render on a worker thread; refusals become an error page, not a stack trace. */
    private void show(RoutingContext ctx, Page page) {
        Principal p = sessions.signedIn(ctx).orElseThrow().principal();
        Words t = words(ctx);
        blocking(() -> page.render(p, t))
                .compose(h -> sessions.flush(ctx, false).map(h))
                .onSuccess(h -> html(ctx, 200, h)).onFailure(e -> refused(ctx, e));
    }

    /** A POST action: run it, then redirect (303) to the page it names. */
    private void act(RoutingContext ctx, Function<Principal, String> action) {
        Principal p = sessions.signedIn(ctx).orElseThrow().principal();
        blocking(() -> action.apply(p))
                .compose(to -> sessions.flush(ctx, false).map(to))
                .onSuccess(to -> redirect(ctx, to)).onFailure(e -> refused(ctx, e));
    }

    private void refused(RoutingContext ctx, Throwable e) {
        int status = e instanceof IssuerException.NotFound ? 404 : e instanceof IssuerException.Forbidden ? 403
                : e instanceof IssuerException || e instanceof IllegalArgumentException ? 422 : 0;
        if (status == 0) {
            ctx.fail(e);
            return;
        }
        String message = e instanceof FormError f ? words(ctx).get(f.key, f.args) : e.getMessage();
        // the refusal page's forms carry the token CSRFHandler has just rotated: store it with the session
        sessions.flush(ctx, true).onComplete(x -> html(ctx, status, refusedPage(ctx, message)));
    }

    /**
     * The console's failures: CSRFHandler's 403 as the refusal page with its sentence, a session store
     * that Redis cannot serve as a 503 page; anything else goes on to the issuer's error handler (a 500 with a ref).
     */
    private void failed(RoutingContext ctx) {
        if (!inConsole(ctx)) {
            ctx.next();
            return;
        }
        Throwable e = ctx.failure();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RedisSessions.Unavailable) {
                Words t = words(ctx);
                ctx.response().putHeader("Retry-After", "60");
                html(ctx, 503, pages.render("refused.jte", shell(ctx, t.get("unavailable.title"), null), new Views.Refused(t.get("unavailable.sessions"))));
                return;
            }
        }
        if (ctx.statusCode() == 403 && (e == null || e instanceof IllegalArgumentException)) {
            html(ctx, 403, refusedPage(ctx, words(ctx).get("refused.csrf")));
            return;
        }
        ctx.next();
    }

    private static boolean inConsole(RoutingContext ctx) {
        try {
            String path = ctx.normalizedPath();
            return path.equals("/console") || path.startsWith("/console/");
        } catch (IllegalArgumentException malformedTarget) {
            return false;
        }
    }

    private String refusedPage(RoutingContext ctx, String message) {
        return page(ctx, "refused.jte", words(ctx).get("refused.title"), new Views.Refused(message));
    }

    /** A signed-in page: the shell carries the session's CSRF token for the log-out form. */
    private String page(RoutingContext ctx, String template, String title, Object view) {
        return page(ctx, template, title, ConsoleSessions.token(ctx), view);
    }

    private String page(RoutingContext ctx, String template, String title, String csrf, Object view) {
        return pages.render(template, shell(ctx, title, csrf), view);
    }

    private Views.Shell shell(RoutingContext ctx, String title, String csrf) {
        Lang lang = Lang.of(ctx);
        return new Views.Shell(pages.words(lang), lang.tag(), title, csrf, switchHref(ctx, lang.other()));
    }

    private Words words(RoutingContext ctx) {
        return pages.words(Lang.of(ctx));
    }

    /** This page in the other language: its path and query with {@code lang} replaced (after a form post: the log-in or alerts page). */
    private static String switchHref(RoutingContext ctx, Lang to) {
        String lang = "lang=" + (to == Lang.EN ? "en" : "zh");
        if (!"GET".equals(ctx.request().method().name())) {
            return ("/console/login".equals(ctx.request().path()) ? "/console/login?" : "/console/alerts?") + lang;
        }
        StringBuilder q = new StringBuilder();
        ctx.queryParams().forEach((k, v) -> {
            if (!"lang".equals(k)) {
                q.append(query(k)).append('=').append(query(v)).append('&');
            }
        });
        return ctx.request().path() + "?" + q + lang;
    }

    /** The language switch sticks: {@code ?lang=} is kept in the {@code lang} cookie that {@link Lang#of} reads. */
    private static void rememberLanguage(RoutingContext ctx) {
        String asked;
        try {
            asked = ctx.request().getParam("lang");
        } catch (IllegalArgumentException malformedQuery) {
            asked = null;
        }
        Lang l = Lang.parse(asked);
        if (l != null) {
            ctx.response().addCookie(Cookie.cookie("lang", l == Lang.EN ? "en" : "zh").setPath("/console")
                    .setMaxAge(365L * 24 * 3600).setSameSite(CookieSameSite.STRICT).setHttpOnly(true));
        }
        ctx.next();
    }

    private <T> Future<T> blocking(Callable<T> call) {
        return vertx.executeBlocking(call, false);
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Frame-Options", "DENY")
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                        + "form-action 'self'; frame-ancestors 'none'").end(body);
    }

    private static void redirect(RoutingContext ctx, String to) {
        ctx.response().setStatusCode(303).putHeader("Location", to).end();
    }

    private static String query(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
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

    // ------------------------------------------------------------------ form fields

    /** A form or query value the console refuses, said in the request's language. */
    static final class FormError extends IllegalArgumentException {
        final String key;
        final Object[] args;

        FormError(String key, Object... args) {
            super(key);
            this.key = key;
            this.args = args;
        }
    }

    private static String form(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        if (v == null || v.isBlank()) {
            throw new FormError("form.required", name);
        }
        return v.strip();
    }

    private static int integer(String v, String name) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new FormError("form.number", name, v);
        }
    }

    /** A field naming one of {@code type}'s constants (the form's select), or the refusal page naming the choices. */
    private static <E extends Enum<E>> E choice(String v, String name, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v.strip())) {
                return e;
            }
        }
        throw new FormError("form.choice", name, v.length() > 40 ? v.substring(0, 40) + "…" : v,
                java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(java.util.stream.Collectors.joining(", ")));
    }

    /** An optional whole-number field: empty means "the service default". */
    private static Integer optionalInt(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v == null || v.isBlank() ? null : integer(v, name);
    }

    private static UUID uuid(String v) {
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw new FormError("form.id", v);
        }
    }

    private static LocalDate date(RoutingContext ctx, String name, LocalDate dflt) {
        String v = ctx.request().getParam(name);
        try {
            return v == null || v.isBlank() ? dflt : LocalDate.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new FormError("form.date", name, v);
        }
    }
}
