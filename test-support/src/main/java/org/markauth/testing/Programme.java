package org.markauth.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListDelegation;
import org.markauth.sdk.trust.TrustListSigner;
import org.markauth.sdk.trust.TrustedKey;

/**
 * A programme's keys for the verify side's tests and drills: an (offline) root, the issuer's
 * trust-list key the root delegated, a mark key, a revoked mark key (both in the published trust
 * list) and a stranger's key (in none); marks signed with them, and the trust list written as the
 * issuer publishes it: {@code markauth-trust-list/2}, signed by the delegated key and carrying the
 * root's delegation (docs/mark-format.md 10b). Verifiers pin {@link #trustRoots()}, the root only.
 */
public final class Programme {

    public final String host;
    public final MarkKeyPair root = KeyPairs.generate(SignatureAlgorithm.ED25519);
    /** The issuer's trust-list key, delegated by {@link #root} for a year around now. */
    public final MarkKeyPair trustListKey = KeyPairs.generate(SignatureAlgorithm.ED25519);
    public final MarkKeyPair key = KeyPairs.generate(SignatureAlgorithm.ED25519);
    public final MarkKeyPair revokedKey = KeyPairs.generate(SignatureAlgorithm.ED25519);
    public final MarkKeyPair strangerKey = KeyPairs.generate(SignatureAlgorithm.ED25519);

    /** @param host the host marks name, e.g. MARK.EXAMPLE.CN */
    public Programme(String host) {
        this.host = host;
    }

    /** The trust list (mark key active, revoked key revoked a day ago) as list 'current', signed by the root. */
    public void publishTrustList(CqlSession session, long sequence) {
        Instant now = Instant.now();
        TrustList list = new TrustList(sequence, now, now.plus(Duration.ofDays(7)), List.of(host), List.of(
                TrustedKey.active(key.algorithm(), key.publicKey(), now.minus(Duration.ofDays(30))),
                TrustedKey.active(revokedKey.algorithm(), revokedKey.publicKey(), now.minus(Duration.ofDays(30)))
                        .revoke(now.minus(Duration.ofDays(1)))));
        byte[] doc = TrustListSigner.delegated(trustListKey.algorithm(), trustListKey.privateKey(), delegation(now)).sign(list);
        session.execute("INSERT INTO trust_lists (list, sequence, document, signature, published_at) VALUES ('current', ?, ?, ?, ?)",
                sequence, ByteBuffer.wrap(doc), ByteBuffer.wrap(new byte[0]), now);
    }

    /** The root's delegation of {@link #trustListKey} for this programme's host, valid a year either side of {@code now}. */
    public TrustListDelegation.Signed delegation(Instant now) {
        return new TrustListDelegation("markauth-test", List.of(TrustListDelegation.TRUST_LIST), List.of(host),
                trustListKey.algorithm(), trustListKey.publicKey(), now.minus(Duration.ofDays(365)), now.plus(Duration.ofDays(365)))
                .sign(RawSigner.create(root.algorithm(), root.privateKey()));
    }

    /** The root as the verify-api's {@code verify.trust.roots} setting. */
    public String trustRoots() {
        return root.algorithm().name() + ":" + HexFormat.of().formatHex(root.publicKey());
    }

    /** A code signed with the mark key. */
    public String url(int productId, int batchId, long serial) {
        return url(key, productId, batchId, serial);
    }

    public String url(MarkKeyPair k, int productId, int batchId, long serial) {
        return sign(k, productId, batchId, serial).toUrl(host);
    }

    /** A code whose content was changed after signing: the signature no longer covers it. */
    public String forged(int productId, int batchId, long serial) {
        SignedMark m = sign(key, productId, batchId, serial);
        return new SignedMark(new MarkContent(productId, batchId, new Serial(serial ^ 1)), m.algorithm(), m.keyId(), m.signature())
                .toUrl(host);
    }

    private static SignedMark sign(MarkKeyPair k, int productId, int batchId, long serial) {
        return MarkSigner.create(k.algorithm(), k.privateKey()).sign(new MarkContent(productId, batchId, new Serial(serial)));
    }
}
