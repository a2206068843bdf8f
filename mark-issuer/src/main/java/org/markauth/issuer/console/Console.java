package org.markauth.issuer.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.clones.CloneRuleOverrides;
import org.markauth.issuer.recall.Recalls;
import org.markauth.issuer.registry.LicenceStatus;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Registry;

/**
 * The regulator's web console under {@code /console}: server-rendered pages over the issuer's
 * services and the console read models. Log-in takes a REGULATOR API key once and opens a
 * server-side session (cookie: random id, HttpOnly, SameSite=Strict, Secure behind HTTPS); every
 * form posts the session's CSRF token. Pages run their (blocking) reads on worker threads.
 */
public final class Console {

    static final String COOKIE = "markauth_console";
    private static final String SESSION = "console.session";

    private final Vertx vertx;
    private final Registry registry;
    private final ApiKeyStore apiKeys;
    private final Recalls recalls;
    private final AlertWorkflow alerts;
    private final Blocks blocks;
    private final CloneRuleOverrides rules;
    private final ConsoleData data;
    private final Sessions sessions;
    private final Clock clock;

    public Console(Vertx vertx, Clock clock, Registry registry, ApiKeyStore apiKeys, Recalls recalls, Blocks blocks,
                   CloneRuleOverrides rules, AlertWorkflow alerts, ConsoleData data) {
        this.vertx = vertx;
        this.registry = registry;
        this.apiKeys = apiKeys;
        this.recalls = recalls;
        this.blocks = blocks;
        this.rules = rules;
        this.alerts = alerts;
        this.data = data;
        this.clock = clock;
        this.sessions = new Sessions(clock, Duration.ofHours(8));
    }

