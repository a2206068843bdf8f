package org.markauth.sdk.trust;

import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;

/**
 * Signs trust lists. Two kinds (docs/mark-format.md sections 10 and 10b):
 * <ul>
 *   <li>{@link #delegated} — the issuer's key that the offline root delegated; every document
 *       carries the delegation ({@code markauth-trust-list/2}). This is how the issuer signs.</li>
 *   <li>{@link #create} — the root itself ({@code markauth-trust-list/1}), as before the offline
 *       root; still accepted by verifiers (transition) and used by tests.</li>
 * </ul>
 * NOT thread-safe (wraps one {@link RawSigner}).
 *
 * <pre>{@code
 * TrustListSigner signer = TrustListSigner.delegated(SignatureAlgorithm.ED25519, issuerPrivateKey, delegation);
 * byte[] document = signer.sign(trustList);   // serve as application/json
 * }</pre>
 */
public final class TrustListSigner {
    private final RawSigner raw;
    private final TrustListDelegation.Signed delegation;

    private TrustListSigner(RawSigner raw, TrustListDelegation.Signed delegation) {
        this.raw = raw;
        this.delegation = delegation;
    }

    /** A root signer: {@code /1} documents. */
    public static TrustListSigner create(SignatureAlgorithm algorithm, byte[] rootPrivateKey) {
        return new TrustListSigner(RawSigner.create(algorithm, rootPrivateKey), null);
    }

    /**
     * A delegated signer: {@code /2} documents carrying {@code delegation}, which must name this
     * private key's public key.
     */
    public static TrustListSigner delegated(SignatureAlgorithm algorithm, byte[] privateKey, TrustListDelegation.Signed delegation) {
        RawSigner raw = RawSigner.create(algorithm, privateKey);
        if (raw.algorithm() != delegation.delegation().algorithm() || !raw.keyId().equals(delegation.delegation().keyId())) {
            raw.destroy();
            throw new IllegalArgumentException("the delegation names key " + delegation.delegation().keyId()
                    + ", not this private key's " + raw.keyId());
        }
        return new TrustListSigner(raw, delegation);
    }

    /**
     * The signed document (envelope JSON, UTF-8, one trailing newline).
     *
     * @throws TrustListException DELEGATION_NOT_VALID or DELEGATION_SCOPE when a delegated signer is
     *                            asked for a list its delegation does not cover (verifiers would refuse it)
     */
    public byte[] sign(TrustList list) {
        if (delegation == null) {
            byte[] signature = raw.sign(TrustListCodec.signatureInput(list));
            return TrustListCodec.envelope(list, raw.algorithm(), raw.keyId(), signature);
        }
        TrustListDelegation d = delegation.delegation();
        if (!d.covers(list.issuedAt())) {
            throw new TrustListException(TrustListRefusal.DELEGATION_NOT_VALID, "refusing to sign a trust list issued at "
                    + list.issuedAt() + ": the delegation of key " + d.keyId() + " is valid " + d.notBefore() + " … "
                    + d.notAfter() + " only; import a new delegation from the root ceremony");
        }
        String scope = d.refusesScope(list);
        if (scope != null) {
            throw new TrustListException(TrustListRefusal.DELEGATION_SCOPE, "refusing to sign the trust list: " + scope);
        }
        byte[] signature = raw.sign(TrustListCodec.delegatedSignatureInput(list));
        return TrustListCodec.delegatedEnvelope(list, delegation, raw.algorithm(), raw.keyId(), signature);
    }

    /** For a root signer, the root its documents verify under; pin it in verifiers. */
    public TrustRoot root() {
        if (delegation != null) {
            throw new IllegalStateException("a delegated signer is not a root; pin the root that signed its delegation");
        }
        return new TrustRoot(raw.algorithm(), raw.publicKey());
    }

    public void destroy() {
        raw.destroy();
    }
}
