package org.markauth.issuer.http;

import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.markauth.http.ApiError;
import org.markauth.http.ErrorCodes;
import org.markauth.http.ErrorRenderer;
import org.markauth.http.HttpErrorCode;
import org.markauth.http.Lang;
import org.markauth.issuer.IssuerException;

/**
 * The issuer's part of the kit's one error envelope ({@link ErrorRenderer}, docs/api.md "Errors"):
 * {@code {"error", "message", "lang", "ref"}}, the status following from the exception type.
 * Handlers only call {@code ctx.fail(...)}. The sentences are English ({@code lang} is {@code en});
 * the issuer renders errors as JSON only ({@link ErrorRenderer#json}): the console answers its own
 * refusals with its pages and leaves the rest (a 500) to this envelope, as before.
 */
public final class Errors implements ErrorCodes {

    /** An HTTP-level failure raised by the glue itself (a request target that does not decode, no trust list...). */
    public static final class HttpFailure extends IssuerException {
        final int status;

        public HttpFailure(int status, String code, String message) {
            super(code, message);
            this.status = status;
        }
    }

    /** The codes of the failures vertx-web raises by status; 404 and 405 name the request (their detail). */
    enum StatusCode implements HttpErrorCode {
        BAD_REQUEST(400),
        UNAUTHENTICATED(401),
        NOT_FOUND(404),
        METHOD_NOT_ALLOWED(405),
        BODY_TOO_LARGE(413),
        INTERNAL(500);

        private final int status;

        StatusCode(int status) {
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String message(Lang lang, String arg) {
            return switch (this) {
                case BAD_REQUEST -> arg != null ? arg : "request failed with status 400";
                case UNAUTHENTICATED -> "send a live API key as 'Authorization: Bearer mak_…' (this one is missing, unknown, "
                        + "expired or revoked); ask the programme office for one";
                case NOT_FOUND -> "no such endpoint: " + arg + "; see /openapi.yaml";
                case METHOD_NOT_ALLOWED -> "method not allowed on " + arg;
                case BODY_TOO_LARGE -> "request body is larger than the server's limit; send less (lists by range, not by unit)";
                case INTERNAL -> "internal error; it has been logged";
            };
        }
    }

    /** The renderer the issuer's router installs: JSON for every error (see the class comment). */
    public static ErrorRenderer renderer() {
        return ErrorRenderer.json(new Errors());
    }

    @Override
    public HttpErrorCode forStatus(int status) {
        for (StatusCode c : StatusCode.values()) {
            if (c.status == status) {
                return c;
            }
        }
        return new IssuerErrorCode("ERROR", status, "request failed with status " + status);
    }

    @Override
    public HttpErrorCode internal() {
        return StatusCode.INTERNAL;
    }

    @Override
    public String detail(HttpErrorCode code, RoutingContext ctx) {
        return code == StatusCode.NOT_FOUND ? ctx.request().method() + " " + ctx.request().path()
                : code == StatusCode.METHOD_NOT_ALLOWED ? ctx.request().path()
                : null;
    }

    /** The issuer's sentences are English only. */
    @Override
    public Lang language(Lang asked) {
        return Lang.EN;
    }

    @Override
    public Optional<ApiError> known(Throwable t) {
        if (t instanceof IssuerException.Limited l) {
            // the renderer answers a 429's argument as Retry-After: the limiter's own seconds
            return Optional.of(new ApiError(new IssuerErrorCode(l.code(), 429, l.getMessage()), String.valueOf(l.retryAfterSeconds())));
        }
        if (t instanceof IssuerException e) {
            return Optional.of(new ApiError(new IssuerErrorCode(e.code(), status(e), e.getMessage()), null));
        }
        if (t instanceof DecodeException) {
            // its message is the parser's (token, line, column): not for the client
            return Optional.of(new ApiError(new IssuerErrorCode("BAD_REQUEST", 400, JsonBody.NOT_JSON), null));
        }
        if (t instanceof IllegalArgumentException) {
            return Optional.of(new ApiError(new IssuerErrorCode("BAD_REQUEST", 400, t.getMessage()), null));
        }
        return Optional.empty();
    }

    private static int status(IssuerException e) {
        return e instanceof HttpFailure f ? f.status
                : e instanceof IssuerException.NotFound ? 404
                : e instanceof IssuerException.Conflict ? 409
                : e instanceof IssuerException.Forbidden ? 403
                : e instanceof IssuerException.Refused ? 422
                : e instanceof IssuerException.BadInput ? 400     // e.g. MALFORMED_EPC in a trace or export query
                : 503;
    }
}
