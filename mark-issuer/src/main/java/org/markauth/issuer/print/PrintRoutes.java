package org.markauth.issuer.print;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Requests.intParam;
import static org.markauth.issuer.http.Requests.sequenceParam;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
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
 * Print files over HTTP: {@code GET /api/v1/batches/:batchId/print/batch.csv|txt|zip|pdf}, each
 * download counted and audited in the {@link PrintLog} before a byte is sent. The router leaves
 * these routes without its request timeout: a file of a large batch streams for minutes.
 */
public final class PrintRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(PrintRoutes.class);

    private final Batches batches;
    private final PrintLog prints;

    public PrintRoutes(Batches batches, PrintLog prints) {
        this.batches = batches;
        this.prints = prints;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/batches/:batchId/print/:file"), "print").handler(this::print);
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
        HttpServerResponse res = ctx.response();
        Blocking.run(ctx, () -> {
            Batch b = batches.printable(p, id);                     // licence-gated first
            prints.record(p, credentialId, b, from, to, format);   // counted and audited before a byte is sent
            return b;
        }).onSuccess(batch -> {
            res.setChunked(true).putHeader("content-type", format.contentType())
                    .putHeader("content-disposition", "attachment; filename=\"batch-" + id + "." + format.extension() + "\"");
            Blocking.run(ctx, () -> {
                try (OutputStream out = new BlockingResponseStream(res)) {
                    format.write(batches, p, batch, from, to, out);
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
