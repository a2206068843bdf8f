package org.markauth.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.markauth.config.ConnectionSettings;

/**
 * One HTTP server per event loop, all on one port: Vert.x shares a listening socket between the
 * servers of one Vertx that listen on the same port, and each serves the connections it accepts on
 * its own loop. Port 0 ("any free port", tests and benchmarks) would give each server its own random
 * port, and only the first would ever be reached; a negative port asks Vert.x for one random port
 * shared by the servers given that same number, so each call takes its own (two services in one
 * Vertx, as in tests, must not share a socket).
 */
public final class EventLoopServers {

    private static final AtomicInteger RANDOM_PORT_KEYS = new AtomicInteger();

    /** The servers one call started, and the deployment that owns them. */
    public record Listening(String deploymentId, List<HttpServer> servers) {
        public int port() {
            return servers.get(0).actualPort();
        }
    }

    private EventLoopServers() {
    }

    /** Starts a server with {@code options} on every event loop; fails if any of them cannot listen. */
    public static Future<Listening> listen(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler) {
        return listen(vertx, options, ConnectionSettings.DEFAULT, handler);
    }

    /**
     * Starts an {@link HttpEdge} server with {@code options} and {@code connections} on every event loop;
     * fails if any of them cannot listen.
     */
    public static Future<Listening> listen(Vertx vertx, HttpServerOptions options, ConnectionSettings connections,
                                           Handler<HttpServerRequest> handler) {
        HttpServerOptions opts = new HttpServerOptions(options);
        if (opts.getPort() == 0) {
            opts.setPort(-RANDOM_PORT_KEYS.incrementAndGet());
        }
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        List<HttpServer> servers = Collections.synchronizedList(new ArrayList<>());
        return vertx.deployVerticle(() -> new ServerVerticle(opts, connections, handler, servers),
                        new DeploymentOptions().setInstances(loops).setThreadingModel(ThreadingModel.EVENT_LOOP))
                .map(id -> new Listening(id, List.copyOf(servers)));
    }

    /** An HTTP server on its own event loop. */
    private static final class ServerVerticle extends VerticleBase {
        private final HttpServerOptions opts;
        private final ConnectionSettings connections;
        private final Handler<HttpServerRequest> handler;
        private final List<HttpServer> servers;

        ServerVerticle(HttpServerOptions opts, ConnectionSettings connections, Handler<HttpServerRequest> handler,
                       List<HttpServer> servers) {
            this.opts = opts;
            this.connections = connections;
            this.handler = handler;
            this.servers = servers;
        }

        @Override
        public Future<?> start() {
            return HttpEdge.server(vertx, opts, connections).requestHandler(handler).listen().onSuccess(servers::add);
        }
    }
}
