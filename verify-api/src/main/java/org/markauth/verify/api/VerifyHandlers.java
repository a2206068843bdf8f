package org.markauth.verify.api;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.markauth.http.ApiError;
import org.markauth.http.Lang;
import org.markauth.http.SecurityHeaders;
import org.markauth.sdk.receipt.Receipt;
import org.markauth.verify.check.TrustListHolder;
import org.markauth.verify.check.Verification;
import org.markauth.verify.check.VerificationService;
import org.markauth.verify.receipt.ReceiptSigner;
import org.markauth.verify.scan.ScanOrigin;
import org.markauth.verify.trace.Aggregations;
import org.markauth.verify.trace.ContentsJson;
import org.markauth.verify.trace.TraceSections;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Guards;
import org.markauth.verify.web.Origins;
import org.markauth.verify.web.Replays;

/**
 * The JSON endpoints: one code (GET with {@code ?code=} or POST {@code {"code":…}}), a bounded
 * batch for officers' readers (officer or regulator key; a code repeated in it is verified once),
 * and the signed trust list with caching headers.
 */
public final class VerifyHandlers {

    /**
     * A code up to this length is answered with a verdict (above 512 characters: MALFORMED/TOO_LONG,
     * which the SDK decides with one comparison, docs/mark-format.md section 8); beyond it the request
     * is refused with 413 as oversized, not as a scan. (GET URLs longer than Vert.x's 4096-byte
     * request line get 414 before any handler.)
     */
    static final int MAX_CODE_CHARS = 4096;

    private final VerificationService service;
    private final TrustListHolder trust;
    private final Origins origins;
    private final int batchMax;
    private final Replays replays;
    private final Aggregations aggregations;
    private final VerdictJson json;

    public VerifyHandlers(VerificationService service, TrustListHolder trust, Origins origins, int batchMax, Replays replays,
                          Aggregations aggregations, VerdictJson json) {
        this.json = json;
        this.service = service;
        this.trust = trust;
        this.origins = origins;
        this.batchMax = batchMax;
        this.replays = replays;
        this.aggregations = aggregations;
    }

    /**
     * The verification routes. Bulk verification is an officer's tool (a reader at a seizure), and
     * each scan in it is clone evidence: anonymous callers could otherwise flood a genuine code into
     * CLONE_SUSPECTED.
     */
    public void mount(Router r, Guards g) {
        named(r.get("/api/v1/trust-list"), "trust-list").handler(this::trustList);
        named(r.get("/api/v1/verify"), "verify").handler(g.rate()).handler(this::verifyGet);
        named(r.post("/api/v1/verify"), "verify").handler(g.json()).handler(g.rate()).handler(this::verifyPost);
        named(r.post("/api/v1/verify/batch"), "batch").handler(g.json()).handler(g.authenticate()).handler(g.officer())
                .handler(g.rate())
                .handler(this::batch);
    }

    /** Signs receipts when one is asked for; null when no receipt key is configured. */
    private ReceiptSigner receipts;

    public VerifyHandlers withReceipts(ReceiptSigner signer) {
        this.receipts = signer;
        return this;
    }

    public void verifyGet(RoutingContext ctx) {
        String code = code(ctx.request().getParam("code"));
        boolean contents = contentsWanted(ctx.request().getParam("contents"));
        boolean receipt = receiptWanted(ctx.request().getParam("receipt"));
        verifyOne(ctx, code, contents, receipt, origins.of(ctx, ctx.request().getParam("geo"), "API"));
    }

    public void verifyPost(RoutingContext ctx) {
        JsonObject body = body(ctx);
        String code = code(body.getValue("code") instanceof String s ? s : null);
        Object c = body.getValue("contents");
        if (c != null && !(c instanceof Boolean)) {
            throw ErrorCode.badParameter("contents must be true or false");
        }
        Object rc = body.getValue("receipt");
        if (rc != null && !(rc instanceof Boolean)) {
            throw ErrorCode.badParameter("receipt must be true or false");
        }
        verifyOne(ctx, code, Boolean.TRUE.equals(c), receiptWanted(Boolean.TRUE.equals(rc) ? "true" : null),
                origins.of(ctx, body.getValue("geo") instanceof String g ? g : null, "API"));
    }

    /**
     * One code; with {@code contents}, a case's or pallet's verdict also lists what it holds (one more
     * read, asked for by the caller). A retry carrying the first attempt's {@code X-Request-Id} gets
     * the first answer ({@link Replays}).
     */
    private void verifyOne(RoutingContext ctx, String code, boolean contents, boolean receipt, ScanOrigin o) {
        if (receipt && (code.isEmpty() || code.length() > Receipt.MAX_CODE_CHARS)) {
            // refused before the scan is recorded: a receipt covers the code as received, 1..512 characters
            throw ErrorCode.badParameter("a receipt is signed only for a code of 1 to "
                    + Receipt.MAX_CODE_CHARS + " characters; ask without receipt");
        }
        Lang lang = Lang.of(ctx);
        // the receipt is signed inside the replayed answer: a retry with the same request id gets the
        // same receipt, byte for byte, and asking with and without a receipt are different requests
        replays.answer(ctx.request().getHeader("X-Request-Id"), code, lang.tag() + (contents ? "+contents" : "")
                                + (receipt ? "+receipt" : ""),
                        () -> service.verify(code, o).compose(v -> answer(v, lang, code, contents, receipt)))
                .onSuccess(body -> json(ctx, body)).onFailure(ctx::fail);
    }

