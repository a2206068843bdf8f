package org.markauth.http;

/**
 * A request that cannot be answered as asked, with the code that says why and the detail that fills
 * its sentence; rendered once, by {@link ErrorRenderer}. Handlers and decoders {@code ctx.fail(...)}
 * with it (or return it as a failed Future) and never write an error response themselves.
 */
public class ApiError extends RuntimeException {

    private final HttpErrorCode code;
    private final String arg;
    private final boolean referenced;

    public ApiError(HttpErrorCode code, String arg) {
        this(code, arg, false, null);
    }

    private ApiError(HttpErrorCode code, String arg, boolean referenced, Throwable cause) {
        super(code.name() + (arg == null ? "" : ": " + arg), cause);
        this.code = code;
        this.arg = arg;
        this.referenced = referenced;
    }

    /**
     * The same error as a known outage of the service's own (a store down, a replica behind), whose
     * cause is logged at ERROR with a reference the caller is given to quote: {@code cause}'s message
     * says what failed, no stack trace is needed.
     */
    public static ApiError outage(HttpErrorCode code, Throwable cause) {
        return new ApiError(code, null, true, cause);
    }

    public HttpErrorCode code() {
        return code;
    }

    public String arg() {
        return arg;
    }

    /** Whether the answer carries a {@code ref} and the cause is logged (see {@link #outage}). */
    public boolean referenced() {
        return referenced;
    }
}
