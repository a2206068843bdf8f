package org.markauth.verify.registry;

import org.markauth.verify.VerifyException;

/** Reading the registry tables (V002) failed; the cause is the driver's error. */
public final class RegistryException extends VerifyException {
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
