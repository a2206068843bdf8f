package org.markauth.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * A service's part of the one error envelope: which of its codes stands for a failure that
 * vertx-web raised by status (no route, a body over the limit, a refused authentication...), and
 * which of its own exceptions are known kinds rather than bugs. What it does not claim is a bug:
 * a 500 with a reference.
 */
public interface ErrorCodes {

    /** The code for a failure vertx-web raised with this status, or for a request whose framing broke (400). */
    HttpErrorCode forStatus(int status);

    /** The code of an unexpected failure (status 500): the caller gets a reference, the log the stack trace. */
    HttpErrorCode internal();

    /** The detail a status-derived code shows (the body limit for 413, the path for 404...), or null. */
    default String detail(HttpErrorCode code, RoutingContext ctx) {
        return null;
    }

    /**
     * The language the sentences are given in for a request that asked for {@code asked} (the
     * envelope's {@code lang} says it): {@code asked} itself for a service whose codes speak both, the
     * one language of a service whose sentences have only one (mark-issuer's are English).
     */
    default Lang language(Lang asked) {
        return asked;
    }

    /**
     * The language of a request that names none ({@code ?lang}, the {@code lang} cookie,
     * Accept-Language): Chinese for the public services, English for mark-issuer's API.
     */
    default Lang fallback() {
        return Lang.ZH;
    }

    /**
     * The code of a request whose own bytes broke ({@link ErrorRenderer#brokenRequest}: its framing,
     * a form or multipart body that does not decode, an HTTP/1.1 head without Host), when the
     * service names it more precisely than {@code forStatus(400)}; empty for that.
     */
    default Optional<HttpErrorCode> broken(Throwable failure, RoutingContext ctx) {
        return Optional.empty();
    }

    /** A failure of the service's own that is a known kind (an outage, a full buffer), as the error it answers. */
    default Optional<ApiError> known(Throwable failure) {
        return Optional.empty();
    }
}
