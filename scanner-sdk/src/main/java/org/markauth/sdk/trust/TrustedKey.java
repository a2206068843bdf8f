package org.markauth.sdk.trust;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.crypto.SignatureVerifier;

/**
 * One issuer key in the trust list. Validated on construction, so a decoded trust list cannot hold
 * a key whose id does not match its public key, an invalid curve point, or a revoked key without
 * its revocation time.
 *
 * @param validFrom  when the issuer may start signing with it (informative for verifiers)
 * @param validUntil after this instant its marks verify as EXPIRED; {@code null} for no end
 * @param revokedAt  required iff {@code status} is REVOKED
 */
public record TrustedKey(KeyId keyId, SignatureAlgorithm algorithm, byte[] publicKey, Instant validFrom,
                         Instant validUntil, KeyStatus status, Instant revokedAt) {

    public TrustedKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(status, "status");
        publicKey = publicKey.clone();
        SignatureVerifier.create(algorithm, publicKey); // checks length and that the point decodes
        if (!KeyId.of(publicKey).equals(keyId)) {
            throw new IllegalArgumentException("key id " + keyId + " does not match its public key (expected "
                    + KeyId.of(publicKey) + ")");
        }
        if (validUntil != null && !validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("key " + keyId + ": validUntil must be after validFrom");
        }
        if ((status == KeyStatus.REVOKED) != (revokedAt != null)) {
            throw new IllegalArgumentException("key " + keyId + ": revokedAt is required for, and only for, status REVOKED");
        }
    }

    /** A key with no end of validity. */
    public static TrustedKey active(SignatureAlgorithm algorithm, byte[] publicKey, Instant validFrom) {
        return new TrustedKey(KeyId.of(publicKey), algorithm, publicKey, validFrom, null, KeyStatus.ACTIVE, null);
    }

    public TrustedKey retire() {
        return new TrustedKey(keyId, algorithm, publicKey, validFrom, validUntil, KeyStatus.RETIRED, null);
    }

    public TrustedKey revoke(Instant at) {
        return new TrustedKey(keyId, algorithm, publicKey, validFrom, validUntil, KeyStatus.REVOKED, at);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedKey k && keyId.equals(k.keyId) && algorithm == k.algorithm
                && Arrays.equals(publicKey, k.publicKey) && validFrom.equals(k.validFrom)
                && Objects.equals(validUntil, k.validUntil) && status == k.status && Objects.equals(revokedAt, k.revokedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, algorithm, validFrom, validUntil, status, revokedAt) * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "TrustedKey[" + keyId + ", " + algorithm + ", " + status + (revokedAt == null ? "" : " since " + revokedAt) + "]";
    }
}
