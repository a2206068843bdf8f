package org.markauth.sdk.crypto;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies signatures under one public key, with the acceptance rules of docs/mark-format.md
 * section 2 (which are behaviour, not "whatever the library does"): an Ed25519 public key must be
 * the canonical encoding of a point in the prime-order subgroup (small-order and mixed-order keys are
 * refused); a signature's R must be a canonical point encoding and S &lt; L; the equation is the
 * cofactored one of RFC 8032 §5.1.7. Thread-safe and immutable: the decoded key is kept,
 * and the SM2 path builds a fresh {@link SM2Signer} per call (cheap next to the scalar
 * multiplications) instead of sharing a mutable one. A wrong signature gives {@code false};
 * only a malformed public key at construction throws.
 */
public abstract sealed class SignatureVerifier permits SignatureVerifier.Ed25519Verifier, SignatureVerifier.Sm2Verifier {

    private final SignatureAlgorithm algorithm;

    private SignatureVerifier(SignatureAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    /**
     * @throws IllegalArgumentException when the key has the wrong length or is not a valid point
     */
    public static SignatureVerifier create(SignatureAlgorithm algorithm, byte[] publicKey) {
        if (publicKey.length != algorithm.publicKeyLength()) {
            throw new IllegalArgumentException(algorithm + " public key must be " + algorithm.publicKeyLength()
                    + " bytes, got " + publicKey.length);
        }
        return switch (algorithm) {
            case ED25519 -> new Ed25519Verifier(publicKey);
            case SM2_SM3 -> new Sm2Verifier(publicKey);
        };
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** {@code true} iff {@code sig[sigOff, sigOff+64)} is a valid signature of {@code msg[off, off+len)}. */
    public abstract boolean verify(byte[] msg, int off, int len, byte[] sig, int sigOff);

    public final boolean verify(byte[] msg, byte[] sig) {
        return sig.length == algorithm.signatureLength() && verify(msg, 0, msg.length, sig, 0);
    }

    static final class Ed25519Verifier extends SignatureVerifier {
        private final Ed25519PublicKeyParameters key;

        Ed25519Verifier(byte[] publicKey) {
            super(SignatureAlgorithm.ED25519);
            // Bouncy Castle's constructor refuses non-canonical, off-curve and small-order encodings; the
            // full check adds [L]A = O, so a key with a small-order component (mixed order) is refused too.
            if (!Ed25519.validatePublicKeyFull(publicKey, 0)) {
                throw new IllegalArgumentException("Ed25519 public key is not the canonical encoding of a point of prime "
                        + "order L (small-order, mixed-order and non-canonical keys are refused)");
            }
            this.key = new Ed25519PublicKeyParameters(publicKey, 0); // decodes the point once
        }

        @Override
        public boolean verify(byte[] msg, int off, int len, byte[] sig, int sigOff) {
            // S < L is enforced inside verify (RFC 8032 §5.1.7); R's canonical encoding is checked here
            return isCanonicalPoint(sig, sigOff) && key.verify(Ed25519.Algorithm.Ed25519, null, msg, off, len, sig, sigOff);
        }

        /**
         * A 32-byte point encoding is canonical when its y (the low 255 bits, little-endian) is below
         * p = 2^255 − 19 and it does not set the sign bit of x = 0 (only y = 1 and y = p − 1 have x = 0).
         */
        static boolean isCanonicalPoint(byte[] b, int off) {
            int top = b[off + 31] & 0x7F;
            boolean sign = (b[off + 31] & 0x80) != 0;
            boolean allOnesMiddle = true;
            for (int i = 1; i < 31; i++) {
                if (b[off + i] != (byte) 0xFF) {
                    allOnesMiddle = false;
                    break;
                }
            }
            int low = b[off] & 0xFF;
            if (top == 0x7F && allOnesMiddle && low >= 0xED) {
                return false; // y >= p
            }
            if (!sign) {
                return true;
            }
            boolean yIsOne = low == 1 && top == 0 && zeros(b, off + 1, 30);
            boolean yIsPMinusOne = low == 0xEC && top == 0x7F && allOnesMiddle;
            return !yIsOne && !yIsPMinusOne;
        }

        private static boolean zeros(byte[] b, int from, int n) {
            for (int i = from; i < from + n; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Sm2Verifier extends SignatureVerifier {
        private final ParametersWithID params;

        Sm2Verifier(byte[] publicKey) {
            super(SignatureAlgorithm.SM2_SM3);
            if (publicKey[0] != 0x04) {
                throw new IllegalArgumentException("SM2 public key must be an uncompressed point (0x04||x||y)");
            }
            ECPoint q = Sm2Curve.DOMAIN.getCurve().decodePoint(publicKey); // throws if not on the curve
            this.params = new ParametersWithID(new ECPublicKeyParameters(q, Sm2Curve.DOMAIN), Sm2Curve.DEFAULT_USER_ID);
        }

        @Override
        public boolean verify(byte[] msg, int off, int len, byte[] sig, int sigOff) {
            SM2Signer s = new SM2Signer(PlainDSAEncoding.INSTANCE);
            s.init(false, params);
            s.update(msg, off, len);
            byte[] rs = sigOff == 0 && sig.length == 64 ? sig : java.util.Arrays.copyOfRange(sig, sigOff, sigOff + 64);
            return s.verifySignature(rs);
        }
    }
}
