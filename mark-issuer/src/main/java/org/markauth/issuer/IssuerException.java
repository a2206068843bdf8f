package org.markauth.issuer;

/**
 * Base of every failure the issuer reports on purpose. Each subclass carries a stable machine
 * {@link #code()} that the HTTP layer and the CLI render with the plain message; JDK exceptions
 * remain for programming errors (and {@link IllegalArgumentException} for invalid input values,
 * which records throw from their constructors).
 */
public abstract class IssuerException extends RuntimeException {

    private final String code;

    protected IssuerException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    protected IssuerException(String code, String message) {
        this(code, message, null);
    }

    /** Stable machine code, e.g. {@code LICENCE_SUSPENDED}. */
    public String code() {
        return code;
    }

    /**
     * The request names something malformed (HTTP 400), with a code more precise than BAD_REQUEST
     * (e.g. MALFORMED_EPC). Open so a feature's own failure type can be one.
     */
    public abstract static class BadInput extends IssuerException {
        protected BadInput(String code, String message) {
            super(code, message);
        }
    }

    /** The thing asked for does not exist (HTTP 404). */
    public static final class NotFound extends IssuerException {
        public NotFound(String what, Object id) {
            super("NOT_FOUND", what + " " + id + " does not exist; check the id");
        }
    }

    /** The request conflicts with the current state (HTTP 409). */
    public static final class Conflict extends IssuerException {
        public Conflict(String code, String message) {
            super(code, message);
        }
    }

    /** The caller's role or ownership does not allow the action (HTTP 403). */
    public static final class Forbidden extends IssuerException {
        public Forbidden(String message) {
            super("FORBIDDEN", message);
        }
    }

    /**
     * A business rule refuses the request (HTTP 422): inactive licence, blacklisted licensee,
     * a range outside the batch ...
     */
    public static final class Refused extends IssuerException {
        public Refused(String code, String message) {
            super(code, message);
        }
    }

    /** A rate limit was reached (HTTP 429 with Retry-After): the message names the limit. */
    public static final class Limited extends IssuerException {
        private final long retryAfterSeconds;

        public Limited(String code, String message, long retryAfterSeconds) {
            super(code, message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** The issuer cannot serve the request now (HTTP 503): no active signing key, store down. */
    public static final class Unavailable extends IssuerException {
        public Unavailable(String code, String message, Throwable cause) {
            super(code, message, cause);
        }
    }
}
