package org.markauth.sdk.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signs byte strings with one private key through Bouncy Castle's lightweight API (the JDK's own
 * providers are several times slower). NOT thread-safe: SM2 keeps digest state between calls, so
 * create one per thread. Used by {@code org.markauth.sdk.mark.MarkSigner} for marks and by the trust-list signer.
 */
public abstract sealed class RawSigner permits RawSigner.Ed25519Raw, RawSigner.Sm2Raw {

    private final SignatureAlgorithm algorithm;
    private final byte[] publicKey;
    private final KeyId keyId;

    private RawSigner(SignatureAlgorithm algorithm, byte[] publicKey) {
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.keyId = KeyId.of(publicKey);
    }

    /** A signer for a raw private key (copied internally; zero your copy afterwards). */
    public static RawSigner create(SignatureAlgorithm algorithm, byte[] privateKey) {
        return create(algorithm, privateKey, new SecureRandom());
    }

    /**
     * As {@link #create(SignatureAlgorithm, byte[])} with the randomness SM2 needs for its per-signature
     * k (GB/T 32918.2 6.1 step A3); Ed25519 is deterministic and ignores it.
     */
    public static RawSigner create(SignatureAlgorithm algorithm, byte[] privateKey, SecureRandom random) {
        byte[] pub = KeyPairs.publicKeyOf(algorithm, privateKey);
        return switch (algorithm) {
            case ED25519 -> new Ed25519Raw(privateKey, pub);
            case SM2_SM3 -> new Sm2Raw(privateKey, pub, random);
        };
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public KeyId keyId() {
        return keyId;
    }

    /** Signs {@code msg[off, off+len)} and returns the 64-byte signature. */
    public abstract byte[] sign(byte[] msg, int off, int len);

    public final byte[] sign(byte[] msg) {
        return sign(msg, 0, msg.length);
    }

    /** Drops the private key; the signer must not be used afterwards. */
    public abstract void destroy();

    static final class Ed25519Raw extends RawSigner {
        private Ed25519PrivateKeyParameters key;
        private final Ed25519PublicKeyParameters pub;

        Ed25519Raw(byte[] privateKey, byte[] publicKey) {
            super(SignatureAlgorithm.ED25519, publicKey);
            this.key = new Ed25519PrivateKeyParameters(privateKey, 0);
            this.pub = new Ed25519PublicKeyParameters(publicKey, 0);
        }

        @Override
        public byte[] sign(byte[] msg, int off, int len) {
            byte[] sig = new byte[64];
            // Passing the public key avoids re-deriving it (a scalar multiplication) per signature.
            key.sign(Ed25519.Algorithm.Ed25519, pub, null, msg, off, len, sig, 0);
            return sig;
        }

        @Override
        public void destroy() {
            // BC keeps the seed in a private array it does not expose; dropping the reference is
            // the most we can do here. The caller zeroes the array it passed in.
            key = null;
        }
    }

    static final class Sm2Raw extends RawSigner {
        private final SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE);
        private BigInteger d;

        Sm2Raw(byte[] privateKey, byte[] publicKey, SecureRandom random) {
            super(SignatureAlgorithm.SM2_SM3, publicKey);
            this.d = KeyPairs.sm2Scalar(privateKey);
            signer.init(true, new ParametersWithID(
                    new ParametersWithRandom(new ECPrivateKeyParameters(d, Sm2Curve.DOMAIN), random),
                    Sm2Curve.DEFAULT_USER_ID));
        }

        @Override
        public byte[] sign(byte[] msg, int off, int len) {
            if (d == null) {
                throw new IllegalStateException("signer destroyed");
            }
            signer.update(msg, off, len);
            try {
                return signer.generateSignature(); // resets the digest to Z_A for the next message
            } catch (CryptoException e) {
                throw new IllegalStateException("SM2 signing failed", e);
            }
        }

        @Override
        public void destroy() {
            d = null;
            signer.reset();
        }
    }

}
