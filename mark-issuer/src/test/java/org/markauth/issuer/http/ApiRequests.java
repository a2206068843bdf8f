package org.markauth.issuer.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;

/** The issuer API as the integration tests call it: a method, a path, a bearer key (none when null), a JSON body or none. */
public final class ApiRequests {

    private ApiRequests() {
    }

    public static HttpResponse<Buffer> send(WebClient web, String method, String path, String token, JsonObject body) throws Exception {
        HttpRequest<Buffer> req = web.request(HttpMethod.valueOf(method), path);
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        return (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
    }
}
