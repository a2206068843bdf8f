package org.markauth.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.markauth.access.ApiTokens;

/**
 * API-key authentication for both services: vertx-web's {@link SimpleAuthenticationHandler} over
 * the {@code access} module's key lookup, then one role check. A missing, malformed or unknown key
 * is a 401 carrying {@code WWW-Authenticate: Bearer realm="…"}; a key whose holder may not do this
 * is a 403; a lookup that fails (Cassandra down) is neither, but the failure itself (a 500 with a
 * reference, from the {@link ErrorRenderer}). Bodies must be read before (a BodyHandler earlier in
 * the route), as vertx-web requires of asynchronous authentication.
 *
 * <pre>{@code
 * BearerAuth<Principal> auth = BearerAuth.create("markauth-verify", keys::authenticate);
 * router.route("/api/v1/officer/*").handler(auth.authenticate()).handler(auth.require(p -> p.has(Role.OFFICER)));
 * }</pre>
 *
 * @param <P> what a key resolves to (the access module's {@code Principal} or {@code Caller})
 */
public final class BearerAuth<P> {

    private static final String PRINCIPAL = BearerAuth.class.getName() + ".principal";

    private final String challenge;
    private final Function<String, CompletionStage<Optional<P>>> lookup;
    private final AuthenticationHandler handler;

    private BearerAuth(String realm, Function<String, CompletionStage<Optional<P>>> lookup) {
        this.challenge = "Bearer realm=\"" + realm + "\"";
        this.lookup = lookup;
        this.handler = SimpleAuthenticationHandler.create().authenticate(this::authenticate);
    }

    /** @param lookup the key's holder, empty when no live key has this token */
    public static <P> BearerAuth<P> create(String realm, Function<String, CompletionStage<Optional<P>>> lookup) {
        return new BearerAuth<>(realm, lookup);
    }

    /** The authentication handler: the holder is kept for {@link #principal} and the role check. */
    public Handler<RoutingContext> authenticate() {
        return handler;
    }

    /** The role check that follows {@link #authenticate()}: a 403 when the holder does not pass {@code allowed}. */
    public Handler<RoutingContext> require(Predicate<P> allowed) {
        return ctx -> {
            P p = principal(ctx);
            if (p != null && allowed.test(p)) {
                ctx.next();
            } else {
                ctx.fail(new HttpException(403));
            }
        };
    }

    /**
     * Admits a holder authenticated another way (verify-api's officer session cookie, which stands
     * for the key it was opened with): {@link #principal} and {@link #require} then treat the request
     * as if the key had been sent.
     */
    public void admit(RoutingContext ctx, P holder) {
        ctx.put(PRINCIPAL, holder);
    }

    /** The authenticated holder of the request's key, or null before (or without) authentication. */
    public P principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    private Future<User> authenticate(RoutingContext ctx) {
        Optional<String> token = ApiTokens.fromAuthorizationHeader(ctx.request().getHeader("Authorization"));
        if (token.isEmpty()) {
            return unauthenticated(ctx);
        }
        // vertx-web turns any failure but an HttpException into a 401: a key store that does not answer
        // is our fault, not the caller's, so it travels as a 500 (logged, with a reference)
        Future<Optional<P>> holder = CqlFutures.future(lookup.apply(token.get()))
                .recover(e -> Future.failedFuture(new HttpException(500, e)));
        return holder.compose(p -> {
            if (p.isEmpty()) {
                return unauthenticated(ctx);
            }
            ctx.put(PRINCIPAL, p.get());
            return Future.succeededFuture(User.create(new JsonObject().put("key", ApiTokens.hint(token.get()))));
        });
    }

    private Future<User> unauthenticated(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", challenge);
        return Future.failedFuture(new HttpException(401));
    }
}
