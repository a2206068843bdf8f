package org.markauth.issuer.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One POST to an address {@link UrlGuard} checked, as the webhook {@link Dispatcher} and the EPCIS
 * query subscriptions ({@code trace.query.SubscriptionDispatcher}) send them: connected to the
 * checked address (the name still sent as Host and for TLS), no redirects, and a deadline on the
 * whole attempt (the client's timeout is an idle one: a receiver that trickles a byte now and then
 * would otherwise hold the attempt, and every pass behind it, for ever).
 */
public final class GuardedPost {

    /** The receiver's status, or why there was none. */
    public record Outcome(Integer status, String error) {
        public boolean ok() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private GuardedPost() {
    }

    /** A POST to {@code target}'s path and query, with {@code timeout}; the caller adds its headers. */
    public static RequestOptions options(UrlGuard.Target target, Duration timeout) {
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/" : target.uri().getRawPath();
        if (target.uri().getRawQuery() != null) {
            path += "?" + target.uri().getRawQuery();
        }
        return new RequestOptions().setMethod(HttpMethod.POST).setHost(target.host()).setPort(target.port())
                .setSsl(target.https()).setURI(path)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false).setTimeout(timeout.toMillis());
    }

    /** Sends {@code body}; never fails: a refusal or no answer comes back as an {@link Outcome} with its reason. */
    public static Future<Outcome> send(Vertx vertx, HttpClient http, RequestOptions o, String body, Duration deadline) {
        long ms = deadline.toMillis();
        return http.request(o).compose(req -> {
                    long timer = vertx.setTimer(ms, x -> req.reset(0, new TimeoutException(
                            "the receiver did not finish answering within " + ms + " ms")));
                    return req.send(Buffer.buffer(body, "UTF-8")).compose(resp -> resp.end().map(v -> resp.statusCode()))
                            .onComplete(x -> vertx.cancelTimer(timer));
                })
                .map(status -> new Outcome(status, status >= 200 && status < 300 ? null : "the receiver answered HTTP " + status))
                .otherwise(e -> new Outcome(null, "no answer: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
    }
}
