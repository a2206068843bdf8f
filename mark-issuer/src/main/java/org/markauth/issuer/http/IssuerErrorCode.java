package org.markauth.issuer.http;

import org.markauth.http.HttpErrorCode;
import org.markauth.http.Lang;

/**
 * One of the issuer's errors as the kit's {@link HttpErrorCode}: the issuer's codes are open-ended
 * (each {@link org.markauth.issuer.IssuerException} names its own, e.g. {@code LICENCE_SUSPENDED},
 * and says its own sentence), so they are values made per failure rather than an enum. The
 * sentence is English whatever the request asked for ({@link Errors#language}).
 */
public record IssuerErrorCode(String name, int status, String sentence) implements HttpErrorCode {

    /** The sentence as made; the renderer's {@code arg} only carries a 429's Retry-After seconds here. */
    @Override
    public String message(Lang lang, String arg) {
        return sentence;
    }

    /** Made in English by the service that refused, whatever the request asked for. */
    @Override
    public Lang language(Lang wanted) {
        return Lang.EN;
    }
}
