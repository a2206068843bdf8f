package org.markauth.verify.http;

import org.markauth.http.Lang;

/**
 * The HTML answer to a failed request from a browser; {@link ErrorRenderer} owns the decision and the
 * JSON envelope, the service supplies the page (verify-api: {@code Pages::error}, a template).
 */
@FunctionalInterface
public interface ErrorPage {

    /**
     * @param error   the machine code (kept in an attribute, never shown)
     * @param message the sentence people read, in {@code lang}
     * @param ref     the reference a caller quotes to support, or null
     */
    String html(Lang lang, String error, String message, String ref);
}
