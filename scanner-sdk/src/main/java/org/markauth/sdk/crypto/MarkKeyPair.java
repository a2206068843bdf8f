package org.markauth.sdk.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A freshly generated or loaded key pair in the raw encodings of {@link SignatureAlgorithm}. The
 * issuer encrypts {@link #privateKey()} before storing it and calls {@link #destroy()} once done.
 */
public final class MarkKeyPair {
    private final SignatureAlgorithm algorithm;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private final KeyId keyId;

    MarkKeyPair(SignatureAlgorithm algorithm, byte[] privateKey, byte[] publicKey) {
        this.algorithm = Objects.requireNonNull(algorithm);
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = KeyId.of(publicKey);
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** A copy of the private key; the caller zeroes it when done. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public KeyId keyId() {
        return keyId;
    }

    /** Zeroes the private key held here. */
    public void destroy() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "MarkKeyPair[" + algorithm + ", keyId=" + keyId + "]";
    }
}
