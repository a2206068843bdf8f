package org.markauth.issuer.print;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Requests.intParam;
import static org.markauth.issuer.http.Requests.principal;
import static org.markauth.issuer.http.Requests.sequenceParam;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import org.markauth.issuer.http.JsonBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.OutputStream;
import java.util.function.IntFunction;
import org.markauth.access.Caller;
import org.markauth.access.Principal;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.BlockingResponseStream;
import org.markauth.issuer.http.Requests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Print files over HTTP: {@code GET /api/v1/batches/:batchId/print/batch.csv|txt|zip|pdf|zpl|cij.txt|cij.csv},
 * each download counted and audited in the {@link PrintLog} before a byte is sent. The router leaves
 * these routes without its request timeout: a file of a large batch streams for minutes. Also a
 * product's label template ({@code GET/PUT /api/v1/products/:productId/label-template}), which
 * the ZPL and CIJ files follow ({@link LabelTemplates}).
 */
public final class PrintRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(PrintRoutes.class);

    private final Batches batches;
    private final PrintLog prints;
    private final LabelTemplates templates;

    public PrintRoutes(Batches batches, PrintLog prints, LabelTemplates templates) {
        this.batches = batches;
        this.prints = prints;
        this.templates = templates;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/batches/:batchId/print/:file"), "print").handler(this::print);
        named(r.get("/api/v1/products/:productId/label-template"), "registry").handler(this::getTemplate);
        named(r.put("/api/v1/products/:productId/label-template"), "registry").handler(this::putTemplate);
    }

    private void getTemplate(RoutingContext ctx) {
        Principal p = principal(ctx);
        int product = intParam(ctx, "productId");
        Blocking.run(ctx, () -> json(templates.get(p, product))).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void putTemplate(RoutingContext ctx) {
        Principal p = principal(ctx);
        int product = intParam(ctx, "productId");
        LabelTemplate t = LabelTemplate.fromJson(JsonBody.object(ctx));   // a bad field is a 400 naming it
        Blocking.run(ctx, () -> json(templates.put(p, product, t))).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private JsonObject json(LabelTemplates.Stored s) {
        return s.template().toJson().put("productId", s.productId()).put("default", s.standard())
                .put("updatedAt", s.updatedAt() == null ? null : s.updatedAt().toString()).put("updatedBy", s.updatedBy())
                .put(s.template().carrier() == Carrier.QR ? "qr" : "dataMatrix", templates.symbol(s));
    }

    /** {@code ?dpi=203|300|600}, or null for the template's. */
    private static Integer dpiParam(RoutingContext ctx) {
        String v = ctx.queryParams().get("dpi");
        if (v == null) {
            return null;
        }
        try {
            int d = Integer.parseInt(v.strip());
            if (LabelTemplate.DPIS.contains(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw new IllegalArgumentException("dpi must be one of " + LabelTemplate.DPIS + " (the printer's resolution), got '" + v + "'");
    }

    /** A batch's print counts as {@code GET /batches/:id} shows them. */
    public static IntFunction<JsonObject> summaries(PrintLog prints) {
        return batchId -> {
            PrintLog.Summary sum = prints.summary(batchId);
            return new JsonObject().put("downloads", sum.downloads()).put("reprints", sum.reprints())
                    .put("reprintsLast24h", sum.reprintsLast24h()).put("reprintsPerDay", sum.reprintsPerDay());
        };
    }

    /**
     * Streams a print file, produced on a worker thread straight into the response with
     * back-pressure (each 64 KiB write waits for the socket), so memory stays bounded for 1M units.
     */
    private void print(RoutingContext ctx) {
        stream(ctx, Requests.caller(ctx));
    }

    /**
     * Streams the print file {@code :file} of batch {@code :batchId} to {@code caller}: the API's
     * route and the manufacturer portal's download (a session's caller) both come here, so both are
     * checked (role, the credential's PRINT scope, licence), counted and audited alike.
     */
    public void stream(RoutingContext ctx, Caller caller) {
        Principal p = caller.principal();
        Permissions.requirePrint(p);
        Permissions.requireScope(caller, "GET", "/api/v1/batches/" + ctx.pathParam("batchId") + "/print/");   // and here, by route
        String credentialId = caller.credentialId();
        int id = intParam(ctx, "batchId");
        PrintFormat format = PrintFormat.ofFileName(ctx.pathParam("file"));
        int from = sequenceParam(ctx, "from", 1);
        int to = sequenceParam(ctx, "to", Integer.MAX_VALUE);
        if (to < from) {
            throw new IllegalArgumentException("to (" + to + ") must not be below from (" + from + ")");
        }
        Integer dpi = dpiParam(ctx);
        HttpServerResponse res = ctx.response();
        LabelJob[] job = new LabelJob[1];
        Blocking.run(ctx, () -> {
            Batch b = batches.printable(p, id);                     // licence-gated first
            if (format.templated()) {                               // the label fits, or a 400 before anything is logged
                job[0] = templates.job(p, b, from, dpi, format);
            }
            prints.record(p, credentialId, b, from, to, format);   // counted and audited before a byte is sent
            return b;
        }).onSuccess(batch -> {
            res.setChunked(true).putHeader("content-type", format.contentType())
                    .putHeader("content-disposition", "attachment; filename=\"batch-" + id + "." + format.extension() + "\"");
            Blocking.run(ctx, () -> {
                try (OutputStream out = new BlockingResponseStream(res)) {
                    format.write(batches, p, batch, from, to, out, job[0]);
                }
                return null;
            }).onSuccess(v -> res.end()).onFailure(e -> {
                if (res.headWritten()) {
                    LOG.warn("print of batch {} broke off: {}", id, e.getMessage());
                    res.reset();
                } else {
                    ctx.fail(e);
                }
            });
        }).onFailure(ctx::fail);
    }
}
