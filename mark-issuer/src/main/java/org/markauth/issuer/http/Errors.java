package org.markauth.issuer.http;

import io.vertx.core.http.HttpVersion;
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
 * Handlers only call {@code ctx.fail(...)}. The services' sentences are English; the refusals of a
 * request's form ({@link Refusal}) and the status codes also speak Chinese when asked ({@link #fallback}).
 * Client-caused failures are never logged above DEBUG; a 500 is logged once by the renderer. The issuer renders errors as JSON only ({@link ErrorRenderer#json}): the console answers its own
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

    /**
     * The codes of the failures vertx-web raises by status; 404 and 405 name the request, 413 the
     * route's limit (their detail). Their sentences are in both languages (issuer-errors bundles).
     */
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
            return Refusal.WORDS.get(lang, "error." + name(), arg == null ? "" : arg);
        }
    }

    /** Where the router leaves the body limit of the route a request is on (the 413's detail). */
    public static final String BODY_LIMIT = "markauth.bodyLimit";

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
                : code == StatusCode.BODY_TOO_LARGE ? String.valueOf(ctx.<Object>get(BODY_LIMIT))
                : null;
    }

    /**
     * English unless the request asks for Chinese ({@code ?lang=zh}, the {@code lang} cookie,
     * Accept-Language): the refusals of a request's form and the status codes speak both
     * ({@link Refusal}, {@link StatusCode}); the services' own sentences stay English
     * ({@link IssuerErrorCode#language}), and the envelope's {@code lang} says which it got.
     */
    @Override
    public Lang fallback() {
        return Lang.EN;
    }

    /** A request whose framing broke (a bad chunk, a form that does not decode...): the client's, a 400. */
    @Override
    public Optional<HttpErrorCode> broken(Throwable f, RoutingContext ctx) {
        if (missingHost(ctx)) {
            return Optional.of(Refusal.badRequest(Refusal.MISSING_HOST, "request.host"));
        }
        return Optional.of(formDecoding(f) ? Refusal.badRequest(Refusal.MALFORMED_BODY, "body.form", "application/json")
                : Refusal.badRequest(Refusal.MALFORMED_REQUEST, "request.framing"));
    }

    /** An HTTP/1.1 request without a Host header (RFC 9112 §3.2: answered 400). */
    public static boolean missingHost(RoutingContext ctx) {
        return ctx.request().version() == HttpVersion.HTTP_1_1 && ctx.request().headers().get("Host") == null;
    }

    /** Whether Netty's form or multipart decoder refused the body (a bad %-escape, a broken part). */
    static boolean formDecoding(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("io.netty.handler.codec.http.multipart.")) {
                return true;
            }
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().startsWith("io.netty.handler.codec.http.multipart.")
                        || e.getClassName().startsWith("io.netty.handler.codec.http.QueryStringDecoder")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Optional<ApiError> known(Throwable t) {
        if (t instanceof IssuerException.Limited l) {
            // the renderer answers a 429's argument as Retry-After: the limiter's own seconds
            return Optional.of(new ApiError(new IssuerErrorCode(l.code(), 429, l.getMessage()), String.valueOf(l.retryAfterSeconds())));
        }
        if (t instanceof Refusal.Failure r) {
            return Optional.of(new ApiError(r.refusal(), null));
        }
        if (t instanceof IssuerException e) {
            return Optional.of(new ApiError(new IssuerErrorCode(e.code(), status(e), e.getMessage()), null));
        }
        if (t instanceof DecodeException) {
            // its message is the parser's (token, line, column): not for the client
            return Optional.of(new ApiError(Refusal.badRequest(Refusal.NOT_JSON, "body.not-json"), null));
        }
        if (t instanceof IllegalArgumentException) {
            // ours (a record's check, a route's parse) is a sentence written for people; one a library or
            // the JDK raised (For input string…, No enum constant…, Invalid UUID string…) is not shown
            return Optional.of(new ApiError(raisedByUs(t) ? new IssuerErrorCode("BAD_REQUEST", 400, t.getMessage())
                    : Refusal.badRequest("BAD_REQUEST", "error.BAD_REQUEST"), null));
        }
        if (t instanceof ClassCastException && raisedBy(t, "io.vertx.core.json.")) {
            // a JSON field read with Vert.x's own typed getter: the value has another type (a safety net: the
            // routes read fields through JsonCodec, which names the field)
            return Optional.of(new ApiError(Refusal.badRequest(Refusal.INVALID_FIELD, "field.some"), null));
        }
        return Optional.empty();
    }

    /** Whether {@code t} was thrown by markauth's own code (its first frame), so its message is a sentence of ours. */
    static boolean raisedByUs(Throwable t) {
        StackTraceElement[] at = t.getStackTrace();
        return at.length > 0 && at[0].getClassName().startsWith("org.markauth.");
    }

    /** Whether one of the first frames of {@code t} is in {@code pkg}. */
    static boolean raisedBy(Throwable t, String pkg) {
        StackTraceElement[] at = t.getStackTrace();
        for (int i = 0; i < Math.min(4, at.length); i++) {
            if (at[i].getClassName().startsWith(pkg)) {
                return true;
            }
        }
        return false;
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
