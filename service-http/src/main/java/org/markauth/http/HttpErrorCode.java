package org.markauth.http;

/**
 * One error a service answers: a stable machine name (the envelope's {@code error}), an HTTP
 * status and a plain sentence in the request's language that says what was wrong and what to do.
 * Each service's code enum implements it (docs/api.md, "Errors").
 */
public interface HttpErrorCode {

    /** The machine code, e.g. {@code BAD_PARAMETER}; an enum's own {@code name()}. */
    String name();

    int status();

    /** The sentence for people; {@code arg} (may be null) fills its one blank, e.g. the limit that was passed. */
    String message(Lang lang, String arg);
}
