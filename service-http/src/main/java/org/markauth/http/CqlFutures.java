package org.markauth.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionStage;

/** The one place where the driver's CompletionStage becomes a Vert.x Future. */
public final class CqlFutures {
    private CqlFutures() {
    }

    /**
     * Completes on the caller's Vert.x context when there is one, so that callbacks run on the event
     * loop that issued the query and not on a driver I/O thread.
     */
    public static <T> Future<T> future(CompletionStage<T> stage) {
        Context ctx = Vertx.currentContext();
        return ctx == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, ctx);
    }
}
