package org.markauth.verify.officer;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.ApiTokens;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.verify.web.ApiError;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.registry.Cql;

/**
 * Bearer-token authentication for officer endpoints through the shared {@code access} module:
 * the token's hash is looked up in api_keys; OFFICER and REGULATOR may proceed. The principal is
 * kept in the context under {@link #PRINCIPAL}.
 */
public final class OfficerAuth {

    public static final String PRINCIPAL = "principal";

    private final ApiKeyStore keys;

    public OfficerAuth(ApiKeyStore keys) {
        this.keys = keys;
    }

    public void handle(RoutingContext ctx) {
        Optional<String> token = ApiTokens.fromAuthorizationHeader(ctx.request().getHeader("Authorization"));
        if (token.isEmpty()) {
            ctx.fail(new ApiError(ErrorCode.UNAUTHENTICATED, null));
            return;
        }
        Cql.future(keys.authenticate(token.get())).onSuccess(p -> {
            if (p.isEmpty()) {
                ctx.fail(new ApiError(ErrorCode.UNAUTHENTICATED, null));
            } else if (!p.get().has(Role.OFFICER) && !p.get().has(Role.REGULATOR)) {
                ctx.fail(new ApiError(ErrorCode.FORBIDDEN, null));
            } else {
                ctx.put(PRINCIPAL, p.get());
                ctx.next();
            }
        }).onFailure(ctx::fail);
    }

    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }
}
