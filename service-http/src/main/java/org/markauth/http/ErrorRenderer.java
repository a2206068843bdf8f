package org.markauth.http;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses, in both services (docs/api.md, "Errors"): a machine code
 * and a plain sentence in the request's language, as the JSON envelope
 * {@code {"error", "message", "lang", "ref"}} for API clients (a path under /api, an Accept
 * naming JSON, or no Accept and a JSON body) and as the service's {@link ErrorPage} otherwise. Never a stack trace: an
 * unexpected failure is logged here once, with a reference id, and the client sees the service's
 * internal code with that id; the stack traces written are bounded ({@link LogBudget}), so a client
 * that finds a fault cannot flood the log with them. A request whose own framing or connection broke is the client's fault: the
 * 400 code when an answer is still possible, logged at DEBUG. Install it as the router's failure
 * handler and as its 404/405 error handler. A service without an HTML error page (mark-issuer,
 * whose console renders its own refusals) uses {@link #json}: every error it renders is the JSON envelope.
 */
public final class ErrorRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);

    private final ErrorCodes codes;
    private final ErrorPage page;
    private final LogBudget traces = new LogBudget(LogBudget.TRACES_PER_MINUTE);

    private ErrorRenderer(ErrorCodes codes, ErrorPage page) {
        this.codes = codes;
        this.page = page;
    }

    public static ErrorRenderer create(ErrorCodes codes, ErrorPage page) {
        return new ErrorRenderer(codes, page);
    }

    /** A renderer that answers every error as the JSON envelope, whatever the path and Accept say. */
    public static ErrorRenderer json(ErrorCodes codes) {
        return new ErrorRenderer(codes, null);
    }

    public void handle(RoutingContext ctx) {
        Throwable f = ctx.failure();
        if (brokenRequest(f) || refusedHead(ctx, f)) {
            LOG.debug("request {} {} broken by the client: {}", ctx.request().method(), ctx.request().path(), String.valueOf(f));
            Optional<HttpErrorCode> named = codes.broken(f, ctx);
            if (named.isPresent()) {
                render(ctx, named.get(), null, null);
            } else {
                render(ctx, codes.forStatus(400), "the HTTP framing or the connection broke", null);
            }
            return;
        }
        Optional<ApiError> known = f instanceof ApiError e ? Optional.of(e) : codes.known(f);
        if (known.isPresent()) {
            ApiError e = known.get();
            String ref = null;
            if (e.referenced()) {
                // a known kind of outage: its cause's message says which read failed, no trace needed
                ref = reference();
                LOG.error("request {} {} could not be answered (ref {}): {}", ctx.request().method(), ctx.request().path(),
                        ref, String.valueOf(e.getCause()));
            }
            render(ctx, e.code(), e.arg(), ref);
            return;
        }
        int status = f instanceof HttpException he ? he.getStatusCode() : f == null ? ctx.statusCode() : 500;
        HttpErrorCode code = status >= 500 && status != 503 ? codes.internal() : codes.forStatus(status);
        if (code.status() == 500) {
            String ref = reference();
            if (traces.tryTake()) {
                LOG.error("request {} {} failed (ref {})", ctx.request().method(), ctx.request().path(), ref, f);
            } else {
                // past the budget of stack traces: still one line per fault, with its reference and cause
                LOG.error("request {} {} failed (ref {}): {} (stack trace budget of {} a minute spent)", ctx.request().method(),
                        ctx.request().path(), ref, String.valueOf(f), LogBudget.TRACES_PER_MINUTE);
            }
            render(ctx, code, null, ref);
            return;
        }
        render(ctx, code, codes.detail(code, ctx), null);
    }

    private static String reference() {
        return Long.toHexString(System.nanoTime());
    }

    /**
     * Whether a failure is the request's own bytes or connection breaking, i.e. the client's fault:
     * the connection closed mid-request, or Netty's HTTP or multipart decoder refused the framing. A
     * bad chunk size arrives as a plain NumberFormatException raised inside the decoder, so where it
     * was raised decides as well as its type ({@link #refusedHead} adds the heads Vert.x refused). Such
     * failures are logged at DEBUG, never as errors.
     */
    static boolean brokenRequest(Throwable f) {
        if (f instanceof HttpClosedException || f instanceof DecoderException) {
            return true;
        }
        StackTraceElement[] at = f == null ? new StackTraceElement[0] : f.getStackTrace();
        // a bad %-escape in a form body is raised by Netty's string helper a frame or two below its
        // decoder (StringUtil.decodeHexByte <- QueryStringDecoder): look at the top few frames
        for (int i = 0; i < Math.min(at.length, 6); i++) {
            if (at[i].getClassName().startsWith("io.netty.handler.codec.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether vertx-web refused the request's head before any route (an HTTP/1.1 request without a
     * valid Host, a target that is not a path: a stackless VertxException with status 400), or the
     * HTTP decoder did: the client's request, not our fault.
     */
    static boolean refusedHead(RoutingContext ctx, Throwable f) {
        return ctx.request().decoderResult().isFailure()
                || (f != null && f.getClass() == VertxException.class && ctx.statusCode() == 400);
    }

    /**
     * Answers {@code code} now (for the few places that answer an error outside a failure handler).
     * A 429 carries {@code Retry-After}: the detail's seconds, or a minute when a 429 came from
     * elsewhere without one.
     */
    public void render(RoutingContext ctx, HttpErrorCode code, String arg, String ref) {
        if (ctx.response().closed()) {
            return;   // the client is gone: nobody to answer
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        Lang lang = code.language(codes.language(Lang.of(ctx, codes.fallback())));
        String shown = arg;
        if (code.status() == 429) {
            shown = arg == null ? "60" : arg;
            ctx.response().putHeader("Retry-After", shown);
        }
        String message = code.message(lang, shown);
        ctx.response().setStatusCode(code.status());
        if (page == null || wantsJson(ctx)) {
            JsonObject body = new JsonObject().put("error", code.name()).put("message", message).put("lang", lang.tag());
            if (ref != null) {
                body.put("ref", ref);
            }
            ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
        } else {
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page.render(lang, code, message, ref));
        }
    }

    static boolean wantsJson(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path != null && path.startsWith("/api/")) {
            return true;
        }
        String accept = ctx.request().getHeader("Accept");
        if (accept != null) {
            return accept.contains("json") && !accept.contains("text/html");
        }
        // no Accept: a client that sent JSON reads JSON (an app posting a report)
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }
}
