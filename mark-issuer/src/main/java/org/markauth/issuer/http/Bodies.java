package org.markauth.issuer.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request body, read only where a route takes one and only after the caller is authenticated
 * and its role checked (the router mounts it after authentication), within the route's limit: a
 * JSON write is small ({@link #JSON_LIMIT}); the bulk routes (lists of up to 10,000 serials to
 * activate or void, an EPCIS capture document) take up to the service's {@code http.max-body}.
 * A body over the limit is a 413 {@code BODY_TOO_LARGE} that names it, refused from its
 * Content-Length before it is read when the client announces one. GET, HEAD and OPTIONS bodies are
 * not read at all. vertx-web's {@link BodyHandler} does the reading.
 *
 * <p><b>File uploads</b> (multipart/form-data) are the portal's and the console's evidence forms
 * ({@link #UPLOAD}), and the API's evidence route takes raw bytes: each has its own limit, the
 * largest evidence file plus room for the form's own fields, whatever {@code http.max-body} says.
 * A form's body is not read here: the session of the portal or console is checked first and only a
 * signed-in request has it read ({@link #afterSignIn}, called by the site's sign-in check; the CSRF
 * token is a form field, so its check comes after). An anonymous upload is refused without a byte
 * of it read or written. The files go to a folder of this instance's own, created 0700 (owner
 * only) at start-up, and are deleted when the response ends.
 */
public final class Bodies implements Handler<RoutingContext> {

    /** The limit of an ordinary JSON write (a registry record, an order, a reason...). */
    public static final int JSON_LIMIT = 64 * 1024;
    /** What a multipart form may add to its file: the boundary lines, part headers and the CSRF token. */
    public static final int FORM_OVERHEAD = 16 * 1024;

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final Pattern BULK = Pattern.compile("^/api/v1/(batches/[^/]+/(activations|voids)|epcis/capture|station/(scans|packs))$");
    /** The API's evidence upload (raw bytes): the upload limit, not the bulk one. */
    private static final Pattern EVIDENCE_API = Pattern.compile("^/api/v1/certification/applications/[^/]+/evidence$");
    /** The forms that upload a file: an application's evidence in the portal and in the console. */
    private static final Pattern UPLOAD = Pattern.compile("^/(portal/applications|console/certification)/[^/]+/evidence$");
    /** Where a signed-out check finds the upload's body handler (set here for the upload forms only). */
    private static final String DEFERRED = "markauth.uploadBody";

    private final int small;
    private final int large;
    private final int upload;
    private final Path uploadsDirectory;
    private final BodyHandler smallBodies;
    private final BodyHandler largeBodies;
    private final BodyHandler evidenceBodies;
    private final BodyHandler uploads;

    /**
     * @param maxBodyBytes   the service's limit ({@code http.max-body}), for the bulk routes
     * @param maxUploadBytes the largest file an upload route takes (the largest evidence file); its
     *                       body limit is this plus {@link #FORM_OVERHEAD}
     */
    public Bodies(int maxBodyBytes, int maxUploadBytes) {
        this.small = Math.min(JSON_LIMIT, maxBodyBytes);
        this.large = maxBodyBytes;
        this.upload = maxUploadBytes + FORM_OVERHEAD;
        this.uploadsDirectory = privateFolder();
        uploadsDirectory.toFile().deleteOnExit();   // empty by then: each file goes as its response ends
        this.smallBodies = BodyHandler.create(false).setBodyLimit(small);
        this.largeBodies = BodyHandler.create(false).setBodyLimit(large);
        this.evidenceBodies = BodyHandler.create(false).setBodyLimit(upload);
        this.uploads = BodyHandler.create(uploadsDirectory.toString()).setBodyLimit(upload).setDeleteUploadedFilesOnEnd(true);
    }

    /** This instance's upload folder: a new one under the system's temporary folder, owner-only (0700) from its creation. */
    private static Path privateFolder() {
        try {
            return Files.createTempDirectory("markauth-uploads-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the private upload folder under java.io.tmpdir ("
                    + System.getProperty("java.io.tmpdir") + "): " + e.getMessage(), e);
        }
    }

    /** Where this instance keeps uploaded files while their request runs (owner-only, emptied as each response ends). */
    public Path uploadsDirectory() {
        return uploadsDirectory;
    }

    /** The limit of the route at {@code path} (as the router matched it). */
    public int limit(String path) {
        if (UPLOAD.matcher(path).matches() || EVIDENCE_API.matcher(path).matches()) {
            return upload;
        }
        return BULK.matcher(path).matches() ? large : small;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!WITH_BODY.contains(ctx.request().method())) {
            ctx.next();
            return;
        }
        String path = ctx.normalizedPath();
        int limit = limit(path);
        ctx.put(Errors.BODY_LIMIT, limit);
        if (UPLOAD.matcher(path).matches()) {
            if (announcedOver(ctx, limit)) {
                ctx.fail(413);   // refused before the session is even looked up: nothing of it is read
                return;
            }
            ctx.put(DEFERRED, uploads);   // read once the site has checked the session (afterSignIn)
            ctx.next();
            return;
        }
        (limit == upload ? evidenceBodies : limit == large ? largeBodies : smallBodies).handle(ctx);
    }

    private static boolean announcedOver(RoutingContext ctx, int limit) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length != null && Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;   // vert.x refuses a malformed Content-Length itself
        }
    }

    /**
     * For the site's sign-in check, once the session is live: reads the body of an upload form that
     * {@link #handle} left unread (then goes on), else goes on. Requests that are not upload forms
     * had their body read before, or have none.
     */
    public static void afterSignIn(RoutingContext ctx) {
        BodyHandler deferred = ctx.get(DEFERRED);
        if (deferred == null) {
            ctx.next();
            return;
        }
        ctx.remove(DEFERRED);
        deferred.handle(ctx);
    }
}
