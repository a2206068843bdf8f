package org.markauth.sdk.trust;

import org.markauth.sdk.SdkException;

/**
 * A trust list could not be accepted: unreadable, not canonical, not signed by a pinned root, or
 * older than the one already held. The cached list, if any, stays in force.
 */
public class TrustListException extends SdkException {
    public TrustListException(String message) {
        super(message);
    }

    public TrustListException(String message, Throwable cause) {
        super(message, cause);
    }
}
