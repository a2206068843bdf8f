package org.markauth.issuer.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * The issuer's services block (Cassandra, signing): handlers run them on a worker thread here and
 * answer with the JSON they return, or leave the failure to the error renderer ({@link Errors}).
 */
public final class Blocking {

    private Blocking() {
    }

    /** Runs {@code call} on a worker thread (unordered: requests do not wait for each other). */
    public static <T> Future<T> run(RoutingContext ctx, Callable<T> call) {
        return ctx.vertx().executeBlocking(call, false);
    }

    /** Runs {@code call} on a worker thread and answers {@code status} with its JSON object or array. */
    public static void reply(RoutingContext ctx, int status, Callable<?> call) {
        reply(ctx, status, run(ctx, call));
    }

    /** Answers {@code status} with the JSON the future completes with; a failure goes to the failure handler. */
    public static void reply(RoutingContext ctx, int status, Future<?> result) {
        result.onSuccess(v -> ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(v instanceof JsonObject o ? o.encode() : v instanceof JsonArray a ? a.encode() : String.valueOf(v)))
                .onFailure(ctx::fail);
    }
}
