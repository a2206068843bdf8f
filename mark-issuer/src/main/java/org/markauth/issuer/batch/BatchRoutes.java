package org.markauth.issuer.batch;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.JsonCodec.date;
import static org.markauth.issuer.http.JsonCodec.integer;
import static org.markauth.issuer.http.JsonCodec.string;
import static org.markauth.issuer.http.JsonCodec.text;
import static org.markauth.issuer.http.Requests.intParam;
import static org.markauth.issuer.http.Requests.limit;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.IntFunction;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;

/**
 * Batches over HTTP (docs/api-issuer.md): order (answered at once, issued in the background by
 * {@link IssuanceJobs}), read a batch, poll its job, list a licensee's batches.
 */
public final class BatchRoutes {

    private final Batches batches;
    private final IssuanceJobs jobs;
    private final IntFunction<JsonObject> prints;

    /**
     * @param prints a batch's print counts for {@code GET /batches/:id}; handed in because the
     *               print feature sits above batches (it prints them) and batch must not import it
     */
    public BatchRoutes(Batches batches, IssuanceJobs jobs, IntFunction<JsonObject> prints) {
        this.batches = batches;
        this.jobs = jobs;
        this.prints = prints;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/licensees/:licenseeId/batches"), "registry").handler(this::listBatches);
        named(r.post("/api/v1/batches"), "batches").handler(this::orderBatch);
        named(r.get("/api/v1/batches/:batchId"), "batches").handler(this::getBatch);
        named(r.get("/api/v1/batches/:batchId/job"), "batches").handler(this::getJob);
    }

    private void orderBatch(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String key = ctx.request().getHeader("Idempotency-Key");
        Blocking.run(ctx, () -> jobs.orderInBackground(p, order(b, key)))
                .onSuccess(o -> ctx.response().setStatusCode(o.created() ? 202 : 200)
                        .putHeader("content-type", "application/json")
                        .putHeader("Location", "/api/v1/batches/" + o.batch().batchId() + "/job")
                        .end(batch(o.batch()).put("created", o.created()).encode()))
                .onFailure(e -> {
                    // a full queue is a 503 that says when to come back (a licensee's own limit is a 429 with it already)
                    if (e instanceof IssuerException.Unavailable u && IssuanceJobs.BUSY.equals(u.code())) {
                        ctx.response().putHeader("Retry-After", Integer.toString(jobs.settings().retryAfterSeconds()));
                    }
                    ctx.fail(e);
                });
    }

    private void getBatch(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "batchId");
        reply(ctx, 200, () -> batch(batches.get(p, id)).put("prints", prints.apply(id)));
    }

    private void getJob(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "batchId");
        reply(ctx, 200, () -> job(batches.status(p, id)));
    }

    private void listBatches(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("licenseeId");
        int limit = limit(ctx);
        reply(ctx, 200, () -> JsonCodec.array(batches.list(p, id, limit), BatchRoutes::batch));
    }

    // ------------------------------------------------------------------ JSON

    static JsonObject batch(Batch b) {
        return new JsonObject().put("batchId", b.batchId()).put("productId", b.productId()).put("licenseeId", b.licenseeId())
                .put("lot", b.lot()).put("productionDate", String.valueOf(b.productionDate()))
                .put("expiryDate", b.expiryDate() == null ? null : b.expiryDate().toString()).put("lineId", b.lineId())
                .put("quantity", b.quantity()).put("keyId", String.format("%08x", b.keyId())).put("state", b.state().name())
                .put("idempotencyKey", b.idempotencyKey()).put("createdAt", text(b.createdAt())).put("createdBy", b.createdBy());
    }

    static JsonObject job(JobStatus j) {
        return new JsonObject().put("batchId", j.batchId()).put("state", j.state().name()).put("done", j.done())
                .put("total", j.total()).put("error", j.error()).put("startedAt", text(j.startedAt()))
                .put("updatedAt", text(j.updatedAt())).put("finishedAt", text(j.finishedAt()));
    }

    /** The Idempotency-Key header wins over the body's idempotencyKey. */
    static BatchOrder order(JsonObject j, String idempotencyHeader) {
        String key = idempotencyHeader != null ? idempotencyHeader : string(j, "idempotencyKey");
        return new BatchOrder(integer(j, "productId", 0), integer(j, "quantity", 0), string(j, "lot"),
                date(j, "productionDate"), date(j, "expiryDate"), string(j, "lineId"), key);
    }
}
