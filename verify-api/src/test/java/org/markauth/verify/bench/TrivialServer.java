package org.markauth.verify.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import org.markauth.http.EventLoopServers;

/**
 * The bench's baseline, run as a process of its own: {"code":"OK"} on every path, served the way
 * the verify-api serves (one server per event loop on one port, Vert.x defaults otherwise), so a
 * ratio against it compares the work per request and not the number of cores serving.
 * Usage: {@code TrivialServer PORT}; stops on SIGTERM.
 */
public final class TrivialServer {

    private TrivialServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        EventLoopServers.listen(vertx, new HttpServerOptions().setHost("127.0.0.1").setPort(port), r -> r.response()
                .putHeader("Content-Type", "application/json").end("{\"code\":\"OK\"}")).await();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    }
}
