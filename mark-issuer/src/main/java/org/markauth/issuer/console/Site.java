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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/**
 * A signed-in web site of the issuer: the regulator's console ({@code /console}) and the
 * manufacturer portal ({@code /portal}) are two of these, each with its own session namespace
 * (cookie, Redis prefix, CSRF secret), role and words, and the same machinery: log-in with an API
 * key of the site's role, sessions in Redis ({@link ConsoleSessions}) that end with their
 * credential ({@link CredentialCheck}) or their lifetime, CSRF on every form, pages rendered on
 * worker threads ({@link #show}), actions that redirect ({@link #act}), and refusals as a page
 * with a plain sentence in the request's language, never a stack trace.
 *
 * <p>A page's handler is a few lines: read its parameters with the static helpers here (they
 * refuse with a sentence from the site's words), call a service with the session's principal,
 * render a template.
 */
public final class Site {

    /** Why a session was ended, as {@code <root>/login?ended=} carries it to the log-in page: the key of its sentence. */
    private static final Map<String, String> ENDED = Map.of("session", "login.ended", "revoked", "login.ended.revoked",
            "expired", "login.ended.expired", "changed", "login.ended.changed", "lifetime", "login.ended.lifetime");

    /**
     * Who may open a session: given the caller an API key names, the key of the sentence that
     * refuses it (its argument is the caller's role), or null to let it in.
     */
    @FunctionalInterface
    public interface Admission {
        String refusal(Caller caller);
    }

    /**
     * What makes one site: its path ({@code /console}), the page a signed-in user lands on, the
     * role its sessions hold, its session cookie and its templates' folder ({@code ""} or {@code "portal/"}).
     */
    public record Spec(String root, String home, Role role, String cookie, String templates, Admission admission) {
    }

    private final Vertx vertx;
    private final ConsolePages pages;
    private final ConsoleSessions sessions;
    private final CredentialCheck credentials;
    private final ApiKeyStore apiKeys;
    private final Spec spec;
    private final List<Views.Nav> nav = new ArrayList<>();

    public Site(Vertx vertx, ConsolePages pages, RedisSessions store, Console.SessionSettings settings, ApiKeyStore apiKeys,
                Clock clock, Spec spec) {
        this.vertx = vertx;
        this.pages = pages;
        this.sessions = new ConsoleSessions(vertx, store, settings, clock, spec.cookie(), spec.root());
        this.credentials = new CredentialCheck(vertx, apiKeys, clock, settings.recheck(), spec.role());
        this.apiKeys = apiKeys;
        this.spec = spec;
    }

    /** Before the site's pages: language, session, log-in and log-out, the signed-in check, CSRF. */
    public void mountSessions(Router r) {
        String root = spec.root();
        // every request of the site, its root too, counts under the site's name whichever page it reaches
        RouteMetrics.named(r.route(root + "/*"), root.substring(1)).handler(this::rememberLanguage);
        r.route(root + "/*").handler(sessions::load);
        r.get(root + "/login").handler(ctx -> {
            // a session ended by the site lands here with why (?ended=revoked); any other value says nothing
            String why = ENDED.get(String.valueOf(ctx.request().getParam("ended")));
            Words t = words(ctx);
            html(ctx, 200, page(ctx, "login.jte", t.get("login.title"), null,
                    new Views.Login(why == null ? null : t.get(why, Long.toString(sessions.lifetime().toHours())))));
        });
        r.post(root + "/login").handler(this::login);
        r.route(root + "/*").handler(this::signedIn);
        r.route(root + "/*").handler(sessions::checkCsrf);
        r.get(root).handler(ctx -> redirect(ctx, spec.home()));
        r.get(root + "/").handler(ctx -> redirect(ctx, spec.home()));
        r.post(root + "/logout").handler(this::logout);
    }

