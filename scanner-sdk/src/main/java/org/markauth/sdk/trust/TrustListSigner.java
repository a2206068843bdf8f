package org.markauth.sdk.trust;

import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;

/**
 * Signs trust lists with the programme root key; used by the programme office tooling and the
 * verify-api that publishes the list. NOT thread-safe (wraps one {@link RawSigner}).
 *
 * <pre>{@code
 * TrustListSigner signer = TrustListSigner.create(SignatureAlgorithm.ED25519, rootPrivateKey);
 * byte[] document = signer.sign(trustList);   // serve as application/json
 * }</pre>
 */
public final class TrustListSigner {
    private final RawSigner raw;

    private TrustListSigner(RawSigner raw) {
        this.raw = raw;
    }

    public static TrustListSigner create(SignatureAlgorithm algorithm, byte[] rootPrivateKey) {
        return new TrustListSigner(RawSigner.create(algorithm, rootPrivateKey));
    }

    /** The signed document (envelope JSON, UTF-8, one trailing newline). */
    public byte[] sign(TrustList list) {
        byte[] signature = raw.sign(TrustListCodec.signatureInput(list));
        return TrustListCodec.envelope(list, raw.algorithm(), raw.keyId(), signature);
    }

    /** The root this signer's documents verify under; pin it in verifiers. */
    public TrustRoot root() {
        return new TrustRoot(raw.algorithm(), raw.publicKey());
    }

    public void destroy() {
        raw.destroy();
    }
}
