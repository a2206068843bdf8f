package org.markauth.sdk.trust;

import java.util.Objects;
import org.markauth.sdk.SdkException;

/**
 * A trust list could not be accepted: unreadable, not canonical, not signed by a pinned root, or
 * older than the one already held. The cached list, if any, stays in force. {@link #refusal()} is
 * the stable reason code (docs/mark-format.md section 10).
 */
public class TrustListException extends SdkException {
    private final TrustListRefusal refusal;

    public TrustListException(TrustListRefusal refusal, String message) {
        super(message);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    public TrustListException(TrustListRefusal refusal, String message, Throwable cause) {
        super(message, cause);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    /** A value that is invalid ({@link TrustListRefusal#BAD_VALUE}). */
    public TrustListException(String message) {
        this(TrustListRefusal.BAD_VALUE, message);
    }

    public TrustListException(String message, Throwable cause) {
        this(TrustListRefusal.BAD_VALUE, message, cause);
    }

    public TrustListRefusal refusal() {
        return refusal;
    }
}
