package org.markauth.verify.officer;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Caller;
import org.markauth.access.Role;
import org.markauth.http.ApiError;
import org.markauth.http.CqlFutures;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Guards;

/**
 * Sign-in and sign-out of the officer app (docs/api-verify.md, "Officer app"):
 * {@code POST /api/v1/officer/session} exchanges an officer's (or regulator's) key for a session
 * cookie, behind the per-client rate limit (the only brute-force surface: keys are 160 random
 * bits); {@code GET} shows the session again (the app's CSRF token after a reload);
 * {@code DELETE} ends it. A key that cannot sign in is one 401 whatever the reason, so the answer
 * does not tell a revoked key from a mistyped one.
 */
public final class SessionHandlers {

    private static final Set<String> LANGS = Set.of("zh-CN", "zh", "en");

    private final ApiKeyStore keys;
    private final OfficerSessions sessions;

    public SessionHandlers(ApiKeyStore keys, OfficerSessions sessions) {
        this.keys = keys;
        this.sessions = sessions;
    }

    /** Sign-in and sign-out answer without the officer authentication; showing the session is behind it. */
    public void mount(Router r, Guards g) {
        named(r.post("/api/v1/officer/session"), "officer").handler(g.json()).handler(g.rate()).handler(this::signIn);
        named(r.delete("/api/v1/officer/session"), "officer").handler(this::signOut);
        named(r.get("/api/v1/officer/session"), "officer").handler(g.authenticate()).handler(g.officer()).handler(this::show);
    }

    void signIn(RoutingContext ctx) {
        JsonObject body = OfficerJson.object(ctx, ErrorCode.BAD_BODY, "send {\"credential\": \"mak_…\", \"lang\": \"zh-CN\"}");
        for (String k : body.fieldNames()) {
            if (!k.equals("credential") && !k.equals("lang")) {
                throw new ApiError(ErrorCode.BAD_BODY, "unknown member '" + k + "'; send only credential and lang");
            }
        }
        if (!(body.getValue("credential") instanceof String token)) {
            throw new ApiError(ErrorCode.BAD_BODY, "credential must be the officer API key, a string");
        }
        Object lang = body.getValue("lang");
        if (lang != null && !(lang instanceof String l && LANGS.contains(l))) {
            throw new ApiError(ErrorCode.BAD_BODY, "lang must be zh-CN or en");
        }
        String tag = "en".equals(lang) ? "en" : "zh-CN";
        CqlFutures.future(keys.authenticateCaller(token))
                .recover(e -> Future.failedFuture(ApiError.outage(ErrorCode.UNAVAILABLE, e)))
                .compose((Optional<Caller> c) -> {
                    if (c.isEmpty() || !(c.get().principal().has(Role.OFFICER) || c.get().principal().has(Role.REGULATOR))) {
                        return Future.failedFuture(new ApiError(ErrorCode.SIGN_IN_REFUSED, null));
                    }
                    return sessions.open(c.get().principal(), c.get().credentialId(), tag)
                            .recover(e -> Future.failedFuture(ApiError.outage(ErrorCode.UNAVAILABLE, e)));
                })
                .onSuccess(s -> {
                    ctx.response().addCookie(OfficerAuth.cookie(ctx, s.id(), OfficerSessions.TTL.toSeconds()));
                    OfficerJson.send(ctx, 201, s.answer());
                })
                .onFailure(ctx::fail);
    }

    /** Behind the officer authentication: the session the cookie names (a bearer key has none: 401). */
    void show(RoutingContext ctx) {
        OfficerSessions.Session s = OfficerAuth.session(ctx)
                .orElseThrow(() -> new ApiError(ErrorCode.SESSION_ENDED, null));
        OfficerJson.send(ctx, 200, s.answer());
    }

    /**
     * Ends the cookie's session and clears the cookie; 204 also when there was none (signing out
     * twice is not an error). A live session is ended only with its CSRF token.
     */
    void signOut(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(OfficerAuth.COOKIE);
        if (c == null) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        sessions.find(c.getValue())
                .recover(e -> Future.failedFuture(ApiError.outage(ErrorCode.UNAVAILABLE, e)))
                .compose(found -> {
                    if (found.isPresent() && !OfficerAuth.sameToken(ctx.request().getHeader(OfficerAuth.CSRF_HEADER), found.get().csrf())) {
                        return Future.failedFuture(new ApiError(ErrorCode.CSRF, null));
                    }
                    return sessions.end(c.getValue()).recover(e -> Future.failedFuture(ApiError.outage(ErrorCode.UNAVAILABLE, e)));
                })
                .onSuccess(v -> {
                    ctx.response().addCookie(OfficerAuth.cookie(ctx, "", 0));
                    ctx.response().setStatusCode(204).end();
                })
                .onFailure(ctx::fail);
    }
}
