package org.markauth.verify.web;

import org.markauth.http.Lang;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.markauth.verify.web.Html;
import org.markauth.verify.registry.RegistryException;
import org.markauth.verify.scan.ScanBufferFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses: a machine code and a plain sentence in the request's
 * language, as JSON for API clients (path under /api or Accept naming JSON) and as a small page
 * otherwise. Never a stack trace: unexpected failures are logged here with a reference id and the
 * client sees INTERNAL with that id; a registry that cannot be read (completely) is UNAVAILABLE
 * ("try again"), with an id too, never a verdict. A request whose own framing or connection broke
 * is the client's fault: BAD_BODY when an answer is still possible, logged at DEBUG.
 */
public final class ErrorRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);

    private final int maxBody;

    public ErrorRenderer(int maxBody) {
        this.maxBody = maxBody;
    }

    public void handle(RoutingContext ctx) {
        Throwable f = ctx.failure();
        if (brokenRequest(f)) {
            LOG.debug("request {} {} broken by the client: {}", ctx.request().method(), ctx.request().path(), f.toString());
            render(ctx, ErrorCode.BAD_BODY, "the HTTP framing or the connection broke", null);
            return;
        }
        ErrorCode code;
        String arg = null;
        if (f instanceof ApiError e) {
            code = e.code();
            arg = e.arg();
        } else if (f instanceof RegistryException || f instanceof ScanBufferFullException) {
            code = ErrorCode.UNAVAILABLE;
        } else {
            int status = f instanceof HttpException he ? he.getStatusCode() : ctx.statusCode();
            code = switch (status) {
                case 400 -> ErrorCode.BAD_BODY;
                case 401 -> ErrorCode.UNAUTHENTICATED;
                case 403 -> ErrorCode.FORBIDDEN;
                case 404 -> ErrorCode.NOT_FOUND;
                case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
                case 413 -> ErrorCode.BODY_TOO_LARGE;
                case 415 -> ErrorCode.UNSUPPORTED_MEDIA;
                case 429 -> ErrorCode.RATE_LIMITED;
                case 503 -> ErrorCode.TIMEOUT;
                default -> ErrorCode.INTERNAL;
            };
            arg = switch (code) {
                case BODY_TOO_LARGE -> Integer.toString(maxBody);
                case NOT_FOUND -> ctx.request().path();
                case BAD_BODY -> "malformed request";
                case UNSUPPORTED_MEDIA -> "application/json";
                default -> null;
            };
        }
        String ref = null;
        if (code == ErrorCode.INTERNAL) {
            ref = Long.toHexString(System.nanoTime());
            LOG.error("request {} {} failed (ref {})", ctx.request().method(), ctx.request().path(), ref, f);
        } else if (code == ErrorCode.UNAVAILABLE && !(f instanceof ScanBufferFullException)) {   // that one is counted and logged once by the service
            // a known kind of outage (a store down, a replica behind): its message says which read, no trace needed
            ref = Long.toHexString(System.nanoTime());
            LOG.error("request {} {} could not be answered (ref {}): {}", ctx.request().method(), ctx.request().path(),
                    ref, f.toString());
        }
        render(ctx, code, arg, ref);
    }

    /**
     * Whether a failure is the request's own bytes or connection breaking, i.e. the client's fault:
     * the connection closed mid-request, or Netty's HTTP or multipart decoder refused the framing. A
     * bad chunk size arrives as a plain NumberFormatException raised inside the decoder, so where it
     * was raised decides as well as its type. Such failures are logged at DEBUG, never as errors.
     */
    static boolean brokenRequest(Throwable f) {
        if (f instanceof HttpClosedException || f instanceof DecoderException) {
            return true;
        }
        StackTraceElement[] at = f == null ? new StackTraceElement[0] : f.getStackTrace();
        return at.length > 0 && at[0].getClassName().startsWith("io.netty.handler.codec.");
    }

    public static void render(RoutingContext ctx, ErrorCode code, String arg, String ref) {
        if (ctx.response().closed()) {
            return;   // the client is gone: nobody to answer
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        Lang lang = Lang.of(ctx);
        String shown = arg;
        if (code == ErrorCode.RATE_LIMITED) {
            // whole seconds: the limiter's, or a minute when a 429 came from elsewhere
            shown = arg == null ? "60" : arg;
            ctx.response().putHeader("Retry-After", shown);
        }
        String message = code.message(lang, shown);
        ctx.response().setStatusCode(code.status());
        if (wantsJson(ctx)) {
            JsonObject body = new JsonObject().put("error", code.name()).put("message", message).put("lang", lang.tag());
            if (ref != null) {
                body.put("ref", ref);
            }
            ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
        } else {
            // people read the sentence; the machine code stays in an attribute (never shown), the reference is
            // what a caller quotes to support
            String html = "<section id=\"error\" data-error=\"" + code.name() + "\"><h1>" + Html.esc(message) + "</h1>"
                    + (ref == null ? "" : "<p class=\"muted\">" + (lang == Lang.ZH ? "参考编号：" : "Reference: ") + ref + "</p>")
                    + "</section>";
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(Html.page(lang.tag(), message, html));
        }
    }

    static boolean wantsJson(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path != null && path.startsWith("/api/")) {
            return true;
        }
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.contains("json") && !accept.contains("text/html");
    }
}
