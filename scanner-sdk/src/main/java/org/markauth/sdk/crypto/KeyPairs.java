package org.markauth.sdk.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.util.BigIntegers;

/** Generates key pairs and converts between private and public raw encodings. */
public final class KeyPairs {
    private KeyPairs() {
    }

    public static MarkKeyPair generate(SignatureAlgorithm algorithm) {
        return generate(algorithm, new SecureRandom());
    }

    /** Generates a key pair; a seeded random gives reproducible keys for test vectors only. */
    public static MarkKeyPair generate(SignatureAlgorithm algorithm, SecureRandom random) {
        switch (algorithm) {
            case ED25519: {
                Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(random);
                return new MarkKeyPair(algorithm, k.getEncoded(), k.generatePublicKey().getEncoded());
            }
            case SM2_SM3: {
                ECKeyPairGenerator g = new ECKeyPairGenerator();
                g.init(new ECKeyGenerationParameters(Sm2Curve.DOMAIN, random));
                BigInteger max = Sm2Curve.DOMAIN.getN().subtract(BigInteger.TWO);
                BigInteger dValue;
                do { // BC draws d from [1, n-1]; SM2 needs [1, n-2] (GB/T 32918.1 6.1)
                    dValue = ((ECPrivateKeyParameters) g.generateKeyPair().getPrivate()).getD();
                } while (dValue.compareTo(max) > 0);
                byte[] d = BigIntegers.asUnsignedByteArray(32, dValue);
                return new MarkKeyPair(algorithm, d, publicKeyOf(algorithm, d));
            }
            default:
                throw new IllegalArgumentException("unsupported algorithm " + algorithm);
        }
    }

    /** Rebuilds a key pair from a stored private key (copied; zero your copy afterwards). */
    public static MarkKeyPair fromPrivateKey(SignatureAlgorithm algorithm, byte[] privateKey) {
        byte[] copy = privateKey.clone();
        return new MarkKeyPair(algorithm, copy, publicKeyOf(algorithm, copy));
    }

    /** The raw public key for a raw private key; checks lengths and the SM2 scalar range. */
    public static byte[] publicKeyOf(SignatureAlgorithm algorithm, byte[] privateKey) {
        if (privateKey.length != algorithm.privateKeyLength()) {
            throw new IllegalArgumentException(algorithm + " private key must be "
                    + algorithm.privateKeyLength() + " bytes, got " + privateKey.length);
        }
        switch (algorithm) {
            case ED25519:
                return new Ed25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
            case SM2_SM3:
                return Sm2Curve.DOMAIN.getG().multiply(sm2Scalar(privateKey)).normalize().getEncoded(false);
            default:
                throw new IllegalArgumentException("unsupported algorithm " + algorithm);
        }
    }

    /** GB/T 32918.1 6.1: d in [1, n-2]. */
    static BigInteger sm2Scalar(byte[] privateKey) {
        BigInteger d = new BigInteger(1, privateKey);
        if (d.signum() <= 0 || d.compareTo(Sm2Curve.DOMAIN.getN().subtract(BigInteger.TWO)) > 0) {
            throw new IllegalArgumentException("SM2 private key out of range [1, n-2]");
        }
        return d;
    }
}
