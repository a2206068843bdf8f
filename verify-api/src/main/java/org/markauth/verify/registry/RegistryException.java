package org.markauth.verify.registry;

import org.markauth.verify.VerifyException;

/**
 * Reading the registry tables (V002) failed: the driver's error (the cause), or rows that
 * contradict each other, which the issuer never writes (e.g. a product with marks but no licence
 * row: a replica behind at this consistency level, or a lost write). Either way no verdict can be
 * given now; the request is answered UNAVAILABLE and nothing is cached.
 */
public final class RegistryException extends VerifyException {
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Rows that cannot all be true at once; {@code what} names the rows and what is missing. */
    public static RegistryException incomplete(String what) {
        return new RegistryException("registry incomplete: " + what + "; not cached, read again on the next request", null);
    }
}
