package org.markauth.issuer.keys;

import java.time.Instant;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.KeyStatus;

/** A signing key as the registry shows it: public part, validity and status, never the private part. */
public record SigningKey(KeyId keyId, SignatureAlgorithm algorithm, byte[] publicKey, Instant validFrom,
                         Instant validUntil, KeyStatus status, Instant revokedAt, Instant createdAt) {

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }
}
