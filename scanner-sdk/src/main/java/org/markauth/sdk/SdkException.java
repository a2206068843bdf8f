package org.markauth.sdk;

/**
 * The one abstract base of the exceptions the SDK throws for failures of the system (I/O, a trust
 * list that does not verify, a refused rollback). Bad scanned input is never an exception: it is a
 * {@link org.markauth.sdk.verify.Verdict}. Programming errors use the JDK's exceptions.
 */
public abstract class SdkException extends RuntimeException {
    protected SdkException(String message) {
        super(message);
    }

    protected SdkException(String message, Throwable cause) {
        super(message, cause);
    }
}
