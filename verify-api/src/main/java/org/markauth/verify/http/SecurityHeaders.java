package org.markauth.verify.http;

import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Security headers on every answer. The page's only script is inline and allowed by a per-request
 * nonce (kept in the context under {@link #NONCE}); nothing is loaded from elsewhere, forms post
 * only to us, and nobody may frame the page (clickjacking a verdict).
 */
public final class SecurityHeaders {

    public static final String NONCE = "cspNonce";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecurityHeaders() {
    }

    public static void handle(RoutingContext ctx) {
        byte[] n = new byte[12];
        RANDOM.nextBytes(n);
        String nonce = Base64.getEncoder().encodeToString(n);
        ctx.put(NONCE, nonce);
        ctx.response().headers()
                .add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                        + "script-src 'nonce-" + nonce + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .add("X-Content-Type-Options", "nosniff")
                .add("X-Frame-Options", "DENY")
                .add("Referrer-Policy", "no-referrer")
                .add("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
                .add("Strict-Transport-Security", "max-age=31536000");
        ctx.next();
    }
}
