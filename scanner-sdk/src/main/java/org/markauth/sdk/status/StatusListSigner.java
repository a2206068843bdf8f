package org.markauth.sdk.status;

import java.util.Arrays;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;

/**
 * Signs status lists and deltas with a status key delegated by the programme root. NOT
 * thread-safe (wraps one {@link RawSigner}).
 *
 * <pre>{@code
 * StatusListSigner s = new StatusListSigner(statusKeySigner, delegation);
 * byte[] full = s.full(list);              // GET /api/v1/status-list
 * byte[] delta = s.delta(previous, list);  // GET /api/v1/status-list?since=<previous.sequence>
 * }</pre>
 */
public final class StatusListSigner {
    private final RawSigner key;
    private final Delegation delegation;

    public StatusListSigner(RawSigner key, Delegation delegation) {
        if (delegation.use() != KeyUse.STATUS || delegation.algorithm() != key.algorithm()
                || !Arrays.equals(delegation.publicKey(), key.publicKey())) {
            throw new IllegalArgumentException("the delegation " + delegation + " is not for this status key " + key.keyId());
        }
        this.key = key;
        this.delegation = delegation;
    }

    public byte[] full(StatusList list) {
        return sign(StatusListCodec.unsigned(list.sequence(), 0, list.issuedAt(), list.nextUpdate(), list.stateDigest(),
                list.batches(), delegation));
    }

    /** A delta from {@code base} to {@code next}; {@code next.sequence()} must be greater. */
    public byte[] delta(StatusList base, StatusList next) {
        if (next.sequence() <= base.sequence()) {
            throw new IllegalArgumentException("delta must go forward: " + base.sequence() + " -> " + next.sequence());
        }
        return sign(StatusListCodec.unsigned(next.sequence(), base.sequence(), next.issuedAt(), next.nextUpdate(),
                next.stateDigest(), next.changesSince(base), delegation));
    }

    public Delegation delegation() {
        return delegation;
    }

    private byte[] sign(byte[] unsigned) {
        byte[] sig = key.sign(StatusListCodec.signatureInput(unsigned));
        byte[] out = Arrays.copyOf(unsigned, unsigned.length + sig.length);
        System.arraycopy(sig, 0, out, unsigned.length, sig.length);
        return out;
    }
}
