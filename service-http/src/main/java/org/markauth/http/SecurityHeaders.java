package org.markauth.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Security headers on every answer of both services, the one place they are set: the JSON API, the
 * pages, the console, errors and 404s (installed as the routers' first handlers), and the refusals
 * {@link HttpEdge} writes before a router is reached. The page's only script is inline and allowed
 * by a per-request nonce ({@link #pageNonce}); nothing is loaded from elsewhere, forms post only to
 * us, and nobody may frame the page (clickjacking a verdict). {@code Cache-Control: no-store} is the
 * default; an answer that may be cached (the trust list, the catalogue) sets its own.
 * {@code Strict-Transport-Security} is always sent: the services run behind a TLS proxy, and a
 * browser ignores the header on a plain-http answer, so local runs are unaffected.
 *
 * <p>The names and values every answer carries are Netty {@code AsciiString}s made once
 * ({@link HttpHeaders#createOptimized}): the header map takes their cached hash instead of hashing
 * each name again per answer, and the encoder copies their bytes instead of writing a string
 * character by character (docs/performance.md, "Issue 16, seventh session").
 */
public final class SecurityHeaders {

    public static final String NONCE = "cspNonce";
    /**
     * {@code Content-Type} and {@code Cache-Control} with the capitals the services always sent (Vert.x's own
     * {@code HttpHeaders} constants are lower case), and a JSON answer's values, for the handlers that answer on
     * every request.
     */
    public static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    public static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    public static final CharSequence JSON_UTF8 = HttpHeaders.createOptimized("application/json; charset=utf-8");
    public static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    public static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private static final CharSequence CSP = HttpHeaders.createOptimized("Content-Security-Policy");
    private static final CharSequence CSP_NONE = HttpHeaders.createOptimized(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
    private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence FRAME_NAME = HttpHeaders.createOptimized("X-Frame-Options");
    private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
    private static final CharSequence REFERRER_NAME = HttpHeaders.createOptimized("Referrer-Policy");
    private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
    private static final CharSequence PERMISSIONS_NAME = HttpHeaders.createOptimized("Permissions-Policy");
    private static final CharSequence PERMISSIONS = HttpHeaders.createOptimized("geolocation=(self), camera=(), microphone=()");
    private static final CharSequence HSTS_NAME = HttpHeaders.createOptimized("Strict-Transport-Security");
    private static final CharSequence HSTS = HttpHeaders.createOptimized("max-age=31536000");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecurityHeaders() {
    }

    /** Static headers on every answer; JSON answers get a CSP that allows nothing at all. */
    public static void handle(RoutingContext ctx) {
        apply(ctx.response().headers());
        ctx.next();
    }

    /** Adds the static set to {@code headers}; a handler that sets one of them later (putHeader) replaces it. */
    public static void apply(MultiMap headers) {
        headers.add(CSP, CSP_NONE)
                .add(NOSNIFF_NAME, NOSNIFF)
                .add(FRAME_NAME, DENY)
                .add(REFERRER_NAME, NO_REFERRER)
                .add(PERMISSIONS_NAME, PERMISSIONS)
                .add(HSTS_NAME, HSTS)
                .add(CACHE_CONTROL, NO_STORE);
    }

    /**
     * For the files of a same-origin web app (verify-api's officer app at {@code /officer/}): its own
     * scripts, styles, workers and manifest only (no inline script), images also from {@code blob:}
     * and {@code data:} (photos taken in the app), the camera stream ({@code mediastream:}, {@code blob:})
     * and the camera itself for this origin; requests only to us; never framed.
     */
    public static void app(MultiMap headers) {
        headers.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' blob: data:; media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self'; "
                + "manifest-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .set("Permissions-Policy", "geolocation=(self), camera=(self), microphone=()");
    }

    /**
     * For HTML pages: a fresh nonce for the inline script and the page's CSP (inline styles, forms
     * to us only). Only pages pay for the random bytes.
     */
    public static String pageNonce(RoutingContext ctx) {
        byte[] n = new byte[12];
        RANDOM.nextBytes(n);
        String nonce = Base64.getEncoder().encodeToString(n);
        ctx.put(NONCE, nonce);
        ctx.response().headers().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                + "img-src 'self' data:; script-src 'nonce-" + nonce + "'; form-action 'self'; frame-ancestors 'none'; "
                + "base-uri 'none'");
        return nonce;
    }
}
