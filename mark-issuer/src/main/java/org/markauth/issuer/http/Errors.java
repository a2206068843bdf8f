package org.markauth.issuer.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.markauth.issuer.IssuerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure of the API in one place: {@code {"code": "...", "message": "..."}} with a
 * status that follows from the exception type. Handlers only call {@code ctx.fail(...)}.
 */
public final class Errors {

    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    /** An HTTP-level failure raised by the glue itself (authentication, missing route...). */
    public static final class HttpFailure extends IssuerException {
        final int status;

        public HttpFailure(int status, String code, String message) {
            super(code, message);
            this.status = status;
        }
    }

    public static void handle(RoutingContext ctx) {
        Throwable t = ctx.failure();
        int status;
        String code;
        String message;
        if (t instanceof HttpFailure f) {
            status = f.status;
            code = f.code();
            message = f.getMessage();
        } else if (t instanceof IssuerException e) {
            status = e instanceof IssuerException.NotFound ? 404
                    : e instanceof IssuerException.Conflict ? 409
                    : e instanceof IssuerException.Forbidden ? 403
                    : e instanceof IssuerException.Refused ? 422
                    : e instanceof IssuerException.Limited ? 429
                    : e instanceof IssuerException.BadInput ? 400     // e.g. MALFORMED_EPC in a trace or export query
                    : 503;
            code = e.code();
            message = e.getMessage();
        } else if (t instanceof IllegalArgumentException || t instanceof DecodeException) {
            status = 400;
            code = "BAD_REQUEST";
            // a DecodeException's message is the parser's (token, line, column): not for the client
            message = t instanceof DecodeException ? JsonBody.NOT_JSON : t.getMessage();
        } else if (t == null || t instanceof HttpException he && he.getStatusCode() < 500) {
            // vertx-web's own refusals: no route, a body over the limit, the bearer authentication's 401
            status = t instanceof HttpException he ? he.getStatusCode() : ctx.statusCode() < 400 ? 500 : ctx.statusCode();
            code = switch (status) {
                case 404 -> "NOT_FOUND";
                case 405 -> "METHOD_NOT_ALLOWED";
                case 413 -> "BODY_TOO_LARGE";
                case 401 -> "UNAUTHENTICATED";
                case 400 -> "BAD_REQUEST";
                default -> "ERROR";
            };
            message = switch (status) {
                case 404 -> "no such endpoint: " + ctx.request().method() + " " + ctx.request().path() + "; see /openapi.yaml";
                case 413 -> "request body is larger than the server's limit; send less (lists by range, not by unit)";
                case 405 -> "method not allowed on " + ctx.request().path();
                case 401 -> "send a live API key as 'Authorization: Bearer mak_…' (this one is missing, unknown, expired or "
                        + "revoked); ask the programme office for one";
                default -> "request failed with status " + status;
            };
        } else {
            status = 500;
            code = "INTERNAL";
            message = "internal error; it has been logged";
            LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), t);
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (t instanceof IssuerException.Limited l) {
            ctx.response().putHeader("Retry-After", String.valueOf(l.retryAfterSeconds()));
        }
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"markauth-issuer\"");
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("code", code).put("message", message).encode());
    }
}
