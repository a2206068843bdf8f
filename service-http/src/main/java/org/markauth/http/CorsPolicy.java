package org.markauth.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Set;

/**
 * The services' cross-origin policy, stated once: a route named {@link #open} answers any origin
 * (vertx-web's {@link CorsHandler}: {@code Access-Control-Allow-Origin: *}, the methods it is given,
 * the headers a JSON client sends, never credentials); every other path is closed: its answers
 * carry no CORS headers, so a browser does not hand them to another origin's script, and a
 * preflight for it is refused with a 403 ({@link Refused#CORS_REFUSED}) before authentication or
 * routing sees it.
 *
 * <pre>{@code
 * CorsPolicy.open(router, "/api/v1/verify", HttpMethod.GET, HttpMethod.POST); // then:
 * CorsPolicy.closeTheRest(router);
 * }</pre>
 */
public final class CorsPolicy {

    /** The refusal of a preflight. */
    public enum Refused implements HttpErrorCode {
        CORS_REFUSED;

        @Override
        public int status() {
            return 403;
        }

        @Override
        public String message(Lang lang, String arg) {
            return lang == Lang.ZH ? "此地址不接受跨源（其他网站脚本的）请求：" + arg + "。"
                    : "Cross-origin requests are not accepted on " + arg + "; it serves this service's own pages and API clients only.";
        }
    }

    static final Set<String> HEADERS = Set.of("Content-Type", "Accept", "Accept-Language");

    private CorsPolicy() {
    }

    /** Opens {@code path} (exactly) to scripts of any origin, for {@code methods}. */
    public static void open(Router r, String path, HttpMethod... methods) {
        r.route(path).handler(CorsHandler.create().addOrigin("*").allowedMethods(Set.of(methods))
                .allowedHeaders(HEADERS).exposedHeader("Retry-After").allowCredentials(false).maxAgeSeconds(600));
    }

    /** Refuses the preflights that no {@link #open} route answered (install after those, before authentication). */
    public static void closeTheRest(Router r) {
        // every method, checked inside: a route limited to OPTIONS would match every path and turn the
        // 404 of an unknown path into a 405 (vertx-web answers 405 when a path matched but no method did)
        r.route().handler(CorsPolicy::refusePreflight);
    }

    private static void refusePreflight(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.OPTIONS && ctx.request().getHeader("Origin") != null
                && ctx.request().getHeader("Access-Control-Request-Method") != null) {
            ctx.fail(new ApiError(Refused.CORS_REFUSED, ctx.request().path()));
        } else {
            ctx.next();
        }
    }
}