    /** The verdict's text; written straight from the verification unless contents or a receipt are added to it. */
    private Future<Buffer> answer(Verification v, Lang lang, String code, boolean contents, boolean receipt) {
        if (!contents && !receipt) {
            return Future.succeededFuture(json.buffer(v, lang));
        }
        return withContents(json.of(v, lang), v, contents)
                .map(j -> receipt ? j.put("receipt", receipts.sign(code, j.getString("code"))) : j)
                .map(JsonObject::toBuffer);
    }

    /** Adds {@code contents} when asked and the verified unit holds others; a failed read leaves it out, never the verdict. */
    private Future<JsonObject> withContents(JsonObject verdict, Verification v, boolean wanted) {
        if (!wanted || !(v instanceof Verification.Checked k) || k.unit() == null) {
            return Future.succeededFuture(verdict);
        }
        return aggregations.contents((int) k.mark().content().batchId(), k.mark().content().serial().value(), TraceSections.LISTED)
                .map(c -> c.count() == 0 ? verdict : verdict.put("contents", ContentsJson.of(c)))
                .otherwise(verdict);
    }

    /** {@code ?receipt=true} (or {@code "receipt": true}): sign the verdict; refused when no receipt key is configured. */
    private boolean receiptWanted(String param) {
        if (param == null || param.equals("false")) {
            return false;
        }
        if (!param.equals("true")) {
            throw ErrorCode.badParameter("receipt must be true or false");
        }
        if (receipts == null) {
            throw new ApiError(ErrorCode.RECEIPTS_DISABLED, null);
        }
        if (!receipts.validNow()) {   // a receipt the SDK would refuse is worse than none
            throw new ApiError(ErrorCode.RECEIPT_KEY_EXPIRED, null);
        }
        return true;
    }

    static boolean contentsWanted(String param) {
        if (param == null || param.equals("false")) {
            return false;
        }
        if (param.equals("true")) {
            return true;
        }
        throw ErrorCode.badParameter("contents must be true or false");
    }

    public void batch(RoutingContext ctx) {
        JsonObject body = body(ctx);
        if (!(body.getValue("codes") instanceof JsonArray codes) || codes.isEmpty()) {
            throw ErrorCode.badParameter("codes must be a non-empty array of strings");
        }
        if (codes.size() > batchMax) {
            throw new ApiError(ErrorCode.BATCH_TOO_LARGE, codes.size() + " codes, at most " + batchMax
                    + "; split the request");
        }
        ScanOrigin o = origins.of(ctx, body.getValue("geo") instanceof String g ? g : null, "BATCH");
        List<Future<Verification>> all = new ArrayList<>(codes.size());
        // a code listed twice is verified (and recorded) once; each position still gets its answer
        Map<String, Future<Verification>> once = new HashMap<>();
        for (int i = 0; i < codes.size(); i++) {
            if (!(codes.getValue(i) instanceof String s)) {
                throw ErrorCode.badParameter("codes[" + i + "] must be a string");
            }
            code(s);
        }
        for (int i = 0; i < codes.size(); i++) {
            all.add(once.computeIfAbsent(codes.getString(i), s -> service.verify(s, o)));
        }
        Lang lang = Lang.of(ctx);
        Future.all(all).onSuccess(x -> json(ctx, new JsonObject().put("results",
                json.of(all.stream().map(Future::result).toList(), lang)))).onFailure(ctx::fail);
    }

    /** The signed trust list exactly as published (its signature inside), cacheable for 5 minutes. */
    public void trustList(RoutingContext ctx) {
        TrustListHolder.Current c = trust.current();
        String etag = "\"tl-" + c.list().sequence() + "\"";
        ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "public, max-age=300");
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(c.document()));
    }

    /** The scanned text of a request as the spec reads it (see {@link #MAX_CODE_CHARS}); also the officer route's. */
    public static String code(String code) {
        if (code == null) {
            // absent is a malformed request; present but empty or blank is a scan of nothing: MALFORMED/EMPTY
            throw ErrorCode.badParameter("code is required (the scanned text, e.g. the QR's URL)");
        }
        if (code.length() > MAX_CODE_CHARS) {
            throw new ApiError(ErrorCode.CODE_TOO_LARGE, code.length() + " characters");
        }
        return code;
    }

    static JsonObject body(RoutingContext ctx) {
        String ct = ctx.request().getHeader("Content-Type");
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(ErrorCode.UNSUPPORTED_MEDIA, "application/json");
        }
        try {
            JsonObject o = ctx.body().asJsonObject();
            if (o == null) {
                throw new ApiError(ErrorCode.BAD_BODY, "empty body; send a JSON object");
            }
            return o;
        } catch (DecodeException | ClassCastException e) {
            throw new ApiError(ErrorCode.BAD_BODY, "not a JSON object");
        }
    }

    static void json(RoutingContext ctx, JsonObject body) {
        json(ctx, body.encode());
    }

    static void json(RoutingContext ctx, String body) {
        json(ctx, Buffer.buffer(body));
    }

    static void json(RoutingContext ctx, Buffer body) {
        ctx.response().putHeader(SecurityHeaders.CONTENT_TYPE, SecurityHeaders.JSON_UTF8)
                .putHeader(SecurityHeaders.CACHE_CONTROL, SecurityHeaders.NO_STORE).end(body);
    }
}
