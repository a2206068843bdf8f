package org.markauth.verify.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.markauth.http.EventLoopServers;
import org.markauth.http.SecurityHeaders;

/**
 * The bench's baseline, run as a process of its own: {"code":"OK"} on every path, served the way
 * the verify-api serves (one server per event loop on one port, Vert.x defaults otherwise), so a
 * ratio against it compares the work per request and not the number of cores serving.
 *
 * <p>Also the transport's floor of a verification: a request to {@code /api/v1/verify} has its code read
 * from the query, as the service reads it, and is answered with the bytes last posted to {@code /answer}
 * (the bench posts a real verification's answer) under the headers the service sends with it. So the
 * same bytes cross raw Vert.x both ways, and nothing else is done.
 * Usage: {@code TrivialServer PORT}; stops on SIGTERM.
 */
public final class TrivialServer {

    private TrivialServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        AtomicReference<Buffer> answer = new AtomicReference<>(Buffer.buffer("{\"code\":\"OK\"}"));
        EventLoopServers.listen(vertx, new HttpServerOptions().setHost("127.0.0.1").setPort(port), r -> {
            if (r.method() == HttpMethod.POST && "/answer".equals(r.path())) {
                r.body().onSuccess(b -> {
                    answer.set(b.copy());
                    r.response().end();
                });
            } else if (r.path().startsWith("/api/v1/verify")) {
                sameBytes(r, answer.get());
            } else {
                r.response().putHeader("Content-Type", "application/json").end("{\"code\":\"OK\"}");
            }
        }).await();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    }

    private static void sameBytes(HttpServerRequest r, Buffer answer) {
        if (r.getParam("code") == null) {
            r.response().setStatusCode(400).end();
            return;
        }
        SecurityHeaders.apply(r.response().headers());
        r.response().putHeader(SecurityHeaders.CONTENT_TYPE, SecurityHeaders.JSON_UTF8)
                .putHeader(SecurityHeaders.CACHE_CONTROL, SecurityHeaders.NO_STORE).end(answer);
    }
}
