package org.markauth.verify.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The handlers a feature puts in front of its routes when it mounts them, built once by the
 * composition root: the JSON body reader (bodies are read before the asynchronous authentication,
 * as vertx-web requires), the per-client rate limit, the API-key
 * authentication and, after it, the officer role check (an officer or regulator key).
 */
public record Guards(Handler<RoutingContext> json, Handler<RoutingContext> rate,
                     Handler<RoutingContext> authenticate, Handler<RoutingContext> officer) {
}