    /** After the site's pages: its failures as pages (CSRF refusal, session store down). */
    public void mountFailures(Router r) {
        // no path on this route: matching "<root>/*" would decode a malformed target ("/api/v1/x/%zz") and
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
            if (c.isEmpty()) {
                loginPage(ctx, 401, t.get("login.unknown"));
                return Future.succeededFuture();
            }
            String refusal = c.get().principal().role() != spec.role() ? "login.role" : spec.admission().refusal(c.get());
            if (refusal != null) {
                loginPage(ctx, 401, t.get(refusal, c.get().principal().role().name()));
                return Future.succeededFuture();
            }
            return sessions.open(ctx, c.get().principal(), c.get().credentialId()).onSuccess(v -> redirect(ctx, spec.home()));
        }).onFailure(ctx::fail);
    }

    /** Lets everyone of the site's role in (the console: any regulator key). */
    public static Admission anyKey() {
        return c -> null;
    }

    /**
     * Lets a signed-in user through while the session is within its absolute lifetime and its
     * credential is live, unexpired and still the same user's; otherwise ends the session here
     * ({@link #ended}).
     */
    private void signedIn(RoutingContext ctx) {
        var who = sessions.signedIn(ctx);
        if (who.isEmpty()) {
            // a session cookie without its session: it idled out, or its credential's revocation ended it
            boolean hadOne = ConsoleSessions.hadCookie(ctx);
            sessions.close(ctx).onSuccess(v -> {
                if ("GET".equals(ctx.request().method().name())) {
                    redirect(ctx, hadOne ? spec.root() + "/login?ended=session" : spec.root() + "/login");
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
                case LIVE -> org.markauth.issuer.http.Bodies.afterSignIn(ctx);   // an upload form's body: read only now
                case REVOKED -> ended(ctx, "revoked");
                case EXPIRED -> ended(ctx, "expired");
                case CHANGED -> ended(ctx, "changed");
            }
        }).onFailure(ctx::fail);
    }

    /**
     * Ends the session for {@code why} (a key of {@link #ENDED}) and says so in the site's language:
     * a page (GET) is redirected to the log-in page, which shows why; an action is refused with a 401,
     * as JSON when JSON was asked for, with {@code HX-Redirect} to the log-in page for an htmx request,
     * else as the log-in page with the sentence. The action itself never runs.
     */
    private void ended(RoutingContext ctx, String why) {
        String login = spec.root() + "/login?ended=" + why;
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
     * Ends every session of this site opened with a credential that was just revoked (through this
     * instance's API): deleted from Redis, so no instance serves them again, and the credential
     * forgotten by this instance's check. A revocation made elsewhere is caught by the per-request
     * check within its re-check interval.
     */
    public Future<Integer> credentialRevoked(String credentialId) {
        credentials.forget(credentialId);
        return sessions.endAll(credentialId);
    }

    private void logout(RoutingContext ctx) {
        sessions.close(ctx).onSuccess(v -> redirect(ctx, spec.root() + "/login")).onFailure(ctx::fail);
    }

    private void loginPage(RoutingContext ctx, int status, String error) {
        html(ctx, status, page(ctx, "login.jte", words(ctx).get("login.title"), null, new Views.Login(error)));
    }

    // ------------------------------------------------------------------ pages and actions

    /** A page: the signed-in principal and the words of the request's language to its HTML. */
    @FunctionalInterface
    public interface Page {
        String render(Principal p, Words t) throws Exception;
    }

    /**
     * The signed-in user of this request as the API would see it: who, the API key the session was
     * opened with and that key's scopes as they are now. Blocking (reads the credential directory).
     */
    public Caller caller(RoutingContext ctx) {
        var who = sessions.signedIn(ctx).orElseThrow();
        var c = apiKeys.find(who.credentialId()).orElseThrow(() -> new IssuerException.Forbidden("this session's API key is gone"));
        return new Caller(who.principal(), who.credentialId(), c.scopes());
    }

    /**
     * A page of the site's navigation: {@code GET path} rendered by {@code page}, listed in the
     * navigation (words {@code navKey}) in the order pages are added. Adding a page to a site is this
     * call and its template.
     */
    public void page(Router r, String path, String navKey, Function<RoutingContext, Page> page) {
        nav.add(new Views.Nav(path, navKey));
        r.get(path).handler(ctx -> show(ctx, page.apply(ctx)));
    }

    /** A GET page: render on a worker thread; refusals become an error page, not a stack trace. */
    public void show(RoutingContext ctx, Page page) {
        Principal p = sessions.signedIn(ctx).orElseThrow().principal();
        Words t = words(ctx);
        blocking(() -> page.render(p, t))
                .compose(h -> sessions.flush(ctx, false).map(h))
                .onSuccess(h -> html(ctx, 200, h)).onFailure(e -> refused(ctx, e));
    }

    /**
     * As {@link #show}, for a page that loads the site's own bundled scripts ({@code <root>/assets/…},
     * never an inline one): its CSP also allows {@code script-src 'self'} (the targets page's charts).
     */
    public void showScripted(RoutingContext ctx, Page page) {
        Principal p = sessions.signedIn(ctx).orElseThrow().principal();
        Words t = words(ctx);
        blocking(() -> page.render(p, t))
                .compose(h -> sessions.flush(ctx, false).map(h))
                .onSuccess(h -> html(ctx, 200, h, PAGE_CSP.replace("default-src 'none'; ", "default-src 'none'; script-src 'self'; ")))
                .onFailure(e -> refused(ctx, e));
    }

    /**
     * A GET answered with a download ({@code fileName}, ASCII) of {@code type}, made on a worker
     * thread; refusals as the refusal page.
     */
    public void file(RoutingContext ctx, String type, String fileName, Page body) {
        Principal p = sessions.signedIn(ctx).orElseThrow().principal();
        Words t = words(ctx);
        blocking(() -> body.render(p, t))
                .compose(b -> sessions.flush(ctx, false).map(b))
                .onSuccess(b -> ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", "no-store")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"").end(b))
                .onFailure(e -> refused(ctx, e));
    }

    /** A POST action: run it, then redirect (303) to the page it names. */
    public void act(RoutingContext ctx, Function<Principal, String> action) {
        Principal p = sessions.signedIn(ctx).orElseThrow().principal();
        blocking(() -> action.apply(p))
                .compose(to -> sessions.flush(ctx, false).map(to))
                .onSuccess(to -> redirect(ctx, to)).onFailure(e -> refused(ctx, e));
    }

    /** Answers a failed page or action: a refusal as the refusal page with its sentence, anything else to the error handler. */
    public void refused(RoutingContext ctx, Throwable e) {
        int status = e instanceof IssuerException.NotFound ? 404 : e instanceof IssuerException.Forbidden ? 403
                : e instanceof IssuerException.Limited ? 429
                : e instanceof IssuerException || e instanceof IllegalArgumentException ? 422 : 0;
        if (status == 0) {
            ctx.fail(e);
            return;
        }
        String message = e instanceof FormError f ? words(ctx).get(f.key, f.args)
                : e instanceof org.markauth.issuer.http.Refusal.Failure r ? r.refusal().message(Lang.of(ctx), null)   // both languages
                : e.getMessage();
        // the refusal page's forms carry the token CSRFHandler has just rotated: store it with the session
        sessions.flush(ctx, true).onComplete(x -> html(ctx, status, refusedPage(ctx, message)));
    }

    /**
     * The site's failures: CSRFHandler's 403 as the refusal page with its sentence, a session store
     * that Redis cannot serve as a 503 page; anything else goes on to the issuer's error handler (a 500 with a ref).
     */
    private void failed(RoutingContext ctx) {
        if (!inSite(ctx)) {
            ctx.next();
            return;
        }
        Throwable e = ctx.failure();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RedisSessions.Unavailable) {
                Words t = words(ctx);
                ctx.response().putHeader("Retry-After", "60");
                html(ctx, 503, pages.render(spec.templates() + "refused.jte", shell(ctx, t.get("unavailable.title"), null),
                        new Views.Refused(t.get("unavailable.sessions"))));
                return;
            }
        }
        if (ctx.statusCode() == 403 && (e == null || e instanceof IllegalArgumentException)) {
            html(ctx, 403, refusedPage(ctx, words(ctx).get("refused.csrf")));
            return;
        }
        ctx.next();
    }

    private boolean inSite(RoutingContext ctx) {
        try {
            String path = ctx.normalizedPath();
            return path.equals(spec.root()) || path.startsWith(spec.root() + "/");
        } catch (IllegalArgumentException malformedTarget) {
            return false;
        }
    }

    private String refusedPage(RoutingContext ctx, String message) {
        return page(ctx, "refused.jte", words(ctx).get("refused.title"), new Views.Refused(message));
    }

    /** A signed-in page: {@code template} of the site's folder; the shell carries the session's CSRF token for the log-out form. */
    public String page(RoutingContext ctx, String template, String title, Object view) {
        return page(ctx, template, title, ConsoleSessions.token(ctx), view);
    }

    private String page(RoutingContext ctx, String template, String title, String csrf, Object view) {
        return pages.render(spec.templates() + template, shell(ctx, title, csrf), view);
    }

    private Views.Shell shell(RoutingContext ctx, String title, String csrf) {
        Lang lang = Lang.of(ctx);
        return new Views.Shell(pages.words(lang), lang.tag(), title, csrf, switchHref(ctx, lang.other()), List.copyOf(nav));
    }

    public Words words(RoutingContext ctx) {
        return pages.words(Lang.of(ctx));
    }

    /** This page in the other language: its path and query with {@code lang} replaced (after a form post: the log-in or home page). */
    private String switchHref(RoutingContext ctx, Lang to) {
        String lang = "lang=" + (to == Lang.EN ? "en" : "zh");
        if (!"GET".equals(ctx.request().method().name())) {
            String login = spec.root() + "/login";
            return (login.equals(ctx.request().path()) ? login : spec.home()) + "?" + lang;
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
    private void rememberLanguage(RoutingContext ctx) {
        String asked;
        try {
            asked = ctx.request().getParam("lang");
        } catch (IllegalArgumentException malformedQuery) {
            asked = null;
        }
        Lang l = Lang.parse(asked);
        if (l != null) {
            ctx.response().addCookie(Cookie.cookie("lang", l == Lang.EN ? "en" : "zh").setPath(spec.root())
                    .setMaxAge(365L * 24 * 3600).setSameSite(CookieSameSite.STRICT).setHttpOnly(true));
        }
        ctx.next();
    }

    public <T> Future<T> blocking(Callable<T> call) {
        return vertx.executeBlocking(call, false);
    }

    /** A page's CSP: no script at all, inline styles, forms to us only, never framed. */
    private static final String PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'";

    public static void html(RoutingContext ctx, int status, String body) {
        html(ctx, status, body, PAGE_CSP);
    }

    private static void html(RoutingContext ctx, int status, String body, String csp) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Frame-Options", "DENY")
                .putHeader("Content-Security-Policy", csp).end(body);
    }

    public static void redirect(RoutingContext ctx, String to) {
        ctx.response().setStatusCode(303).putHeader("Location", to).end();
    }

    public static String query(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ form fields

    /** A form or query value the site refuses, said in the request's language (keys {@code form.*} of its words). */
    public static final class FormError extends IllegalArgumentException {
        final String key;
        final transient Object[] args;

        public FormError(String key, Object... args) {
            super(key);
            this.key = key;
            this.args = args;
        }
    }

    public static String form(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        if (v == null || v.isBlank()) {
            throw new FormError("form.required", name);
        }
        return v.strip();
    }

    /** An optional form field, stripped; null when absent or blank. */
    public static String optional(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    public static int integer(String v, String name) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new FormError("form.number", name, v);
        }
    }

    /** A field naming one of {@code type}'s constants (the form's select), or the refusal page naming the choices. */
    public static <E extends Enum<E>> E choice(String v, String name, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v.strip())) {
                return e;
            }
        }
        throw new FormError("form.choice", name, v.length() > 40 ? v.substring(0, 40) + "…" : v,
                java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(java.util.stream.Collectors.joining(", ")));
    }

    /** An optional whole-number field: empty means "the service default". */
    public static Integer optionalInt(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v == null || v.isBlank() ? null : integer(v, name);
    }

    public static UUID uuid(String v) {
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw new FormError("form.id", v);
        }
    }

    public static LocalDate date(RoutingContext ctx, String name, LocalDate dflt) {
        String v = ctx.request().getParam(name);
        try {
            return v == null || v.isBlank() ? dflt : LocalDate.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new FormError("form.date", name, v);
        }
    }
}
