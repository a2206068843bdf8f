package org.markauth.verify.officer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.markauth.http.ApiError;
import org.markauth.http.HttpErrorCode;

/** Reading a JSON object body and writing JSON answers, as the officer app's handlers all do. */
final class OfficerJson {

    private OfficerJson() {
    }

    /** The request's body as a JSON object, else {@code code} with {@code hint}. */
    static JsonObject object(RoutingContext ctx, HttpErrorCode code, String hint) {
        return object(ctx.body().buffer(), code, hint);
    }

    /** {@code body} as a JSON object, else {@code code} with {@code hint}. */
    static JsonObject object(Buffer body, HttpErrorCode code, String hint) {
        Object v;
        try {
            v = body == null || body.length() == 0 ? null : body.toJsonValue();
        } catch (RuntimeException e) {
            throw new ApiError(code, "not JSON; " + hint);
        }
        if (!(v instanceof JsonObject o)) {
            throw new ApiError(code, "not a JSON object; " + hint);
        }
        return o;
    }

    /**
     * Fails the request with {@code e}; a Cassandra failure (no quorum, a timeout) as the outage it is:
     * 503 UNAVAILABLE with a reference, "try again" (the app's queue does), not a 500.
     */
    static void fail(RoutingContext ctx, Throwable e) {
        ctx.fail(e instanceof com.datastax.oss.driver.api.core.DriverException
                ? ApiError.outage(org.markauth.verify.web.ErrorCode.UNAVAILABLE, e) : e);
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }

    static void send(RoutingContext ctx, int status, JsonArray body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
