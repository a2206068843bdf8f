package org.markauth.sdk.trust;

import java.util.Arrays;
import java.util.Objects;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.crypto.SignatureVerifier;

/**
 * A programme root public key that verifiers pin (ship with the app or configure); only trust lists
 * signed by a pinned root are accepted. Pin two roots to allow a planned root rotation.
 */
public record TrustRoot(SignatureAlgorithm algorithm, byte[] publicKey) {
    public TrustRoot {
        Objects.requireNonNull(algorithm, "algorithm");
        publicKey = publicKey.clone();
        SignatureVerifier.create(algorithm, publicKey); // validates length and point
    }

    public KeyId keyId() {
        return KeyId.of(publicKey);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustRoot r && algorithm == r.algorithm && Arrays.equals(publicKey, r.publicKey);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "TrustRoot[" + algorithm + ", keyId=" + keyId() + "]";
    }
}
