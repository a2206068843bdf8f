package org.markauth.sdk.receipt;

import org.markauth.sdk.SdkException;

/** A receipt that does not verify or is not well-formed; the message says which. */
public class ReceiptException extends SdkException {
    public ReceiptException(String message) {
        super(message);
    }

    public ReceiptException(String message, Throwable cause) {
        super(message, cause);
    }
}
