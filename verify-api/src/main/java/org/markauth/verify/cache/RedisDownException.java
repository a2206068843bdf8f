package org.markauth.verify.cache;

import org.markauth.verify.VerifyException;

/**
 * Redis was skipped because its breaker is open, or a command failed or timed out. Without a stack trace: while
 * the breaker is open every request's Redis calls end this way, on a box already short of CPU (the JVM filled in
 * a trace for each: 9% of all the service's allocation in a warm bench on a starved machine, 2026-12-07), and
 * the trace would only name RedisTier, which the message already says; a failed command's own error is the cause.
 */
public final class RedisDownException extends VerifyException {
    public RedisDownException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
