package org.markauth.issuer.keys;

import org.markauth.issuer.IssuerException;

/** A signing key or secret cannot be used: wrong KEK, no active key, revoked key. */
public final class KeyStoreException extends IssuerException {
    public KeyStoreException(String code, String message) {
        super(code, message);
    }
}