    public void mount(Router r) {
        r.get("/console/login").handler(ctx -> html(ctx, 200, ConsoleHtml.login(null)));
        r.post("/console/login").handler(this::login);
        r.route("/console/*").handler(this::session);
        r.get("/console").handler(ctx -> redirect(ctx, "/console/alerts"));
        r.get("/console/").handler(ctx -> redirect(ctx, "/console/alerts"));
        r.post("/console/logout").handler(this::logout);
        r.get("/console/alerts").handler(ctx -> page(ctx, (p, csrf) -> {
            String st = ctx.request().getParam("status", "OPEN");
            return ConsoleHtml.alerts(csrf, st, alerts.list(p, st, 200));
        }));
        r.get("/console/alerts/:id").handler(ctx -> page(ctx, (p, csrf) -> {
            UUID id = uuid(ctx.pathParam("id"));
            AlertWorkflow.Alert a = alerts.get(p, id);
            Blocks.Block block = a.batchId() == null || a.serialHex() == null || a.serialHex().length() != 16 ? null
                    : blocks.find(p, a.batchId(), Blocks.serial(a.serialHex())).orElse(null);
            return ConsoleHtml.alert(csrf, a, alerts.history(p, id), block);
        }));
        r.post("/console/alerts/:id/status").handler(ctx -> action(ctx, p -> {
            UUID id = uuid(ctx.pathParam("id"));
            alerts.move(p, id, form(ctx, "to"), ctx.request().getFormAttribute("note"));
            return "/console/alerts/" + id;
        }));
        r.get("/console/blocks").handler(ctx -> page(ctx, (p, csrf) -> {
            String batch = ctx.request().getParam("batchId");
            String serial = ctx.request().getParam("serial");
            if (batch == null || batch.isBlank() || serial == null || serial.isBlank()) {
                return ConsoleHtml.blocks(csrf, null, null, null, List.of());
            }
            int b = integer(batch, "batchId");
            long sn = Blocks.serial(serial);
            return ConsoleHtml.blocks(csrf, b, serial.strip(), blocks.find(p, b, sn).orElse(null), blocks.history(p, b, sn));
        }));
        r.post("/console/blocks").handler(ctx -> action(ctx, p -> {
            int b = integer(form(ctx, "batchId"), "batchId");
            String serial = form(ctx, "serial");
            String alert = ctx.request().getFormAttribute("alertId");
            blocks.block(p, b, Blocks.serial(serial), form(ctx, "reason"), alert == null || alert.isBlank() ? null : uuid(alert));
            return "/console/blocks?batchId=" + b + "&serial=" + serial;
        }));
        r.post("/console/blocks/unblock").handler(ctx -> action(ctx, p -> {
            int b = integer(form(ctx, "batchId"), "batchId");
            String serial = form(ctx, "serial");
            blocks.unblock(p, b, Blocks.serial(serial), form(ctx, "reason"));
            return "/console/blocks?batchId=" + b + "&serial=" + serial;
        }));
        r.get("/console/rules").handler(ctx -> page(ctx, (p, csrf) -> {
            String id = ctx.request().getParam("productId");
            if (id == null || id.isBlank()) {
                return ConsoleHtml.rules(csrf, null, null);
            }
            int product = integer(id, "productId");
            return ConsoleHtml.rules(csrf, product, rules.find(p, product).orElse(null));
        }));
        r.post("/console/rules").handler(ctx -> action(ctx, p -> {
            int product = integer(form(ctx, "productId"), "productId");
            String off = ctx.request().getFormAttribute("offMarket");
            rules.set(p, new CloneRuleOverrides.Overrides(product, optionalInt(ctx, "maxScans"),
                    optionalInt(ctx, "scanWindowSeconds"), optionalInt(ctx, "maxSpeedKmh"), optionalInt(ctx, "minTravelKm"),
                    optionalInt(ctx, "blockThreshold"), off == null || off.isBlank() ? null : Boolean.valueOf("on".equals(off)),
                    null, null));
            return "/console/rules?productId=" + product;
        }));
        r.get("/console/reports").handler(ctx -> page(ctx, (p, csrf) -> {
            LocalDate day = date(ctx, "day", today());
            return ConsoleHtml.reports(csrf, day, data.reports(day, 200));
        }));
        r.get("/console/map").handler(ctx -> page(ctx, (p, csrf) -> {
            LocalDate to = date(ctx, "to", today());
            LocalDate from = date(ctx, "from", to.minusDays(6));
            return ConsoleHtml.map(csrf, from, to, data.hotspots(from, to));
        }));
        r.get("/console/stats").handler(ctx -> page(ctx, (p, csrf) -> {
            LocalDate to = date(ctx, "to", today());
            LocalDate from = date(ctx, "from", to.minusDays(29));
            String kind = ctx.request().getParam("kind", "product");
            String id = ctx.request().getParam("id");
            List<ConsoleData.Day> days = id == null || id.isBlank() ? List.of()
                    : "licensee".equals(kind) ? data.licenseeDays(id, from, to) : data.productDays(integer(id, "id"), from, to);
            return ConsoleHtml.stats(csrf, kind, id, from, to, days);
        }));
        r.get("/console/registry").handler(ctx -> page(ctx, (p, csrf) -> {
            List<Licensee> ls = registry.licensees(p, 500);
            Map<String, List<ConsoleHtml.ProductRow>> products = new HashMap<>();
            for (Licensee l : ls) {
                products.put(l.licenseeId(), registry.products(p, l.licenseeId()).stream()
                        .map(pr -> new ConsoleHtml.ProductRow(pr, registry.findLicence(pr.productId()).orElse(null))).toList());
            }
            return ConsoleHtml.registry(csrf, ls, products);
        }));
        r.post("/console/licences/status").handler(ctx -> action(ctx, p -> {
            LicenceStatus to = LicenceStatus.valueOf(form(ctx, "to"));
            registry.changeLicenceStatus(p, integer(form(ctx, "productId"), "productId"), to, form(ctx, "reason"));
            return "/console/registry";
        }));
        r.post("/console/licensees/blacklist").handler(ctx -> action(ctx, p -> {
            registry.setBlacklisted(p, form(ctx, "licenseeId"), Boolean.parseBoolean(form(ctx, "on")), form(ctx, "reason"));
            return "/console/registry";
        }));
        r.get("/console/recalls").handler(ctx -> page(ctx, (p, csrf) -> ConsoleHtml.recalls(csrf, recalls.recent(p, 100))));
        r.get("/console/recalls/:id").handler(ctx -> page(ctx, (p, csrf) ->
                ConsoleHtml.recall(csrf, recalls.report(p, uuid(ctx.pathParam("id"))))));
        r.post("/console/recalls").handler(ctx -> action(ctx, p -> {
            String batch = ctx.request().getFormAttribute("batchId");
            String reason = form(ctx, "reason");
            String notice = form(ctx, "notice");
            var rec = batch != null && !batch.isBlank()
                    ? recalls.recallBatch(p, integer(batch, "batchId"), reason, notice)
                    : recalls.recallLot(p, integer(form(ctx, "productId"), "productId"), form(ctx, "lot"), reason, notice);
            return "/console/recalls/" + rec.recallId();
        }));
    }

