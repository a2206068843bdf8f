package org.markauth.sdk.status;

import org.markauth.sdk.SdkException;

/** A status-list document that cannot be used: not well-formed, not signed by a delegated key, a rollback. */
public class StatusListException extends SdkException {
    public StatusListException(String message) {
        super(message);
    }

    public StatusListException(String message, Throwable cause) {
        super(message, cause);
    }
}
