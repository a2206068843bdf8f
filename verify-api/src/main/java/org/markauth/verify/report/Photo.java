package org.markauth.verify.report;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * One photo of a report as received: its recognised format, its bytes (never empty) and their
 * SHA-256 (what reading it back must give). Build it with {@link #of} off the event loop: hashing
 * 10 MiB takes tens of milliseconds.
 */
public record Photo(ImageType type, byte[] data, byte[] sha256) {

    public Photo {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sha256, "sha256");
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("a photo has bytes");
        }
    }

    public static Photo of(ImageType type, byte[] data) {
        return new Photo(type, data, sha256(data));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
