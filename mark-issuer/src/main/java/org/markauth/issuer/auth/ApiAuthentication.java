package org.markauth.issuer.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.ApiTokens;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.http.Errors;
import org.markauth.issuer.http.Requests;

/**
 * Authentication of {@code /api/v1/*}: the API key from {@code Authorization: Bearer mak_…},
 * checked against the credential directory on every request, and the scope the route needs
 * ({@link Permissions#requireScope}). Leaves the caller on the context for {@link Requests#principal}.
 */
public final class ApiAuthentication implements Handler<RoutingContext> {

    private final ApiKeyStore apiKeys;

    public ApiAuthentication(ApiKeyStore apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<String> token = ApiTokens.fromAuthorizationHeader(ctx.request().getHeader("Authorization"));
        if (token.isEmpty()) {
            ctx.fail(new Errors.HttpFailure(401, "UNAUTHENTICATED",
                    "send your API key as 'Authorization: Bearer mak_…'; ask the programme office for one"));
            return;
        }
        // No cache in front of api_keys: a revoked or expired key is refused by every instance on its next request.
        Future.fromCompletionStage(apiKeys.authenticateCaller(token.get()), ctx.vertx().getOrCreateContext())
                .onSuccess(c -> {
                    if (c.isEmpty()) {
                        ctx.fail(new Errors.HttpFailure(401, "UNAUTHENTICATED", "the API key is unknown, expired or revoked"));
                        return;
                    }
                    try {
                        // the path the router matches (percent-decoded, dot segments removed), never the raw one:
                        // "/batches/7/%70rint/…" routes to print and must need the print scope too
                        Permissions.requireScope(c.get(), ctx.request().method().name(), ctx.normalizedPath());
                    } catch (IssuerException.Forbidden e) {
                        ctx.fail(e);
                        return;
                    }
                    ctx.put(Requests.PRINCIPAL, c.get().principal());
                    ctx.put(Requests.CALLER, c.get());
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }
}
