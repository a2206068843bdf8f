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

    /**
     * The language this code's sentence is said in for a request that wants {@code wanted}: that
     * language for a code whose sentences exist in both (the default), its one language otherwise
     * (e.g. a mark-issuer sentence made in English by the service that refused): the envelope's
     * {@code lang} always names the language the {@code message} is in.
     */
    default Lang language(Lang wanted) {
        return wanted;
    }
}
