package org.markauth.sdk;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustedKey;

/** Deterministic keys and trust lists for tests (never for production: the random is seeded). */
public final class TestKeys {
    public static final String HOST = "MARKAUTH.CN";
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestKeys() {
    }

    public static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MarkKeyPair keyPair(SignatureAlgorithm alg, long seed) {
        return KeyPairs.generate(alg, seeded(seed));
    }

    public static TrustList trustList(long sequence, TrustedKey... keys) {
        return new TrustList(sequence, T0, T0.plusSeconds(7 * 86400), List.of(HOST), List.of(keys));
    }
}
