package org.markauth.verify.report;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.markauth.http.ApiError;
import org.markauth.verify.web.BoundedBody;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.FormBody;

/**
 * Reads a report's body before its handler runs, by its content type: a form (multipart, as the
 * page sends it, or URL-encoded) through {@link FormBody}, JSON into memory; any other type was
 * {@code 415} before a byte was read, by the route's first handler ({@link FormBody#accepting}). Each kind has its own limit, sized for the configured
 * photos ({@link ReportSettings}), checked against Content-Length before reading and counted while
 * the body arrives; every other route keeps the small {@code http.max-body}. At most
 * {@code maxInFlight} report bodies are held per instance at once (a photo is held in memory until
 * it is written): one more is {@code 503 REPORTS_BUSY}.
 */
public final class ReportBody implements Handler<RoutingContext> {

    /** The media types a report may have (anything else is 415 before the body is read: {@link FormBody#accepting}). */
    static final List<String> ACCEPTED = List.of("multipart/form-data", "application/x-www-form-urlencoded", "application/json");

    private final FormBody form;
    private final BoundedBody jsonBody;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ReportBody(ReportSettings settings) {
        this.form = new FormBody(Math.toIntExact(settings.formBodyLimit()));
        int jsonLimit = Math.toIntExact(settings.jsonBodyLimit());
        this.jsonBody = new BoundedBody(jsonLimit, () -> new ApiError(ErrorCode.BODY_TOO_LARGE, Integer.toString(jsonLimit)));
        this.maxInFlight = settings.maxInFlight();
    }

    /** Whether the report came as JSON (its body is then {@link #json}). */
    static boolean isJson(RoutingContext ctx) {
        return "application/json".equals(FormBody.mediaType(ctx));
    }

    /** The JSON body read by this handler. */
    static Buffer json(RoutingContext ctx) {
        return BoundedBody.body(ctx);
    }

    /** How many report bodies this instance holds now (the gauge {@code verify_report_bodies_in_flight}). */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void handle(RoutingContext ctx) {
        // the route's first handler refused any other type (FormBody.accepting(ACCEPTED))
        boolean isForm = !isJson(ctx);
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            ctx.fail(new ApiError(ErrorCode.REPORTS_BUSY, null));
            return;
        }
        ctx.addEndHandler(v -> inFlight.decrementAndGet());
        if (isForm) {
            form.handle(ctx);
        } else {
            jsonBody.handle(ctx);
        }
    }
}
