package org.markauth.issuer.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one way the issuer's routes read a JSON request body. Vert.x's {@code asJsonObject()} throws
 * a ClassCastException for an array or a scalar (rendered as a 500) and a DecodeException whose
 * message is the parser's (token, line, column, source); they become 400 {@code NOT_A_JSON_OBJECT}
 * and {@code NOT_JSON} here, with a sentence in the request's language ({@link Refusal}).
 */
public final class JsonBody {

    private JsonBody() {
    }

    /** The body as a JSON object; a 400 naming what to send otherwise. */
    public static JsonObject object(RoutingContext ctx) {
        JsonObject j;
        try {
            j = ctx.body().asJsonObject();
        } catch (ClassCastException e) {     // an array or a scalar: Vert.x casts what it parsed
            throw Refusal.badRequest(Refusal.NOT_A_JSON_OBJECT, "body.not-object").failure();
        } catch (DecodeException e) {        // not JSON (a form, a truncated object...); the parser's words stay out
            throw Refusal.badRequest(Refusal.NOT_JSON, "body.not-json").failure();
        }
        if (j == null) {
            throw (ctx.body().length() == 0 ? Refusal.badRequest(Refusal.NOT_JSON, "body.not-json")
                    : Refusal.badRequest(Refusal.NOT_A_JSON_OBJECT, "body.not-object")).failure();
        }
        return j;
    }
}
