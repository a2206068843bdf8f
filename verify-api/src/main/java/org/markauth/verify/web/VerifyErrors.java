package org.markauth.verify.web;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.markauth.http.ApiError;
import org.markauth.http.ErrorCodes;
import org.markauth.http.HttpErrorCode;
import org.markauth.verify.registry.RegistryException;
import org.markauth.verify.scan.ScanBufferFullException;

/**
 * verify-api's part of the kit's error rendering ({@link org.markauth.http.ErrorRenderer}): the
 * code for each status vertx-web raises, and the two failures of its own that are not bugs. A
 * registry that cannot be read (completely) is UNAVAILABLE ("try again") with a reference, never
 * a verdict; a full scan buffer is UNAVAILABLE too, without one (the service counts and logs it
 * once).
 */
public final class VerifyErrors implements ErrorCodes {

    private final int maxBody;

    public VerifyErrors(int maxBody) {
        this.maxBody = maxBody;
    }

    @Override
    public HttpErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> ErrorCode.BAD_BODY;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.TIMEOUT;
            default -> ErrorCode.INTERNAL;
        };
    }

    @Override
    public HttpErrorCode internal() {
        return ErrorCode.INTERNAL;
    }

    @Override
    public String detail(HttpErrorCode code, RoutingContext ctx) {
        if (!(code instanceof ErrorCode c)) {
            return null;
        }
        return switch (c) {
            case BODY_TOO_LARGE -> Integer.toString(maxBody);
            case NOT_FOUND -> ctx.request().path();
            case BAD_BODY -> "malformed request";
            case UNSUPPORTED_MEDIA -> "application/json";
            default -> null;
        };
    }

    @Override
    public Optional<ApiError> known(Throwable failure) {
        if (failure instanceof RegistryException) {
            return Optional.of(ApiError.outage(ErrorCode.UNAVAILABLE, failure));
        }
        if (failure instanceof ScanBufferFullException) {
            return Optional.of(new ApiError(ErrorCode.UNAVAILABLE, null));
        }
        return Optional.empty();
    }
}
