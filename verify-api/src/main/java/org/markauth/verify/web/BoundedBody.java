package org.markauth.verify.web;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.markauth.http.ApiError;

/**
 * A route's own body reader with its own limit, for routes whose bodies are larger than
 * {@code http.max-body} (an officer's photo or signed record, a consumer report sent as JSON): a
 * declared length over the limit is refused before a byte is read, and the body is counted while it
 * arrives. The refusal names this route's limit. Where the caller must be known first, {@link #pause}
 * goes in front of the authentication, so nothing is read for a caller without a key.
 */
public final class BoundedBody implements Handler<RoutingContext> {

    private static final String BODY = BoundedBody.class.getName() + ".body";

    private final int limit;
    private final Supplier<ApiError> tooLarge;

    public BoundedBody(int limit, Supplier<ApiError> tooLarge) {
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    /** Holds the body until the caller is known; drains what was not read once answered, so the connection carries on. */
    public static void pause(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause();
        ctx.addEndHandler(v -> {
            if (!req.isEnded()) {
                req.resume();
            }
        });
        ctx.next();
    }

    /** The body this reader read. */
    public static Buffer body(RoutingContext ctx) {
        return ctx.get(BODY);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String length = req.getHeader("Content-Length");
        try {
            if (length != null && Long.parseLong(length.strip()) > limit) {
                ctx.fail(tooLarge.get());
                return;
            }
        } catch (NumberFormatException e) {
            // Netty refuses an unreadable Content-Length before it gets here
        }
        if ("100-continue".equalsIgnoreCase(req.getHeader("Expect")) && req.version() == HttpVersion.HTTP_1_1) {
            ctx.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] failed = {false};
        req.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                failed[0] = true;
                ctx.fail(tooLarge.get());
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(t -> {
            if (!failed[0]) {
                failed[0] = true;
                ctx.fail(t);
            }
        });
        req.endHandler(v -> {
            if (!failed[0]) {
                ctx.put(BODY, body);
                ctx.next();
            }
        });
        req.resume();
    }
}
