package org.markauth.verify.report;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.markauth.http.ApiError;
import org.markauth.http.Lang;
import org.markauth.sdk.verify.Verdict;
import org.markauth.verify.check.TrustListHolder;
import org.markauth.verify.check.VerificationService;
import org.markauth.verify.page.Pages;
import org.markauth.verify.scan.ScanOrigin;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.FormBody;
import org.markauth.verify.web.Origins;

/**
 * Report-a-fake (docs/api-verify.md, "Reports"): {@code POST /report} takes the verdict page's form
 * (multipart, its photos as {@code photo} file parts) or JSON ({@code code}, {@code where},
 * {@code seller}, {@code contact}, {@code lang}, {@code photos}: base64 strings), behind the route's
 * own rate limit and body reader ({@link ReportBody}); photos are checked (count, size, format by
 * their first bytes) and stored out of the report's row ({@link PhotoStore}). The answer, the
 * thank-you page or {@code 201 {"id", "photos"}} for JSON, comes only once all of it is written.
 * Officers and regulators read a report and its photos under {@code /api/v1/officer/reports/}.
 */
public final class ReportHandlers {

    private final TrustListHolder trust;
    private final ReportStore reports;
    private final Origins origins;
    private final ReportSettings settings;
    private final Pages pages;
    private final Handler<RoutingContext> rate;
    private final ReportBody body;

    /** @param rate the report route's own per-client rate limit, stricter than the scan routes' */
    public ReportHandlers(TrustListHolder trust, ReportStore reports, Origins origins,
                          ReportSettings settings, Pages pages, Handler<RoutingContext> rate) {
        this.trust = trust;
        this.reports = reports;
        this.origins = origins;
        this.settings = settings;
        this.pages = pages;
        this.rate = rate;
        this.body = new ReportBody(settings);
    }

    /**
     * The report route (rate limit before a byte of the body is read), and the officer reads,
     * which are mounted after OfficerHandlers' authentication of {@code /api/v1/officer/*} and so
     * behind it.
     */
    public void mount(Router r) {
        named(r.post("/report"), "report").handler(ACCEPTED_TYPE).handler(rate).handler(body)
                .handler(this::submit);
        named(r.get("/api/v1/officer/reports/:id"), "officer").handler(this::show);
        named(r.get("/api/v1/officer/reports/:id/photos/:index"), "officer").handler(this::photo);
    }

    /**
     * A content type the route cannot read is refused before the rate limit counts it, by the one
     * refusal the form routes share; the body waits (paused) while the rate limit asks Redis, so
     * none of it is lost before ReportBody reads it, and a request refused before then has its body
     * drained once answered, so the connection can carry the next request.
     */
    private static final Handler<RoutingContext> ACCEPTED_TYPE = FormBody.accepting(ReportBody.ACCEPTED);

    /** How many report bodies are being read or held now (at most {@code verify.report.max-in-flight}). */
    public int bodiesInFlight() {
        return body.inFlight();
    }

    /** What a report said before its photos were checked: the fields and the photos' raw bytes. */
    private record Received(String code, String where, String seller, String contact, String lang, List<byte[]> photos) {
    }

    public void submit(RoutingContext ctx) {
        boolean json = ReportBody.isJson(ctx);
        Lang asked = Lang.of(ctx);
        ScanOrigin o = origins.of(ctx, null, "PAGE");
        // what the event loop takes from the request; reading JSON, decoding base64, copying, checking
        // and hashing megabytes of photos is worker work
        Callable<Received> read = json ? fromJson(ReportBody.json(ctx)) : fromForm(ctx);
        ctx.vertx().executeBlocking(() -> checked(read.call(), asked), false)
                .compose(r -> {
                    Verdict offline = trust.current().verify(r.code());
                    boolean trusted = VerificationService.signatureVerified(offline);
                    return reports.save(r, offline.code().name(),
                            trusted ? (int) offline.mark().content().batchId() : null,
                            trusted ? offline.mark().content().serial().value() : null, o.cell(), o.region(), o.ipHash())
                            .recover(e -> Future.failedFuture(ApiError.outage(ErrorCode.UNAVAILABLE, e)))
                            .map(id -> new Saved(id, r));
                })
                .onSuccess(saved -> {
                    String id = saved.id().toString();
                    if (json) {
                        ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json; charset=utf-8")
                                .end(new JsonObject().put("id", id).put("photos", saved.report().photos().size()).encode());
                    } else {
                        Lang lang = "en".equals(saved.report().lang()) ? Lang.EN : Lang.ZH;
                        ctx.response().setStatusCode(201).putHeader("Content-Type", "text/html; charset=utf-8")
                                .end(pages.thanks(lang, id));
                    }
                })
                .onFailure(ctx::fail);
    }

    private record Saved(UUID id, Report report) {
    }

    /** The report, its fields checked first (what it is about), then its photos: count, size, format. */
    private Report checked(Received in, Lang asked) {
        Lang lang = Lang.parse(in.lang()) != null ? Lang.parse(in.lang()) : asked;
        String tag = lang == Lang.EN ? "en" : "zh";
        new Report(in.code(), in.where(), in.seller(), in.contact(), List.of(), tag);
        if (in.photos().size() > settings.maxPhotos()) {
            throw new ApiError(ErrorCode.TOO_MANY_PHOTOS, Integer.toString(settings.maxPhotos()));
        }
        List<Photo> photos = new ArrayList<>();
        for (byte[] p : in.photos()) {
            if (p.length > settings.maxPhotoBytes()) {
                throw new ApiError(ErrorCode.PHOTO_TOO_LARGE, Integer.toString(settings.maxPhotoBytes()));
            }
            ImageType type = ImageType.sniff(p);
            if (type == null) {
                throw new ApiError(ErrorCode.NOT_AN_IMAGE, null);
            }
            photos.add(Photo.of(type, p));
        }
        return new Report(in.code(), in.where(), in.seller(), in.contact(), photos, tag);
    }

