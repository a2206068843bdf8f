package org.markauth.drills;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/**
 * The drills' HTTP client to the services on loopback: keep-alive connections that leave the pool
 * after 30 s idle (before the services' own 60 s idle timeout closes them), every request made on
 * one client context.
 *
 * <p>Why one context: made from the load's own threads, a request got a context of its own while
 * pooled connections belonged to others, and its response's {@code body()} ran on another thread
 * than the connection's. Vert.x 5.0.10's {@code HttpClientResponse} then loses the end of a
 * response that ends meanwhile and the future never completes (eclipse-vertx/vert.x#6038, fixed
 * upstream in #6064 and its 5.0 backport #6071). The Sentinel drill saw it as 4-13 requests per run
 * that the services answered (their request timers counted them, their scans were recorded) and the
 * load timed out on; with one context, none.
 */
final class DrillHttp {

    private final HttpClient http;
    private final Context context;
    private final int connectTimeoutMs;

    DrillHttp(Vertx vertx, int maxConnections, int connectTimeoutMs) {
        this.context = vertx.getOrCreateContext();
        this.connectTimeoutMs = connectTimeoutMs;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30)
                .setConnectTimeout(connectTimeoutMs), new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
    }

    /** A request to 127.0.0.1:{@code port}; fails if no byte arrives for 20 s. */
    Future<DrillWorld.Reply> send(int port, HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
        RequestOptions o = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
                .setIdleTimeout(20_000).setConnectTimeout(connectTimeoutMs);
        if (headers != null) {
            headers.forEach(o::putHeader);
        }
        Promise<DrillWorld.Reply> reply = Promise.promise();
        context.runOnContext(x -> http.request(o).compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> new DrillWorld.Reply(resp.statusCode(), resp.headers(), b)))
                .onComplete(reply));
        return reply.future();
    }

    void close() {
        http.close();
    }
}
