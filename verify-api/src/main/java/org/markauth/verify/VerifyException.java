package org.markauth.verify;

/**
 * The one base of every failure of the verification service itself (not of a scanned code: those
 * are verdicts, values). Subclasses name the broken part; the message says what was being done,
 * the limit that was hit and what to do.
 */
public abstract class VerifyException extends RuntimeException {
    protected VerifyException(String message) {
        super(message);
    }

    protected VerifyException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Without a stack trace, for a failure that is expected in bulk and where being thrown says nothing its message
     * and cause do not (the cause keeps its own trace).
     */
    protected VerifyException(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
    }
}