    /** The form's fields now (on the event loop), its photos' bytes copied later. */
    private static Callable<Received> fromForm(RoutingContext ctx) {
        var req = ctx.request();
        List<Buffer> parts = FormBody.uploads(ctx).stream()
                .filter(f -> "photo".equals(f.name()) && f.data().length() > 0).map(FormBody.Upload::data).toList();
        String code = req.getFormAttribute("code");
        String where = req.getFormAttribute("where");
        String seller = req.getFormAttribute("seller");
        String contact = req.getFormAttribute("contact");
        String lang = req.getFormAttribute("lang");
        return () -> new Received(code, where, seller, contact, lang, parts.stream().map(Buffer::getBytes).toList());
    }

    private static Callable<Received> fromJson(Buffer raw) {
        return () -> parseJson(raw);
    }

    private static Received parseJson(Buffer raw) {
        JsonObject o;
        try {
            Object v = raw == null || raw.length() == 0 ? null : raw.toJsonValue();
            if (!(v instanceof JsonObject obj)) {
                throw new ApiError(ErrorCode.BAD_REPORT_BODY, "{}");
            }
            o = obj;
        } catch (DecodeException e) {
            throw new ApiError(ErrorCode.BAD_REPORT_BODY, "{}");
        }
        List<byte[]> photos = new ArrayList<>();
        Object ps = o.getValue("photos");
        if (ps != null) {
            if (!(ps instanceof JsonArray arr)) {
                throw new ApiError(ErrorCode.BAD_REPORT_BODY, "photos");
            }
            for (Object p : arr) {
                if (!(p instanceof String s)) {
                    throw new ApiError(ErrorCode.BAD_REPORT_BODY, "photos");
                }
                photos.add(base64(s));
            }
        }
        return new Received(string(o, "code"), string(o, "where"), string(o, "seller"), string(o, "contact"),
                string(o, "lang"), photos);
    }

    private static String string(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw new ApiError(ErrorCode.BAD_REPORT_BODY, field);
        }
        return (String) v;
    }

    /** A photo in base64 (standard or URL-safe, padded or not), optionally as a {@code data:} URL. */
    private static byte[] base64(String s) {
        String b = s.startsWith("data:") && s.indexOf(',') > 0 ? s.substring(s.indexOf(',') + 1) : s;
        try {
            return b.indexOf('-') >= 0 || b.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(b) : Base64.getDecoder().decode(b);
        } catch (IllegalArgumentException e) {
            throw new ApiError(ErrorCode.BAD_REPORT_BODY, "photos");
        }
    }

    /** GET /api/v1/officer/reports/:id — the report (no contact, no client hash) and its photos' links. */
    public void show(RoutingContext ctx) {
        UUID id = reportId(ctx);
        reports.find(id).map(found -> found.orElseThrow(() -> new ApiError(ErrorCode.NOT_FOUND, "report " + id)))
                .onSuccess(r -> {
            JsonArray photos = new JsonArray();
            for (StoredPhoto p : r.photos()) {
                JsonObject j = new JsonObject().put("index", p.index()).put("type", p.type().mediaType())
                        .put("href", "/api/v1/officer/reports/" + id + "/photos/" + p.index());
                if (p.bytes() >= 0) {
                    j.put("bytes", p.bytes());
                }
                photos.add(j);
            }
            ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
                    .end(new JsonObject().put("id", id.toString()).put("at", r.at().toString()).put("code", r.code())
                            .put("verdict", r.verdict()).put("batchId", r.batchId())
                            .put("serial", r.serial() == null ? null : String.format("%016x", r.serial()))
                            .put("where", r.where()).put("seller", r.seller()).put("region", r.region())
                            .put("lang", r.lang()).put("photos", photos).encode());
        }).onFailure(ctx::fail);
    }

    /** GET /api/v1/officer/reports/:id/photos/:index — the photo's bytes, as its recognised type. */
    public void photo(RoutingContext ctx) {
        UUID id = reportId(ctx);
        int index;
        try {
            index = Integer.parseInt(ctx.pathParam("index"));
        } catch (NumberFormatException e) {
            throw ErrorCode.badParameter("the photo index is a number (0 for the first photo)");
        }
        reports.find(id).compose(found -> {
            StoredPhoto p = found.flatMap(r -> r.photos().stream().filter(x -> x.index() == index).findFirst())
                    .orElseThrow(() -> new ApiError(ErrorCode.NOT_FOUND, "photo " + index + " of report " + id));
            return reports.photo(p).map(bytes -> new PhotoBytes(p, bytes));
        }).onSuccess(pb -> {
            StoredPhoto p = pb.photo();
            ctx.response().putHeader("Content-Type", p.type().mediaType()).putHeader("Cache-Control", "private, no-store")
                    .putHeader("Content-Disposition", "inline; filename=\"report-" + id + "-" + index + "." + p.type().extension() + "\"")
                    .end(Buffer.buffer(pb.bytes()));
        }).onFailure(ctx::fail);
    }

    private record PhotoBytes(StoredPhoto photo, byte[] bytes) {
    }

    private static UUID reportId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw ErrorCode.badParameter("the report id is a UUID, as the thank-you page shows it");
        }
    }
}
