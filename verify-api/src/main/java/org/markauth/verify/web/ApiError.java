package org.markauth.verify.web;

import org.markauth.verify.VerifyException;

/** A request that cannot be answered as asked; rendered once, by {@link ErrorRenderer}. */
public final class ApiError extends VerifyException {

    private final ErrorCode code;
    private final String arg;

    public ApiError(ErrorCode code, String arg) {
        super(code.name() + (arg == null ? "" : ": " + arg));
        this.code = code;
        this.arg = arg;
    }

    public static ApiError badParameter(String what) {
        return new ApiError(ErrorCode.BAD_PARAMETER, what);
    }

    public ErrorCode code() {
        return code;
    }

    public String arg() {
        return arg;
    }
}
