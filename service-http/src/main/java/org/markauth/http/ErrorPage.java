package org.markauth.http;

/**
 * The HTML form of an error, for browsers: each service renders its own page (its shell, its
 * template), the renderer decides when and with which words.
 */
@FunctionalInterface
public interface ErrorPage {

    /** A whole HTML document; {@code message} is already in {@code lang}, {@code ref} is null unless logged. */
    String render(Lang lang, HttpErrorCode code, String message, String ref);
}
