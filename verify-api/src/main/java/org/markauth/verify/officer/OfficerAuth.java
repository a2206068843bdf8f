package org.markauth.verify.officer;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.http.ApiError;
import org.markauth.http.BearerAuth;
import org.markauth.http.CqlFutures;
import org.markauth.verify.web.ErrorCode;

/**
 * The authentication of every officer route: today's {@code Authorization: Bearer} key, or else the
 * officer app's session cookie ({@link OfficerSessions}). A request with a cookie is admitted only
 * while its session exists and the credential it was opened with is live (one directory read, as
 * the bearer key's check is one read: a revoked key ends its sessions on their next request), and
 * a state-changing one (anything but GET, HEAD, OPTIONS) only with the session's CSRF token in
 * {@code X-CSRF-Token}: the cookie is SameSite=Strict already, the token is the second lock. A
 * bearer key needs no token (a browser never sends it on its own). Either way the holder is then
 * {@link BearerAuth#principal}, so the role check and the handlers do not care which it was.
 */
public final class OfficerAuth implements Handler<RoutingContext> {

    public static final String COOKIE = "markauth_officer";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION = OfficerAuth.class.getName() + ".session";

    private final BearerAuth<Principal> bearer;
    private final OfficerSessions sessions;
    private final ApiKeyStore keys;

    public OfficerAuth(BearerAuth<Principal> bearer, OfficerSessions sessions, ApiKeyStore keys) {
        this.bearer = bearer;
        this.sessions = sessions;
        this.keys = keys;
    }

    public BearerAuth<Principal> bearer() {
        return bearer;
    }

    public OfficerSessions sessions() {
        return sessions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (ctx.request().getHeader("Authorization") != null || cookie == null) {
            bearer.authenticate().handle(ctx);
            return;
        }
        String id = cookie.getValue();
        sessions.find(id)
                .recover(e -> Future.failedFuture(ApiError.outage(ErrorCode.UNAVAILABLE, e)))
                .compose(found -> {
                    if (found.isEmpty()) {
                        return Future.failedFuture(ended(ctx));
                    }
                    OfficerSessions.Session s = found.get();
                    return CqlFutures.future(keys.live(s.credentialId()))
                            .recover(e -> Future.failedFuture(ApiError.outage(ErrorCode.UNAVAILABLE, e)))
                            .compose(live -> live ? Future.succeededFuture(s)
                                    : sessions.end(id).otherwiseEmpty().compose(x -> Future.failedFuture(ended(ctx))));
                })
                .onSuccess(s -> {
                    if (changes(ctx.request().method()) && !sameToken(ctx.request().getHeader(CSRF_HEADER), s.csrf())) {
                        ctx.fail(new ApiError(ErrorCode.CSRF, null));
                        return;
                    }
                    bearer.admit(ctx, s.principal());
                    ctx.put(SESSION, s);
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }

    /** The session the request came with, when it was authenticated by the cookie. */
    public static Optional<OfficerSessions.Session> session(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(SESSION));
    }

    private static ApiError ended(RoutingContext ctx) {
        ctx.response().addCookie(cookie(ctx, "", 0));
        return new ApiError(ErrorCode.SESSION_ENDED, null);
    }

    static boolean changes(HttpMethod m) {
        return !(m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS);
    }

    static boolean sameToken(String sent, String expected) {
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The session cookie: HttpOnly, SameSite=Strict, Path=/, and Secure unless the request came over
     * plain http to a loopback host (a developer's machine, the demo on one computer), where a
     * browser would drop a Secure cookie. Behind the TLS proxy the Host is the public name, and a
     * request that carries a proxy's X-Forwarded-Proto or Forwarded header counts as proxied even
     * when the proxy passes a loopback Host: Secure.
     */
    static Cookie cookie(RoutingContext ctx, String value, long maxAgeSeconds) {
        return Cookie.cookie(COOKIE, value).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setPath("/")
                .setMaxAge(maxAgeSeconds).setSecure(!plainLoopback(ctx));
    }

    static boolean plainLoopback(RoutingContext ctx) {
        if (ctx.request().isSSL() || ctx.request().getHeader("X-Forwarded-Proto") != null
                || ctx.request().getHeader("Forwarded") != null) {
            return false;
        }
        String host = ctx.request().authority() == null ? null : ctx.request().authority().host();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }
}
