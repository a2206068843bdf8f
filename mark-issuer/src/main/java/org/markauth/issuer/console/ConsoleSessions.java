package org.markauth.issuer.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.SessionHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.markauth.access.Principal;
import org.markauth.access.Role;

/**
 * The console's sessions and CSRF protection, both vertx-web's: {@link SessionHandler} over
 * {@link RedisSessions} and {@link CSRFHandler}. The browser holds only the random session id
 * (cookie {@value #COOKIE} on the console, the site's own elsewhere: HttpOnly, SameSite=Strict, the site's path, Secure when the request came
 * over HTTPS, directly or through a proxy that says so); the principal and the credential it was
 * opened with stay in Redis. A session expires after {@code idle} without a request and, however
 * busy, {@code lifetime} after it was opened (the absolute lifetime, told by the console's clock).
 * Each session is indexed under its credential in Redis, so that revoking the credential ends all
 * of its sessions at once ({@link #endAll}).
 *
 * <p>Each form carries the token CSRFHandler keeps in the session, checked against the
 * double-submit cookie; a successful post rotates it. The tokens' signing secret is shared through
 * Redis so any instance checks what another issued.
 *
 * <p>Sessions are written before the answer leaves ({@link #flush}), not after its headers as
 * vertx-web does by default: the browser's next request, perhaps to another instance, must find them.
 */
final class ConsoleSessions {

    /** The console's session cookie; another site (the portal) names its own. */
    static final String COOKIE = "markauth_console";
    /** The form field, session entry and context key of the CSRF token. */
    static final String CSRF = "csrf";
    private static final String USER = "user";
    private static final String ROLE = "role";
    private static final String LICENSEE = "licensee";
    private static final String CREDENTIAL = "credential";
    private static final String OPENED = "opened";
    private static final String HAD_COOKIE = "markauth.console.hadCookie";

    /** The signed-in regulator of this request, the API key the session was opened with, and when (null: a session from before lifetimes). */
    record SignedIn(Principal principal, String credentialId, Instant openedAt) {
    }

    private final Vertx vertx;
    private final RedisSessions store;
    private final SessionHandler plain;
    private final SessionHandler secure;
    private final long idleMillis;
    private final Duration lifetime;
    private final Clock clock;
    private final String cookie;
    private final String path;
    private volatile Future<CSRFHandler[]> csrf;

    ConsoleSessions(Vertx vertx, RedisSessions store, Console.SessionSettings settings, Clock clock, String cookie, String path) {
        this.vertx = vertx;
        this.cookie = cookie;
        this.path = path;
        this.store = store;
        this.idleMillis = settings.idle().toMillis();
        this.lifetime = settings.lifetime();
        this.clock = clock;
        this.plain = handler(false);
        this.secure = handler(true);
    }

    private SessionHandler handler(boolean https) {
        // lazy: a request that never signs in (the log-in page, a bot) leaves nothing in Redis
        return SessionHandler.create(store).setSessionCookieName(cookie).setSessionCookiePath(path)
                .setCookieHttpOnlyFlag(true).setCookieSameSite(CookieSameSite.STRICT).setCookieSecureFlag(https)
                .setSessionTimeout(idleMillis).setLazySession(true);
    }

    /** Loads the request's session (a failing Redis fails the request with {@link RedisSessions.Unavailable}). */
    void load(RoutingContext ctx) {
        // noted first: vertx-web drops the cookie of a session its store no longer has
        Cookie sent = ctx.request().getCookie(cookie);
        ctx.put(HAD_COOKIE, sent != null && !sent.getValue().isEmpty());   // an expired cookie some clients still send is none
        sessions(ctx).handle(ctx);
    }

    /** Whether the request came with a session cookie (its session may since have ended). */
    static boolean hadCookie(RoutingContext ctx) {
        return Boolean.TRUE.equals(ctx.get(HAD_COOKIE));
    }

    /** Checks a form's CSRF token (unsafe methods) or hands the page its token (GET), with vertx-web's CSRFHandler. */
    void checkCsrf(RoutingContext ctx) {
        csrfHandlers().onSuccess(h -> h[secure(ctx) ? 1 : 0].handle(ctx)).onFailure(ctx::fail);
    }

