package org.markauth.verify.officer;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HexFormat;
import java.util.Locale;
import org.markauth.access.Principal;
import org.markauth.http.ApiError;
import org.markauth.http.BearerAuth;
import org.markauth.sdk.evidence.InspectionRecord;
import org.markauth.verify.report.ImageType;
import org.markauth.verify.web.BoundedBody;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Guards;

/**
 * {@code PUT /api/v1/officer/photos/{sha256}}: an inspection photo, uploaded before the record that
 * lists it. The body is the photo itself ({@code image/jpeg}, {@code image/png} or
 * {@code image/webp}, at most {@value InspectionRecord#MAX_PHOTO_BYTES} bytes): the route reads it
 * itself after the authentication (the request waits, paused, so nobody unauthenticated has 5 MiB
 * read), refusing a declared length over the limit before reading a byte and counting while it
 * arrives. The bytes must hash to the path (422 otherwise: a damaged upload) and start as the type
 * declared (415). 201 when stored now, 200 when these bytes were stored already.
 */
public final class PhotoHandlers {

    private final OfficerPhotoStore photos;
    private final BearerAuth<Principal> auth;
    private final BoundedBody body = new BoundedBody(InspectionRecord.MAX_PHOTO_BYTES,
            () -> new ApiError(ErrorCode.PHOTO_TOO_LARGE, Integer.toString(InspectionRecord.MAX_PHOTO_BYTES)));

    public PhotoHandlers(OfficerPhotoStore photos, BearerAuth<Principal> auth) {
        this.photos = photos;
        this.auth = auth;
    }

    public void mount(Router r, Guards g) {
        named(r.put("/api/v1/officer/photos/:sha256"), "officer").handler(BoundedBody::pause).handler(g.authenticate())
                .handler(g.officer()).handler(PhotoHandlers::check).handler(body).handler(this::upload);
    }

    /** Checks the path and the declared type before a byte of the body is read. */
    static void check(RoutingContext ctx) {
        String sha = ctx.pathParam("sha256");
        if (sha == null || !sha.matches("[0-9a-fA-F]{64}")) {
            throw ErrorCode.badParameter("the path must end in the photo's SHA-256, 64 hex digits");
        }
        if (declared(ctx) == null) {
            throw new ApiError(ErrorCode.PHOTO_TYPE_REFUSED, "sent as '" + clip(String.valueOf(ctx.request().getHeader("Content-Type"))) + "'");
        }
        ctx.next();
    }

    void upload(RoutingContext ctx) {
        String sha = ctx.pathParam("sha256").toLowerCase(Locale.ROOT);
        ImageType declared = declared(ctx);
        Buffer body = BoundedBody.body(ctx);
        String officer = auth.principal(ctx).userId();
        ctx.vertx().executeBlocking(() -> {
            byte[] data = body.getBytes();
            if (data.length == 0) {
                throw new ApiError(ErrorCode.PHOTO_TYPE_REFUSED, "the body is empty");
            }
            String actual = HexFormat.of().formatHex(Sha256.of(data));
            if (!actual.equals(sha)) {
                throw new ApiError(ErrorCode.PHOTO_HASH_MISMATCH, actual);
            }
            ImageType sniffed = ImageType.sniff(data);
            if (sniffed != declared) {
                throw new ApiError(ErrorCode.PHOTO_TYPE_REFUSED, "the bytes are " + (sniffed == null ? "no image we take"
                        : sniffed.mediaType()) + ", sent as " + declared.mediaType());
            }
            return data;
        }, false).compose(data -> photos.store(sha, declared, data, officer)).onSuccess(up -> OfficerJson.send(ctx,
                up.created() ? 201 : 200, new JsonObject().put("sha256", sha).put("type", up.photo().type().mediaType())
                        .put("bytes", up.photo().bytes()))).onFailure(e -> OfficerJson.fail(ctx, e));
    }

    /** The declared type when it is one the app may send (JPEG, PNG, WebP), else null. */
    static ImageType declared(RoutingContext ctx) {
        String ct = ctx.request().getHeader("Content-Type");
        String media = ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        ImageType t = ImageType.ofMediaType(media);
        return t == ImageType.JPEG || t == ImageType.PNG || t == ImageType.WEBP ? t : null;
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
