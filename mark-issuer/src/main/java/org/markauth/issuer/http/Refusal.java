package org.markauth.issuer.http;

import java.util.List;
import org.markauth.http.HttpErrorCode;
import org.markauth.http.Lang;
import org.markauth.http.Messages;

/**
 * A refusal of the request's own form (its target, its head, its body, one of its fields) whose
 * sentence exists in both languages, in {@code issuer-errors_{en,zh}.properties}: said in the
 * language the request asks for (English when it asks for none, {@link Errors#fallback}). The
 * issuer's other sentences are made in English by the service that refused ({@link IssuerErrorCode}).
 *
 * @param name the envelope's code, e.g. {@code NOT_A_JSON_OBJECT}
 * @param key the sentence in the bundles
 * @param args what fills the sentence's blanks (a field's name, the value received...)
 */
public record Refusal(String name, int status, String key, List<Object> args) implements HttpErrorCode {

    /** The bundles; a key one language lacks fails here, at class load (and in the tests). */
    static final Messages WORDS = Messages.load("issuer-errors", Refusal.class.getClassLoader()).requireKeys();

    // the codes of a request's form (docs/api-issuer.md, "Errors")
    public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";
    public static final String MISSING_HOST = "MISSING_HOST";
    public static final String BAD_PATH_ENCODING = "BAD_PATH_ENCODING";
    public static final String BAD_QUERY_ENCODING = "BAD_QUERY_ENCODING";
    public static final String MALFORMED_BODY = "MALFORMED_BODY";
    public static final String NOT_JSON = "NOT_JSON";
    public static final String NOT_A_JSON_OBJECT = "NOT_A_JSON_OBJECT";
    public static final String MISSING_FIELD = "MISSING_FIELD";
    public static final String INVALID_FIELD = "INVALID_FIELD";

    public Refusal {
        args = List.copyOf(args);
    }

    /** A 400 with {@code code}, said by {@code key} with {@code args}. */
    public static Refusal badRequest(String code, String key, Object... args) {
        return new Refusal(code, 400, key, List.of(args));
    }

    @Override
    public String message(Lang lang, String arg) {
        return WORDS.get(lang, key, args.toArray());
    }

    /** As an exception for {@code ctx.fail} or {@code throw}: an IllegalArgumentException (input, never a bug). */
    public Failure failure() {
        return new Failure(this);
    }

    /** A refusal thrown: its message is the English sentence (for the CLI and logs), rendered by {@link Errors}. */
    public static final class Failure extends IllegalArgumentException {
        private final transient Refusal refusal;

        Failure(Refusal refusal) {
            super(refusal.message(Lang.EN, null));
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }
}
