package org.markauth.verify.officer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 for the officer app's content addresses (photos, records, the app's ETags). */
final class Sha256 {

    private Sha256() {
    }

    static byte[] of(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