    // ------------------------------------------------------------------ session and CSRF

    private void login(RoutingContext ctx) {
        String token = ctx.request().getFormAttribute("token");
        if (token == null || token.isBlank()) {
            html(ctx, 401, ConsoleHtml.login("Enter your regulator API key."));
            return;
        }
        Future.fromCompletionStage(apiKeys.authenticateCaller(token.strip()), ctx.vertx().getOrCreateContext()).onSuccess(c -> {
            var p = c.map(org.markauth.access.Caller::principal);
            if (p.isEmpty() || p.get().role() != Role.REGULATOR) {
                html(ctx, 401, ConsoleHtml.login(p.isEmpty() ? "This API key is unknown, expired or revoked."
                        : "The console is for the programme office: this key has role " + p.get().role() + "."));
                return;
            }
            Sessions.Session sess = sessions.open(p.get(), c.get().credentialId());
            ctx.response().addCookie(Cookie.cookie(COOKIE, sess.id()).setPath("/console").setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT).setSecure(secure(ctx)));
            redirect(ctx, "/console/alerts");
        }).onFailure(ctx::fail);
    }

    private void session(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(COOKIE);
        var sess = sessions.find(c == null ? null : c.getValue());
        if (sess.isEmpty()) {
            if ("GET".equals(ctx.request().method().name())) {
                redirect(ctx, "/console/login");
            } else {
                html(ctx, 401, ConsoleHtml.login("Your session has ended; log in again."));
            }
            return;
        }
        if (!"GET".equals(ctx.request().method().name())) {
            String sent = ctx.request().getFormAttribute("csrf");
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    sess.get().csrf().getBytes(StandardCharsets.UTF_8))) {
                html(ctx, 403, ConsoleHtml.error(sess.get().csrf(), "The form's CSRF token is missing or wrong; reload the page and try again."));
                return;
            }
        }
        Sessions.Session found = sess.get();
        // the session ends with its credential: a key revoked or expired since login closes it here
        Future.fromCompletionStage(apiKeys.live(found.credentialId()), ctx.vertx().getOrCreateContext()).onSuccess(live -> {
            if (!live) {
                sessions.close(found.id());
                html(ctx, 401, ConsoleHtml.login("The API key this session was opened with has been revoked or has expired; "
                        + "log in with a live key."));
                return;
            }
            ctx.put(SESSION, found);
            ctx.next();
        }).onFailure(ctx::fail);
    }

    private void logout(RoutingContext ctx) {
        Sessions.Session sess = ctx.get(SESSION);
        sessions.close(sess.id());
        ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/console").setMaxAge(0).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT));
        redirect(ctx, "/console/login");
    }

    private static boolean secure(RoutingContext ctx) {
        return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }

    // ------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface Page {
        String render(Principal p, String csrf) throws Exception;
    }

    /** A GET page: render on a worker thread; refusals become an error page, not a stack trace. */
    private void page(RoutingContext ctx, Page page) {
        Sessions.Session sess = ctx.get(SESSION);
        blocking(() -> page.render(sess.principal(), sess.csrf())).onSuccess(h -> html(ctx, 200, h))
                .onFailure(e -> refused(ctx, sess, e));
    }

    /** A POST action: run it, then redirect (303) to the page it names. */
    private void action(RoutingContext ctx, Function<Principal, String> action) {
        Sessions.Session sess = ctx.get(SESSION);
        blocking(() -> action.apply(sess.principal())).onSuccess(to -> redirect(ctx, to)).onFailure(e -> refused(ctx, sess, e));
    }

    private void refused(RoutingContext ctx, Sessions.Session sess, Throwable e) {
        int status = e instanceof IssuerException.NotFound ? 404 : e instanceof IssuerException.Forbidden ? 403
                : e instanceof IssuerException || e instanceof IllegalArgumentException ? 422 : 500;
        if (status == 500) {
            ctx.fail(e);
            return;
        }
        html(ctx, status, ConsoleHtml.error(sess.csrf(), e.getMessage()));
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

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String form(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v.strip();
    }

    private static int integer(String v, String name) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
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
            throw new IllegalArgumentException("'" + v + "' is not an id of this console");
        }
    }

    private static LocalDate date(RoutingContext ctx, String name, LocalDate dflt) {
        String v = ctx.request().getParam(name);
        try {
            return v == null || v.isBlank() ? dflt : LocalDate.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date YYYY-MM-DD, got '" + v + "'");
        }
    }
}
