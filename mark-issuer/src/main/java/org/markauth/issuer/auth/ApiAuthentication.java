package org.markauth.issuer.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Caller;
import org.markauth.http.BearerAuth;
import org.markauth.issuer.http.Requests;

/**
 * Authentication of {@code /api/v1/*} through the kit's {@link BearerAuth} (vertx-web's
 * SimpleAuthenticationHandler over the credential directory, asked on every request: a revoked or
 * expired key is refused by every instance on its next request), then the scope the route needs
 * ({@link Permissions#requireScope}) and the roles that may call it at all
 * ({@link Permissions#requireRouteRole}), both before the body is read. Leaves the caller on the context for {@link Requests#principal}.
 */
public final class ApiAuthentication {

    private final BearerAuth<Caller> bearer;

    public ApiAuthentication(ApiKeyStore apiKeys) {
        this.bearer = BearerAuth.create("markauth-issuer", token -> apiKeys.authenticateCaller(token));
    }

    /** Installs authentication and the scope check on {@code path}. */
    public void mount(Router r, String path) {
        r.route(path).handler(bearer.authenticate()).handler(scope());
    }

    private Handler<RoutingContext> scope() {
        return ctx -> {
            Caller c = bearer.principal(ctx);
            // the path the router matches (percent-decoded, dot segments removed), never the raw one:
            // "/batches/7/%70rint/…" routes to print and must need the print scope too
            Permissions.requireScope(c, ctx.request().method().name(), ctx.normalizedPath());
            Permissions.requireRouteRole(c.principal(), ctx.request().method().name(), ctx.normalizedPath());
            ctx.put(Requests.PRINCIPAL, c.principal());
            ctx.put(Requests.CALLER, c);
            ctx.next();
        };
    }
}