    /** The two CSRF handlers (plain, HTTPS cookie), once the shared secret is read; a failed read is retried next time. */
    private Future<CSRFHandler[]> csrfHandlers() {
        Future<CSRFHandler[]> f = csrf;
        if (f == null || f.failed()) {
            f = store.sharedSecret("csrf").map(secret -> new CSRFHandler[] {csrfHandler(secret, false), csrfHandler(secret, true)});
            csrf = f;
        }
        return f;
    }

    private CSRFHandler csrfHandler(String secret, boolean https) {
        // the token lives as long as the session may idle; its cookie is never read by script (the pages have none)
        return CSRFHandler.create(vertx, secret).setHeaderName(CSRF).setCookieName(cookie + "_csrf").setCookiePath(path)
                .setCookieHttpOnly(true).setCookieSecure(https).setTimeout(idleMillis);
    }

    /** Who is signed in on this request's session, if anyone. */
    Optional<SignedIn> signedIn(RoutingContext ctx) {
        Session s = ctx.session();
        String user = s == null ? null : s.get(USER);
        if (user == null) {
            return Optional.empty();
        }
        String licensee = s.get(LICENSEE);
        String opened = s.get(OPENED);
        return Optional.of(new SignedIn(new Principal(user, Role.valueOf(s.get(ROLE)), Optional.ofNullable(licensee)), s.get(CREDENTIAL),
                opened == null ? null : Instant.ofEpochMilli(Long.parseLong(opened))));
    }

    /** True once the session has lived its absolute lifetime (a session without an opening time has too). */
    boolean outlived(SignedIn who) {
        return who.openedAt() == null || !clock.instant().isBefore(who.openedAt().plus(lifetime));
    }

    Duration lifetime() {
        return lifetime;
    }

    /**
     * Signs {@code p} in: a new session id (no fixation of one set before log-in), written before the
     * answer, with its opening time, and listed under its credential.
     */
    Future<Void> open(RoutingContext ctx, Principal p, String credentialId) {
        Session s = ctx.session().regenerateId();
        s.put(USER, p.userId()).put(ROLE, p.role().name()).put(CREDENTIAL, credentialId).put(OPENED, Long.toString(clock.millis()));
        p.licenseeId().ifPresent(l -> s.put(LICENSEE, l));
        return flush(ctx, true).compose(v -> store.index(credentialId, s.id(), lifetime));
    }

    /** Ends the session: deleted from Redis (and from its credential's list) and its cookie expired, before the answer leaves. */
    Future<Void> close(RoutingContext ctx) {
        Session s = ctx.session();
        if (s == null) {
            return Future.succeededFuture();
        }
        String id = s.id();
        String credential = s.get(CREDENTIAL);
        s.destroy();
        Future<Void> flushed = flush(ctx, true).onSuccess(v -> {
            if (hadCookie(ctx)) {
                // vertx-web expires the cookie of a session it found, not of one its store no longer had: expire it here too
                ctx.response().addCookie(Cookie.cookie(cookie, "").setPath(path).setMaxAge(0).setHttpOnly(true)
                        .setSameSite(CookieSameSite.STRICT).setSecure(secure(ctx)));
            }
        });
        return credential == null ? flushed : flushed.compose(v -> store.unindex(credential, id));
    }

    /** Ends every session opened with the credential, wherever it is used (the sessions are in Redis). */
    Future<Integer> endAll(String credentialId) {
        return store.endAll(credentialId);
    }

    /** Writes the session now, so the browser's next request finds it (whatever the answer's status when {@code always}). */
    Future<Void> flush(RoutingContext ctx, boolean always) {
        return ctx.session() == null ? Future.succeededFuture() : sessions(ctx).flush(ctx, always);
    }

    /** The CSRF token a page's forms carry: the one CSRFHandler gave this request, else the session's. */
    static String token(RoutingContext ctx) {
        String t = ctx.get(CSRF);
        if (t != null) {
            return t;
        }
        String stored = ctx.session() == null ? null : ctx.session().get(CSRF);   // "<session id>/<token>"
        return stored == null || stored.indexOf('/') < 0 ? null : stored.substring(stored.indexOf('/') + 1);
    }

    private SessionHandler sessions(RoutingContext ctx) {
        return secure(ctx) ? secure : plain;
    }

    private static boolean secure(RoutingContext ctx) {
        return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }
}
