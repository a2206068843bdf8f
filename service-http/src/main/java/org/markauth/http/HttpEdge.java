package org.markauth.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import org.markauth.config.ConnectionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server both services listen with: HTTP/1.1 only (no cleartext HTTP/2: the services sit
 * behind a TLS proxy that speaks HTTP/1.1 to them), connections closed after
 * {@code http.idle-timeout} without traffic, every request read by the {@link StrictRequestDecoder}
 * (ambiguous framing refused, a request that has not all arrived {@code http.read-timeout} after its
 * first byte cut off), and a request the decoder refused answered here: the kit's JSON error
 * envelope with a plain sentence, the security headers, and the connection closed (nothing after
 * a request whose end is in doubt can be trusted).
 */
public final class HttpEdge {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);
    private static final String DECODER = "httpDecoder";

    private HttpEdge() {
    }

    /** {@code base} with the edge's options: HTTP/1.1 only, the idle timeout. */
    public static HttpServerOptions options(HttpServerOptions base, ConnectionSettings connections) {
        return new HttpServerOptions(base).setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) connections.idleTimeout().toSeconds());
    }

    /** An HTTP server with {@link #options} and the strict decoder; add the request handler and listen. */
    public static HttpServer server(Vertx vertx, HttpServerOptions base, ConnectionSettings connections) {
        HttpServerOptions opts = options(base, connections);
        long readTimeout = connections.readTimeout().toMillis();
        return vertx.createHttpServer(opts)
                .connectionHandler(conn -> strict(conn, opts, readTimeout))
                .invalidRequestHandler(HttpEdge::refuse);
    }

    /**
     * Puts the strict decoder in place of Vert.x's on a new connection, before it reads a byte (the
     * connection handler runs as the channel is set up). A connection where that cannot be done is
     * closed: serving it with the lenient decoder would reopen what the decoder closes.
     */
    private static void strict(HttpConnection conn, HttpServerOptions opts, long readTimeout) {
        ChannelPipeline pipeline = conn instanceof ConnectionBase c ? c.channelHandlerContext().pipeline() : null;
        if (pipeline == null || pipeline.get(DECODER) == null) {
            LOG.warn("closing a connection whose HTTP decoder cannot be replaced ({})", conn.getClass().getName());
            conn.close();
            return;
        }
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(opts, readTimeout));
    }

    /** Answers a request the decoder refused (this one's, or Netty's own: a bad request line, a head too large). */
    static void refuse(HttpServerRequest req) {
        Throwable cause = req.decoderResult().cause();
        int status;
        String code;
        String message;
        if (cause instanceof StrictRequestDecoder.Ambiguous a) {
            status = 400;
            code = "BAD_REQUEST";
            message = "The request's framing is ambiguous: " + a.getMessage() + ".";
        } else if (cause instanceof TooLongHttpLineException) {
            status = 414;
            code = "URI_TOO_LONG";
            message = "The request line is too long; send a shorter path and query.";
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            status = 431;
            code = "HEADERS_TOO_LARGE";
            message = "The request's headers are too large.";
        } else {
            status = 400;
            code = "BAD_REQUEST";
            message = "The request is not valid HTTP/1.1.";
        }
        LOG.debug("refused a request at the edge ({}): {}", status, cause == null ? null : cause.toString());
        var response = req.response();
        SecurityHeaders.apply(response.headers());
        response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Connection", "close")
                .end(new JsonObject().put("error", code).put("message", message).put("lang", "en").encode())
                .onComplete(x -> req.connection().close());
    }
}
