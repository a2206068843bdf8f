package org.markauth.sdk.crypto;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies signatures under one public key. Thread-safe and immutable: the decoded key is kept,
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
            this.key = new Ed25519PublicKeyParameters(publicKey, 0); // decodes and validates the point once
        }

        @Override
        public boolean verify(byte[] msg, int off, int len, byte[] sig, int sigOff) {
            return key.verify(Ed25519.Algorithm.Ed25519, null, msg, off, len, sig, sigOff);
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
