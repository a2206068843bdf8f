package org.markauth.verify.report;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.markauth.http.ApiError;
import org.markauth.verify.web.BoundedBody;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.FormBody;

/**
 * Reads a report's body before its handler runs, by its content type: a form (multipart, as the
 * page sends it, or URL-encoded) through {@link FormBody}, JSON into memory; any other type is
 * {@code 415} at once, before a byte is read. Each kind has its own limit, sized for the configured
 * photos ({@link ReportSettings}), checked against Content-Length before reading and counted while
 * the body arrives; every other route keeps the small {@code http.max-body}. At most
 * {@code maxInFlight} report bodies are held per instance at once (a photo is held in memory until
 * it is written): one more is {@code 503 REPORTS_BUSY}.
 */
public final class ReportBody implements Handler<RoutingContext> {

    /** The content types a report may have, in the words of the 415 answer. */
    static final String ACCEPTED = "multipart/form-data, application/x-www-form-urlencoded or application/json";

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

    /** The media type of the request, lower case without parameters; "" when absent. */
    static String mediaType(RoutingContext ctx) {
        String ct = ctx.request().getHeader("Content-Type");
        return ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /** Whether a report of this media type can be read. */
    static boolean readable(String mediaType) {
        return mediaType.equals("multipart/form-data") || mediaType.equals("application/x-www-form-urlencoded")
                || mediaType.equals("application/json");
    }

    /** Whether the report came as JSON (its body is then {@link #json}). */
    static boolean isJson(RoutingContext ctx) {
        return "application/json".equals(mediaType(ctx));
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
        String type = mediaType(ctx);
        boolean isForm = !type.equals("application/json");
        if (!readable(type)) {
            ctx.fail(new ApiError(ErrorCode.UNSUPPORTED_MEDIA, ACCEPTED));
            return;
        }
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
