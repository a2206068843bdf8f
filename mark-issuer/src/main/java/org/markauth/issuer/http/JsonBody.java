package org.markauth.issuer.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one way the issuer's routes read a JSON request body. Vert.x's {@code asJsonObject()} throws
 * a ClassCastException for an array or a scalar (rendered as a 500) and a DecodeException whose
 * message is the parser's (token, line, column, source); both become a 400 BAD_REQUEST with a
 * plain sentence here.
 */
public final class JsonBody {

    /** What a client is told for a body that does not parse as JSON (also by {@code Errors} for a DecodeException). */
    static final String NOT_JSON = "the body is not valid JSON; send a JSON object with content-type application/json";

    private JsonBody() {
    }

    /** The body as a JSON object; an IllegalArgumentException (400) naming what to send otherwise. */
    public static JsonObject object(RoutingContext ctx) {
        JsonObject j;
        try {
            j = ctx.body().asJsonObject();
        } catch (ClassCastException e) {     // an array or a scalar: Vert.x casts what it parsed
            j = null;
        } catch (DecodeException e) {        // not JSON (a form, a truncated object...); the parser's words stay in the log
            throw new IllegalArgumentException(NOT_JSON);
        }
        if (j == null) {
            throw new IllegalArgumentException("send a JSON object body with content-type application/json");
        }
        return j;
    }
}
