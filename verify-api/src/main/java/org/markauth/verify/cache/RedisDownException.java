package org.markauth.verify.cache;

import org.markauth.verify.VerifyException;

/** Redis was skipped because its breaker is open, or a command failed or timed out. */
public final class RedisDownException extends VerifyException {
    public RedisDownException(String message, Throwable cause) {
        super(message, cause);
    }
}
