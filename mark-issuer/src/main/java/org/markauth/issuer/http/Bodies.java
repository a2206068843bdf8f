package org.markauth.issuer.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request body, read only where a route takes one and only after the caller is authenticated
 * and its role checked (the router mounts it after authentication), within the route's limit: a
 * JSON write is small ({@link #JSON_LIMIT}); the bulk routes (lists of up to 10,000 serials to
 * activate or void, an EPCIS capture document, a certification application's evidence file) take up to the service's {@code http.max-body}.
 * A body over the limit is a 413 {@code BODY_TOO_LARGE} that names it, refused from its
 * Content-Length before it is read when the client announces one. GET, HEAD and OPTIONS bodies are
 * not read at all. vertx-web's {@link BodyHandler} does the reading. The only file uploads
 * (multipart/form-data) are the portal's and the console's evidence forms ({@link #UPLOAD}): their
 * files go to a temporary folder, deleted when the response ends, within the bulk limit plus room
 * for the form's own fields.
 */
public final class Bodies implements Handler<RoutingContext> {

    /** The limit of an ordinary JSON write (a registry record, an order, a reason...). */
    public static final int JSON_LIMIT = 64 * 1024;

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final Pattern BULK = Pattern.compile("^/api/v1/(batches/[^/]+/(activations|voids)|epcis/capture|station/(scans|packs)|certification/applications/[^/]+/evidence)$");

    private final int small;
    private final int large;
    private final BodyHandler smallBodies;
    private final BodyHandler largeBodies;
    private final BodyHandler uploads;
    /** The forms that upload a file: an application's evidence in the portal and in the console. */
    private static final Pattern UPLOAD = Pattern.compile("^/(portal/applications|console/certification)/[^/]+/evidence$");
    /** What a multipart form may add to its file: the boundary lines, part headers and the CSRF token. */
    private static final int FORM_OVERHEAD = 16 * 1024;

    /** @param maxBodyBytes the service's limit ({@code http.max-body}), for the bulk routes */
    public Bodies(int maxBodyBytes) {
        this.small = Math.min(JSON_LIMIT, maxBodyBytes);
        this.large = maxBodyBytes;
        this.smallBodies = BodyHandler.create(false).setBodyLimit(small);
        this.largeBodies = BodyHandler.create(false).setBodyLimit(large);
        this.uploads = BodyHandler.create(System.getProperty("java.io.tmpdir") + "/markauth-uploads").setBodyLimit(large + FORM_OVERHEAD)
                .setDeleteUploadedFilesOnEnd(true);
    }

    /** The limit of the route at {@code path} (as the router matched it). */
    public int limit(String path) {
        return BULK.matcher(path).matches() ? large : small;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!WITH_BODY.contains(ctx.request().method())) {
            ctx.next();
            return;
        }
        if (UPLOAD.matcher(ctx.normalizedPath()).matches()) {
            ctx.put(Errors.BODY_LIMIT, large + FORM_OVERHEAD);
            uploads.handle(ctx);
            return;
        }
        int limit = limit(ctx.normalizedPath());
        ctx.put(Errors.BODY_LIMIT, limit);
        (limit == large ? largeBodies : smallBodies).handle(ctx);
    }
}
